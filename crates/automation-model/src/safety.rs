//! The safety check: a score from 0 to 100 and named findings for automations that could do
//! harm or annoy, each with its path and what to change.
//!
//! What is checked (codes as in [`Finding::code`]):
//! * `unwatched_security_action`: a lock unlocked or opened, a garage door opened or an alarm
//!   disarmed after a trigger no person is behind (a time, the sun, a sensor's state), with no
//!   condition that someone is home;
//! * `climate_out_of_range`: a thermostat set outside 10–30 °C (50–86 °F);
//! * `night_time_action`: a time trigger between 00:00 and 05:00 that switches lights, media,
//!   covers, … (a warning: it may be meant);
//! * `self_retrigger`: an action changes an entity a trigger watches, so the automation can set
//!   itself off again;
//! * `high_frequency_time_pattern`: a time pattern that fires every minute or more often.
//!
//! The score starts at 100 and each finding takes off its penalty; an automation passes when
//! the score reaches [`SafetySettings::minimum_score`].

use serde::Serialize;
use serde_json::Value;

use crate::model::*;

/// How strict the check is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SafetySettings {
    /// The lowest score that passes (0–100; 60 by default).
    pub minimum_score: u8,
    /// Covers known to be garage doors or gates although their id does not say so (from the
    /// registry's device class); ids with `garage` in them are always taken for one.
    pub garage_doors: Vec<String>,
}

impl Default for SafetySettings {
    fn default() -> Self {
        Self {
            minimum_score: 60,
            garage_doors: Vec::new(),
        }
    }
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

/// One risk found in an automation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// `unwatched_security_action`, `climate_out_of_range`, `night_time_action`,
    /// `self_retrigger`, `high_frequency_time_pattern`.
    pub code: &'static str,
    pub severity: Severity,
    /// What is risky and what to do about it.
    pub message: String,
    /// Where: `actions[2].target`, `triggers[0]`.
    pub path: String,
    /// Points this finding takes off the score.
    pub penalty: u8,
}

/// The outcome of [`safety_report`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SafetyReport {
    /// 100 with no findings; each finding takes off its penalty (never below 0).
    pub score: u8,
    pub findings: Vec<Finding>,
    /// `score >= minimum_score`.
    pub passed: bool,
    pub minimum_score: u8,
}

/// Checks an automation against the rules in this module's documentation.
pub fn safety_report(automation: &Automation, settings: &SafetySettings) -> SafetyReport {
    let mut check = Checker {
        automation,
        settings,
        findings: Vec::new(),
        unwatched: unwatched_triggers(&automation.triggers),
        watched_entities: watched_entities(&automation.triggers),
    };
    let guarded = automation.conditions.iter().any(person_home);
    let mut calls = Vec::new();
    collect_calls(&automation.actions, "actions", guarded, &mut calls);
    for call in &calls {
        check.security(call);
        check.climate(call);
        check.retrigger(call);
    }
    check.night(&calls);
    check.time_patterns();

    let lost: u32 = check.findings.iter().map(|f| u32::from(f.penalty)).sum();
    let score = u8::try_from(100u32.saturating_sub(lost)).unwrap_or(0);
    SafetyReport {
        score,
        passed: score >= settings.minimum_score,
        minimum_score: settings.minimum_score,
        findings: check.findings,
    }
}

/// One step that changes something: a call, or a device action seen as one.
struct Call<'a> {
    path: String,
    /// `light.turn_on`; a device action as `<domain>.<type>`.
    service: String,
    entities: Vec<&'a str>,
    data: Option<&'a Fields>,
    /// Whether a condition that someone is home must hold before this step runs.
    guarded: bool,
}

fn collect_calls<'a>(actions: &'a [Action], path: &str, guarded: bool, out: &mut Vec<Call<'a>>) {
    let mut guarded = guarded;
    for (i, action) in actions.iter().enumerate() {
        if action.enabled == Some(false) {
            continue;
        }
        let here = format!("{path}[{i}]");
        match &action.kind {
            ActionKind::Call(call) => {
                let mut entities = Vec::new();
                if let Some(Target::Ids(ids)) = &call.target {
                    entities.extend(ids.entity_id.iter().map(String::as_str));
                }
                let data = match &call.data {
                    Some(ServiceData::Fields(f)) => Some(f),
                    _ => None,
                };
                if let Some(ids) = data.and_then(|d| d.get("entity_id")) {
                    entities.extend(strings(ids));
                }
                out.push(Call {
                    path: here,
                    service: call.action.trim().to_ascii_lowercase(),
                    entities,
                    data,
                    guarded,
                });
            }
            ActionKind::Device(device) => {
                let kind = device
                    .fields
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let entities = device
                    .fields
                    .get("entity_id")
                    .map(strings)
                    .unwrap_or_default();
                out.push(Call {
                    path: here,
                    service: format!("{}.{kind}", device.domain).to_ascii_lowercase(),
                    entities,
                    data: Some(&device.fields),
                    guarded,
                });
            }
            // A failing condition step ends the run: what follows is guarded by it.
            ActionKind::Condition(kind) if person_home_kind(kind) => guarded = true,
            ActionKind::Choose(choose) => {
                for (j, option) in choose.options.iter().enumerate() {
                    let g = guarded || option.conditions.iter().any(person_home);
                    let p = format!("{here}.choose[{j}].sequence");
                    collect_calls(&option.sequence, &p, g, out);
                }
                collect_calls(&choose.default, &format!("{here}.default"), guarded, out);
            }
            ActionKind::If(branch) => {
                let g = guarded || branch.conditions.iter().any(person_home);
                collect_calls(&branch.then, &format!("{here}.then"), g, out);
                collect_calls(&branch.else_, &format!("{here}.else"), guarded, out);
            }
            ActionKind::Repeat(repeat) => {
                let p = format!("{here}.repeat.sequence");
                collect_calls(&repeat.sequence, &p, guarded, out);
            }
            ActionKind::Parallel(steps) => {
                collect_calls(steps, &format!("{here}.parallel"), guarded, out);
            }
            ActionKind::Sequence(steps) => {
                collect_calls(steps, &format!("{here}.sequence"), guarded, out);
            }
            _ => {}
        }
    }
}

/// The texts in a string or a list of strings.
fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn domain_of(entity_id: &str) -> &str {
    entity_id.split('.').next().unwrap_or_default()
}

/// Whether a condition says that someone is home (a person or tracker at `home`, `zone.home`
/// occupied, a zone condition on `zone.home`, or a template testing a person's state).
fn person_home(condition: &Condition) -> bool {
    condition.enabled != Some(false) && person_home_kind(&condition.kind)
}

fn person_home_kind(kind: &ConditionKind) -> bool {
    let presence = |id: &str| {
        matches!(domain_of(id), "person" | "device_tracker" | "group")
            || id.contains("presence")
            || id.contains("occupan")
            || id.contains("someone_home")
            || id.contains("anyone_home")
    };
    match kind {
        ConditionKind::State(s) => {
            s.entity_id.iter().any(|id| presence(id))
                && s.state
                    .iter()
                    .any(|st| matches!(st.as_str(), "home" | "on" | "true"))
        }
        ConditionKind::NumericState(n) => {
            n.entity_id.iter().any(|id| id == "zone.home")
                && matches!(n.above, Some(Threshold::Number(Number(v))) if v >= 0.0)
        }
        ConditionKind::Zone(z) => z.zone.iter().any(|id| id == "zone.home"),
        ConditionKind::Template(t) => {
            let text = t.value_template.replace(' ', "");
            (text.contains("person.") || text.contains("zone.home")) && text.contains("home")
        }
        ConditionKind::And(all) => all.iter().any(person_home),
        ConditionKind::Or(any) => !any.is_empty() && any.iter().all(person_home),
        _ => false,
    }
}

/// The triggers no person is behind: `(path, what it is, in words)`.
fn unwatched_triggers(triggers: &[Trigger]) -> Vec<(String, String)> {
    let person_entity = |id: &str| {
        matches!(
            domain_of(id),
            "person" | "device_tracker" | "input_button" | "button" | "event"
        )
    };
    let mut out = Vec::new();
    for (i, trigger) in triggers.iter().enumerate() {
        if trigger.enabled == Some(false) {
            continue;
        }
        let words = match &trigger.kind {
            TriggerKind::Tag(_) | TriggerKind::Conversation(_) | TriggerKind::Zone(_) => None,
            TriggerKind::State(s) if s.entity_id.iter().all(|id| person_entity(id)) => None,
            TriggerKind::Event(e)
                if e.event_type.iter().all(|t| {
                    t.contains("notification_action")
                        || t.contains("action_fired")
                        || t == "tag_scanned"
                }) =>
            {
                None
            }
            TriggerKind::Device(d) => {
                let kind = d
                    .fields
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let pressed = ["button", "press", "remote", "click", "tap"]
                    .iter()
                    .any(|w| kind.contains(w));
                (!pressed).then(|| format!("a `{kind}` device trigger"))
            }
            TriggerKind::State(s) => Some(format!("the state of {}", s.entity_id.join(", "))),
            TriggerKind::NumericState(n) => {
                Some(format!("the value of {}", n.entity_id.join(", ")))
            }
            TriggerKind::Time(_) => Some("a time of day".to_owned()),
            TriggerKind::TimePattern(_) => Some("a time pattern".to_owned()),
            TriggerKind::Sun(_) => Some("sunrise or sunset".to_owned()),
            other => Some(format!("a `{}` trigger", other.platform())),
        };
        if let Some(words) = words {
            out.push((format!("triggers[{i}]"), words));
        }
    }
    out
}

/// Entity ids the triggers watch, with the states that fire them (`None`: any change), and the
/// states that never fire them.
struct Watched {
    path: String,
    entity_id: String,
    to: Option<Vec<String>>,
    not_to: Vec<String>,
}

fn watched_entities(triggers: &[Trigger]) -> Vec<Watched> {
    let mut out = Vec::new();
    for (i, trigger) in triggers.iter().enumerate() {
        if trigger.enabled == Some(false) {
            continue;
        }
        let path = format!("triggers[{i}]");
        match &trigger.kind {
            TriggerKind::State(s) => {
                let to = match (&s.to, &s.attribute) {
                    (Some(StateMatch::States(states)), None) => Some(states.clone()),
                    _ => None,
                };
                for id in &s.entity_id {
                    out.push(Watched {
                        path: path.clone(),
                        entity_id: id.clone(),
                        to: to.clone(),
                        not_to: s.not_to.clone(),
                    });
                }
            }
            TriggerKind::NumericState(n) => {
                for id in &n.entity_id {
                    out.push(Watched {
                        path: path.clone(),
                        entity_id: id.clone(),
                        to: None,
                        not_to: Vec::new(),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// The state a call leaves an entity in, when it is plain (`None`: unknown or any).
fn resulting_state(service: &str) -> Option<&'static [&'static str]> {
    let name = service.split('.').nth(1).unwrap_or_default();
    Some(match name {
        "turn_on" => &["on"],
        "turn_off" => &["off"],
        "lock" => &["locked", "locking"],
        "unlock" => &["unlocked", "unlocking"],
        "open" => &["open", "opening", "unlocked"],
        "open_cover" => &["open", "opening"],
        "close_cover" => &["closed", "closing"],
        "media_play" => &["playing"],
        "media_pause" => &["paused"],
        "media_stop" => &["idle", "off"],
        "alarm_disarm" => &["disarmed"],
        "alarm_arm_home" => &["armed_home", "arming"],
        "alarm_arm_away" => &["armed_away", "arming"],
        "alarm_arm_night" => &["armed_night", "arming"],
        _ => return None,
    })
}

struct Checker<'a> {
    automation: &'a Automation,
    settings: &'a SafetySettings,
    findings: Vec<Finding>,
    unwatched: Vec<(String, String)>,
    watched_entities: Vec<Watched>,
}

impl Checker<'_> {
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

    fn security(&mut self, call: &Call<'_>) {
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

    fn climate(&mut self, call: &Call<'_>) {
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

    fn retrigger(&mut self, call: &Call<'_>) {
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

    fn night(&mut self, calls: &[Call<'_>]) {
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

    fn time_patterns(&mut self) {
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

/// A number, or a text that is one.
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// One field of a time pattern as Home Assistant reads it.
#[derive(Clone, Copy)]
enum Field {
    Any,
    Every(u64),
    Fixed,
}

fn field(value: &Option<PatternValue>) -> Option<Field> {
    Some(match value.as_ref()? {
        PatternValue::Number(_) => Field::Fixed,
        PatternValue::Text(t) => {
            let t = t.trim();
            if t == "*" {
                Field::Any
            } else if let Some(n) = t.strip_prefix('/') {
                match n.trim().parse::<u64>() {
                    Ok(n) if n > 0 => Field::Every(n),
                    _ => Field::Fixed,
                }
            } else {
                Field::Fixed
            }
        }
    })
}

/// About how many seconds apart a time pattern fires (`None`: unreadable). Home Assistant
/// sets smaller units left out to 0 when a larger one is given, larger ones to "any".
fn pattern_period(p: &TimePatternTrigger) -> Option<u64> {
    let hours = field(&p.hours);
    let minutes = field(&p.minutes).or(hours.map(|_| Field::Fixed));
    let seconds = field(&p.seconds).or(minutes.map(|_| Field::Fixed));
    let minutes = minutes.unwrap_or(Field::Any);
    let hours = hours.unwrap_or(Field::Any);
    let seconds = seconds?;
    Some(match (seconds, minutes, hours) {
        (Field::Any, _, _) => 1,
        (Field::Every(n), _, _) => n,
        (Field::Fixed, Field::Any, _) => 60,
        (Field::Fixed, Field::Every(n), _) => 60 * n,
        (Field::Fixed, Field::Fixed, Field::Any) => 3600,
        (Field::Fixed, Field::Fixed, Field::Every(n)) => 3600 * n,
        (Field::Fixed, Field::Fixed, Field::Fixed) => 86_400,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_yaml;

    fn report(yaml: &str) -> SafetyReport {
        let automation = parse_yaml(yaml).unwrap();
        safety_report(&automation, &SafetySettings::default())
    }

    fn codes(r: &SafetyReport) -> Vec<&'static str> {
        r.findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn a_safe_automation_scores_100() {
        let r = report(
            "triggers:\n  - trigger: state\n    entity_id: binary_sensor.hallway_motion\n    \
             to: \"on\"\nactions:\n  - action: light.turn_on\n    target:\n      entity_id: \
             light.hallway_light\n",
        );
        assert_eq!(r.score, 100, "{:?}", r.findings);
        assert!(r.findings.is_empty());
        assert!(r.passed);
    }

    #[test]
    fn unlocking_at_a_time_without_presence_is_critical_and_fails() {
        let r = report(
            "triggers:\n  - trigger: time\n    at: \"07:30:00\"\nactions:\n  - action: \
             lock.unlock\n    target:\n      entity_id: lock.front_door\n",
        );
        assert_eq!(codes(&r), ["unwatched_security_action"]);
        let f = &r.findings[0];
        assert_eq!(f.severity, Severity::Critical);
        assert_eq!(f.path, "actions[0]");
        assert!(f.message.contains("lock.front_door"), "{}", f.message);
        assert!(f.message.contains("someone is home"), "{}", f.message);
        assert!(!r.passed);
        assert_eq!(r.score, 55);
    }

    #[test]
    fn unlocking_is_fine_when_someone_must_be_home() {
        let r = report(
            "triggers:\n  - trigger: time\n    at: \"07:30:00\"\nconditions:\n  - condition: \
             state\n    entity_id: person.owner\n    state: home\nactions:\n  - action: \
             lock.unlock\n    target:\n      entity_id: lock.front_door\n",
        );
        assert!(r.findings.is_empty(), "{:?}", r.findings);
    }

    #[test]
    fn unlocking_from_a_tag_is_fine() {
        let r = report(
            "triggers:\n  - trigger: tag\n    tag_id: door\nactions:\n  - action: lock.unlock\n    \
             target:\n      entity_id: lock.front_door\n",
        );
        assert!(r.findings.is_empty(), "{:?}", r.findings);
    }

    #[test]
    fn opening_a_garage_door_at_sunrise_is_flagged_inside_branches() {
        let r = report(
            "triggers:\n  - trigger: sun\n    event: sunrise\nactions:\n  - if:\n      - \
             condition: template\n        value_template: \"{{ true }}\"\n    then:\n      - \
             action: cover.open_cover\n        target:\n          entity_id: cover.garage_door\n",
        );
        assert_eq!(codes(&r), ["unwatched_security_action"]);
        assert_eq!(r.findings[0].path, "actions[0].then[0]");
    }

    #[test]
    fn a_cover_known_as_a_garage_door_by_device_class_counts() {
        let automation = parse_yaml(
            "triggers:\n  - trigger: state\n    entity_id: sensor.x\nactions:\n  - action: \
             cover.open_cover\n    target:\n      entity_id: cover.big_door\n",
        )
        .unwrap();
        let plain = safety_report(&automation, &SafetySettings::default());
        assert!(plain.findings.is_empty());
        let settings = SafetySettings {
            garage_doors: vec!["cover.big_door".into()],
            ..SafetySettings::default()
        };
        let r = safety_report(&automation, &settings);
        assert_eq!(codes(&r), ["unwatched_security_action"]);
    }

    #[test]
    fn disarming_an_alarm_from_a_sensor_is_flagged() {
        let r = report(
            "triggers:\n  - trigger: state\n    entity_id: binary_sensor.front_door\n    to: \
             \"on\"\nactions:\n  - action: alarm_control_panel.alarm_disarm\n    target:\n      \
             entity_id: alarm_control_panel.house\n",
        );
        assert_eq!(codes(&r), ["unwatched_security_action"]);
        assert!(r.findings[0].message.contains("disarms"));
    }

    #[test]
    fn climate_outside_the_sane_range_is_flagged_in_both_units() {
        let r = report(
            "triggers:\n  - trigger: state\n    entity_id: binary_sensor.window\nactions:\n  - \
             action: climate.set_temperature\n    target:\n      entity_id: climate.living\n    \
             data:\n      temperature: 35\n  - action: climate.set_temperature\n    target:\n      \
             entity_id: climate.living\n    data:\n      temperature: 70\n  - action: \
             climate.set_temperature\n    target:\n      entity_id: climate.living\n    data:\n      \
             target_temp_low: 5\n      target_temp_high: 24\n",
        );
        assert_eq!(codes(&r), ["climate_out_of_range", "climate_out_of_range"]);
        assert_eq!(r.findings[0].path, "actions[0].data.temperature");
        assert_eq!(r.findings[1].path, "actions[2].data.target_temp_low");
        assert!(r.findings[0].message.contains("10–30 °C"));
    }

    #[test]
    fn lights_at_three_in_the_morning_are_a_warning() {
        let r = report(
            "triggers:\n  - trigger: time\n    at: \"03:00:00\"\nactions:\n  - action: \
             light.turn_on\n    target:\n      entity_id: light.bedroom_lamp\n",
        );
        assert_eq!(codes(&r), ["night_time_action"]);
        assert_eq!(r.findings[0].severity, Severity::Warning);
        assert!(r.findings[0].message.contains("03:00:00"));
        assert!(r.passed);
    }

    #[test]
    fn an_action_that_sets_off_its_own_trigger_is_flagged() {
        let r = report(
            "triggers:\n  - trigger: state\n    entity_id: light.hall\nactions:\n  - action: \
             light.toggle\n    target:\n      entity_id: light.hall\n",
        );
        assert_eq!(codes(&r), ["self_retrigger"]);
        assert!(r.findings[0].message.contains("light.hall"));
    }

    #[test]
    fn turning_off_what_turned_on_is_no_loop() {
        let r = report(
            "triggers:\n  - trigger: state\n    entity_id: light.hall\n    to: \"on\"\n    for: \
             \"00:10:00\"\nactions:\n  - action: light.turn_off\n    target:\n      entity_id: \
             light.hall\n",
        );
        assert!(r.findings.is_empty(), "{:?}", r.findings);
    }

    #[test]
    fn time_patterns_every_second_and_every_minute_are_flagged() {
        let r = report(
            "triggers:\n  - trigger: time_pattern\n    seconds: \"/1\"\n  - trigger: \
             time_pattern\n    minutes: \"/1\"\n  - trigger: time_pattern\n    seconds: 5\n  - \
             trigger: time_pattern\n    minutes: \"/15\"\nactions:\n  - action: \
             notify.notify\n    data:\n      message: hi\n",
        );
        let found: Vec<(&str, &str)> = r
            .findings
            .iter()
            .map(|f| (f.code, f.path.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("high_frequency_time_pattern", "triggers[0]"),
                ("high_frequency_time_pattern", "triggers[1]"),
                ("high_frequency_time_pattern", "triggers[2]"),
            ]
        );
        assert_eq!(r.findings[0].severity, Severity::Critical);
        assert!(r.findings[0].message.contains("every second"));
    }

    #[test]
    fn the_bar_is_configurable_and_the_score_never_drops_below_zero() {
        let yaml = "triggers:\n  - trigger: time_pattern\n    seconds: \"*\"\nactions:\n  - \
                    action: lock.unlock\n    target:\n      entity_id: lock.a\n  - action: \
                    lock.unlock\n    target:\n      entity_id: lock.b\n  - action: \
                    lock.unlock\n    target:\n      entity_id: lock.c\n";
        let automation = parse_yaml(yaml).unwrap();
        let r = safety_report(&automation, &SafetySettings::default());
        assert_eq!(r.score, 0);
        assert!(!r.passed);
        let lenient = SafetySettings {
            minimum_score: 0,
            ..SafetySettings::default()
        };
        assert!(safety_report(&automation, &lenient).passed);
    }
}
