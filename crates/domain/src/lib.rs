//! Pure domain types of homeai.
//!
//! Nothing here does I/O or knows about actix, diesel, reqwest or tokio: these are the words the
//! rest of the workspace speaks. Enumerations that are stored in SQLite have `as_str`/`FromStr`
//! pairs whose strings match the `CHECK` constraints in `migrations/`.

mod error;
mod text_enum;

pub mod alias;
pub mod event;
pub mod ha;
pub mod pattern;
pub mod preferences;
pub mod service;
pub mod suggestion;
pub mod training;

pub use error::DomainError;
pub use service::ServiceName;
