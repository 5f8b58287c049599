pub mod ask;
pub mod score;
