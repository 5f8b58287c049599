//! Parts of the day with no hour ("at night", "tonight", "in the evening", "in the morning"):
//! beside a clock time they say which half of the day it is in (a time outside it is asked
//! about); beside an event other than the night they are asked about, since no hours are
//! said ("at night" beside an event is while the sun is down, read where the slots are
//! placed).

use super::*;

impl Reader<'_> {
    /// "at 8 tonight", "at 7 in the morning": a clock time the words say the part of the day
    /// of. A time outside that part of the day is asked about.
    pub(super) fn vague_beside_time(&mut self, v: &str, triggers: &[TriggerPart]) {
        let fits = |h: u8| match v {
            "at night" | "in the night" | "tonight" | "at bedtime" => !(6..17).contains(&h),
            "in the evening" => (16..=23).contains(&h),
            "in the afternoon" => (12..=18).contains(&h),
            "in the morning" | "when i wake up" | "when we wake up" => (4..=12).contains(&h),
            _ => false,
        };
        let off = triggers.iter().find_map(|t| match t {
            TriggerPart::Time(t) if !fits(t.hour()) => Some(*t),
            _ => None,
        });
        if let Some(t) = off {
            self.ask(
                QuestionKind::When,
                v,
                &format!(
                    "I read the time as {}, which is not \"{v}\". What time should it be?",
                    crate::describe::hh_mm(t)
                ),
                Vec::new(),
            );
        }
    }

    /// "in the evening" beside motion: which hours?
    pub(super) fn ask_day_part(&mut self, v: &str) {
        // "in the evening" beside motion: no hour to read it as
        let options = match v {
            "in the morning" | "when i wake up" | "when we wake up" => [
                ("after sunrise and before 12:00", "from sunrise to noon"),
                ("after 06:00 and before 12:00", "between 06:00 and 12:00"),
            ],
            "in the afternoon" => [
                ("after 12:00 and before 18:00", "between 12:00 and 18:00"),
                ("after 12:00 and before sunset", "from noon to sunset"),
            ],
            _ => [
                ("after sunset", "after sunset"),
                ("after 18:00 and before 23:00", "between 18:00 and 23:00"),
            ],
        };
        let example = options[0].1;
        let options = options
            .into_iter()
            .map(|(v, l)| Choice {
                value: v.into(),
                label: l.into(),
            })
            .collect();
        self.ask(
            QuestionKind::When,
            v,
            &format!("Which hours are \"{v}\"? For example {example}."),
            options,
        );
    }
}
