//! Households of a known type: who lives in the home changes when it is busy.
//!
//! [`household`] lives a home of one [`HouseholdType`] for some days: people at home and awake
//! switch lights, the TV, the coffee machine and trip motion sensors at a steady rate; asleep
//! or away, only the odd change happens. The type sets the rhythm:
//!
//! * `family`: up at ~6:30, out 8–15 on weekdays (the children back first), busy evenings,
//!   weekends at home all day; more devices (a children's room);
//! * `single`: up at ~7:00, out 8–18:30 on weekdays, a quieter home;
//! * `shift_worker`: works nights four days of five (out ~21:00–6:30, asleep until ~14:00);
//! * `often_away`: like a single, but away for whole days most of the time (travel).
//!
//! Every home draws its own offsets (wake-up time, rates), so the classes overlap a little and
//! a classifier has something to learn. [`HouseholdSpec::anomalies`] plants bursts of activity
//! at given local hours: what a forecaster should flag.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use homeai_domain::event::{EventCause, StateChange};
use homeai_domain::ha::EntityId;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::clock::Day;

/// The household types the home-type classifier tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HouseholdType {
    Family,
    Single,
    ShiftWorker,
    OftenAway,
}

impl HouseholdType {
    pub const ALL: [HouseholdType; 4] = [
        HouseholdType::Family,
        HouseholdType::Single,
        HouseholdType::ShiftWorker,
        HouseholdType::OftenAway,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HouseholdType::Family => "family",
            HouseholdType::Single => "single",
            HouseholdType::ShiftWorker => "shift_worker",
            HouseholdType::OftenAway => "often_away",
        }
    }

    pub fn index(self) -> usize {
        match self {
            HouseholdType::Family => 0,
            HouseholdType::Single => 1,
            HouseholdType::ShiftWorker => 2,
            HouseholdType::OftenAway => 3,
        }
    }
}

/// What household to live.
#[derive(Debug, Clone)]
pub struct HouseholdSpec {
    pub seed: u64,
    pub household: HouseholdType,
    pub start: NaiveDate,
    pub days: u32,
    pub time_zone: Tz,
    /// (day index, local hour): a burst of activity then, beyond the household's rhythm.
    pub anomalies: Vec<(u32, u32)>,
}

impl HouseholdSpec {
    pub fn new(seed: u64, household: HouseholdType, days: u32) -> Self {
        Self {
            seed,
            household,
            start: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default(),
            days,
            time_zone: chrono_tz::Europe::Berlin,
            anomalies: Vec::new(),
        }
    }
}

/// Devices people use while awake at home.
const ACTIVE: &[&str] = &[
    "light.kitchen_ceiling",
    "light.living_room_ceiling",
    "light.hallway",
    "light.bedroom_ceiling",
    "light.bathroom_light",
    "media_player.living_room_tv",
    "switch.coffee_machine",
    "binary_sensor.hallway_motion",
    "binary_sensor.kitchen_motion",
];
/// A family's extra devices.
const FAMILY: &[&str] = &[
    "light.kids_room",
    "media_player.kids_room_speaker",
    "binary_sensor.kids_room_motion",
];
/// Devices that change now and then whoever is home (the fridge, the boiler).
const AMBIENT: &[&str] = &["switch.fridge_compressor", "binary_sensor.boiler_running"];

/// The household's state in one local hour.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Awake,
    Asleep,
    Away,
}

/// Lives the household; events in time order.
pub fn household(spec: &HouseholdSpec) -> Vec<StateChange> {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed ^ 0x4855_5345);
    // anomalies draw from their own stream: the rest of the history is the same with or without
    let mut burst = ChaCha8Rng::seed_from_u64(spec.seed ^ 0x414e_4f4d);
    let wake = rng.random_range(-0.75..0.75);
    let rate: f64 = match spec.household {
        HouseholdType::Family => rng.random_range(7.0..11.0),
        _ => rng.random_range(3.0..6.0),
    };
    let has_kids_room = match spec.household {
        HouseholdType::Family => rng.random_bool(0.9),
        _ => rng.random_bool(0.15),
    };
    let mut devices: Vec<&str> = ACTIVE.to_vec();
    if has_kids_room {
        devices.extend_from_slice(FAMILY);
    }
    let mut out: Vec<(DateTime<Utc>, &str)> = Vec::new();
    for d in 0..spec.days {
        let date = spec.start + Duration::days(i64::from(d));
        let day = Day::new(date, spec.time_zone, false, 52.5, 13.4);
        let weekend = day.is_weekend();
        let travelling = spec.household == HouseholdType::OftenAway && rng.random_bool(0.6);
        let night_shift = spec.household == HouseholdType::ShiftWorker && rng.random_bool(0.8);
        let jitter = wake + rng.random_range(-0.5..0.5);
        for hour in 0..24u32 {
            let h = f64::from(hour);
            let mode = mode(spec.household, h, jitter, weekend, travelling, night_shift);
            let mean = match mode {
                Mode::Awake => rate,
                Mode::Asleep => 0.15,
                Mode::Away => 0.05,
            };
            let n = poisson(&mut rng, mean);
            for _ in 0..n {
                let at = day.at(h * 60.0 + rng.random_range(0.0..60.0));
                let device = devices[rng.random_range(0..devices.len())];
                if let Some(at) = at {
                    out.push((at, device));
                }
            }
            // ambient chatter: a little in every hour
            for _ in 0..poisson(&mut rng, 0.5) {
                if let Some(at) = day.at(h * 60.0 + rng.random_range(0.0..60.0)) {
                    out.push((at, AMBIENT[rng.random_range(0..AMBIENT.len())]));
                }
            }
            if spec.anomalies.contains(&(d, hour)) {
                for _ in 0..(rate * 4.0).round() as u32 + 20 {
                    if let Some(at) = day.at(h * 60.0 + burst.random_range(0.0..60.0)) {
                        out.push((at, devices[burst.random_range(0..devices.len())]));
                    }
                }
            }
        }
    }
    out.sort_by_key(|(at, _)| *at);
    let mut states: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
    out.into_iter()
        .enumerate()
        .filter_map(|(i, (at, entity))| {
            let on = states.entry(entity).or_insert(false);
            let old = *on;
            *on = !old;
            let (on_word, off_word) = if entity.starts_with("media_player.") {
                ("playing", "off")
            } else {
                ("on", "off")
            };
            let word = |b: bool| if b { on_word } else { off_word };
            Some(StateChange {
                entity_id: EntityId::parse(entity).ok()?,
                old_state: Some(word(old).to_owned()),
                new_state: Some(word(!old).to_owned()),
                attributes_only: false,
                attributes: serde_json::Value::Null,
                cause: if entity.starts_with("binary_sensor.") || entity.starts_with("switch.f") {
                    EventCause::Device
                } else {
                    EventCause::User
                },
                context_id: format!("hh{}-{i}", spec.seed),
                user_id: None,
                parent_id: None,
                time_fired: at,
            })
        })
        .collect()
}

/// Where the household is at local hour `h`.
fn mode(
    t: HouseholdType,
    h: f64,
    jitter: f64,
    weekend: bool,
    travelling: bool,
    night_shift: bool,
) -> Mode {
    let between = |a: f64, b: f64| h + 0.5 >= a + jitter && h + 0.5 < b + jitter;
    match t {
        HouseholdType::Family => {
            if between(0.0, 6.5) || h + 0.5 >= 22.5 + jitter {
                Mode::Asleep
            } else if !weekend && between(8.0, 15.0) {
                Mode::Away
            } else {
                Mode::Awake
            }
        }
        HouseholdType::Single | HouseholdType::OftenAway => {
            if travelling {
                Mode::Away
            } else if between(0.0, 7.0) || h + 0.5 >= 23.5 + jitter {
                Mode::Asleep
            } else if !weekend && between(8.0, 18.5) {
                Mode::Away
            } else {
                Mode::Awake
            }
        }
        HouseholdType::ShiftWorker => {
            if night_shift {
                if between(7.0, 14.0) {
                    Mode::Asleep
                } else if h + 0.5 >= 21.0 + jitter || between(0.0, 6.5) {
                    Mode::Away
                } else {
                    Mode::Awake
                }
            } else if between(2.0, 10.0) {
                Mode::Asleep
            } else {
                Mode::Awake
            }
        }
    }
}

/// A Poisson draw (Knuth; means here are small).
fn poisson(rng: &mut ChaCha8Rng, mean: f64) -> u32 {
    let l = (-mean).exp();
    let mut k = 0;
    let mut p = 1.0;
    loop {
        p *= rng.random::<f64>();
        if p <= l || k > 200 {
            return k;
        }
        k += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_spec_gives_the_same_history() {
        let spec = HouseholdSpec::new(3, HouseholdType::Family, 7);
        assert_eq!(household(&spec), household(&spec));
    }

    #[test]
    fn a_family_is_busier_than_someone_often_away() {
        let family = household(&HouseholdSpec::new(1, HouseholdType::Family, 14)).len();
        let away = household(&HouseholdSpec::new(1, HouseholdType::OftenAway, 14)).len();
        assert!(family > 2 * away, "{family} vs {away}");
    }

    #[test]
    fn a_planted_anomaly_is_a_burst_in_its_hour() {
        let mut spec = HouseholdSpec::new(5, HouseholdType::Single, 3);
        let plain = household(&spec).len();
        spec.anomalies = vec![(1, 3)];
        assert!(household(&spec).len() >= plain + 20);
    }
}
