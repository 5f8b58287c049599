//! Living the days: habits, noise, sensors, automations, in time order.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use homeai_domain::event::{EventCause, StateChange};
use homeai_domain::ha::EntityId;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use crate::HomeSpec;
use crate::clock::Day;
use crate::layout::extra_sensor_id;
use crate::truth::hm;

/// A change the simulation wants to happen.
struct Intent {
    at: DateTime<Utc>,
    entity: String,
    state: String,
    cause: EventCause,
    attributes: Value,
}

/// Entities people switch at random (noise, not habits).
const NOISE_ENTITIES: &[(&str, &str, &str)] = &[
    ("light.kitchen_counter", "on", "off"),
    ("light.living_room_ceiling", "on", "off"),
    ("light.bedroom_ceiling", "on", "off"),
    ("light.bathroom_light", "on", "off"),
    ("light.office_desk", "on", "off"),
    ("switch.office_monitor", "on", "off"),
    ("switch.bathroom_fan", "on", "off"),
    ("media_player.living_room_tv", "on", "off"),
];

struct Sim<'a> {
    spec: &'a HomeSpec,
    rng: ChaCha8Rng,
    intents: Vec<Intent>,
    /// (entity → state) carried across days
    states: HashMap<String, String>,
    context: u64,
    extra_power: Vec<f64>,
}

/// Generates the history day by day, handing each day's events (in time order) to `sink`.
pub fn generate_days(spec: &HomeSpec, mut sink: impl FnMut(Vec<StateChange>)) {
    let mut sim = Sim {
        spec,
        rng: ChaCha8Rng::seed_from_u64(spec.seed),
        intents: Vec::new(),
        states: HashMap::new(),
        context: 0,
        extra_power: vec![100.0; spec.extra_sensors],
    };
    for d in 0..spec.days {
        let date = spec.start + Duration::days(i64::from(d));
        let holiday = !matches!(date.format("%a").to_string().as_str(), "Sat" | "Sun")
            && sim.rng.random_bool(spec.holiday_chance.clamp(0.0, 1.0));
        let day = Day::new(date, spec.time_zone, holiday, spec.latitude, spec.longitude);
        let progress = f64::from(d) / f64::from(spec.days.max(1));
        if spec.habits {
            sim.habits(&day);
        }
        sim.noise(&day);
        sim.sensors(&day, progress);
        sim.automations(&day);
        sink(sim.finish_day());
    }
}

impl Sim<'_> {
    fn gauss(&mut self, sigma: f64) -> f64 {
        // Box–Muller
        let u1: f64 = self.rng.random_range(f64::EPSILON..1.0);
        let u2: f64 = self.rng.random();
        sigma * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    fn push(&mut self, at: Option<DateTime<Utc>>, entity: &str, state: &str, cause: EventCause) {
        if let Some(at) = at {
            self.intents.push(Intent {
                at,
                entity: entity.to_owned(),
                state: state.to_owned(),
                cause,
                attributes: Value::Null,
            });
        }
    }

    fn push_value(&mut self, at: Option<DateTime<Utc>>, entity: &str, value: f64, unit: &str) {
        if let Some(at) = at {
            self.intents.push(Intent {
                at,
                entity: entity.to_owned(),
                state: format!("{value:.1}"),
                cause: EventCause::Device,
                attributes: json!({"unit_of_measurement": unit}),
            });
        }
    }

    /// The planted habits. Times that are not habits (switching off "some time in the
    /// morning") are spread over two hours or more, so they are not habits by accident.
    fn habits(&mut self, day: &Day) {
        use EventCause::User;
        let weekday = !day.is_weekend();
        if weekday && self.chance(0.9) {
            let on = hm(6, 45) + self.gauss(4.0);
            self.push(day.at(on), "light.kitchen_ceiling", "on", User);
            let off = self.rng.random_range(hm(7, 20)..hm(9, 30));
            self.push(day.at(off), "light.kitchen_ceiling", "off", User);
        }
        if weekday && self.chance(0.85) {
            let on = hm(6, 50) + self.gauss(3.0);
            let off = on + 30.0 + self.gauss(3.0);
            self.push(day.at(on), "switch.coffee_maker", "on", User);
            self.push(day.at(off), "switch.coffee_maker", "off", User);
        }
        if self.chance(0.8) {
            let on = self.rng.random_range(hm(20, 45)..hm(22, 45));
            self.push(day.at(on), "light.bedroom_lamp", "on", User);
        }
        if self.chance(0.9) {
            let off = hm(23, 0) + self.gauss(8.0);
            self.push(day.at(off), "light.bedroom_lamp", "off", User);
        }
        if !weekday && self.chance(0.9) {
            let open = hm(9, 0) + self.gauss(8.0);
            self.push(day.at(open), "cover.living_room_blinds", "open", User);
        }
        let close = self.rng.random_range(hm(18, 0)..hm(23, 0));
        self.push(day.at(close), "cover.living_room_blinds", "closed", User);

        // hallway: the light follows motion by a few seconds, and goes off ~2 min after it stops
        let visits = self.rng.random_range(6..=10);
        for _ in 0..visits {
            let minute = self.rng.random_range(hm(7, 0)..hm(23, 0));
            let Some(motion_on) = day.at(minute) else {
                continue;
            };
            let motion_off = motion_on + Duration::seconds(self.rng.random_range(30..=90));
            self.push(
                Some(motion_on),
                "binary_sensor.hallway_motion",
                "on",
                EventCause::Device,
            );
            self.push(
                Some(motion_off),
                "binary_sensor.hallway_motion",
                "off",
                EventCause::Device,
            );
            if self.chance(0.85) {
                let light_on = motion_on + Duration::seconds(self.rng.random_range(3..=15));
                let after = (120.0 + self.gauss(15.0)).max(30.0) as i64;
                self.push(Some(light_on), "light.hallway_light", "on", User);
                self.push(
                    Some(motion_off + Duration::seconds(after)),
                    "light.hallway_light",
                    "off",
                    User,
                );
            }
        }

        if self.chance(0.9)
            && let Some(sunset) = day.sunset
        {
            let delay = 15.0 + self.gauss(4.0);
            self.push(
                Some(sunset + Duration::seconds((delay * 60.0) as i64)),
                "light.living_room_lamp",
                "on",
                User,
            );
            let off = self.rng.random_range(hm(21, 45)..hm(23, 59));
            self.push(day.at(off), "light.living_room_lamp", "off", User);
        }

        if weekday && day.date <= self.spec.heating_season_end() && self.chance(0.9) {
            let on = hm(6, 30) + self.gauss(5.0);
            self.push(day.at(on), "climate.living_room", "heat", User);
            let off = self.rng.random_range(hm(7, 45)..hm(10, 0));
            self.push(day.at(off), "climate.living_room", "off", User);
        }
    }

    fn noise(&mut self, day: &Day) {
        let toggles = self.rng.random_range(6..=10);
        for _ in 0..toggles {
            let (entity, on, off) = NOISE_ENTITIES[self.rng.random_range(0..NOISE_ENTITIES.len())];
            let minute = self.rng.random_range(hm(6, 0)..hm(23, 50));
            let state = if self.chance(0.5) { on } else { off };
            self.push(day.at(minute), entity, state, EventCause::User);
        }
        for motion in [
            "binary_sensor.kitchen_motion",
            "binary_sensor.living_room_motion",
        ] {
            let n = self.rng.random_range(5..=15);
            for _ in 0..n {
                let minute = self.rng.random_range(hm(6, 0)..hm(23, 30));
                let Some(at) = day.at(minute) else { continue };
                let off = at + Duration::seconds(self.rng.random_range(30..=180));
                self.push(Some(at), motion, "on", EventCause::Device);
                self.push(Some(off), motion, "off", EventCause::Device);
            }
        }
        if !day.is_weekend() {
            let leave = self.rng.random_range(hm(7, 45)..hm(9, 15));
            let back = self.rng.random_range(hm(16, 30)..hm(19, 0));
            for (minute, person, door) in [(leave, "not_home", "on"), (back, "home", "on")] {
                let Some(at) = day.at(minute) else { continue };
                self.push(
                    Some(at),
                    "binary_sensor.front_door",
                    door,
                    EventCause::Device,
                );
                self.push(
                    Some(at + Duration::seconds(20)),
                    "binary_sensor.front_door",
                    "off",
                    EventCause::Device,
                );
                self.push(
                    Some(at + Duration::seconds(60)),
                    "person.resident",
                    person,
                    EventCause::Device,
                );
            }
        }
        if self.chance(0.3) {
            let minute = self.rng.random_range(hm(8, 0)..hm(22, 0));
            self.push(
                day.at(minute),
                "binary_sensor.bedroom_window",
                "on",
                EventCause::Device,
            );
            let close = minute + self.rng.random_range(10.0..120.0);
            self.push(
                day.at(close),
                "binary_sensor.bedroom_window",
                "off",
                EventCause::Device,
            );
        }
    }

    /// Temperatures, light and humidity every few minutes; the bedroom fan follows the bedroom
    /// temperature (the state-conditioned habit).
    fn sensors(&mut self, day: &Day, progress: f64) {
        let mut fan_on = self
            .states
            .get("switch.bedroom_fan")
            .is_some_and(|s| s == "on");
        let mut previous: Option<f64> = None;
        let mut minute = self.rng.random_range(0.0..10.0);
        while minute < 1440.0 {
            let hour = minute / 60.0;
            let daily = (std::f64::consts::TAU * (hour - 10.0) / 24.0).sin();
            let bedroom = 15.0 + 12.0 * progress + 4.0 * daily + self.gauss(0.3);
            let at = day.at(minute);
            self.push_value(at, "sensor.bedroom_temperature", bedroom, "°C");
            let kitchen = 19.0 + 4.0 * progress + 2.0 * daily + self.gauss(0.3);
            self.push_value(at, "sensor.kitchen_temperature", kitchen, "°C");
            let outdoor = 3.0 + 14.0 * progress + 6.0 * daily + self.gauss(0.5);
            self.push_value(at, "sensor.outdoor_temperature", outdoor, "°C");
            if self.spec.habits
                && let (Some(before), Some(at)) = (previous, at)
            {
                if !fan_on && before <= 25.0 && bedroom > 25.0 && self.chance(0.9) {
                    let delay = self.rng.random_range(120..=600);
                    self.push(
                        Some(at + Duration::seconds(delay)),
                        "switch.bedroom_fan",
                        "on",
                        EventCause::User,
                    );
                    fan_on = true;
                } else if fan_on && bedroom < 24.0 {
                    let delay = self.rng.random_range(300..=1200);
                    self.push(
                        Some(at + Duration::seconds(delay)),
                        "switch.bedroom_fan",
                        "off",
                        EventCause::User,
                    );
                    fan_on = false;
                }
            }
            previous = Some(bedroom);
            minute += self.rng.random_range(7.0..13.0);
        }
        let mut minute = self.rng.random_range(0.0..15.0);
        while minute < 1440.0 {
            let at = day.at(minute);
            let lux = match (at, day.sunrise, day.sunset) {
                (Some(t), Some(up), Some(down)) if t > up && t < down => {
                    let span = (down - up).num_seconds().max(1) as f64;
                    let x = (t - up).num_seconds() as f64 / span;
                    (800.0 * (std::f64::consts::PI * x).sin() + self.gauss(20.0)).max(1.0)
                }
                _ => 0.0,
            };
            self.push_value(at, "sensor.living_room_illuminance", lux, "lx");
            let humidity = 55.0 + self.gauss(6.0);
            self.push_value(
                at,
                "sensor.bathroom_humidity",
                humidity.clamp(20.0, 99.0),
                "%",
            );
            minute += 15.0;
        }
        let interval = f64::from(self.spec.extra_sensor_interval_min.max(1));
        for i in 0..self.spec.extra_sensors {
            let id = extra_sensor_id(i);
            let mut minute = self.rng.random_range(0.0..interval);
            while minute < 1440.0 {
                let step = self.gauss(15.0);
                let power = (self.extra_power[i] + step).clamp(0.0, 3000.0);
                self.extra_power[i] = power;
                self.push_value(day.at(minute), &id, power, "W");
                minute += self.rng.random_range(interval * 0.5..interval * 1.5);
            }
        }
    }

    /// What Home Assistant automations do: regular, but never a habit.
    fn automations(&mut self, day: &Day) {
        self.push(
            day.at(hm(22, 0)),
            "light.porch",
            "on",
            EventCause::Automation,
        );
        self.push(
            day.at(hm(6, 0)),
            "light.porch",
            "off",
            EventCause::Automation,
        );
    }

    fn finish_day(&mut self) -> Vec<StateChange> {
        let mut intents = std::mem::take(&mut self.intents);
        intents.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.entity.cmp(&b.entity)));
        let mut out = Vec::with_capacity(intents.len());
        let mut last_time: HashMap<String, DateTime<Utc>> = HashMap::new();
        for intent in intents {
            let Ok(entity_id) = EntityId::parse(&intent.entity) else {
                continue;
            };
            let old = self.states.get(&intent.entity).cloned();
            let is_sensor = entity_id.domain() == "sensor";
            if !is_sensor && old.as_deref() == Some(intent.state.as_str()) {
                continue; // switching on what is on changes nothing in HA
            }
            // one change per entity per instant (HA's identity of a change)
            let mut at = intent.at;
            if let Some(prev) = last_time.get(&intent.entity)
                && at <= *prev
            {
                at = *prev + Duration::microseconds(1);
            }
            last_time.insert(intent.entity.clone(), at);
            self.context += 1;
            let context_id = format!("synth{:x}-{:08}", self.spec.seed, self.context);
            let (user_id, parent_id) = match intent.cause {
                EventCause::User => (Some("synth-resident".to_owned()), None),
                EventCause::Automation => {
                    (None, Some(format!("synth-automation-{:x}", self.context)))
                }
                EventCause::Device => (None, None),
            };
            self.states
                .insert(intent.entity.clone(), intent.state.clone());
            out.push(StateChange {
                entity_id,
                attributes_only: false,
                old_state: old,
                new_state: Some(intent.state),
                attributes: intent.attributes,
                cause: intent.cause,
                context_id,
                user_id,
                parent_id,
                time_fired: at,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate;

    #[test]
    fn the_same_seed_makes_the_same_home() {
        let spec = HomeSpec {
            days: 5,
            ..HomeSpec::with_seed(7)
        };
        assert_eq!(generate(&spec).events, generate(&spec).events);
        let other = HomeSpec {
            days: 5,
            ..HomeSpec::with_seed(8)
        };
        assert_ne!(generate(&spec).events, generate(&other).events);
    }

    #[test]
    fn events_are_in_time_order_and_unique_per_entity_and_instant() {
        let home = generate(&HomeSpec {
            days: 10,
            ..HomeSpec::default()
        });
        assert!(
            home.events
                .windows(2)
                .all(|w| w[0].time_fired <= w[1].time_fired)
        );
        let mut keys = std::collections::HashSet::new();
        for e in &home.events {
            assert!(
                keys.insert((e.entity_id.as_str().to_owned(), e.time_fired)),
                "duplicate {e:?}"
            );
        }
        assert!(home.events.len() > 5_000, "{} events", home.events.len());
    }

    #[test]
    fn habits_follow_local_time_across_the_dst_change() {
        use chrono::Timelike;
        let spec = HomeSpec {
            days: 60,
            ..HomeSpec::default()
        };
        let home = generate(&spec);
        let coffee: Vec<_> = home
            .events
            .iter()
            .filter(|e| {
                e.entity_id.as_str() == "switch.coffee_maker"
                    && e.new_state.as_deref() == Some("on")
            })
            .map(|e| e.time_fired.with_timezone(&spec.time_zone))
            .collect();
        assert!(coffee.len() > 30);
        // 06:50 local ± a few minutes both before and after 29 March (UTC shifts by an hour)
        assert!(
            coffee.iter().all(|t| (6..=7).contains(&t.hour())),
            "{coffee:?}"
        );
        let utc_hours: std::collections::BTreeSet<u32> = coffee
            .iter()
            .map(|t| t.with_timezone(&Utc).hour())
            .collect();
        assert!(
            utc_hours.contains(&5) && utc_hours.contains(&4),
            "UTC hours {utc_hours:?}"
        );
    }

    #[test]
    fn automations_and_noise_are_marked() {
        let home = generate(&HomeSpec {
            days: 3,
            ..HomeSpec::default()
        });
        let porch: Vec<_> = home
            .events
            .iter()
            .filter(|e| e.entity_id.as_str() == "light.porch")
            .collect();
        assert!(!porch.is_empty());
        assert!(
            porch
                .iter()
                .all(|e| e.cause == EventCause::Automation && e.parent_id.is_some())
        );
    }

    #[test]
    fn a_home_without_habits_plants_nothing() {
        let spec = HomeSpec {
            habits: false,
            days: 5,
            ..HomeSpec::default()
        };
        let home = generate(&spec);
        assert!(home.truth.is_empty());
        assert!(
            !home
                .events
                .iter()
                .any(|e| e.entity_id.as_str() == "switch.coffee_maker")
        );
    }

    #[test]
    fn extra_sensors_scale_the_history() {
        let spec = HomeSpec {
            days: 2,
            extra_sensors: 10,
            ..HomeSpec::default()
        };
        let home = generate(&spec);
        assert_eq!(home.layout.entities.len(), 29 + 10);
        let power = home
            .events
            .iter()
            .filter(|e| e.entity_id.as_str().starts_with("sensor.power_"))
            .count();
        assert!(power > 10 * 2 * 100, "{power}");
    }
}
