//! What every homeai service shares, so the four binaries stay thin.
//!
//! * [`settings`]: layered configuration (defaults → `config/*.toml` / `homeai.toml` →
//!   `HOMEAI_*` environment) including the public environment names of the contract.
//! * [`telemetry`]: `tracing` set up once, pretty or JSON.
//! * [`ApiError`]: the one HTTP error type, `{"error": code, "message": …}` from a single table of
//!   codes. Library crates have their own error enums (`DbError`, `BusError`, …); handlers
//!   return `Result<_, ApiError>` and `?` converts.
//! * [`auth`]: every mutating request (anything but GET/HEAD/OPTIONS) needs the bearer token.
//! * [`health`]: `/health`, `/health/ready`, `/metrics` for every service.
//! * [`Application`]: binds, wires middleware and routes, runs until a signal, stops cleanly.

pub mod active_model;
mod app;
pub mod auth;
mod context;
mod error;
pub mod health;
pub mod metrics;
pub mod paging;
pub mod settings;
pub mod telemetry;

pub use app::{
    Application, RouteConfig, Setup, Signals, StartError, bind, run_service, shutdown_signal,
};
pub use context::ServiceContext;
pub use error::ApiError;
pub use settings::Settings;
