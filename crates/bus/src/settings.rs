use serde::Deserialize;

/// The `[mqtt]` section.
#[derive(Debug, Clone, Deserialize)]
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
    /// homeai's sensors in Home Assistant (MQTT discovery).
    #[serde(default)]
    pub discovery: crate::discovery::DiscoverySettings,
}

impl Default for MqttSettings {
    fn default() -> Self {
        Self {
            url: None,
            embedded_port: default_embedded_port(),
            keep_alive_secs: default_keep_alive(),
            discovery: crate::discovery::DiscoverySettings::default(),
        }
    }
}

/// `url` with any user and password replaced by `***`, for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}***{}", &url[..scheme_end + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

fn default_embedded_port() -> u16 {
    1883
}

fn default_keep_alive() -> u64 {
    15
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_when_the_section_is_absent() {
        let s = MqttSettings::default();
        assert_eq!((s.embedded_port, s.keep_alive_secs), (1883, 15));
    }

    #[test]
    fn credentials_never_reach_the_log() {
        assert_eq!(
            redact_url("mqtt://user:pw@broker:1883"),
            "mqtt://***@broker:1883"
        );
        assert_eq!(redact_url("mqtt://broker:1883"), "mqtt://broker:1883");
    }
}
