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

mod calls;
mod checker;
mod presence;
mod report;
mod triggers;
mod values;

pub use report::{Finding, SafetyReport, SafetySettings, Severity};

use calls::collect_calls;
use checker::Checker;
use presence::person_home;

use crate::model::Automation;

/// Checks an automation against the rules in this module's documentation.
pub fn safety_report(automation: &Automation, settings: &SafetySettings) -> SafetyReport {
    let mut check = Checker::new(automation, settings);
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
