pub mod automations;
pub mod deploy;
pub mod preferences;
pub mod suggestions;
