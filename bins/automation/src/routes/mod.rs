pub mod automations;
pub mod preferences;
