pub mod ask;
pub mod score;
pub mod spec;
