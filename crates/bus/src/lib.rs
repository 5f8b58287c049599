//! How homeai's services talk to each other.
//!
//! * [`mqtt`]: one MQTT connection per service (rumqttc) that announces itself retained on
//!   `homeai/<service>/status` (`online`, and `offline` as its last will or on a clean stop),
//!   reconnects with backoff and fans incoming messages out to subscribers.
//! * [`broker`]: the embedded broker (rumqttd) the all-in-one binary starts on loopback when no
//!   broker is configured.
//! * [`peers`]: typed HTTP clients for calling the other services, with retries for idempotent
//!   calls.
//!
//! Errors: [`BusError`] for everything here.

pub mod broker;
pub mod discovery;
mod error;
pub mod mqtt;
pub mod peers;
mod settings;

pub use error::BusError;
pub use mqtt::{MqttBus, MqttMessage};
pub use peers::{PeerClient, Peers};
pub use settings::{MqttSettings, redact_url};
