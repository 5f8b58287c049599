pub mod events;
pub mod home;
