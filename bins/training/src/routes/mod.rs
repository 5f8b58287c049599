pub mod jobs;
pub mod models;
pub mod runs;
pub mod stats;
