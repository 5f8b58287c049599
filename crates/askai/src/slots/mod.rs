//! Slots: the parts of a request that are values rather than things — times of day, sun
//! events with offsets, weekdays, durations, repeats, thresholds, levels, colours. Each
//! recogniser marks the words it takes, so later stages see only what is left.
//!
//! This file holds the slot types, the [`Tagger`] with its word tests and the order the
//! recognisers run in, and the readers several of them share (`duration_at`, `clock_at`,
//! `unit_seconds`, `sun_event`); each child module holds the recognisers of one concept.

mod clock;
mod durations;
mod levels;
mod message;
mod sun;
mod thresholds;
mod weekdays;

use homeai_automation_model::{SunEvent, TimeOfDay, Weekday};

use crate::text::Token;
use crate::text::number_at;

/// The longest duration read: ten years, in seconds.
const MAX_DURATION_S: f64 = 10.0 * 366.0 * 86_400.0;

/// What a reading is of, as far as the words say ("degrees", "warmer", "lux").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Temperature,
    Humidity,
    Illuminance,
    Power,
}

impl Measure {
    pub fn device_class(self) -> &'static str {
        match self {
            Self::Temperature => "temperature",
            Self::Humidity => "humidity",
            Self::Illuminance => "illuminance",
            Self::Power => "power",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum SlotKind {
    /// A time of day to act at ("at 6:45", "midnight").
    At(TimeOfDay),
    /// "after 10pm"
    After(TimeOfDay),
    /// "before 7am", "until 7"
    Before(TimeOfDay),
    /// "30 minutes before sunset", "at sunset": a sun event, offset in seconds.
    SunAt(SunEvent, i64),
    /// "after sunset" (a condition unless nothing else triggers)
    SunAfter(SunEvent),
    /// "before sunrise"
    SunBefore(SunEvent),
    /// "after dark", "when it's dark"
    Dark,
    /// "during the day", "while it's light"
    Daylight,
    Weekdays(Vec<Weekday>),
    /// "every 30 minutes": (hours, minutes)
    Every(Option<u32>, Option<u32>),
    /// "for 10 minutes", "for more than 5 minutes" (seconds)
    For(i64),
    /// "after 2 minutes", "2 minutes later" (seconds)
    Later(i64),
    /// "above 25 degrees", "between 15 and 25"
    Threshold {
        above: Option<f64>,
        below: Option<f64>,
        measure: Option<Measure>,
    },
    /// "too hot", "gets dark": a threshold with no number
    VagueThreshold(Measure, bool),
    Percent(f64),
    Kelvin(f64),
    Degrees(f64),
    Color(String),
    Halfway,
    /// "at night", "in the morning", "when I wake up": a time that names no hour
    VagueTime(String),
    /// "saying the laundry is done": what a notification says
    Message(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub start: usize,
    pub end: usize,
    pub kind: SlotKind,
}

/// The words of a request and which of them a slot has taken.
pub struct Tagger<'a> {
    pub toks: &'a [Token],
    pub used: Vec<bool>,
    pub slots: Vec<Slot>,
}

/// The seconds in one unit of time ("minutes", "h"), if `word` is one.
fn unit_seconds(word: &str) -> Option<i64> {
    match word {
        "second" | "seconds" | "s" => Some(1),
        "minute" | "minutes" | "m" => Some(60),
        "hour" | "hours" | "h" => Some(3600),
        "day" | "days" => Some(86_400),
        _ => None,
    }
}

/// The sun event a word names ("sunset", "dawn").
fn sun_event(word: &str) -> Option<SunEvent> {
    match word {
        "sunset" | "dusk" | "sundown" => Some(SunEvent::Sunset),
        "sunrise" | "dawn" | "sunup" | "daybreak" => Some(SunEvent::Sunrise),
        _ => None,
    }
}

impl<'a> Tagger<'a> {
    pub fn new(toks: &'a [Token]) -> Self {
        Self {
            toks,
            used: vec![false; toks.len()],
            slots: Vec::new(),
        }
    }

    fn raw(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.raw.as_str())
    }

    fn free(&self, i: usize) -> bool {
        i < self.toks.len() && !self.used[i]
    }

    /// Whether the words from `i` are `words`, all free.
    fn seq(&self, i: usize, words: &[&str]) -> bool {
        words
            .iter()
            .enumerate()
            .all(|(k, w)| self.free(i + k) && self.raw(i + k) == *w)
    }

    fn take(&mut self, start: usize, end: usize, kind: SlotKind) {
        for u in &mut self.used[start..end] {
            *u = true;
        }
        self.slots.push(Slot { start, end, kind });
    }

    /// Runs every recogniser, in the order that keeps them from stealing each other's words.
    pub fn run(mut self) -> (Vec<bool>, Vec<Slot>) {
        self.messages();
        self.sun_offsets();
        self.every();
        self.durations();
        self.sun_phrases();
        self.dark_and_daylight();
        self.windows();
        self.sun_words();
        self.weekdays();
        self.clock_times();
        self.thresholds();
        self.levels();
        self.vague_times();
        self.slots.sort_by_key(|s| s.start);
        (self.used, self.slots)
    }

    /// A length of time at `i`: "10 minutes", "an hour", "half an hour", "1.5 hours".
    fn duration_at(&self, i: usize) -> Option<(i64, usize)> {
        if self.seq(i, &["half", "an", "hour"]) || self.seq(i, &["half", "a", "hour"]) {
            return Some((1800, 3));
        }
        if self.seq(i, &["a", "quarter", "of", "an", "hour"]) {
            return Some((900, 5));
        }
        if (self.seq(i, &["an"]) || self.seq(i, &["a"]))
            && let Some(unit) = unit_seconds(self.raw(i + 1))
            && self.free(i + 1)
        {
            // "an hour and a half"
            if self.seq(i + 2, &["and", "a", "half"]) {
                return Some((unit + unit / 2, 5));
            }
            return Some((unit, 2));
        }
        if !self.free(i) {
            return None;
        }
        let (n, len) = number_at(self.toks, i)?;
        if self.toks[i].raw.contains(':') {
            return None;
        }
        let mut k = i + len;
        let mut extra = 0.0;
        if self.seq(k, &["and", "a", "half"]) {
            extra = 0.5;
            k += 3;
        }
        let unit = unit_seconds(self.raw(k)).filter(|_| self.free(k))?;
        let secs = ((n + extra) * unit as f64).round();
        // ten years at most: longer is no duration Home Assistant would wait, and adding it
        // to a time of day must not overflow
        (secs.abs() <= MAX_DURATION_S).then_some((secs as i64, k + 1 - i))
    }

    /// A time of day at `i`; `lead` is the word before it ("at", "between", …), which lets a
    /// bare number count as an hour.
    fn clock_at(&self, i: usize, lead: bool) -> Option<(TimeOfDay, usize)> {
        if !self.free(i) {
            return None;
        }
        let w = self.raw(i);
        let (mut hour, minute, mut len, strong) = match w {
            "midnight" => return TimeOfDay::new(0, 0, 0).map(|t| (t, 1)),
            "noon" | "midday" => return TimeOfDay::new(12, 0, 0).map(|t| (t, 1)),
            "quarter" | "half" if matches!(self.raw(i + 1), "past" | "to" | "after") => {
                // "half past midnight", "quarter past noon"
                let named = match self.raw(i + 2) {
                    "midnight" => Some(0.0),
                    "noon" | "midday" => Some(12.0),
                    _ => None,
                };
                let (h, hl) = match named {
                    Some(h) if self.raw(i + 1) != "to" => (h, 1),
                    _ => number_at(self.toks, i + 2)?,
                };
                let m = if w == "quarter" { 15 } else { 30 };
                if self.raw(i + 1) == "to" {
                    if w == "half" {
                        return None;
                    }
                    (h - 1.0, 45.0, 2 + hl, true)
                } else {
                    (h, f64::from(m), 2 + hl, true)
                }
            }
            _ if w.contains(':') || (w.contains('.') && lead) => {
                let sep = if w.contains(':') { ':' } else { '.' };
                let (h, m) = w.split_once(sep)?;
                if m.len() != 2 {
                    return None;
                }
                (h.parse::<f64>().ok()?, m.parse::<f64>().ok()?, 1, true)
            }
            _ => {
                let (n, nl) = number_at(self.toks, i)?;
                if self.raw(i + nl) == "past"
                    || (self.raw(i + nl) == "minutes" && self.raw(i + nl + 1) == "past")
                {
                    let skip = if self.raw(i + nl) == "minutes" { 2 } else { 1 };
                    let (h, hl) = number_at(self.toks, i + nl + skip)?;
                    (h, n, nl + skip + hl, true)
                } else if lead
                    && self.raw(i + nl) == "to"
                    && (1.0..60.0).contains(&n)
                    && !self.toks[i].raw.bytes().all(|b| b.is_ascii_digit())
                    && let Some((h, hl)) = number_at(self.toks, i + nl + 1)
                {
                    // "twenty to eight"
                    (h - 1.0, 60.0 - n, nl + 1 + hl, true)
                } else if lead
                    && !self.toks[i].raw.bytes().all(|b| b.is_ascii_digit())
                    && let Some((m, ml)) = number_at(self.toks, i + nl)
                    && (10.0..60.0).contains(&m)
                    && self.free(i + nl)
                    && unit_seconds(self.raw(i + nl + ml)).is_none()
                {
                    // "seven thirty", "six forty five"
                    (n, m, nl + ml, true)
                } else if lead
                    && self.toks.get(i + nl).is_some_and(|t| {
                        t.raw.len() == 2 && t.raw.bytes().all(|b| b.is_ascii_digit())
                    })
                    && self.free(i + nl)
                    && unit_seconds(self.raw(i + nl + 1)).is_none()
                {
                    // "at 6 30"
                    let m: f64 = self.raw(i + nl).parse().unwrap_or(60.0);
                    (n, m, nl + 1, true)
                } else {
                    (n, 0.0, nl, false)
                }
            }
        };
        if hour.fract() != 0.0 || minute.fract() != 0.0 {
            return None;
        }
        // what follows: am/pm, o'clock, "in the evening", "at night"
        let mut marked = strong;
        let next = self.raw(i + len);
        if next == "oclock" {
            len += 1;
            marked = true;
        }
        let next = self.raw(i + len);
        if next == "am" || next == "pm" {
            if hour > 12.0 {
                return None;
            }
            if next == "pm" && hour < 12.0 {
                hour += 12.0;
            }
            if next == "am" && hour == 12.0 {
                hour = 0.0;
            }
            len += 1;
            marked = true;
        } else if self.seq(i + len, &["in", "the", "morning"]) {
            len += 3;
            marked = true;
            if hour == 12.0 {
                hour = 0.0;
            }
        } else if self.seq(i + len, &["in", "the", "afternoon"])
            || self.seq(i + len, &["in", "the", "evening"])
        {
            len += 3;
            marked = true;
            if hour < 12.0 {
                hour += 12.0;
            }
        } else if self.seq(i + len, &["at", "night"]) || self.seq(i + len, &["tonight"]) {
            len += if self.raw(i + len) == "at" { 2 } else { 1 };
            marked = true;
            if (6.0..12.0).contains(&hour) {
                hour += 12.0;
            } else if hour == 12.0 {
                hour = 0.0;
            }
        } else if self.seq(i + len, &["in", "the", "night"]) {
            len += 3;
            marked = true;
        }
        if !marked && !lead {
            return None;
        }
        // a number followed by a unit is no time
        if !marked {
            let after = self.raw(i + len);
            if unit_seconds(after).is_some()
                || matches!(
                    after,
                    "%" | "percent"
                        | "degrees"
                        | "degree"
                        | "c"
                        | "lux"
                        | "w"
                        | "watts"
                        | "kelvin"
                        | "k"
                )
            {
                return None;
            }
            if hour > 24.0 {
                return None;
            }
        }
        let h = u8::try_from(hour as i64 % 24).ok()?;
        let m = u8::try_from(minute as i64).ok()?;
        TimeOfDay::new(h, m, 0).map(|t| (t, len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn slots(text: &str) -> Vec<SlotKind> {
        let toks = tokenize(text);
        Tagger::new(&toks)
            .run()
            .1
            .into_iter()
            .map(|s| s.kind)
            .collect()
    }

    fn t(h: u8, m: u8) -> TimeOfDay {
        TimeOfDay::new(h, m, 0).unwrap()
    }

    #[test]
    fn reads_times_of_day_in_many_spellings() {
        assert_eq!(slots("at 10:30 pm"), [SlotKind::At(t(22, 30))]);
        assert_eq!(slots("at quarter past seven"), [SlotKind::At(t(7, 15))]);
        assert_eq!(
            slots("at half past eleven at night"),
            [SlotKind::At(t(23, 30))]
        );
        assert_eq!(slots("At 5.45 in the evening"), [SlotKind::At(t(17, 45))]);
        assert_eq!(slots("tv off at midnight"), [SlotKind::At(t(0, 0))]);
        assert_eq!(slots("at 9 in the morning"), [SlotKind::At(t(9, 0))]);
    }

    #[test]
    fn reads_sun_offsets_windows_and_weekdays() {
        assert_eq!(
            slots("30 minutes before sunset"),
            [SlotKind::SunAt(SunEvent::Sunset, -1800)]
        );
        assert_eq!(
            slots("between 10pm and 6am"),
            [SlotKind::After(t(22, 0)), SlotKind::Before(t(6, 0))]
        );
        assert_eq!(
            slots("from Sunday to Thursday"),
            [SlotKind::Weekdays(vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Sun
            ])]
        );
        assert_eq!(
            slots("on weekends"),
            [SlotKind::Weekdays(vec![Weekday::Sat, Weekday::Sun])]
        );
    }

    #[test]
    fn tells_durations_from_thresholds() {
        assert_eq!(
            slots("is open for more than 5 minutes"),
            [SlotKind::For(300)]
        );
        assert_eq!(
            slots("above 24 degrees for 10 minutes"),
            [
                SlotKind::Threshold {
                    above: Some(24.0),
                    below: None,
                    measure: Some(Measure::Temperature)
                },
                SlotKind::For(600)
            ]
        );
        assert_eq!(slots("every 30 minutes"), [SlotKind::Every(None, Some(30))]);
    }
}
