//! Slots: the parts of a request that are values rather than things — times of day, sun
//! events with offsets, weekdays, durations, repeats, thresholds, levels, colours. Each
//! recogniser marks the words it takes, so later stages see only what is left.

mod message;

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

const COLORS: &[&str] = &[
    "red",
    "green",
    "blue",
    "white",
    "yellow",
    "orange",
    "purple",
    "violet",
    "pink",
    "cyan",
    "magenta",
    "gold",
    "turquoise",
    "teal",
    "navy",
    "indigo",
    "crimson",
    "coral",
    "amber",
    "lime",
    "lavender",
    "salmon",
    "aqua",
];

fn unit_seconds(word: &str) -> Option<i64> {
    match word {
        "second" | "seconds" | "s" => Some(1),
        "minute" | "minutes" | "m" => Some(60),
        "hour" | "hours" | "h" => Some(3600),
        "day" | "days" => Some(86_400),
        _ => None,
    }
}

fn sun_event(word: &str) -> Option<SunEvent> {
    match word {
        "sunset" | "dusk" | "sundown" => Some(SunEvent::Sunset),
        "sunrise" | "dawn" | "sunup" | "daybreak" => Some(SunEvent::Sunrise),
        _ => None,
    }
}

fn weekday(word: &str, loose: bool) -> Option<Weekday> {
    let w = word
        .strip_suffix('s')
        .filter(|w| w.ends_with("day"))
        .unwrap_or(word);
    let day = match w {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ if loose => match w {
            "mon" => Weekday::Mon,
            "tue" | "tues" => Weekday::Tue,
            "wed" => Weekday::Wed,
            "thu" | "thur" | "thurs" => Weekday::Thu,
            "fri" => Weekday::Fri,
            "sat" => Weekday::Sat,
            "sun" => Weekday::Sun,
            _ => return None,
        },
        _ => return None,
    };
    Some(day)
}

fn day_index(d: Weekday) -> usize {
    Weekday::ALL.iter().position(|x| *x == d).unwrap_or(0)
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

    fn sun_offsets(&mut self) {
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

    fn every(&mut self) {
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

    fn durations(&mut self) {
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

    /// "when the sun sets", "once it gets dark": a sun event said as an event.
    fn sun_phrases(&mut self) {
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

    fn dark_and_daylight(&mut self) {
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
                let (h, hl) = number_at(self.toks, i + 2)?;
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

    fn windows(&mut self) {
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

    fn sun_words(&mut self) {
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

    fn weekdays(&mut self) {
        let lead = |t: &Self, i: usize| -> usize {
            let mut s = i;
            while s > 0
                && t.free(s - 1)
                && matches!(
                    t.raw(s - 1),
                    "on" | "every" | "each" | "during" | "from" | "at" | "over" | "only" | "the"
                )
            {
                s -= 1;
            }
            s
        };
        let mut i = 0;
        while i < self.toks.len() {
            if !self.free(i) {
                i += 1;
                continue;
            }
            let w = self.raw(i).to_owned();
            let group: Option<(Vec<Weekday>, usize)> = match w.as_str() {
                "weekday" | "weekdays" | "workday" | "workdays" => {
                    Some((Weekday::ALL[..5].to_vec(), 1))
                }
                "weekend" | "weekends" => Some((Weekday::ALL[5..].to_vec(), 1)),
                "working" | "work" | "business" | "school"
                    if matches!(self.raw(i + 1), "day" | "days") =>
                {
                    Some((Weekday::ALL[..5].to_vec(), 2))
                }
                _ => None,
            };
            if let Some((days, len)) = group {
                let s = lead(self, i);
                let mut start = s;
                let mut days = days;
                if start > 0
                    && self.free(start - 1)
                    && matches!(self.raw(start - 1), "except" | "not")
                {
                    start -= 1;
                    days = Weekday::ALL
                        .iter()
                        .copied()
                        .filter(|d| !days.contains(d))
                        .collect();
                }
                self.take(start, i + len, SlotKind::Weekdays(days));
                i += len;
                continue;
            }
            let loose_ok = |t: &Self, k: usize| {
                weekday(t.raw(k + 2), true).is_some()
                    && matches!(t.raw(k + 1), "to" | "through" | "till" | "until" | ",")
            };
            let Some(first) = weekday(&w, false)
                .or_else(|| weekday(&w, loose_ok(self, i)).filter(|_| loose_ok(self, i)))
            else {
                i += 1;
                continue;
            };
            let s = lead(self, i);
            let mut end = i + 1;
            let mut days = vec![first];
            // "monday to friday" is a range; "monday, wednesday and friday" a list
            if matches!(self.raw(end), "to" | "through" | "till" | "until")
                && let Some(last) = weekday(self.raw(end + 1), true)
            {
                let (a, b) = (day_index(first), day_index(last));
                days.clear();
                let mut k = a;
                loop {
                    days.push(Weekday::ALL[k]);
                    if k == b {
                        break;
                    }
                    k = (k + 1) % 7;
                }
                end += 2;
            } else {
                while matches!(self.raw(end), "and" | "or" | ",")
                    && let Some(d) = weekday(self.raw(end + 1), false)
                {
                    days.push(d);
                    end += 2;
                }
            }
            days.sort_by_key(|d| day_index(*d));
            days.dedup();
            self.take(s, end, SlotKind::Weekdays(days));
            i = end;
        }
    }

    fn clock_times(&mut self) {
        for i in 0..self.toks.len() {
            if !self.free(i) {
                continue;
            }
            let lead =
                i > 0 && self.free(i - 1) && matches!(self.raw(i - 1), "at" | "around" | "by");
            if let Some((mut t, l)) = self.clock_at(i, lead) {
                let start = if lead { i - 1 } else { i };
                // "every evening at 6": the part of the day said before the hour
                let marked = (i..i + l).any(|k| {
                    matches!(
                        self.raw(k),
                        "am" | "pm" | "morning" | "evening" | "afternoon" | "night" | "tonight"
                    )
                }) || self.raw(i).contains(':');
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
                        )
                    });
                if !marked
                    && evening
                    && (1..12).contains(&t.hour())
                    && let Some(pm) = TimeOfDay::new(t.hour() + 12, t.minute(), 0)
                {
                    t = pm;
                }
                self.take(start, i + l, SlotKind::At(t));
            }
        }
    }

    fn unit_at(&self, k: usize) -> (Option<Measure>, usize) {
        match self.raw(k) {
            "%" | "percent" => (Some(Measure::Humidity), 1),
            "degrees" | "degree" | "c" | "celsius" => (Some(Measure::Temperature), 1),
            "w" | "watts" | "watt" => (Some(Measure::Power), 1),
            "lux" | "lx" => (Some(Measure::Illuminance), 1),
            _ => (None, 0),
        }
    }

    fn thresholds(&mut self) {
        let above: &[&[&str]] = &[
            &["above"],
            &["over"],
            &["exceeds"],
            &["exceed"],
            &["exceeding"],
            &["more", "than"],
            &["greater", "than"],
            &["higher", "than"],
            &["warmer", "than"],
            &["hotter", "than"],
            &["brighter", "than"],
            &["at", "least"],
            &["reaches"],
            &["hits"],
            &["humid", "than"],
        ];
        let below: &[&[&str]] = &[
            &["below"],
            &["under"],
            &["less", "than"],
            &["lower", "than"],
            &["colder", "than"],
            &["cooler", "than"],
            &["darker", "than"],
            &["beneath"],
            &["dips", "below"],
        ];
        for i in 0..self.toks.len() {
            for (list, is_above) in [(above, true), (below, false)] {
                let Some(p) = list.iter().find(|p| self.seq(i, p)) else {
                    continue;
                };
                let k = i + p.len();
                let Some((n, nl)) = number_at(self.toks, k).filter(|_| self.free(k)) else {
                    continue;
                };
                if self.toks[k].raw.contains(':') {
                    continue;
                }
                let (mut measure, ul) = self.unit_at(k + nl);
                measure = match p[0] {
                    "warmer" | "hotter" | "colder" | "cooler" => Some(Measure::Temperature),
                    "brighter" | "darker" => Some(Measure::Illuminance),
                    "humid" => Some(Measure::Humidity),
                    _ => measure,
                };
                let kind = SlotKind::Threshold {
                    above: is_above.then_some(n),
                    below: (!is_above).then_some(n),
                    measure,
                };
                self.take(i, k + nl + ul, kind);
            }
            if self.seq(i, &["between"])
                && let Some((a, al)) = number_at(self.toks, i + 1)
                && self.raw(i + 1 + al) == "and"
                && let Some((b, bl)) = number_at(self.toks, i + 2 + al)
            {
                let end = i + 2 + al + bl;
                let (measure, ul) = self.unit_at(end);
                if (i..end + ul).all(|k| self.free(k)) {
                    self.take(
                        i,
                        end + ul,
                        SlotKind::Threshold {
                            above: Some(a.min(b)),
                            below: Some(a.max(b)),
                            measure,
                        },
                    );
                }
            }
        }
        let vague: &[(&[&str], Measure, bool)] = &[
            (&["too", "hot"], Measure::Temperature, true),
            (&["too", "warm"], Measure::Temperature, true),
            (&["too", "cold"], Measure::Temperature, false),
            (&["too", "humid"], Measure::Humidity, true),
            (&["too", "dark"], Measure::Illuminance, false),
            (&["gets", "hot"], Measure::Temperature, true),
            (&["gets", "cold"], Measure::Temperature, false),
            (&["is", "hot"], Measure::Temperature, true),
            (&["is", "cold"], Measure::Temperature, false),
        ];
        for i in 0..self.toks.len() {
            if let Some((p, m, up)) = vague.iter().find(|(p, _, _)| self.seq(i, p)) {
                self.take(i, i + p.len(), SlotKind::VagueThreshold(*m, *up));
            }
        }
    }

    fn levels(&mut self) {
        for i in 0..self.toks.len() {
            if !self.free(i) {
                continue;
            }
            if let Some((n, nl)) = number_at(self.toks, i) {
                let k = i + nl;
                let next = if self.free(k) { self.raw(k) } else { "" };
                let mut end = k + 1;
                let kind = match next {
                    "%" | "percent" => {
                        if self.seq(end, &["brightness"]) {
                            end += 1;
                        }
                        SlotKind::Percent(n)
                    }
                    "kelvin" | "k" => SlotKind::Kelvin(n),
                    "degrees" | "degree" | "c" | "celsius" => SlotKind::Degrees(n),
                    _ => continue,
                };
                self.take(i, end, kind);
            }
        }
        for i in 0..self.toks.len() {
            if !self.free(i) {
                continue;
            }
            let w = self.raw(i);
            // brightness in words: "full brightness" is 100 %, "half brightness" 50 %
            let level = match w {
                "full" | "max" | "maximum" | "100%" => Some(100.0),
                "half" => Some(50.0),
                _ => None,
            };
            if let Some(p) = level
                && self.raw(i + 1) == "brightness"
                && self.free(i + 1)
            {
                self.take(i, i + 2, SlotKind::Percent(p));
                continue;
            }
            // "set the lamp to full", "turn the kitchen lights to max": all the way
            if level == Some(100.0)
                && i > 0
                && self.raw(i - 1) == "to"
                && !matches!(self.raw(i + 1), "power" | "speed" | "blast" | "volume")
            {
                self.take(i, i + 1, SlotKind::Percent(100.0));
                continue;
            }
            if self.seq(i, &["half", "way"]) {
                self.take(i, i + 2, SlotKind::Halfway);
            } else if w == "halfway" {
                self.take(i, i + 1, SlotKind::Halfway);
            } else if self.seq(i, &["warm", "white"]) {
                self.take(i, i + 2, SlotKind::Kelvin(2700.0));
            } else if self.seq(i, &["cool", "white"]) || self.seq(i, &["cold", "white"]) {
                self.take(i, i + 2, SlotKind::Kelvin(4000.0));
            } else if self.seq(i, &["daylight", "white"]) {
                self.take(i, i + 2, SlotKind::Kelvin(6500.0));
            } else if COLORS.contains(&w) {
                let name = w.to_owned();
                self.take(i, i + 1, SlotKind::Color(name));
            }
        }
    }

    fn vague_times(&mut self) {
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
