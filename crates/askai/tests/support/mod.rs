pub mod ask;
pub mod outside;
pub mod score;
pub mod spec;
