pub mod analysis;
pub mod events;
pub mod home;
pub mod synergies;
