//! Times of day: "at 6:45" and the like, windows ("between 10pm and 6am", "before 7am",
//! "after 10pm") and times that name no hour ("at night", "when I wake up", "every day").

use homeai_automation_model::TimeOfDay;

use super::{Slot, SlotKind, Tagger, sun_event};

impl Tagger<'_> {
    pub(super) fn clock_times(&mut self) {
        for i in 0..self.toks.len() {
            if !self.free(i) {
                continue;
            }
            let lead =
                i > 0 && self.free(i - 1) && matches!(self.raw(i - 1), "at" | "around" | "by");
            // "below 18 at night": a threshold's number, not a time ("18 at night")
            let compared = i > 0
                && matches!(
                    self.raw(i - 1),
                    "below" | "above" | "under" | "over" | "than" | "exceeds" | "reaches" | "to"
                );
            if compared {
                continue;
            }
            if let Some((mut t, l)) = self.clock_at(i, lead) {
                let start = if lead { i - 1 } else { i };
                // "every evening at 6": the part of the day said before the hour
                // ("6:30" with "in the evening" around it is 18:30 too: minutes say nothing of
                // the part of the day)
                let marked = (i..i + l).any(|k| {
                    matches!(
                        self.raw(k),
                        "am" | "pm" | "morning" | "evening" | "afternoon" | "night" | "tonight"
                    )
                });
                let evening = (start.saturating_sub(3)..start)
                    .chain(i + l..i + l + 3)
                    .any(|k| {
                        matches!(
                            self.raw(k),
                            "evening"
                                | "afternoon"
                                | "night"
                                | "tonight"
                                | "evenings"
                                | "nights"
                                | "nightly"
                                | "weeknight"
                                | "weeknights"
                        )
                    });
                if !marked
                    && evening
                    && (1..12).contains(&t.hour())
                    && let Some(pm) = TimeOfDay::new(t.hour() + 12, t.minute(), 0)
                {
                    t = pm;
                }
                // "at 6" with nothing saying morning or evening: 06:00 or 18:00 is asked,
                // never guessed
                let morning = (start.saturating_sub(3)..start)
                    .chain(i + l..i + l + 3)
                    .any(|k| {
                        matches!(
                            self.raw(k),
                            "morning" | "mornings" | "breakfast" | "wake" | "sunrise" | "dawn"
                        )
                    });
                let bare = l == 1
                    && !marked
                    && !evening
                    && !morning
                    && (self.raw(i).bytes().all(|b| b.is_ascii_digit())
                        || crate::numbers::word_number(self.raw(i)).is_some())
                    && (1..=12).contains(&t.hour())
                    && t.minute() == 0;
                if bare {
                    self.take(
                        start,
                        i + l,
                        SlotKind::VagueTime(format!("at {}", t.hour())),
                    );
                    continue;
                }
                self.take(start, i + l, SlotKind::At(t));
            }
        }
    }

    pub(super) fn windows(&mut self) {
        for i in 0..self.toks.len() {
            let (open, mid) = if self.seq(i, &["between"]) {
                (1, ["and", "and"])
            } else if self.seq(i, &["from"]) {
                (1, ["to", "until"])
            } else {
                continue;
            };
            let start = if i > 0 && self.raw(i - 1) == "only" {
                i - 1
            } else {
                i
            };
            let a = i + open;
            let first = if let Some(ev) = sun_event(self.raw(a)).filter(|_| self.free(a)) {
                Some((None, Some(ev), 1))
            } else {
                self.clock_at(a, true).map(|(t, l)| (Some(t), None, l))
            };
            let Some((t1, s1, l1)) = first else { continue };
            let m = a + l1;
            if !(mid.contains(&self.raw(m)) || self.raw(m) == "till" || self.raw(m) == "through") {
                continue;
            }
            let b = m + 1;
            let second = if let Some(ev) = sun_event(self.raw(b)).filter(|_| self.free(b)) {
                Some((None, Some(ev), 1))
            } else {
                self.clock_at(b, true).map(|(t, l)| (Some(t), None, l))
            };
            let Some((t2, s2, l2)) = second else { continue };
            let end = b + l2;
            // "between 18 and 22" said of a reading is a range of values, not of hours
            let clock_words = (a..end).any(|k| {
                let w = self.raw(k);
                w.contains(':')
                    || matches!(
                        w,
                        "am" | "pm"
                            | "oclock"
                            | "morning"
                            | "evening"
                            | "night"
                            | "midnight"
                            | "noon"
                            | "midday"
                    )
                    || sun_event(w).is_some()
            });
            let reading = (i.saturating_sub(8)..i).any(|k| {
                matches!(
                    self.raw(k),
                    "temperature"
                        | "humidity"
                        | "illuminance"
                        | "power"
                        | "warmer"
                        | "colder"
                        | "lux"
                        | "watts"
                        | "degrees"
                )
            });
            if !clock_words && reading {
                continue;
            }
            let mut kinds = Vec::new();
            match (t1, s1) {
                (Some(t), _) => kinds.push(SlotKind::After(t)),
                (None, Some(ev)) => kinds.push(SlotKind::SunAfter(ev)),
                _ => {}
            }
            match (t2, s2) {
                (Some(t), _) => kinds.push(SlotKind::Before(t)),
                (None, Some(ev)) => kinds.push(SlotKind::SunBefore(ev)),
                _ => {}
            }
            for (n, kind) in kinds.into_iter().enumerate() {
                if n == 0 {
                    self.take(start, end, kind);
                } else {
                    self.slots.push(Slot { start, end, kind });
                }
            }
        }
        for i in 0..self.toks.len() {
            let before = matches!(self.raw(i), "before" | "until" | "till" | "by");
            let after = self.raw(i) == "after";
            if !(before || after) || !self.free(i) {
                continue;
            }
            let start = if i > 0 && self.raw(i - 1) == "only" && self.free(i - 1) {
                i - 1
            } else {
                i
            };
            if let Some((t, l)) = self.clock_at(i + 1, true) {
                let kind = if after {
                    SlotKind::After(t)
                } else {
                    SlotKind::Before(t)
                };
                self.take(start, i + 1 + l, kind);
            }
        }
    }

    pub(super) fn vague_times(&mut self) {
        let vague: &[&[&str]] = &[
            &["at", "night"],
            &["in", "the", "morning"],
            &["in", "the", "evening"],
            &["in", "the", "afternoon"],
            &["tonight"],
            &["when", "i", "wake", "up"],
            &["when", "we", "wake", "up"],
            &["when", "i", "go", "to", "bed"],
            &["when", "we", "go", "to", "bed"],
            &["at", "bedtime"],
            &["in", "the", "night"],
        ];
        for i in 0..self.toks.len() {
            if let Some(p) = vague.iter().find(|p| self.seq(i, p)) {
                let text = p.join(" ");
                self.take(i, i + p.len(), SlotKind::VagueTime(text));
            }
        }
        // "every night", "every day", "daily": no time of their own
        for i in 0..self.toks.len() {
            for p in [
                &["every", "night"][..],
                &["every", "day"],
                &["every", "morning"],
                &["every", "evening"],
                &["each", "day"],
                &["daily"],
                &["nightly"],
                &["each", "night"],
            ] {
                if self.seq(i, p) {
                    for u in &mut self.used[i..i + p.len()] {
                        *u = true;
                    }
                }
            }
        }
    }
}
