//! The ground truth: every habit planted in a synthetic home, in the words and parameters a
//! detector should report it with.

use homeai_domain::pattern::PatternKind;
use serde::Serialize;
use serde_json::{Value, json};

use crate::HomeSpec;

/// One planted habit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlantedHabit {
    /// A stable name (`kitchen_light_weekday_morning`).
    pub id: &'static str,
    pub kind: PatternKind,
    /// The entities involved; for pairs, trigger first.
    pub entities: Vec<&'static str>,
    /// What it is, in words.
    pub description: &'static str,
    /// Kind-specific parameters (local time in minutes after midnight, day type, delays, …).
    pub params: Value,
}

/// Local minutes after midnight.
pub(crate) const fn hm(h: u32, m: u32) -> f64 {
    (h * 60 + m) as f64
}

/// What `spec` plants (nothing when `spec.habits` is false).
pub fn planted(spec: &HomeSpec) -> Vec<PlantedHabit> {
    if !spec.habits {
        return Vec::new();
    }
    use PatternKind::*;
    vec![
        PlantedHabit {
            id: "kitchen_light_weekday_morning",
            kind: TimeOfDay,
            entities: vec!["light.kitchen_ceiling"],
            description: "kitchen ceiling light on at about 06:45 on weekdays",
            params: json!({"state": "on", "minute": hm(6, 45), "days": "weekdays"}),
        },
        PlantedHabit {
            id: "coffee_weekday_morning",
            kind: TimeOfDay,
            entities: vec!["switch.coffee_maker"],
            description: "coffee maker on at about 06:50 on weekdays",
            params: json!({"state": "on", "minute": hm(6, 50), "days": "weekdays"}),
        },
        PlantedHabit {
            id: "coffee_left_on_30_min",
            kind: Duration,
            entities: vec!["switch.coffee_maker"],
            description: "coffee maker turned off about 30 minutes after it is turned on",
            params: json!({"state": "on", "minutes": 30.0}),
        },
        PlantedHabit {
            id: "coffee_off_weekday_morning",
            kind: TimeOfDay,
            entities: vec!["switch.coffee_maker"],
            description: "coffee maker off at about 07:20 on weekdays (it follows from the two above)",
            params: json!({"state": "off", "minute": hm(7, 20), "days": "weekdays"}),
        },
        PlantedHabit {
            id: "bedroom_lamp_off_at_night",
            kind: TimeOfDay,
            entities: vec!["light.bedroom_lamp"],
            description: "bedroom lamp off at about 23:00 every day",
            params: json!({"state": "off", "minute": hm(23, 0), "days": "every_day"}),
        },
        PlantedHabit {
            id: "blinds_weekend_morning",
            kind: TimeOfDay,
            entities: vec!["cover.living_room_blinds"],
            description: "living-room blinds opened at about 09:00 on weekends",
            params: json!({"state": "open", "minute": hm(9, 0), "days": "weekends"}),
        },
        PlantedHabit {
            id: "hallway_light_after_motion",
            kind: Sequence,
            entities: vec!["binary_sensor.hallway_motion", "light.hallway_light"],
            description: "hallway light turned on a few seconds after hallway motion",
            params: json!({"from_state": "on", "to_state": "on", "within_seconds": 20}),
        },
        PlantedHabit {
            id: "hallway_light_off_after_motion_stops",
            kind: Duration,
            entities: vec!["binary_sensor.hallway_motion", "light.hallway_light"],
            description: "hallway light turned off about 2 minutes after motion stops",
            params: json!({"after_state": "off", "state": "off", "minutes": 2.0}),
        },
        PlantedHabit {
            id: "living_lamp_after_sunset",
            kind: SunRelative,
            entities: vec!["light.living_room_lamp"],
            description: "living-room lamp on about 15 minutes after sunset",
            params: json!({"state": "on", "event": "sunset", "offset_minutes": 15}),
        },
        PlantedHabit {
            id: "bedroom_fan_when_warm",
            kind: StateConditioned,
            entities: vec!["sensor.bedroom_temperature", "switch.bedroom_fan"],
            description: "bedroom fan turned on when the bedroom is above 25 °C",
            params: json!({"state": "on", "above": 25.0}),
        },
        PlantedHabit {
            id: "heating_winter_mornings",
            kind: Seasonal,
            entities: vec!["climate.living_room"],
            description: "heating on at about 06:30 on weekdays, only until mid-April",
            params: json!({
                "state": "heat", "minute": hm(6, 30), "days": "weekdays",
                "until": spec.heating_season_end().to_string(),
            }),
        },
    ]
}
