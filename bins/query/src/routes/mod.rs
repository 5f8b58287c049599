pub mod aliases;
pub mod services;
