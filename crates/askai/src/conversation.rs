//! Follow-ups in a conversation edit the automation it is about: "make it 8 instead" moves the
//! time, "also on weekends" widens the days, "only after dark" adds a condition, "also turn on
//! the porch light" adds a step, "at 40% instead" changes a level.
//!
//! The follow-up is read with the same engine as a request (slots, names, clauses); what it
//! names replaces the matching part of the automation, or joins it when it says "also".

use homeai_automation_model::{
    ActionKind, Automation, ConditionKind, ServiceData, TimeAt, TimeOfDay, TriggerKind, Weekday,
};
use serde_json::json;

use crate::clarify::Bindings;
use crate::parts::{ConditionPart, Parts, TriggerPart};
use crate::resolve::Index;
use crate::slots::{SlotKind, Tagger};
use crate::text::tokenize;
use crate::understand::understand;
use crate::{build, describe};

/// What a follow-up did.
#[derive(Debug, Clone, PartialEq)]
pub enum FollowUp {
    /// The edited automation and each change in words.
    Edited(Box<Automation>, Vec<String>),
    /// Nothing in it applies to the automation.
    NotAnEdit,
}

fn adds(words: &[String]) -> bool {
    words
        .iter()
        .any(|w| matches!(w.as_str(), "also" | "too" | "additionally" | "plus" | "and"))
}

fn weekday_condition(a: &Automation) -> Option<(usize, Vec<Weekday>)> {
    a.conditions
        .iter()
        .enumerate()
        .find_map(|(i, c)| match &c.kind {
            ConditionKind::Time(t)
                if !t.weekday.is_empty() && t.after.is_none() && t.before.is_none() =>
            {
                Some((i, t.weekday.clone()))
            }
            _ => None,
        })
}

/// Edits `current` with a follow-up.
pub(crate) fn follow_up(
    home: &crate::home::Home,
    index: &Index,
    current: &Automation,
    text: &str,
) -> FollowUp {
    let toks = tokenize(text);
    let words: Vec<String> = toks.iter().map(|t| t.raw.clone()).collect();
    let also = adds(&words);
    let (_, slots) = Tagger::new(&toks).run();
    let u = understand(home, index, text, &Bindings::default());
    let parts = u.parts;
    let mut next = current.clone();
    let mut changes = Vec::new();

    // when: a new time / sun event / repeat
    let new_triggers: Vec<&TriggerPart> = parts
        .triggers
        .iter()
        .filter(|t| {
            matches!(
                t,
                TriggerPart::Time(_) | TriggerPart::Sun(..) | TriggerPart::Every(..)
            )
        })
        .collect();
    let bare_hour = bare_hour(&words);
    if !new_triggers.is_empty() || !parts.triggers.is_empty() {
        let built = build::automation(&parts, String::new(), String::new());
        if also {
            next.triggers.extend(built.triggers);
            changes.push("added a trigger".to_owned());
        } else {
            next.triggers = built.triggers;
            changes.push(format!(
                "now {}",
                parts
                    .triggers
                    .iter()
                    .map(|t| describe::trigger(home, t))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ));
        }
    } else if let Some(hour) = bare_hour {
        // "make it 8 instead": the hour of the time trigger, keeping its half of the day
        for t in &mut next.triggers {
            if let TriggerKind::Time(tt) = &mut t.kind {
                for at in &mut tt.at {
                    if let TimeAt::Time(old) = at {
                        let h = if old.hour() >= 12 && hour < 12 {
                            hour + 12
                        } else {
                            hour
                        };
                        if let Some(new) = TimeOfDay::new(h, 0, 0) {
                            *at = TimeAt::Time(new);
                            changes.push(format!("now at {new}"));
                        }
                    }
                }
            }
        }
    }

    // days
    for s in &slots {
        if let SlotKind::Weekdays(days) = &s.kind {
            let existing = weekday_condition(&next);
            let mut set: Vec<Weekday> = match (&existing, also) {
                (Some((_, old)), true) => old.iter().chain(days).copied().collect(),
                (None, true) => Weekday::ALL.to_vec(),
                _ => days.clone(),
            };
            set.sort_by_key(|d| Weekday::ALL.iter().position(|x| x == d));
            set.dedup();
            if let Some((i, _)) = existing {
                next.conditions.remove(i);
            }
            if set.len() < 7 {
                let p = Parts {
                    conditions: vec![ConditionPart::Weekdays(set.clone())],
                    ..Parts::default()
                };
                next.conditions
                    .extend(build::automation(&p, String::new(), String::new()).conditions);
                changes.push(format!(
                    "on {}",
                    set.iter()
                        .map(|d| d.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            } else {
                changes.push("every day".to_owned());
            }
        }
    }

    // other conditions
    let others: Vec<ConditionPart> = parts
        .conditions
        .iter()
        .filter(|c| !matches!(c, ConditionPart::Weekdays(_)))
        .cloned()
        .collect();
    if !others.is_empty() {
        let p = Parts {
            conditions: others,
            ..Parts::default()
        };
        for c in build::automation(&p, String::new(), String::new()).conditions {
            if !next.conditions.contains(&c) {
                next.conditions.push(c);
            }
        }
        changes.push("added a condition".to_owned());
    }

    // steps: new ones, or new values for the existing ones
    if !parts.steps.is_empty() {
        let built = build::automation(&parts, String::new(), String::new());
        if also {
            next.actions.extend(built.actions);
            changes.push("added a step".to_owned());
        } else {
            next.actions = built.actions;
            changes.push("replaced the steps".to_owned());
        }
    } else {
        for s in &slots {
            let (key, value) = match &s.kind {
                SlotKind::Percent(p) => ("%", json!(p)),
                SlotKind::Degrees(d) => ("temperature", json!(d)),
                SlotKind::Color(c) => ("color_name", json!(c)),
                SlotKind::Kelvin(k) => ("color_temp_kelvin", json!(k)),
                _ => continue,
            };
            for a in &mut next.actions {
                let ActionKind::Call(call) = &mut a.kind else {
                    continue;
                };
                let domain = call.action.split('.').next().unwrap_or_default().to_owned();
                let (field, v) = match (key, domain.as_str()) {
                    ("%", "light") => ("brightness_pct", value.clone()),
                    ("%", "cover") => ("position", value.clone()),
                    ("%", "media_player") => {
                        ("volume_level", json!(value.as_f64().unwrap_or(0.0) / 100.0))
                    }
                    ("temperature", "climate") => ("temperature", value.clone()),
                    ("color_name" | "color_temp_kelvin", "light") => (key, value.clone()),
                    _ => continue,
                };
                if call.action.ends_with("turn_off") {
                    continue;
                }
                let mut data = match call.data.take() {
                    Some(ServiceData::Fields(f)) => f,
                    _ => serde_json::Map::new(),
                };
                if field == "position" {
                    call.action = "cover.set_cover_position".into();
                }
                data.insert(field.to_owned(), v);
                call.data = Some(ServiceData::Fields(data));
                changes.push(format!("{field} now {value}"));
            }
        }
    }

    if changes.is_empty() || next == *current {
        return FollowUp::NotAnEdit;
    }
    FollowUp::Edited(Box::new(next), changes)
}

/// "make it 8", "change it to 7", "8 instead": an hour alone.
fn bare_hour(words: &[String]) -> Option<u8> {
    let cue = words
        .iter()
        .any(|w| matches!(w.as_str(), "make" | "change" | "instead" | "move" | "at"));
    if !cue {
        return None;
    }
    words.iter().find_map(|w| {
        let n: u8 = w
            .parse()
            .ok()
            .or_else(|| crate::numbers::word_number(w).and_then(|n| u8::try_from(n).ok()))?;
        (n <= 23).then_some(n)
    })
}
