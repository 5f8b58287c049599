//! Sun events: "30 minutes before sunset" (or before a clock time), "when the sun sets",
//! "after dark" / "during the day", and a bare "sunset" with the word before it.

use homeai_automation_model::{SunEvent, TimeOfDay};

use super::{SlotKind, Tagger, sun_event};

impl Tagger<'_> {
    pub(super) fn sun_offsets(&mut self) {
        for i in 0..self.toks.len() {
            let Some((secs, len)) = self.duration_at(i) else {
                continue;
            };
            let k = i + len;
            let sign = match self.raw(k) {
                "before" | "prior" => -1,
                "after" | "past" => 1,
                _ => continue,
            };
            let mut e = k + 1;
            if self.raw(e) == "to" || self.raw(e) == "the" {
                e += 1;
            }
            if let Some(ev) = sun_event(self.raw(e)) {
                let start = if i > 0 && self.raw(i - 1) == "at" {
                    i - 1
                } else {
                    i
                };
                self.take(start, e + 1, SlotKind::SunAt(ev, sign * secs));
            } else if let Some((t, l)) = self.clock_at(k + 1, true) {
                // "10 minutes before 7am"
                let at = i64::from(t.hour()) * 3600 + i64::from(t.minute()) * 60 + sign * secs;
                let at = at.rem_euclid(86_400);
                if let Some(when) = TimeOfDay::new((at / 3600) as u8, ((at % 3600) / 60) as u8, 0) {
                    self.take(i, k + 1 + l, SlotKind::At(when));
                }
            }
        }
    }

    /// "when the sun sets", "once it gets dark": a sun event said as an event.
    pub(super) fn sun_phrases(&mut self) {
        let phrases: &[(&[&str], SunEvent)] = &[
            (&["the", "sun", "sets"], SunEvent::Sunset),
            (&["sun", "sets"], SunEvent::Sunset),
            (&["the", "sun", "goes", "down"], SunEvent::Sunset),
            (&["sun", "goes", "down"], SunEvent::Sunset),
            (&["it", "gets", "dark"], SunEvent::Sunset),
            (&["it", "starts", "to", "get", "dark"], SunEvent::Sunset),
            (&["it", "becomes", "dark"], SunEvent::Sunset),
            (&["the", "sun", "rises"], SunEvent::Sunrise),
            (&["sun", "rises"], SunEvent::Sunrise),
            (&["the", "sun", "comes", "up"], SunEvent::Sunrise),
            (&["sun", "comes", "up"], SunEvent::Sunrise),
            (&["it", "gets", "light"], SunEvent::Sunrise),
        ];
        for i in 0..self.toks.len() {
            if let Some((p, ev)) = phrases.iter().find(|(p, _)| self.seq(i, p)) {
                let start = if i > 0
                    && matches!(self.raw(i - 1), "when" | "once" | "as" | "after")
                    && self.free(i - 1)
                {
                    i - 1
                } else {
                    i
                };
                self.take(start, i + p.len(), SlotKind::SunAt(*ev, 0));
            }
        }
    }

    pub(super) fn dark_and_daylight(&mut self) {
        let dark: &[&[&str]] = &[
            &["after", "dark"],
            &["when", "it", "is", "dark", "outside"],
            &["when", "it", "is", "dark"],
            &["while", "it", "is", "dark"],
            &["if", "it", "is", "dark"],
            &["and", "it", "is", "dark", "outside"],
            &["and", "it", "is", "dark"],
            &["it", "is", "dark", "outside"],
            &["it", "is", "dark"],
            &["when", "dark"],
            &["if", "dark"],
            &["once", "it", "is", "dark"],
            &["the", "sun", "is", "down"],
            &["sun", "is", "down"],
            &["the", "sun", "has", "set"],
            &["the", "sun", "is", "set"],
            &["during", "the", "night"],
            &["in", "the", "dark"],
            &["after", "nightfall"],
            &["while", "dark"],
        ];
        let light: &[&[&str]] = &[
            &["during", "the", "day"],
            &["in", "the", "daytime"],
            &["during", "daylight"],
            &["in", "daylight"],
            &["while", "it", "is", "light"],
            &["when", "it", "is", "light"],
            &["it", "is", "light", "outside"],
            &["the", "sun", "is", "up"],
            &["sun", "is", "up"],
        ];
        for i in 0..self.toks.len() {
            for (list, kind) in [(dark, SlotKind::Dark), (light, SlotKind::Daylight)] {
                if let Some(p) = list.iter().find(|p| self.seq(i, p)) {
                    let mut start = i;
                    if p[0] == "it" && i > 0 && matches!(self.raw(i - 1), "only" | "when" | "if") {
                        start = i - 1;
                    }
                    // "only after dark": "only" belongs to the condition too
                    if start > 0 && self.raw(start - 1) == "only" && self.free(start - 1) {
                        start -= 1;
                    }
                    self.take(start, i + p.len(), kind.clone());
                }
            }
        }
    }

    pub(super) fn sun_words(&mut self) {
        for i in 0..self.toks.len() {
            let Some(ev) = sun_event(self.raw(i)).filter(|_| self.free(i)) else {
                continue;
            };
            let prev = if i > 0 && self.free(i - 1) {
                self.raw(i - 1)
            } else {
                ""
            };
            match prev {
                "after" => self.take(i - 1, i + 1, SlotKind::SunAfter(ev)),
                "before" | "until" | "till" => self.take(i - 1, i + 1, SlotKind::SunBefore(ev)),
                "at" | "on" | "by" => self.take(i - 1, i + 1, SlotKind::SunAt(ev, 0)),
                _ => self.take(i, i + 1, SlotKind::SunAt(ev, 0)),
            }
        }
    }
}
