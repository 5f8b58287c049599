//! Days of the week: "on weekends", "monday to friday", "monday, wednesday and friday",
//! "except weekdays".

use homeai_automation_model::Weekday;

use super::{SlotKind, Tagger};

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

impl Tagger<'_> {
    pub(super) fn weekdays(&mut self) {
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
                "weekday" | "weekdays" | "workday" | "workdays" | "weeknight" | "weeknights" => {
                    Some((Weekday::ALL[..5].to_vec(), 1))
                }
                "weekend" | "weekends" => Some((Weekday::ALL[5..].to_vec(), 1)),
                "working" | "work" | "business" | "school"
                    if matches!(self.raw(i + 1), "day" | "days") =>
                {
                    Some((Weekday::ALL[..5].to_vec(), 2))
                }
                // "on school nights", "work nights": the evenings before a weekday
                "school" | "work" | "working" if matches!(self.raw(i + 1), "night" | "nights") => {
                    let mut days = vec![Weekday::Sun];
                    days.extend_from_slice(&Weekday::ALL[..4]);
                    Some((days, 2))
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
}
