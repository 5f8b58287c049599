//! Whether the automation holds what each slot of the request says (a duration, a setting, a
//! threshold, a message), what a slot was read as in words (`at 20:30`), and every id an
//! automation uses: what `coverage` asks about when something is left over.

use super::*;
use crate::describe::{duration, hh_mm, plural};

pub(super) fn slot_part(s: &Slot) -> Option<String> {
    Some(match &s.kind {
        SlotKind::At(t) => format!("at {}", hh_mm(*t)),
        SlotKind::After(t) => format!("after {}", hh_mm(*t)),
        SlotKind::Before(t) => format!("before {}", hh_mm(*t)),
        SlotKind::SunAt(ev, 0) => format!("at {}", ev.as_str()),
        SlotKind::SunAt(ev, off) if *off < 0 => {
            format!("{} before {}", duration(-off), ev.as_str())
        }
        SlotKind::SunAt(ev, off) => format!("{} after {}", duration(*off), ev.as_str()),
        SlotKind::SunAfter(ev) => format!("after {}", ev.as_str()),
        SlotKind::SunBefore(ev) => format!("before {}", ev.as_str()),
        SlotKind::Dark => "while the sun is down".to_owned(),
        SlotKind::Daylight => "while the sun is up".to_owned(),
        SlotKind::Weekdays(d) => format!("on {d:?}").to_lowercase(),
        SlotKind::Every(h, m) => match (h, m) {
            (Some(h), _) => format!("every {}", plural(i64::from(*h), "hour")),
            (None, Some(m)) => format!("every {}", plural(i64::from(*m), "minute")),
            (None, None) => return None,
        },
        SlotKind::For(secs) => format!("for {}", duration(*secs)),
        SlotKind::Later(secs) => format!("after {}", duration(*secs)),
        SlotKind::Threshold { above, below, .. } => match (above, below) {
            (Some(a), Some(b)) => format!("between {a} and {b}"),
            (Some(a), None) => format!("above {a}"),
            (None, Some(b)) => format!("below {b}"),
            (None, None) => return None,
        },
        SlotKind::Percent(p) => format!("{p} %"),
        SlotKind::Kelvin(k) => format!("{k} K"),
        SlotKind::Degrees(d) => format!("{d} degrees"),
        SlotKind::Color(c) => format!("colour {c}"),
        SlotKind::Halfway => "position 50".to_owned(),
        SlotKind::Message(m) => format!("message \"{m}\""),
        SlotKind::VagueThreshold(..) | SlotKind::VagueTime(_) => return None,
    })
}

/// Every duration the automation holds: trigger `for`s, sun offsets and delays.
fn durations(parts: &Parts) -> Vec<i64> {
    let mut out = Vec::new();
    // with branches, `triggers` holds every branch's too
    for t in &parts.triggers {
        match t {
            TriggerPart::Sun(_, off) => out.push(off.abs()),
            TriggerPart::State { for_: Some(d), .. }
            | TriggerPart::Numeric { for_: Some(d), .. } => out.push(*d),
            _ => {}
        }
    }
    for s in parts.all_steps() {
        if let StepPart::Delay(d) = s {
            out.push(*d);
        }
    }
    out
}

/// Every number of the automation's service data.
fn data_numbers(parts: &Parts) -> Vec<f64> {
    parts
        .all_steps()
        .filter_map(|s| match s {
            StepPart::Call { data, .. } => {
                Some(data.values().filter_map(serde_json::Value::as_f64))
            }
            StepPart::Delay(_) => None,
        })
        .flatten()
        .collect()
}

/// Whether the automation holds what a slot says (a duration, a setting).
pub(super) fn slot_in(s: &Slot, parts: &Parts) -> bool {
    let near = |a: f64, b: f64| (a - b).abs() < 1e-6;
    match &s.kind {
        SlotKind::For(d) | SlotKind::Later(d) => durations(parts).contains(d),
        SlotKind::Percent(p) => data_numbers(parts)
            .iter()
            .any(|v| near(*v, *p) || near(*v, p / 100.0) || near(*v, p * 2.55)),
        SlotKind::Degrees(d) => {
            data_numbers(parts).iter().any(|v| near(*v, *d)) || has_threshold(parts)
        }
        // a threshold said is one the automation watches ("… and off when below 23")
        SlotKind::Threshold { above, below, .. } => {
            let holds = |a: &Option<f64>, b: &Option<f64>| {
                above.is_none_or(|x| a.is_some_and(|y| near(x, y)))
                    && below.is_none_or(|x| b.is_some_and(|y| near(x, y)))
            };
            parts.triggers.iter().any(|t| {
                matches!(t, TriggerPart::Numeric { above: a, below: b, .. } if holds(a, b))
            }) || parts.conditions.iter().any(|c| {
                matches!(c, crate::parts::ConditionPart::Numeric { above: a, below: b, .. } if holds(a, b))
            }) || parts.branches.iter().any(|(ts, _)| {
                ts.iter().any(|t| {
                    matches!(t, TriggerPart::Numeric { above: a, below: b, .. } if holds(a, b))
                })
            })
        }
        // a message needs a notification to say it
        SlotKind::Message(_) => parts
            .all_steps()
            .any(|s| matches!(s, StepPart::Call { service, .. } if service.starts_with("notify."))),
        _ => true,
    }
}

fn has_threshold(parts: &Parts) -> bool {
    parts
        .triggers
        .iter()
        .any(|t| matches!(t, TriggerPart::Numeric { .. }))
        || parts
            .conditions
            .iter()
            .any(|c| matches!(c, crate::parts::ConditionPart::Numeric { .. }))
}

/// Every entity, area, person and service an automation uses (`all` for an all-entities
/// target).
pub(super) fn used_ids(parts: &Parts) -> Vec<String> {
    use crate::parts::{ConditionPart, TargetPart};
    let mut out = Vec::new();
    for t in &parts.triggers {
        if let TriggerPart::State { entity, .. } | TriggerPart::Numeric { entity, .. } = t {
            out.push(entity.clone());
        }
    }
    for c in &parts.conditions {
        match c {
            ConditionPart::State { entity, .. } | ConditionPart::Numeric { entity, .. } => {
                out.push(entity.clone())
            }
            ConditionPart::AnyHome(ps) => out.extend(ps.iter().cloned()),
            _ => {}
        }
    }
    for s in parts.all_steps() {
        if let StepPart::Call {
            service, target, ..
        } = s
        {
            out.push(service.clone());
            match target {
                TargetPart::Entities(ids) => out.extend(ids.iter().cloned()),
                TargetPart::Area(a, ids) => {
                    out.push(a.clone());
                    out.extend(ids.iter().cloned());
                }
                TargetPart::All(_) => out.push("all".to_owned()),
                TargetPart::None => {}
            }
        }
    }
    out
}
