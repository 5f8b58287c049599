//! The Home Assistant client: its REST API over reqwest, its WebSocket API over
//! tokio-tungstenite, and a supervised event stream that reconnects by itself.
//!
//! * [`HaSettings`] is the `[ha]` section; [`HaSettings::client`] builds the [`HaClient`].
//! * [`HaClient`] (cheap to clone) speaks REST: states, config, history, service calls and the
//!   automation config API the UI editor uses. [`HaClient::connect_ws`] opens a [`WsSession`].
//! * [`WsSession`] is one authenticated WebSocket connection: registries, `get_states`,
//!   `call_service`, `validate_config`, history, subscriptions, blueprints
//!   ([`BlueprintEntry`]: save, list, delete), any other command.
//! * [`spawn_event_stream`] keeps a subscription alive across disconnects and tells the
//!   consumer when to backfill ([`StreamItem::Connected`]).
//! * The wire types ([`HaState`], [`HaEvent`], [`HaConfig`], registry entries) and
//!   [`HaVersion`], which picks the [`AutomationDialect`].
//!
//! One error type, [`HaError`] (see its module doc for how to map it). The access token is a
//! `SecretString`: it is never logged, never in `Debug` output and never in an error.
//!
//! Plain `ws://` and `wss://` both work; TLS is rustls with the ring provider and the webpki
//! root certificates (a self-signed HA certificate is not accepted).

mod blueprint;
mod client;
mod error;
mod model;
mod settings;
mod shorten;
mod stream;
mod version;
mod ws;

pub use blueprint::BlueprintEntry;
pub use client::HaClient;
pub use error::HaError;
pub use model::{
    AreaRegistryEntry, DeviceRegistryEntry, EntityRegistryEntry, HaConfig, HaContext, HaEvent,
    HaState, StateChangedData, from_epoch, parse_iso,
};
pub use settings::HaSettings;
pub use stream::{EventStreamOptions, StreamItem, spawn_event_stream, spawn_event_stream_with};
pub use version::{AutomationDialect, HaVersion};
pub use ws::{SUBSCRIPTION_BUFFER, WsSession};
