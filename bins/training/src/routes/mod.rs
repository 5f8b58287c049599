pub mod experiments;
pub mod jobs;
pub mod live;
pub mod models;
pub mod runs;
pub mod stats;
pub mod synthetic;
pub mod workers;
