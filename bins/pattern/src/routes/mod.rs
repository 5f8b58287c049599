pub mod analysis;
pub mod correlations;
pub mod events;
pub mod home;
pub mod home_models;
pub mod synergies;
pub mod synergy_model;
