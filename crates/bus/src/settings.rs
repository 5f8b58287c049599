use serde::Deserialize;

/// The `[mqtt]` section.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MqttSettings {
    /// `mqtt://host:port` (`HOMEAI_MQTT_URL`). Unset: the all-in-one binary starts an embedded
    /// broker on loopback; a lone service runs without MQTT.
    pub url: Option<String>,
    /// Port of the embedded broker (all-in-one only, when `url` is unset).
    #[serde(default = "default_embedded_port")]
    pub embedded_port: u16,
    /// Keep-alive in seconds: how soon the broker notices a dead service and sends its last will.
    #[serde(default = "default_keep_alive")]
    pub keep_alive_secs: u64,
}

fn default_embedded_port() -> u16 {
    1883
}

fn default_keep_alive() -> u64 {
    15
}
