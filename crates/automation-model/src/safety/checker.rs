//! The checks themselves, one method a finding code (see the module doc of `safety`): each
//! looks at the calls or the triggers and pushes its findings with their penalty.

use super::calls::{Call, resulting_state};
use super::report::{Finding, SafetySettings, Severity};
use super::triggers::{Watched, pattern_period, unwatched_triggers, watched_entities};
use super::values::{domain_of, number};
use crate::model::*;

/// One run of the checks over one automation: what it looks at and what it found.
pub(super) struct Checker<'a> {
    automation: &'a Automation,
    settings: &'a SafetySettings,
    pub(super) findings: Vec<Finding>,
    unwatched: Vec<(String, String)>,
    watched_entities: Vec<Watched>,
}

impl<'a> Checker<'a> {
    pub(super) fn new(automation: &'a Automation, settings: &'a SafetySettings) -> Self {
        Self {
            automation,
            settings,
            findings: Vec::new(),
            unwatched: unwatched_triggers(&automation.triggers),
            watched_entities: watched_entities(&automation.triggers),
        }
    }

    fn push(&mut self, code: &'static str, severity: Severity, penalty: u8, path: &str, m: String) {
        self.findings.push(Finding {
            code,
            severity,
            message: m,
            path: path.to_owned(),
            penalty,
        });
    }

    fn is_garage(&self, entity_id: &str) -> bool {
        domain_of(entity_id) == "cover"
            && (entity_id.contains("garage")
                || entity_id.contains("gate")
                || self.settings.garage_doors.iter().any(|g| g == entity_id))
    }

    /// What a call opens, unlocks or disarms, in words; `None` when it does none of these.
    fn opens(&self, call: &Call<'_>) -> Option<String> {
        let (domain, name) = call.service.split_once('.').unwrap_or_default();
        let listed = |pred: &dyn Fn(&str) -> bool| -> Vec<&str> {
            call.entities.iter().copied().filter(|e| pred(e)).collect()
        };
        let describe = |what: &str, ids: Vec<&str>| {
            if ids.is_empty() {
                what.to_owned()
            } else {
                format!("{what} {}", ids.join(", "))
            }
        };
        match (domain, name) {
            ("lock", "unlock" | "open") => Some(describe("unlocks", call.entities.clone())),
            ("alarm_control_panel", "alarm_disarm" | "disarm") => {
                Some(describe("disarms", call.entities.clone()))
            }
            ("cover", "open_cover" | "toggle" | "set_cover_position" | "open") => {
                let position = call.data.and_then(|d| d.get("position")).and_then(number);
                if name == "set_cover_position" && position.is_some_and(|p| p <= 0.0) {
                    return None;
                }
                let garages = listed(&|e| self.is_garage(e));
                (!garages.is_empty()).then(|| describe("opens", garages))
            }
            ("homeassistant", "turn_off" | "toggle") => {
                let locks = listed(&|e| domain_of(e) == "lock");
                (!locks.is_empty()).then(|| describe("unlocks", locks))
            }
            ("homeassistant", "turn_on") => {
                let garages = listed(&|e| self.is_garage(e));
                (!garages.is_empty()).then(|| describe("opens", garages))
            }
            _ => None,
        }
    }

    pub(super) fn security(&mut self, call: &Call<'_>) {
        if call.guarded || self.unwatched.is_empty() {
            return;
        }
        let Some(what) = self.opens(call) else {
            return;
        };
        let (trigger_path, trigger_words) = &self.unwatched[0];
        let message = format!(
            "this step {what} after {trigger_words} ({trigger_path}), which no person is \
             behind, and nothing checks that someone is home; add a condition such as \
             `condition: state, entity_id: person.<name>, state: \"home\"`, or trigger it from \
             a person (a tag, a button, arriving home)"
        );
        let path = call.path.clone();
        self.push(
            "unwatched_security_action",
            Severity::Critical,
            45,
            &path,
            message,
        );
    }

    pub(super) fn climate(&mut self, call: &Call<'_>) {
        let (domain, name) = call.service.split_once('.').unwrap_or_default();
        if domain != "climate" || !matches!(name, "set_temperature") {
            return;
        }
        let Some(data) = call.data else {
            return;
        };
        for key in ["temperature", "target_temp_high", "target_temp_low"] {
            let Some(value) = data.get(key).and_then(number) else {
                continue;
            };
            let celsius = (10.0..=30.0).contains(&value);
            let fahrenheit = (50.0..=86.0).contains(&value);
            if !celsius && !fahrenheit {
                let path = format!("{}.data.{key}", call.path);
                self.push(
                    "climate_out_of_range",
                    Severity::Critical,
                    30,
                    &path,
                    format!(
                        "sets the thermostat to {value}, outside the sane range of 10–30 °C \
                         (50–86 °F); choose a setpoint in that range"
                    ),
                );
            }
        }
    }

    pub(super) fn retrigger(&mut self, call: &Call<'_>) {
        let result = resulting_state(&call.service);
        let mut hits = Vec::new();
        for watched in &self.watched_entities {
            if !call.entities.contains(&watched.entity_id.as_str()) {
                continue;
            }
            let fires = match (&watched.to, result) {
                (None, Some(states)) => {
                    !states.iter().all(|s| watched.not_to.iter().any(|n| n == s))
                }
                (None, None) => true,
                (Some(to), Some(states)) => states.iter().any(|s| to.iter().any(|t| t == s)),
                (Some(_), None) => true,
            };
            if fires {
                hits.push((watched.entity_id.clone(), watched.path.clone()));
            }
        }
        hits.dedup();
        for (entity, trigger_path) in hits {
            let message = format!(
                "this step changes {entity}, which {trigger_path} watches, so the automation can \
                 set itself off again (a loop); narrow the trigger with `to:`/`from:`, or act on \
                 a different entity"
            );
            let path = call.path.clone();
            self.push("self_retrigger", Severity::Warning, 30, &path, message);
        }
    }

    pub(super) fn night(&mut self, calls: &[Call<'_>]) {
        const LOUD: [&str; 9] = [
            "light",
            "media_player",
            "cover",
            "switch",
            "fan",
            "siren",
            "vacuum",
            "tts",
            "climate",
        ];
        for (i, trigger) in self.automation.triggers.iter().enumerate() {
            if trigger.enabled == Some(false) {
                continue;
            }
            let at_night = match &trigger.kind {
                TriggerKind::Time(t) => t.at.iter().find_map(|at| match at {
                    TimeAt::Time(time) if time.hour() < 5 => Some(time.to_string()),
                    _ => None,
                }),
                TriggerKind::TimePattern(p) => match &p.hours {
                    Some(PatternValue::Number(h)) if (0..5).contains(h) => {
                        Some(format!("{h:02}:xx"))
                    }
                    Some(PatternValue::Text(t)) => match t.trim().parse::<i64>() {
                        Ok(h) if (0..5).contains(&h) => Some(format!("{h:02}:xx")),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            };
            let Some(when) = at_night else {
                continue;
            };
            let acted: Vec<String> = {
                let mut domains: Vec<String> = Vec::new();
                for call in calls {
                    let service_domain = call.service.split('.').next().unwrap_or_default();
                    let mut ds: Vec<&str> = call.entities.iter().map(|e| domain_of(e)).collect();
                    ds.push(service_domain);
                    for d in ds {
                        if LOUD.contains(&d) && !domains.iter().any(|x| x == d) {
                            domains.push(d.to_owned());
                        }
                    }
                }
                domains
            };
            if acted.is_empty() {
                continue;
            }
            let path = format!("triggers[{i}]");
            self.push(
                "night_time_action",
                Severity::Warning,
                10,
                &path,
                format!(
                    "runs at {when}, in the middle of the night, and acts on {}; make sure that \
                     is meant, or move it to after 05:00",
                    acted.join(", ")
                ),
            );
        }
    }

    pub(super) fn time_patterns(&mut self) {
        for (i, trigger) in self.automation.triggers.iter().enumerate() {
            if trigger.enabled == Some(false) {
                continue;
            }
            let TriggerKind::TimePattern(p) = &trigger.kind else {
                continue;
            };
            let Some(period) = pattern_period(p) else {
                continue;
            };
            let path = format!("triggers[{i}]");
            if period < 60 {
                let every = if period == 1 {
                    "every second".to_owned()
                } else {
                    format!("every {period} seconds")
                };
                self.push(
                    "high_frequency_time_pattern",
                    Severity::Critical,
                    35,
                    &path,
                    format!(
                        "the time pattern fires {every} ({} times a day); trigger on the state \
                         that matters instead, or use `minutes: \"/5\"` or slower",
                        86_400 / period
                    ),
                );
            } else if period == 60 {
                self.push(
                    "high_frequency_time_pattern",
                    Severity::Warning,
                    20,
                    &path,
                    "the time pattern fires every minute (1440 times a day); trigger on the \
                     state that matters instead, or use `minutes: \"/5\"` or slower"
                        .to_owned(),
                );
            }
        }
    }
}
