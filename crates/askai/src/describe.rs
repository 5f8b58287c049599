//! Plain-English descriptions of what was understood: the automation's explanation, its alias,
//! and the text of its notifications.

use homeai_automation_model::{SunEvent, Weekday};

use crate::home::Home;
use crate::parts::{ConditionPart, Parts, StepPart, TargetPart, TriggerPart};

fn name(home: &Home, id: &str) -> String {
    home.entity(id)
        .map(|e| e.name.clone())
        .or_else(|| {
            home.persons
                .iter()
                .find(|p| p.entity_id == id)
                .map(|p| p.name.clone())
        })
        .unwrap_or_else(|| id.to_owned())
}

/// "07:30" (the seconds of a spoken time are always zero).
pub(crate) fn hh_mm(t: homeai_automation_model::TimeOfDay) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// "1 hour", "15 minutes", "90 seconds".
pub(crate) fn duration(secs: i64) -> String {
    let secs = secs.abs();
    if secs % 3600 == 0 && secs > 0 {
        plural(secs / 3600, "hour")
    } else if secs % 60 == 0 {
        plural(secs / 60, "minute")
    } else {
        plural(secs, "second")
    }
}

/// "1 minute", "2 minutes".
pub(crate) fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

fn state_phrase(state: &str, entity: &str) -> String {
    let domain = entity.split('.').next().unwrap_or_default();
    match (domain, state) {
        ("person", "home") => "arrives home".into(),
        ("person", "not_home") => "leaves home".into(),
        ("binary_sensor", "on") => "opens or detects something".into(),
        ("binary_sensor", "off") => "closes or clears".into(),
        (_, "on") => "turns on".into(),
        (_, "off") => "turns off".into(),
        (_, "playing") => "starts playing".into(),
        (_, "paused") => "is paused".into(),
        (_, s @ ("locked" | "unlocked" | "open" | "closed")) => format!("is {s}"),
        (_, s) => format!("becomes {}", s.replace('_', " ")),
    }
}

fn binary_phrase(home: &Home, entity: &str, state: &str) -> String {
    let class = home
        .entity(entity)
        .and_then(|e| e.device_class.clone())
        .unwrap_or_default();
    match (class.as_str(), state) {
        ("motion" | "occupancy" | "presence", "on") => "detects motion".into(),
        ("motion" | "occupancy" | "presence", "off") => "detects no motion".into(),
        ("door" | "window" | "garage_door" | "opening", "on") => "opens".into(),
        ("door" | "window" | "garage_door" | "opening", "off") => "closes".into(),
        _ => state_phrase(state, entity),
    }
}

pub fn trigger(home: &Home, t: &TriggerPart) -> String {
    match t {
        TriggerPart::Time(at) => format!("at {}", hh_mm(*at)),
        TriggerPart::Sun(ev, 0) => format!("at {}", ev.as_str()),
        TriggerPart::Sun(ev, off) => {
            format!(
                "{} {} {}",
                duration(*off),
                if *off < 0 { "before" } else { "after" },
                ev.as_str()
            )
        }
        TriggerPart::Every(Some(h), _) => format!("every {}", duration(i64::from(*h) * 3600)),
        TriggerPart::Every(_, m) => format!("every {}", duration(i64::from(m.unwrap_or(1)) * 60)),
        TriggerPart::State { entity, to, for_ } => {
            let phrase = if entity.starts_with("binary_sensor.") {
                binary_phrase(home, entity, to)
            } else {
                state_phrase(to, entity)
            };
            let held = for_
                .map(|d| format!(" for {}", duration(d)))
                .unwrap_or_default();
            format!("when {} {phrase}{held}", name(home, entity))
        }
        TriggerPart::Numeric {
            entity,
            above,
            below,
            for_,
        } => {
            let unit = home
                .entity(entity)
                .and_then(|e| e.unit_of_measurement.clone())
                .unwrap_or_default();
            let range = match (above, below) {
                (Some(a), Some(b)) => format!("is between {a} and {b} {unit}"),
                (Some(a), None) => format!("rises above {a} {unit}"),
                (None, Some(b)) => format!("drops below {b} {unit}"),
                (None, None) => "changes".into(),
            };
            let held = for_
                .map(|d| format!(" for {}", duration(d)))
                .unwrap_or_default();
            format!("when {} {}{held}", name(home, entity), range.trim_end())
        }
    }
}

fn days(d: &[Weekday]) -> String {
    let names: Vec<&str> = d.iter().map(|w| w.as_str()).collect();
    match names.as_slice() {
        ["mon", "tue", "wed", "thu", "fri"] => "on weekdays".into(),
        ["sat", "sun"] => "at weekends".into(),
        _ => format!("on {}", names.join(", ")),
    }
}

pub fn condition(home: &Home, c: &ConditionPart) -> String {
    match c {
        ConditionPart::State { entity, state } => {
            format!("{} is {}", name(home, entity), state.replace('_', " "))
        }
        ConditionPart::Numeric {
            entity,
            above,
            below,
        } => match (above, below) {
            (Some(a), Some(b)) => format!("{} is between {a} and {b}", name(home, entity)),
            (Some(a), None) => format!("{} is above {a}", name(home, entity)),
            (None, Some(b)) => format!("{} is below {b}", name(home, entity)),
            (None, None) => name(home, entity),
        },
        ConditionPart::After(t) => format!("it is after {}", hh_mm(*t)),
        ConditionPart::Before(t) => format!("it is before {}", hh_mm(*t)),
        ConditionPart::Weekdays(d) => days(d),
        ConditionPart::SunDown => "it is dark".into(),
        ConditionPart::SunUp => "it is daylight".into(),
        ConditionPart::SunAfter(ev) => format!("it is after {}", ev.as_str()),
        ConditionPart::SunBefore(ev) => format!("it is before {}", ev.as_str()),
        ConditionPart::AnyHome(_) => "someone is home".into(),
    }
}

fn target(home: &Home, t: &TargetPart) -> String {
    match t {
        TargetPart::Entities(ids) => ids
            .iter()
            .map(|id| name(home, id))
            .collect::<Vec<_>>()
            .join(", "),
        TargetPart::Area(a, _) => format!(
            "the {} lights",
            home.area(a).map_or(a.as_str(), |x| x.name.as_str())
        ),
        TargetPart::All(domain) => format!("all {}", kind_plural(domain)),
        TargetPart::None => String::new(),
    }
}

pub fn step(home: &Home, s: &StepPart) -> String {
    match s {
        StepPart::Delay(d) => format!("wait {}", duration(*d)),
        StepPart::Call {
            service,
            target: t,
            data,
        } => {
            if let Some(who) = service.strip_prefix("notify.") {
                let person = home
                    .services
                    .iter()
                    .find(|x| x.service == *service)
                    .and_then(|x| x.name.clone());
                return format!(
                    "send a notification to {}",
                    person.unwrap_or_else(|| who.to_owned())
                );
            }
            let name = service.split('.').nth(1).unwrap_or_default();
            if name == "select_source"
                && let Some(src) = data.get("source").and_then(|v| v.as_str())
            {
                return format!("switch {} to {src}", target(home, t));
            }
            // "set Living Room Thermostat to heat mode", "… to the eco preset"
            for (svc, key, what) in [
                ("set_hvac_mode", "hvac_mode", "mode"),
                ("set_preset_mode", "preset_mode", "preset"),
            ] {
                if name == svc
                    && let Some(m) = data.get(key).and_then(|v| v.as_str())
                {
                    return format!("set {} to {m} {what}", target(home, t));
                }
            }
            let verb = match name {
                "open_cover" => "open".to_owned(),
                "close_cover" => "close".to_owned(),
                "stop_cover" => "stop".to_owned(),
                "set_cover_position" => "set the position of".to_owned(),
                "set_temperature" => "set".to_owned(),
                "volume_set" => "set the volume of".to_owned(),
                "volume_mute" => "mute".to_owned(),
                "media_pause" => "pause".to_owned(),
                "media_play" => "play".to_owned(),
                "media_stop" => "stop".to_owned(),
                "media_next_track" => "skip a track on".to_owned(),
                other => other.replace('_', " "),
            };
            let extra: Vec<String> = data
                .iter()
                .map(|(k, v)| format!("{} {v}", k.replace('_', " ")))
                .collect();
            let extra = if extra.is_empty() {
                String::new()
            } else {
                format!(" ({})", extra.join(", "))
            };
            format!("{verb} {}{extra}", target(home, t))
        }
    }
}

/// "At 06:45 on weekdays: turn on Coffee Maker."
pub fn explain(home: &Home, p: &Parts) -> String {
    if !p.branches.is_empty() {
        let parts: Vec<String> = p
            .branches
            .iter()
            .map(|(times, steps)| {
                let when: Vec<String> = times.iter().map(|t| trigger(home, t)).collect();
                let what: Vec<String> = steps.iter().map(|s| step(home, s)).collect();
                format!("{}: {}", when.join(" or "), what.join(", then "))
            })
            .collect();
        let out = format!("{}.", parts.join("; "));
        let mut chars = out.chars();
        return chars
            .next()
            .map_or(out.clone(), |f| f.to_uppercase().chain(chars).collect());
    }
    let triggers: Vec<String> = p.triggers.iter().map(|t| trigger(home, t)).collect();
    let conditions: Vec<String> = p.conditions.iter().map(|c| condition(home, c)).collect();
    let steps: Vec<String> = p.steps.iter().map(|s| step(home, s)).collect();
    let mut out = triggers.join(" or ");
    if !conditions.is_empty() {
        out.push_str(&format!(", if {}", conditions.join(" and ")));
    }
    out.push_str(&format!(": {}.", steps.join(", then ")));
    let mut chars = out.chars();
    chars
        .next()
        .map_or(out.clone(), |f| f.to_uppercase().chain(chars).collect())
}

/// A short title: what is done and when.
pub fn alias(home: &Home, p: &Parts) -> String {
    let what = p.all_steps().find_map(|s| match s {
        StepPart::Call { .. } => Some(step(home, s)),
        StepPart::Delay(_) => None,
    });
    let when = p
        .triggers
        .first()
        .map(|t| trigger(home, t))
        .unwrap_or_default();
    let mut a = format!("{} {when}", what.unwrap_or_default());
    a = a.trim().to_owned();
    let mut chars = a.chars();
    let a: String = chars
        .next()
        .map_or(String::new(), |f| f.to_uppercase().chain(chars).collect());
    a.chars().take(100).collect()
}

/// The text of a notification: what happened.
pub fn message(home: &Home, p: &Parts) -> String {
    let what = p
        .triggers
        .first()
        .map(|t| trigger(home, t))
        .unwrap_or_else(|| "Something happened".into());
    let what = what.strip_prefix("when ").unwrap_or(&what).to_owned();
    let _ = SunEvent::Sunset;
    let mut chars = what.chars();
    chars
        .next()
        .map_or(String::new(), |f| f.to_uppercase().chain(chars).collect())
}

/// A domain's things in the plural, for people ("media players").
pub fn kind_plural(domain: &str) -> String {
    match domain {
        "switch" => "switches".to_owned(),
        "media_player" => "media players".to_owned(),
        "input_boolean" => "toggles".to_owned(),
        d => format!("{}s", d.replace('_', " ")),
    }
}
