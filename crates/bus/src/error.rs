/// What can go wrong talking to the broker or to another service.
#[derive(Debug, thiserror::Error)]
pub enum BusError {
    #[error("invalid MQTT url {url:?}: {reason}")]
    MqttUrl { url: String, reason: String },
    #[error("MQTT client: {0}")]
    Mqtt(#[from] rumqttc::ClientError),
    #[error("embedded MQTT broker: {0}")]
    Broker(String),
    #[error("the {service} service is unreachable: {source}")]
    Unreachable {
        service: String,
        source: reqwest::Error,
    },
    #[error("the {service} service answered {status}: {body}")]
    Status {
        service: String,
        status: u16,
        body: String,
    },
    #[error("the {service} service sent a body that is not what was expected: {source}")]
    Decode {
        service: String,
        source: reqwest::Error,
    },
    #[error("HTTP client: {0}")]
    Client(reqwest::Error),
}
