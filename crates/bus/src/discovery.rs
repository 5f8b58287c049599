//! homeai's own entities in Home Assistant, through MQTT discovery: one device (`homeai`, or the
//! configured node id) with sensors each service fills (pending suggestions, the last analysis,
//! training progress). Configs and states are retained; the configs are published again when
//! Home Assistant announces itself on `homeassistant/status` (it forgets discovered entities
//! it was not told about since its start otherwise).

use std::future::Future;
use std::time::Duration;

use homeai_domain::ServiceName;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::MqttBus;

/// `[mqtt.discovery]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscoverySettings {
    /// Publish homeai's sensors for Home Assistant's MQTT discovery.
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// Home Assistant's discovery prefix.
    #[serde(default = "default_prefix")]
    pub prefix: String,
    /// The device's id (and the first word of its entities' ids): `homeai` gives
    /// `sensor.homeai_pending_suggestions`. Lowercase letters, digits and `_`.
    #[serde(default = "default_node_id")]
    pub node_id: String,
    /// How often each service looks at its numbers and publishes those that changed.
    #[serde(default = "default_interval_ms")]
    pub interval_ms: u64,
}

impl Default for DiscoverySettings {
    fn default() -> Self {
        Self {
            enabled: true,
            prefix: default_prefix(),
            node_id: default_node_id(),
            interval_ms: default_interval_ms(),
        }
    }
}

fn default_true() -> bool {
    true
}
fn default_prefix() -> String {
    "homeassistant".into()
}
fn default_node_id() -> String {
    "homeai".into()
}
fn default_interval_ms() -> u64 {
    10_000
}

/// One sensor of the homeai device.
#[derive(Debug, Clone)]
pub struct Sensor {
    /// `pending_suggestions`: the entity becomes `sensor.<node>_pending_suggestions`.
    pub key: &'static str,
    pub name: &'static str,
    pub unit: Option<&'static str>,
    pub device_class: Option<&'static str>,
    pub icon: Option<&'static str>,
}

/// A sensor's reading: its state and attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub key: &'static str,
    pub state: String,
    pub attributes: Value,
}

fn state_topic(node: &str, key: &str) -> String {
    format!("homeai/{node}/sensor/{key}/state")
}

fn attributes_topic(node: &str, key: &str) -> String {
    format!("homeai/{node}/sensor/{key}/attributes")
}

/// `homeassistant/sensor/<node>/<key>/config`.
pub fn config_topic(settings: &DiscoverySettings, key: &str) -> String {
    format!(
        "{}/sensor/{}/{key}/config",
        settings.prefix, settings.node_id
    )
}

/// The discovery config of one sensor (pure).
pub fn config_payload(
    settings: &DiscoverySettings,
    service: ServiceName,
    sensor: &Sensor,
) -> Value {
    let node = &settings.node_id;
    let mut config = json!({
        "name": sensor.name,
        "unique_id": format!("{node}_{}", sensor.key),
        "object_id": format!("{node}_{}", sensor.key),
        "state_topic": state_topic(node, sensor.key),
        "json_attributes_topic": attributes_topic(node, sensor.key),
        "availability_topic": service.status_topic(),
        "payload_available": "online",
        "payload_not_available": "offline",
        "device": {
            "identifiers": [node],
            "name": node,
            "manufacturer": "homeai",
            "model": "homeai (habits, suggestions, Ask AI, training)",
            "sw_version": env!("CARGO_PKG_VERSION"),
        },
        "origin": { "name": "homeai", "sw_version": env!("CARGO_PKG_VERSION") },
    });
    if let Value::Object(map) = &mut config {
        for (k, v) in [
            ("unit_of_measurement", sensor.unit),
            ("device_class", sensor.device_class),
            ("icon", sensor.icon),
        ] {
            if let Some(v) = v {
                map.insert(k.into(), Value::String(v.into()));
            }
        }
        if sensor.unit.is_some() {
            map.insert("state_class".into(), Value::String("measurement".into()));
        }
    }
    config
}

async fn announce(bus: &MqttBus, settings: &DiscoverySettings, sensors: &[Sensor]) {
    for s in sensors {
        let payload = config_payload(settings, bus.service(), s).to_string();
        if let Err(e) = bus
            .publish(&config_topic(settings, s.key), payload, true)
            .await
        {
            tracing::warn!(sensor = s.key, error = %e, "could not publish a discovery config");
        }
    }
}

async fn publish(bus: &MqttBus, node: &str, r: &Reading) {
    let (state, attrs) = (state_topic(node, r.key), attributes_topic(node, r.key));
    let done = bus.publish(&attrs, r.attributes.to_string(), true).await;
    if let Err(e) = done.and(bus.publish(&state, r.state.clone(), true).await) {
        tracing::warn!(sensor = r.key, error = %e, "could not publish a sensor's state");
    }
}

/// Publishes `sensors`' configs now and whenever HA comes online, and their readings from
/// `read` every `interval_ms` when they changed (all of them again after HA came online), until
/// `shutdown` turns true.
pub fn spawn<F, Fut>(
    bus: MqttBus,
    settings: DiscoverySettings,
    sensors: Vec<Sensor>,
    mut shutdown: watch::Receiver<bool>,
    read: F,
) -> JoinHandle<()>
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = Vec<Reading>> + Send,
{
    tokio::spawn(async move {
        let birth_topic = format!("{}/status", settings.prefix);
        let mut births = match bus.subscribe(&birth_topic) {
            Ok(r) => Some(r),
            Err(e) => {
                tracing::warn!(error = %e, "cannot follow Home Assistant's status; discovery is published once");
                None
            }
        };
        announce(&bus, &settings, &sensors).await;
        let mut last: Vec<Reading> = Vec::new();
        let mut tick = tokio::time::interval(Duration::from_millis(settings.interval_ms.max(100)));
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    let now = read().await;
                    for r in now.iter().filter(|r| !last.contains(r)) {
                        publish(&bus, &settings.node_id, r).await;
                    }
                    last = now;
                }
                msg = async {
                    match births.as_mut() {
                        Some(r) => r.recv().await.ok(),
                        None => std::future::pending().await,
                    }
                } => {
                    if let Some(m) = msg
                        && m.topic == birth_topic
                        && m.payload == b"online"
                    {
                        tracing::info!("Home Assistant came online: publishing discovery again");
                        announce(&bus, &settings, &sensors).await;
                        last.clear();
                        tick.reset_immediately();
                    }
                }
                _ = shutdown.changed() => return,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sensor_config_names_its_device_topics_and_availability() {
        let settings = DiscoverySettings::default();
        let sensor = Sensor {
            key: "pending_suggestions",
            name: "Pending suggestions",
            unit: Some("suggestions"),
            device_class: None,
            icon: Some("mdi:lightbulb-auto"),
        };
        assert_eq!(
            config_topic(&settings, sensor.key),
            "homeassistant/sensor/homeai/pending_suggestions/config"
        );
        let c = config_payload(&settings, ServiceName::Automation, &sensor);
        assert_eq!(c["unique_id"], "homeai_pending_suggestions");
        assert_eq!(
            c["state_topic"],
            "homeai/homeai/sensor/pending_suggestions/state"
        );
        assert_eq!(
            c["availability_topic"],
            ServiceName::Automation.status_topic()
        );
        assert_eq!(c["device"]["identifiers"][0], "homeai");
        assert_eq!(c["unit_of_measurement"], "suggestions");
        assert_eq!(c["state_class"], "measurement");
        assert!(c.get("device_class").is_none());
    }
}
