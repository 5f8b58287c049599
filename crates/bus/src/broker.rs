//! The embedded MQTT broker: rumqttd, from the same project as rumqttc, on loopback.

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use crate::BusError;

/// A running embedded broker. It lives as long as the process (rumqttd has no stop).
#[derive(Debug, Clone)]
pub struct EmbeddedBroker {
    pub addr: SocketAddr,
}

impl EmbeddedBroker {
    /// The URL clients connect to.
    pub fn url(&self) -> String {
        format!("mqtt://{}", self.addr)
    }
}

/// Starts rumqttd on `127.0.0.1:port` (port 0 picks a free one) in its own thread and waits until
/// it accepts connections.
pub fn start(port: u16) -> Result<EmbeddedBroker, BusError> {
    let port = if port == 0 { free_port()? } else { port };
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    if std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
        return Err(BusError::Broker(format!(
            "{addr} is already in use: set HOMEAI_MQTT_URL to use that broker, or free the port"
        )));
    }
    let config: rumqttd::Config = serde_json::from_value(serde_json::json!({
        "id": 0,
        "router": {
            "max_connections": 100,
            "max_outgoing_packet_count": 200,
            "max_segment_size": 1_048_576,
            "max_segment_count": 10
        },
        "v4": { "1": {
            "name": "homeai-v4",
            "listen": addr.to_string(),
            "next_connection_delay_ms": 1,
            "connections": {
                "connection_timeout_ms": 60000,
                "max_payload_size": 262_144,
                "max_inflight_count": 100,
                "dynamic_filters": true
            }
        }}
    }))
    .map_err(|e| BusError::Broker(format!("broker configuration: {e}")))?;

    std::thread::Builder::new()
        .name("mqtt-broker".into())
        .spawn(move || {
            let mut broker = rumqttd::Broker::new(config);
            if let Err(e) = broker.start() {
                tracing::error!(error = %e, "embedded MQTT broker stopped");
            }
        })
        .map_err(|e| BusError::Broker(e.to_string()))?;

    // Wait until the port is taken (binding it fails) rather than connecting to it, which the
    // broker would log as a broken MQTT connection.
    for _ in 0..100 {
        if TcpListener::bind(addr).is_err() {
            tracing::info!(%addr, "embedded MQTT broker listening");
            return Ok(EmbeddedBroker { addr });
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(BusError::Broker(format!(
        "embedded broker did not listen on {addr} within 5 s"
    )))
}

fn free_port() -> Result<u16, BusError> {
    let listener =
        TcpListener::bind(("127.0.0.1", 0)).map_err(|e| BusError::Broker(e.to_string()))?;
    Ok(listener
        .local_addr()
        .map_err(|e| BusError::Broker(e.to_string()))?
        .port())
}
