pub mod automations;
pub mod blueprints;
pub mod deploy;
pub mod preferences;
pub mod suggestions;
