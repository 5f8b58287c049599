//! Loading the layers: built-in defaults → `config/base.toml` → `config/$HOMEAI_ENV.toml` →
//! `homeai.toml` → `$HOMEAI_CONFIG` → `HOMEAI_*` environment (the public names in
//! [`CONTRACT`], or `HOMEAI_<SECTION>__<KEY>`), then checking the values.

use std::path::{Path, PathBuf};

use config::{Config, File, FileFormat};

use super::root::Settings;

/// Public environment names and the setting each one sets.
pub const CONTRACT: &[(&str, &str)] = &[
    ("HOMEAI_DATABASE", "database.path"),
    ("HOMEAI_BIND", "bind"),
    ("HOMEAI_QUERY_PORT", "query.port"),
    ("HOMEAI_PATTERN_PORT", "pattern.port"),
    ("HOMEAI_AUTOMATION_PORT", "automation.port"),
    ("HOMEAI_TRAINING_PORT", "training.port"),
    ("HOMEAI_QUERY_URL", "query.base_url"),
    ("HOMEAI_PATTERN_URL", "pattern.base_url"),
    ("HOMEAI_AUTOMATION_URL", "automation.base_url"),
    ("HOMEAI_TRAINING_URL", "training.base_url"),
    ("HOMEAI_API_TOKEN", "api.token"),
    ("HOMEAI_API_TOKEN_FILE", "api.token_file"),
    ("HOMEAI_HA_URL", "ha.url"),
    ("HOMEAI_HA_TOKEN", "ha.token"),
    ("HOMEAI_HA_TOKEN_FILE", "ha.token_file"),
    ("HOMEAI_MQTT_URL", "mqtt.url"),
    ("HOMEAI_LOG", "log.filter"),
    ("HOMEAI_LOG_FORMAT", "log.format"),
];

/// Environment names that choose files rather than set values.
const META: &[&str] = &["HOMEAI_ENV", "HOMEAI_CONFIG"];

/// Why settings could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("configuration: {0}")]
    Config(#[from] config::ConfigError),
    #[error("unknown environment variable {0} (see Configuration in the README)")]
    UnknownEnv(String),
    #[error("{0}")]
    Invalid(String),
}

impl Settings {
    /// Loads from the files in the working directory and the process environment.
    pub fn load() -> Result<Self, SettingsError> {
        Self::load_from(Path::new("."), std::env::vars())
    }

    /// Loads with `dir` as the working directory and `env` as the environment (tests).
    pub fn load_from(
        dir: &Path,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, SettingsError> {
        let env: Vec<(String, String)> = env
            .into_iter()
            .filter(|(k, v)| k.starts_with("HOMEAI_") && !v.trim().is_empty())
            .collect();
        let lookup = |name: &str| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());

        let mut builder = Config::builder()
            .add_source(File::from_str(DEFAULTS, FileFormat::Toml))
            .add_source(File::from(dir.join("config/base.toml")).required(false));
        let profile = lookup("HOMEAI_ENV").unwrap_or_else(|| "local".into());
        builder = builder
            .add_source(File::from(dir.join(format!("config/{profile}.toml"))).required(false))
            .add_source(File::from(dir.join("homeai.toml")).required(false));
        if let Some(path) = lookup("HOMEAI_CONFIG") {
            builder = builder.add_source(File::from(PathBuf::from(path)).required(true));
        }
        for (name, value) in &env {
            if META.contains(&name.as_str()) {
                continue;
            }
            let key = if let Some((_, key)) = CONTRACT.iter().find(|(n, _)| n == name) {
                (*key).to_owned()
            } else if let Some(rest) = name.strip_prefix("HOMEAI_").filter(|r| r.contains("__")) {
                rest.to_lowercase().replace("__", ".")
            } else {
                return Err(SettingsError::UnknownEnv(name.clone()));
            };
            builder = builder.set_override(key, value.clone())?;
        }
        let settings: Settings = builder.build()?.try_deserialize()?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), SettingsError> {
        self.database
            .validate()
            .map_err(|e| SettingsError::Invalid(e.to_string()))?;
        if self.ingest.batch_size == 0 || self.ingest.batch_size > 100_000 {
            return Err(SettingsError::Invalid(
                "ingest.batch_size must be 1..=100000".into(),
            ));
        }
        if !(7..=400).contains(&self.analysis.window_days) {
            return Err(SettingsError::Invalid(
                "analysis.window_days must be 7..=400".into(),
            ));
        }
        if let Err(e) = self.analysis.schedule.parse::<croner::Cron>() {
            return Err(SettingsError::Invalid(format!(
                "analysis.schedule {:?} is not a cron expression ({e}); e.g. \"0 3 * * *\" for 03:00 daily",
                self.analysis.schedule
            )));
        }
        if self.analysis.time_zone.parse::<chrono_tz::Tz>().is_err() {
            return Err(SettingsError::Invalid(format!(
                "analysis.time_zone {:?} is not an IANA time zone (e.g. Europe/Berlin)",
                self.analysis.time_zone
            )));
        }
        if self.training_jobs.concurrency == 0 || self.training_jobs.concurrency > 16 {
            return Err(SettingsError::Invalid(
                "training_jobs.concurrency must be 1..=16".into(),
            ));
        }
        if self.http.workers == 0 || self.http.workers > 64 {
            return Err(SettingsError::Invalid("http.workers must be 1..=64".into()));
        }
        if let Some(url) = &self.ha.url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(SettingsError::Invalid(format!(
                "ha.url must start with http:// or https://, got {url:?}"
            )));
        }
        if let Some(url) = &self.mqtt.url
            && !(url.starts_with("mqtt://") || url.starts_with("tcp://"))
        {
            return Err(SettingsError::Invalid(format!(
                "mqtt.url must start with mqtt://, got {url:?}"
            )));
        }
        Ok(())
    }
}

/// Built-in defaults: the first layer.
const DEFAULTS: &str = r#"
bind = "127.0.0.1"

[database]
path = "data/homeai.db"

[query]
port = 8018

[pattern]
port = 8020

[automation]
port = 8021

[training]
port = 8022
"#;
