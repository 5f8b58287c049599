//! Getting events into the `events` table: live from Home Assistant, backfilled from its
//! history, from MQTT statestream, or imported from an export.

pub mod backfill;
pub mod cause;
pub mod convert;
pub mod import;
pub mod live;
pub mod registry_sync;
pub mod statestream;
pub mod status;
pub mod writer;

pub use status::IngestStatus;
