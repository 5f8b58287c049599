//! Lengths of time: repeats ("every 30 minutes", "hourly"), how long a state holds
//! ("for 10 minutes", "over the last hour") and waits ("after 2 minutes", "5 minutes later").

use super::{SlotKind, Tagger, unit_seconds};

impl Tagger<'_> {
    pub(super) fn every(&mut self) {
        for i in 0..self.toks.len() {
            if !(self.seq(i, &["every"]) || self.seq(i, &["each"])) {
                continue;
            }
            if self.seq(i + 1, &["half", "hour"]) {
                self.take(i, i + 3, SlotKind::Every(None, Some(30)));
            } else if let Some(unit) = unit_seconds(self.raw(i + 1)).filter(|_| self.free(i + 1)) {
                match unit {
                    60 => self.take(i, i + 2, SlotKind::Every(None, Some(1))),
                    3600 => self.take(i, i + 2, SlotKind::Every(Some(1), None)),
                    _ => {}
                }
            } else if let Some((secs, len)) = self.duration_at(i + 1) {
                let kind = if secs % 3600 == 0 && secs >= 3600 {
                    SlotKind::Every(u32::try_from(secs / 3600).ok(), None)
                } else {
                    SlotKind::Every(None, u32::try_from(secs / 60).ok())
                };
                self.take(i, i + 1 + len, kind);
            }
        }
        for i in 0..self.toks.len() {
            if self.seq(i, &["hourly"]) {
                self.take(i, i + 1, SlotKind::Every(Some(1), None));
            }
        }
    }

    pub(super) fn durations(&mut self) {
        for i in 0..self.toks.len() {
            // "no motion over the last 30 minutes", "in the past hour": how long it has held
            let window = ["in", "over", "during", "for", "within"]
                .iter()
                .any(|w| self.seq(i, &[w]))
                && (self.seq(i + 1, &["the", "last"]) || self.seq(i + 1, &["the", "past"]));
            let span = self.duration_at(i + 3).or_else(|| {
                unit_seconds(self.raw(i + 3))
                    .filter(|_| self.free(i + 3))
                    .map(|u| (u, 1))
            });
            if window && let Some((secs, len)) = span {
                self.take(i, i + 3 + len, SlotKind::For(secs));
                continue;
            }
            // "stays open longer than 15 minutes", "is on more than an hour": how long it holds
            let than = (self.seq(i, &["longer", "than"]) || self.seq(i, &["more", "than"]))
                && !(i > 0 && self.raw(i - 1) == "for");
            if than && let Some((secs, len)) = self.duration_at(i + 2) {
                self.take(i, i + 2 + len, SlotKind::For(secs));
                continue;
            }
            if self.seq(i, &["for"]) || self.seq(i, &["lasting"]) {
                let mut k = i + 1;
                for lead in [
                    &["more", "than"][..],
                    &["longer", "than"],
                    &["at", "least"],
                    &["over"],
                    &["about"],
                    &["a", "full"],
                    &["another"],
                ] {
                    if self.seq(k, lead) {
                        k += lead.len();
                        break;
                    }
                }
                if let Some((secs, len)) = self.duration_at(k) {
                    self.take(i, k + len, SlotKind::For(secs));
                }
            } else if self.seq(i, &["after"]) || self.seq(i, &["in"]) || self.seq(i, &["wait"]) {
                let mut k = i + 1;
                if self.seq(k, &["another"]) || self.seq(k, &["about"]) {
                    k += 1;
                }
                if let Some((secs, len)) = self.duration_at(k) {
                    let mut end = k + len;
                    if self.seq(end, &["later"]) {
                        end += 1;
                    }
                    if self.seq(end, &["of"])
                        || self.seq(end, &["without"])
                        || self.seq(end, &["with", "no"])
                    {
                        // "after 10 minutes of no motion": how long a state has held
                        self.take(i, end, SlotKind::For(secs));
                    } else {
                        self.take(i, end, SlotKind::Later(secs));
                    }
                }
            }
        }
        for i in 0..self.toks.len() {
            if let Some((secs, len)) = self.duration_at(i) {
                let end = i + len;
                if self.seq(end, &["later"]) {
                    self.take(i, end + 1, SlotKind::Later(secs));
                } else if self.seq(end, &["after", "that"]) {
                    self.take(i, end + 2, SlotKind::Later(secs));
                } else if self.seq(end, &["after"]) {
                    // "5 minutes after the door closes": the wait; "after" stays to open the event
                    self.take(i, end, SlotKind::Later(secs));
                } else if i > 0
                    && matches!(self.raw(i - 1), "has" | "have" | "been" | "stays" | "stay")
                {
                    self.take(i, end, SlotKind::For(secs));
                }
            }
        }
    }
}
