//! Living the days: habits, noise, sensors, automations, in time order.
//!
//! [`generate_days`] runs the day: `habits`, `noise` (and automations), `sensors`, then
//! `changes` turns the day's intents into state changes.

mod changes;
mod habits;
mod noise;
mod sensors;

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use homeai_domain::event::{EventCause, StateChange};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use crate::HomeSpec;
use crate::clock::Day;

/// A change the simulation wants to happen.
struct Intent {
    at: DateTime<Utc>,
    entity: String,
    state: String,
    cause: EventCause,
    attributes: Value,
}

/// One home's simulation across its days: what it wants to happen today and what it carries
/// over.
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
