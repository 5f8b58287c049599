//! A synthetic data set as one JSON document (`homeai-synthetic/1`): the output of the training
//! service's `synthetic` jobs, and what other jobs read when their config names one
//! (`config.dataset: <version>`).
//!
//! ```json
//! {"format": "homeai-synthetic/1", "version": 3, "config": {…},
//!  "homes": [{"seed": …, "time_zone": "Europe/Berlin", "registry": {…askai Home…},
//!             "events": [{"entity_id", "state", "time_fired"}…], "habits": [{…}…]}],
//!  "queries": [{"words", "tags", "intent", "home"}…]}
//! ```
//!
//! Home `i` is the [`HomeSpec`] with seed `seed · 1000 + i` living `days` days: its events and
//! planted habits come from [`crate::generate`]. Its `registry` is that same home's layout
//! turned into an Ask AI [`homeai_askai::Home`] (areas, entities, the resident with a phone),
//! and its queries are [`homeai_askai::synthetic::generate`] run on that registry, so the
//! requests name devices that really are in the events. `queries` holds every home's queries
//! in turn, each with the index of its home.
//!
//! Pure: [`generate`] builds it, [`Dataset::from_bytes`] / [`Dataset::read`] read it back.

use std::path::Path;

use chrono::{DateTime, Utc};
use homeai_askai::synthetic::Labelled;
use homeai_domain::pattern::PatternKind;
use serde::{Deserialize, Serialize};

use crate::HomeSpec;

pub const FORMAT: &str = "homeai-synthetic/1";

/// What a `synthetic` job makes; every field has a default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatasetConfig {
    /// 1..=50
    pub homes: u32,
    /// 7..=120 days of events per home
    pub days: u32,
    /// 0..=5000 tagged requests per home
    pub queries_per_home: u32,
    pub seed: u64,
}

impl Default for DatasetConfig {
    fn default() -> Self {
        Self {
            homes: 3,
            days: 14,
            queries_per_home: 500,
            seed: 1,
        }
    }
}

/// A config that cannot be used: `field` is its key, `message` says why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("config.{field} {message}")]
pub struct ConfigError {
    pub field: String,
    pub message: String,
}

impl DatasetConfig {
    /// Reads and checks a job's config (unknown keys refused, each error names its field).
    pub fn from_json(config: &serde_json::Value) -> Result<Self, ConfigError> {
        let Some(map) = config.as_object() else {
            return Err(ConfigError {
                field: "config".into(),
                message: "must be a JSON object".into(),
            });
        };
        let mut c = Self::default();
        for (key, value) in map {
            let bad = |message: &str| ConfigError {
                field: key.clone(),
                message: message.into(),
            };
            let ranged = |lo: u64, hi: u64| {
                value
                    .as_u64()
                    .filter(|v| (lo..=hi).contains(v))
                    .map(|v| v as u32)
                    .ok_or_else(|| bad(&format!("must be an integer {lo}..={hi}")))
            };
            match key.as_str() {
                "homes" => c.homes = ranged(1, 50)?,
                "days" => c.days = ranged(7, 120)?,
                "queries_per_home" => c.queries_per_home = ranged(0, 5000)?,
                "seed" => {
                    c.seed = value
                        .as_u64()
                        .ok_or_else(|| bad("must be a non-negative integer"))?;
                }
                _ => return Err(bad("is not a setting of synthetic jobs")),
            }
        }
        Ok(c)
    }

    /// The spec of home `i`.
    pub fn spec(&self, i: u32) -> HomeSpec {
        HomeSpec {
            days: self.days,
            ..HomeSpec::with_seed(self.seed.wrapping_mul(1000).wrapping_add(u64::from(i)))
        }
    }
}

/// One state change, as the data set keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetEvent {
    pub entity_id: String,
    pub state: Option<String>,
    pub time_fired: DateTime<Utc>,
}

/// A planted habit (see [`crate::PlantedHabit`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetHabit {
    pub id: String,
    pub kind: PatternKind,
    pub entities: Vec<String>,
    pub description: String,
    pub params: serde_json::Value,
}

/// One home: its registry, history and the habits planted in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetHome {
    pub seed: u64,
    /// IANA name; the habits follow local time in it.
    pub time_zone: String,
    pub registry: homeai_askai::Home,
    pub events: Vec<DatasetEvent>,
    pub habits: Vec<DatasetHabit>,
}

/// A tagged request and the index (in `homes`) of the home it was made for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetQuery {
    #[serde(flatten)]
    pub request: Labelled,
    pub home: usize,
}

/// The whole document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub format: String,
    /// The registry version, once registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    pub config: DatasetConfig,
    pub homes: Vec<DatasetHome>,
    pub queries: Vec<DatasetQuery>,
}

/// Why a data set could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error("data set file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("not a synthetic data set: {0}")]
    Json(#[from] serde_json::Error),
    #[error("data set format {0:?} is not {FORMAT}")]
    Format(String),
}

impl Dataset {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DatasetError> {
        let d: Self = serde_json::from_slice(bytes)?;
        if d.format != FORMAT {
            return Err(DatasetError::Format(d.format));
        }
        Ok(d)
    }

    pub fn read(path: &Path) -> Result<Self, DatasetError> {
        let bytes = std::fs::read(path).map_err(|source| DatasetError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_bytes(&bytes)
    }

    pub fn to_bytes(&self) -> Result<Vec<u8>, DatasetError> {
        Ok(serde_json::to_vec(self)?)
    }

    /// Counts, as a job's metrics report them (`bytes` is added by whoever serialises it).
    pub fn counts(&self) -> serde_json::Value {
        serde_json::json!({
            "homes": self.homes.len(),
            "events": self.homes.iter().map(|h| h.events.len()).sum::<usize>(),
            "habits": self.homes.iter().map(|h| h.habits.len()).sum::<usize>(),
            "queries": self.queries.len(),
        })
    }
}

/// The same document with its registry version set (what the registry stores).
pub fn with_version(bytes: &[u8], version: i64) -> Result<Vec<u8>, DatasetError> {
    let mut d = Dataset::from_bytes(bytes)?;
    d.version = Some(version);
    d.to_bytes()
}

/// The layout of `spec` as an Ask AI registry snapshot.
pub fn registry(spec: &HomeSpec) -> homeai_askai::Home {
    use homeai_askai::{Area, Entity, Location, Person};
    let layout = crate::layout(spec);
    let mut home = homeai_askai::Home {
        location: Some(Location {
            latitude: spec.latitude,
            longitude: spec.longitude,
            elevation: 0.0,
            time_zone: Some(spec.time_zone.name().to_owned()),
        }),
        areas: layout
            .areas
            .iter()
            .map(|a| Area {
                area_id: a.area_id.clone(),
                name: a.name.clone(),
                aliases: a.aliases.clone(),
            })
            .collect(),
        ..Default::default()
    };
    for e in &layout.entities {
        let id = e.entity_id.as_str().to_owned();
        let name = e.friendly_name.clone().unwrap_or_else(|| id.clone());
        if e.entity_id.domain() == "person" {
            home.persons.push(Person {
                notify: Some(format!(
                    "notify.mobile_app_{}_phone",
                    e.entity_id.as_str().split_once('.').map_or("", |(_, o)| o)
                )),
                entity_id: id,
                name,
                aliases: Vec::new(),
            });
            continue;
        }
        home.entities.push(Entity {
            domain: e.entity_id.domain().to_owned(),
            entity_id: id,
            name,
            area_id: e.area_id.clone(),
            aliases: e.aliases.clone(),
            device_class: e.device_class.clone(),
            ..Entity::default()
        });
    }
    home
}

/// Home `i` of `config`, and its queries.
pub fn home(config: &DatasetConfig, i: u32) -> (DatasetHome, Vec<Labelled>) {
    let spec = config.spec(i);
    let generated = crate::generate(&spec);
    let registry = registry(&spec);
    let queries =
        homeai_askai::synthetic::generate(&registry, config.queries_per_home as usize, spec.seed);
    let home = DatasetHome {
        seed: spec.seed,
        time_zone: spec.time_zone.name().to_owned(),
        registry,
        events: generated
            .events
            .into_iter()
            .map(|e| DatasetEvent {
                entity_id: e.entity_id.as_str().to_owned(),
                state: e.new_state,
                time_fired: e.time_fired,
            })
            .collect(),
        habits: generated
            .truth
            .into_iter()
            .map(|h| DatasetHabit {
                id: h.id.to_owned(),
                kind: h.kind,
                entities: h.entities.iter().map(|e| (*e).to_owned()).collect(),
                description: h.description.to_owned(),
                params: h.params,
            })
            .collect(),
    };
    (home, queries)
}

/// Generates the data set home by home; `each` hears of every home made (its index from 0)
/// and may stop the run (`false`: `None` is returned).
pub fn generate(
    config: &DatasetConfig,
    mut each: impl FnMut(u32, &DatasetHome, usize) -> bool,
) -> Option<Dataset> {
    let mut dataset = Dataset {
        format: FORMAT.to_owned(),
        version: None,
        config: *config,
        homes: Vec::new(),
        queries: Vec::new(),
    };
    for i in 0..config.homes {
        let (home, queries) = home(config, i);
        if !each(i, &home, queries.len()) {
            return None;
        }
        let index = dataset.homes.len();
        dataset
            .queries
            .extend(queries.into_iter().map(|request| DatasetQuery {
                request,
                home: index,
            }));
        dataset.homes.push(home);
    }
    Some(dataset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> DatasetConfig {
        DatasetConfig {
            homes: 2,
            days: 7,
            queries_per_home: 20,
            seed: 4,
        }
    }

    #[test]
    fn config_defaults_and_ranges_name_the_field() {
        let c = DatasetConfig::from_json(&serde_json::json!({})).unwrap();
        assert_eq!(c, DatasetConfig::default());
        for (body, field) in [
            (serde_json::json!({"homes": 0}), "homes"),
            (serde_json::json!({"homes": 51}), "homes"),
            (serde_json::json!({"days": 6}), "days"),
            (serde_json::json!({"days": 121}), "days"),
            (
                serde_json::json!({"queries_per_home": 5001}),
                "queries_per_home",
            ),
            (serde_json::json!({"seed": -1}), "seed"),
            (serde_json::json!({"homez": 2}), "homez"),
        ] {
            let e = DatasetConfig::from_json(&body).unwrap_err();
            assert_eq!(e.field, field, "{body}");
            assert!(
                e.to_string().starts_with(&format!("config.{field} ")),
                "{e}"
            );
        }
    }

    #[test]
    fn a_dataset_has_what_was_asked_and_reads_back() {
        let mut seen = Vec::new();
        let d = generate(&small(), |i, h, q| {
            seen.push((i, h.events.len(), q));
            true
        })
        .unwrap();
        assert_eq!(d.homes.len(), 2);
        assert_eq!(seen.len(), 2);
        assert_eq!(d.queries.len(), 40);
        assert!(d.homes.iter().all(|h| !h.events.is_empty()));
        assert!(d.homes.iter().all(|h| !h.habits.is_empty()));
        assert_ne!(d.homes[0].events, d.homes[1].events);
        // the queries name devices of their home's registry
        let q = &d.queries[0];
        assert_eq!(q.request.words.len(), q.request.tags.len());
        let bytes = with_version(&d.to_bytes().unwrap(), 7).unwrap();
        let back = Dataset::from_bytes(&bytes).unwrap();
        assert_eq!(back.version, Some(7));
        assert_eq!(back.homes, d.homes);
        assert_eq!(back.queries, d.queries);
        assert_eq!(back.counts()["queries"], 40);
    }

    #[test]
    fn the_same_config_gives_the_same_dataset() {
        let a = generate(&small(), |_, _, _| true).unwrap();
        let b = generate(&small(), |_, _, _| true).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn a_stop_returns_nothing() {
        assert!(generate(&small(), |i, _, _| i < 1).is_none());
    }

    #[test]
    fn another_format_is_refused() {
        let e = Dataset::from_bytes(br#"{"format":"x","config":{},"homes":[],"queries":[]}"#);
        assert!(matches!(e, Err(DatasetError::Format(_))), "{e:?}");
    }
}
