//! The slots that are parts of their own: times and sun events start the automation,
//! weekdays, windows and the sun's side of the day are conditions; with nothing to start it,
//! an "after …" becomes the start, or the request is asked when.

use super::*;

impl Reader<'_> {
    /// Times, sun events, repeats, weekdays and windows from the slots.
    pub(super) fn slot_parts(&mut self, parts: &mut Parts) {
        let mut vague = None;
        for s in self.slots.clone() {
            match s.kind {
                SlotKind::At(t) => parts.triggers.push(TriggerPart::Time(t)),
                SlotKind::SunAt(ev, off) => parts.triggers.push(TriggerPart::Sun(ev, off)),
                SlotKind::Every(h, m) => parts.triggers.push(TriggerPart::Every(h, m)),
                SlotKind::Weekdays(d) => parts.conditions.push(ConditionPart::Weekdays(d)),
                SlotKind::After(t) => parts.conditions.push(ConditionPart::After(t)),
                SlotKind::Before(t) => parts.conditions.push(ConditionPart::Before(t)),
                SlotKind::SunAfter(ev) => parts.conditions.push(ConditionPart::SunAfter(ev)),
                SlotKind::SunBefore(ev) => parts.conditions.push(ConditionPart::SunBefore(ev)),
                SlotKind::Dark => parts.conditions.push(ConditionPart::SunDown),
                SlotKind::Daylight => parts.conditions.push(ConditionPart::SunUp),
                SlotKind::VagueTime(text) => vague = Some(text),
                SlotKind::VagueThreshold(m, up) => self.ask_threshold(m, up),
                _ => {}
            }
        }
        // "at 8 tonight": the part of the day a clock time is in, nothing more
        let timed = !parts.triggers.is_empty()
            && parts
                .triggers
                .iter()
                .all(|t| matches!(t, TriggerPart::Time(_)));
        if timed && let Some(v) = vague.as_deref() {
            self.vague_beside_time(v, &parts.triggers);
        } else if !parts.triggers.is_empty()
            && matches!(
                vague.as_deref(),
                Some("at night" | "in the night" | "tonight")
            )
            && !parts.conditions.contains(&ConditionPart::SunDown)
        {
            // "only at night" beside another trigger: while the sun is down
            parts.conditions.push(ConditionPart::SunDown);
        } else if !parts.triggers.is_empty()
            && let Some(v) = vague.as_deref()
        {
            self.ask_day_part(v);
        }
        if parts.triggers.is_empty() {
            // "after sunset" / "after 10pm" / "when it gets dark" with nothing else to start it
            let mut promoted = Vec::new();
            parts.conditions.retain(|c| match c {
                ConditionPart::SunAfter(ev) => {
                    promoted.push(TriggerPart::Sun(*ev, 0));
                    false
                }
                ConditionPart::After(t) => {
                    promoted.push(TriggerPart::Time(*t));
                    false
                }
                ConditionPart::SunDown => {
                    promoted.push(TriggerPart::Sun(
                        homeai_automation_model::SunEvent::Sunset,
                        0,
                    ));
                    false
                }
                _ => true,
            });
            if promoted.len() == 1 {
                self.confidence *= 0.85;
                parts.triggers.extend(promoted);
            }
        }
        if parts.triggers.is_empty()
            && !self
                .questions
                .iter()
                .any(|q| q.kind == QuestionKind::Threshold || q.kind == QuestionKind::Person)
            && !self.event_asked
        {
            let (text, options) = match vague.as_deref() {
                Some(v @ ("at night" | "tonight" | "in the night" | "at bedtime")) => (
                    format!("What time \"{v}\"?"),
                    vec![("at 22:00", "at 22:00"), ("at 23:00", "at 23:00"), ("at sunset", "at sunset")],
                ),
                Some(v @ ("in the morning" | "when i wake up" | "when we wake up")) => (
                    format!("What time is \"{v}\"?"),
                    vec![("at 06:30", "at 06:30"), ("at 07:00", "at 07:00"), ("at sunrise", "at sunrise")],
                ),
                Some(v) if bare_hour(v).is_some() => {
                    let h = bare_hour(v).unwrap_or(12);
                    let (am, pm) = (h % 12, h % 12 + 12);
                    return self.ask_bare_hour(v, am, pm);
                }
                Some(v) => (
                    format!("What time is \"{v}\"?"),
                    vec![("at 18:00", "at 18:00"), ("at 19:00", "at 19:00"), ("at sunset", "at sunset")],
                ),
                None => (
                    "When should this happen? Give a time, a sun event or something in the home that starts it.".to_owned(),
                    vec![("at 07:00", "at 07:00"), ("at sunset", "at sunset"), ("at sunrise", "at sunrise")],
                ),
            };
            let options = options
                .into_iter()
                .map(|(v, l)| Choice {
                    value: v.into(),
                    label: l.into(),
                })
                .collect();
            let about = vague.unwrap_or_default();
            self.ask(QuestionKind::When, &about, &text, options);
        }
    }
}

/// The hour of "at 6" (a time said with no morning or evening), if that is what `v` is.
fn bare_hour(v: &str) -> Option<u8> {
    v.strip_prefix("at ")?.parse().ok()
}

impl Reader<'_> {
    /// "at 6": in the morning or in the evening?
    fn ask_bare_hour(&mut self, v: &str, am: u8, pm: u8) {
        let options = [am, pm]
            .into_iter()
            .map(|h| Choice {
                value: format!("at {h:02}:00"),
                label: format!("{h:02}:00"),
            })
            .collect();
        self.ask(
            QuestionKind::When,
            v,
            &format!("\"{v}\": in the morning ({am:02}:00) or in the evening ({pm:02}:00)?"),
            options,
        );
    }
}

impl Reader<'_> {
    /// "turn on the garden lights at sunset until 11pm": on at a time, then "until" another —
    /// a time to turn off, or only a window for turning on? Asked, never read as the window
    /// alone (the lights would stay on).
    pub(super) fn ask_on_until(&mut self, parts: &Parts) {
        let until = self.slots.iter().find_map(|s| match s.kind {
            SlotKind::Before(t) if matches!(self.word(s.start), "until" | "till") => Some(t),
            _ => None,
        });
        let Some(t) = until else {
            return;
        };
        let timed = !parts.triggers.is_empty()
            && parts
                .triggers
                .iter()
                .all(|t| matches!(t, TriggerPart::Time(_) | TriggerPart::Sun(..)));
        let turns_on = parts.all_steps().any(|s| {
            matches!(s, StepPart::Call { service, .. } if service.ends_with(".turn_on") || service.ends_with(".open_cover"))
        });
        if !(timed && turns_on) {
            return;
        }
        let at = crate::describe::hh_mm(t);
        self.ask(
            QuestionKind::When,
            "until",
            &format!(
                "Should it be turned off again at {at}, or only be turned on if it is before {at}? Say \"… and turn it off at {at}\" or \"only before {at}\"."
            ),
            Vec::new(),
        );
    }
}
