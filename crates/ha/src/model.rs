//! What Home Assistant sends: state objects, events, the core config, registry entries and the
//! compressed state rows of the WebSocket history. Parsing is tolerant: unknown fields are
//! ignored (newer cores add fields), and fields HA may omit have defaults.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::{HaError, HaVersion};

/// Who caused a state change or event: `parent_id` set → an automation or script, else
/// `user_id` set → a user, else a device or integration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HaContext {
    pub id: String,
    #[serde(default)]
    pub parent_id: Option<String>,
    #[serde(default)]
    pub user_id: Option<String>,
}

/// A state object, as in `/api/states`, `get_states` and `state_changed` events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HaState {
    pub entity_id: String,
    pub state: String,
    #[serde(default)]
    pub attributes: Map<String, Value>,
    #[serde(deserialize_with = "timestamp")]
    pub last_changed: DateTime<Utc>,
    #[serde(deserialize_with = "timestamp")]
    pub last_updated: DateTime<Utc>,
    #[serde(default)]
    pub context: Option<HaContext>,
}

/// An event from `subscribe_events`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HaEvent {
    pub event_type: String,
    #[serde(default)]
    pub data: Value,
    #[serde(default)]
    pub origin: Option<String>,
    #[serde(deserialize_with = "timestamp")]
    pub time_fired: DateTime<Utc>,
    #[serde(default)]
    pub context: Option<HaContext>,
}

/// `event.data` of a `state_changed` event. `old_state` is `None` when the entity appears,
/// `new_state` is `None` when it is removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateChangedData {
    pub entity_id: String,
    #[serde(default)]
    pub old_state: Option<HaState>,
    #[serde(default)]
    pub new_state: Option<HaState>,
}

impl HaEvent {
    /// The entity and its old and new state, when this is a well-formed `state_changed` event.
    pub fn state_changed(&self) -> Option<StateChangedData> {
        if self.event_type != "state_changed" {
            return None;
        }
        match StateChangedData::deserialize(&self.data) {
            Ok(data) => Some(data),
            Err(e) => {
                tracing::warn!(error = %e, "state_changed event with unreadable data");
                None
            }
        }
    }
}

/// `GET /api/config` / WS `get_config`, the parts homeai uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HaConfig {
    pub version: HaVersion,
    #[serde(default)]
    pub location_name: String,
    #[serde(default)]
    pub latitude: f64,
    #[serde(default)]
    pub longitude: f64,
    #[serde(default)]
    pub elevation: Option<f64>,
    #[serde(default)]
    pub time_zone: String,
    #[serde(default)]
    pub unit_system: Value,
    #[serde(default)]
    pub components: Vec<String>,
    #[serde(default)]
    pub config_dir: Option<String>,
}

/// One row of `config/entity_registry/list`. (HA 2024.3 lists no `aliases` here; they are only
/// in `config/entity_registry/get`.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRegistryEntry {
    pub entity_id: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub unique_id: Option<String>,
    #[serde(default)]
    pub platform: Option<String>,
    #[serde(default)]
    pub config_entry_id: Option<String>,
    #[serde(default)]
    pub device_id: Option<String>,
    #[serde(default)]
    pub area_id: Option<String>,
    #[serde(default)]
    pub disabled_by: Option<String>,
    #[serde(default)]
    pub hidden_by: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub original_name: Option<String>,
    #[serde(default)]
    pub has_entity_name: bool,
    #[serde(default)]
    pub entity_category: Option<String>,
    #[serde(default)]
    pub labels: Vec<String>,
}

/// One row of `config/device_registry/list`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceRegistryEntry {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub name_by_user: Option<String>,
    #[serde(default)]
    pub area_id: Option<String>,
    #[serde(default)]
    pub manufacturer: Option<String>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub via_device_id: Option<String>,
    #[serde(default)]
    pub disabled_by: Option<String>,
    /// `"service"` for integration-made devices (e.g. "Sun"), else `None`.
    #[serde(default)]
    pub entry_type: Option<String>,
    #[serde(default)]
    pub labels: Vec<String>,
}

/// One row of `config/area_registry/list`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaRegistryEntry {
    pub area_id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Floors exist from HA 2024.4.
    #[serde(default)]
    pub floor_id: Option<String>,
}

/// A row in HA's compressed state form (WS `history/history_during_period`,
/// `subscribe_entities`): `s` state, `a` attributes, `c` context (an id string or an object),
/// `lc`/`lu` last changed/updated as epoch seconds. History omits `lc` when it equals `lu`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct CompressedState {
    s: String,
    #[serde(default)]
    a: Option<Map<String, Value>>,
    #[serde(default)]
    c: Option<Value>,
    #[serde(default, deserialize_with = "opt_timestamp")]
    lc: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "opt_timestamp")]
    lu: Option<DateTime<Utc>>,
}

impl CompressedState {
    pub(crate) fn into_state(self, entity_id: &str) -> Result<HaState, HaError> {
        let (last_changed, last_updated) = match (self.lc, self.lu) {
            (Some(lc), Some(lu)) => (lc, lu),
            (Some(t), None) | (None, Some(t)) => (t, t),
            (None, None) => {
                return Err(HaError::Decode(format!(
                    "compressed state of {entity_id} has neither lc nor lu"
                )));
            }
        };
        let context = match self.c {
            Some(Value::String(id)) => Some(HaContext {
                id,
                parent_id: None,
                user_id: None,
            }),
            Some(v @ Value::Object(_)) => serde_json::from_value(v).ok(),
            _ => None,
        };
        Ok(HaState {
            entity_id: entity_id.to_owned(),
            state: self.s,
            attributes: self.a.unwrap_or_default(),
            last_changed,
            last_updated,
            context,
        })
    }
}

/// `{entity_id: [compressed rows]}` → `{entity_id: [HaState]}`, each list in time order.
pub(crate) fn decompress_history(
    rows: BTreeMap<String, Vec<CompressedState>>,
) -> Result<BTreeMap<String, Vec<HaState>>, HaError> {
    rows.into_iter()
        .map(|(entity_id, rows)| {
            let mut states = rows
                .into_iter()
                .map(|r| r.into_state(&entity_id))
                .collect::<Result<Vec<_>, _>>()?;
            states.sort_by_key(|s| s.last_updated);
            Ok((entity_id, states))
        })
        .collect()
}

/// A timestamp as HA writes it: an ISO 8601 string (state objects, events) or epoch seconds as
/// a number (compressed states).
fn timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Epoch(f64),
    }
    match Raw::deserialize(d)? {
        Raw::Text(s) => parse_iso(&s).map_err(serde::de::Error::custom),
        Raw::Epoch(secs) => from_epoch(secs).map_err(serde::de::Error::custom),
    }
}

fn opt_timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    #[derive(Deserialize)]
    struct Wrap(#[serde(deserialize_with = "timestamp")] DateTime<Utc>);
    Option::<Wrap>::deserialize(d).map(|o| o.map(|Wrap(t)| t))
}

/// Parses `2024-03-20T10:00:00.123456+00:00` (or `Z`, or any offset) to UTC.
pub fn parse_iso(s: &str) -> Result<DateTime<Utc>, HaError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| HaError::Decode(format!("timestamp {s:?}: {e}")))
}

/// Epoch seconds (fractional, as HA's compressed states carry them) to UTC, to the microsecond.
pub fn from_epoch(secs: f64) -> Result<DateTime<Utc>, HaError> {
    if !secs.is_finite() {
        return Err(HaError::Decode(format!("timestamp {secs}")));
    }
    let micros = (secs * 1_000_000.0).round();
    // i64 microseconds cover ±292 000 years; anything outside is garbage anyway
    if micros.abs() >= 9.0e18 {
        return Err(HaError::Decode(format!("timestamp {secs} out of range")));
    }
    DateTime::from_timestamp_micros(micros as i64)
        .ok_or_else(|| HaError::Decode(format!("timestamp {secs} out of range")))
}

/// HA's ISO form, `2024-03-20T10:00:00.123456+00:00`, for query strings and WS commands.
pub(crate) fn to_iso(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn state_json() -> Value {
        json!({
            "entity_id": "light.kitchen_ceiling",
            "state": "on",
            "attributes": {"brightness": 200, "friendly_name": "Kitchen Ceiling"},
            "last_changed": "2024-03-20T10:00:00.116776+00:00",
            "last_updated": "2024-03-20T10:00:01.5+00:00",
            "last_reported": "2024-03-20T10:00:01.5+00:00",
            "context": {"id": "01HSB6", "parent_id": null, "user_id": "7aa73f"}
        })
    }

    #[test]
    fn parses_a_state_object_ignoring_unknown_fields() {
        let s: HaState = serde_json::from_value(state_json()).unwrap();
        assert_eq!(s.entity_id, "light.kitchen_ceiling");
        assert_eq!(s.state, "on");
        assert_eq!(s.attributes["brightness"], 200);
        assert_eq!(
            s.last_changed,
            DateTime::parse_from_rfc3339("2024-03-20T10:00:00.116776Z").unwrap()
        );
        assert_eq!(s.last_updated.timestamp_subsec_micros(), 500_000);
        let ctx = s.context.unwrap();
        assert_eq!(ctx.id, "01HSB6");
        assert_eq!(ctx.parent_id, None);
        assert_eq!(ctx.user_id.as_deref(), Some("7aa73f"));
    }

    #[test]
    fn a_state_without_attributes_or_context_gets_defaults() {
        let s: HaState = serde_json::from_value(json!({
            "entity_id": "sensor.x", "state": "12.5",
            "last_changed": "2024-03-20T10:00:00Z", "last_updated": 1710928800.25
        }))
        .unwrap();
        assert!(s.attributes.is_empty());
        assert!(s.context.is_none());
        assert_eq!(s.last_updated.timestamp_micros(), 1_710_928_800_250_000);
    }

    #[test]
    fn a_state_round_trips_through_serde() {
        let s: HaState = serde_json::from_value(state_json()).unwrap();
        let back: HaState = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn a_bad_timestamp_is_an_error() {
        let mut j = state_json();
        j["last_changed"] = json!("yesterday");
        assert!(serde_json::from_value::<HaState>(j).is_err());
    }

    #[test]
    fn parses_a_state_changed_event_and_its_data() {
        let ev: HaEvent = serde_json::from_value(json!({
            "event_type": "state_changed",
            "data": {"entity_id": "light.kitchen_ceiling", "old_state": null, "new_state": state_json()},
            "origin": "LOCAL",
            "time_fired": "2024-03-20T10:00:01.500000+00:00",
            "context": {"id": "01HSB6", "parent_id": "01PARENT", "user_id": null}
        }))
        .unwrap();
        assert_eq!(ev.origin.as_deref(), Some("LOCAL"));
        assert_eq!(
            ev.context.as_ref().unwrap().parent_id.as_deref(),
            Some("01PARENT")
        );
        let data = ev.state_changed().unwrap();
        assert_eq!(data.entity_id, "light.kitchen_ceiling");
        assert!(data.old_state.is_none());
        assert_eq!(data.new_state.unwrap().state, "on");
    }

    #[test]
    fn state_changed_is_none_for_other_event_types() {
        let ev: HaEvent = serde_json::from_value(json!({
            "event_type": "call_service", "data": {"domain": "light"},
            "origin": "LOCAL", "time_fired": "2024-03-20T10:00:01+00:00"
        }))
        .unwrap();
        assert!(ev.state_changed().is_none());
        assert!(ev.context.is_none());
    }

    #[test]
    fn parses_the_core_config_of_2024_3() {
        let c: HaConfig = serde_json::from_value(json!({
            "latitude": 52.3731, "longitude": 4.8922, "elevation": 2,
            "unit_system": {"length": "km", "temperature": "°C"},
            "location_name": "HomeAI Test Home", "time_zone": "UTC",
            "components": ["light", "automation"], "config_dir": "/config",
            "whitelist_external_dirs": [], "allowlist_external_dirs": [],
            "allowlist_external_urls": [], "version": "2024.3.3",
            "config_source": "storage", "safe_mode": false, "state": "RUNNING",
            "external_url": null, "internal_url": null, "currency": "EUR",
            "country": null, "language": "en"
        }))
        .unwrap();
        assert_eq!(c.version, HaVersion::parse("2024.3.3").unwrap());
        assert_eq!(c.elevation, Some(2.0));
        assert_eq!(c.unit_system["temperature"], "°C");
        assert_eq!(c.components, ["light", "automation"]);
        assert_eq!(c.config_dir.as_deref(), Some("/config"));
    }

    #[test]
    fn parses_registry_rows_as_2024_3_sends_them() {
        let e: EntityRegistryEntry = serde_json::from_value(json!({
            "area_id": "kitchen", "config_entry_id": null, "device_id": null,
            "disabled_by": null, "entity_category": null, "entity_id": "light.kitchen_ceiling",
            "has_entity_name": false, "hidden_by": null, "icon": null,
            "id": "fbe036d6", "labels": [], "name": null,
            "options": {"conversation": {"should_expose": true}},
            "original_name": "Kitchen Ceiling", "platform": "template",
            "translation_key": null, "unique_id": "homeai_light_kitchen_ceiling"
        }))
        .unwrap();
        assert_eq!(e.area_id.as_deref(), Some("kitchen"));
        assert_eq!(e.platform.as_deref(), Some("template"));
        let minimal: EntityRegistryEntry =
            serde_json::from_value(json!({"entity_id": "light.x"})).unwrap();
        assert!(minimal.labels.is_empty());

        let d: DeviceRegistryEntry = serde_json::from_value(json!({
            "area_id": null, "configuration_url": null, "config_entries": ["9cdc"],
            "connections": [], "disabled_by": null, "entry_type": "service",
            "hw_version": null, "id": "83abc49c", "identifiers": [["sun", "9cdc"]],
            "manufacturer": null, "model": null, "name_by_user": null, "name": "Sun",
            "serial_number": null, "sw_version": null, "via_device_id": null
        }))
        .unwrap();
        assert_eq!(d.name.as_deref(), Some("Sun"));
        assert_eq!(d.entry_type.as_deref(), Some("service"));

        let a: AreaRegistryEntry = serde_json::from_value(json!({
            "aliases": ["cooking"], "area_id": "kitchen", "icon": null,
            "name": "Kitchen", "picture": null
        }))
        .unwrap();
        assert_eq!(a.aliases, ["cooking"]);
        assert_eq!(a.floor_id, None);
    }

    #[test]
    fn decompresses_history_rows_with_epoch_seconds_and_lc_defaulting_to_lu() {
        let rows: BTreeMap<String, Vec<CompressedState>> = serde_json::from_value(json!({
            "light.hallway_light": [
                {"s": "on", "a": {"brightness": 200}, "lu": 1710928801.259544},
                {"s": "off", "a": {}, "lu": 1710928800.117388},
                {"s": "off", "a": {"brightness": null}, "lc": 1710928800.117388, "lu": 1710928805.0}
            ],
            "sensor.t": [{"s": "21.5", "lu": 1710928800.0, "c": "01CTX"}]
        }))
        .unwrap();
        let got = decompress_history(rows).unwrap();
        let hall = &got["light.hallway_light"];
        // sorted by last_updated
        assert_eq!(
            hall.iter().map(|s| s.state.as_str()).collect::<Vec<_>>(),
            ["off", "on", "off"]
        );
        assert_eq!(hall[1].last_changed, hall[1].last_updated);
        assert_eq!(
            hall[1].last_updated.timestamp_micros(),
            1_710_928_801_259_544
        );
        assert_eq!(hall[1].attributes["brightness"], 200);
        assert_eq!(
            hall[2].last_changed.timestamp_micros(),
            1_710_928_800_117_388
        );
        assert_eq!(hall[2].last_updated.timestamp(), 1_710_928_805);
        assert!(hall[0].context.is_none());
        let t = &got["sensor.t"][0];
        assert!(t.attributes.is_empty());
        assert_eq!(t.context.as_ref().unwrap().id, "01CTX");
        assert_eq!(t.entity_id, "sensor.t");
    }

    #[test]
    fn a_compressed_row_without_any_timestamp_is_an_error() {
        let rows: BTreeMap<String, Vec<CompressedState>> =
            serde_json::from_value(json!({"sensor.t": [{"s": "1"}]})).unwrap();
        assert!(matches!(decompress_history(rows), Err(HaError::Decode(_))));
    }

    #[test]
    fn iso_and_epoch_helpers_agree() {
        let t = parse_iso("2024-03-20T10:00:00.123456+01:00").unwrap();
        assert_eq!(to_iso(t), "2024-03-20T09:00:00.123456+00:00");
        assert_eq!(from_epoch(t.timestamp_micros() as f64 / 1e6).unwrap(), t);
        assert!(from_epoch(f64::NAN).is_err());
        assert!(from_epoch(1e300).is_err());
    }
}
