pub mod aliases;
pub mod ask_ai;
pub mod conversations;
pub mod services;
