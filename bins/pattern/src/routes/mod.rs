pub mod analysis;
pub mod correlations;
pub mod events;
pub mod home;
pub mod synergies;
pub mod synergy_model;
