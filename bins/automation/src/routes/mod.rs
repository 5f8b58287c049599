pub mod automations;
pub mod preferences;
pub mod suggestions;
