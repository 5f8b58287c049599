//! The one SQLite schema all four services share.
//!
//! * [`DatabaseSettings`] is the `[database]` section of the configuration;
//!   [`DatabaseSettings::open`] migrates the file and builds the pool.
//! * [`Db`] is the handle services keep: [`Db::run`] for reads and [`Db::write`] for writes, both
//!   off the async executor, writes inside `BEGIN IMMEDIATE` so concurrent processes queue on the
//!   file lock (with `busy_timeout`) instead of failing with `SQLITE_BUSY`.
//! * [`repo`] holds the queries: plain sync functions over `&mut SqliteConnection` that compose
//!   inside a transaction. Nothing outside this crate sees [`schema`].
//!
//! Errors: every function here returns [`DbError`]; callers map it to HTTP in `homeai-web`.

mod error;
mod handle;
mod migrate;
mod pool;
mod settings;
mod time;

pub mod models;
pub mod repo;
pub(crate) mod schema;

pub use diesel::sqlite::SqliteConnection;
pub use error::DbError;
pub use handle::Db;
pub use migrate::{MigrationReport, migrate, revert_all};
pub use pool::{DbPool, build_pool};
pub use settings::DatabaseSettings;
pub use time::{from_micros, to_micros};
