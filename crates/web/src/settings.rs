//! Layered configuration: defaults → `config/base.toml` → `config/$HOMEAI_ENV.toml` →
//! `homeai.toml` → `$HOMEAI_CONFIG` → `HOMEAI_*` environment.
//!
//! The environment names in [`CONTRACT`] are public (deployments rely on them); any other
//! setting is reachable as `HOMEAI_<SECTION>__<KEY>` (e.g. `HOMEAI_DATABASE__POOL_SIZE=4`).
//! Unknown keys, in a file or the environment, fail at start with the name that was wrong.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use config::{Config, File, FileFormat};
use homeai_bus::MqttSettings;
use homeai_cache::CacheSettings;
use homeai_db::DatabaseSettings;
use homeai_domain::ServiceName;
pub use homeai_ha::HaSettings;
use secrecy::SecretString;
use serde::Deserialize;

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

/// Everything a service needs to start.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Address the HTTP servers bind (`HOMEAI_BIND`): loopback by default, 0.0.0.0 in compose.
    pub bind: IpAddr,
    pub database: DatabaseSettings,
    pub query: ServiceSettings,
    pub pattern: ServiceSettings,
    pub automation: ServiceSettings,
    pub training: ServiceSettings,
    #[serde(default)]
    pub api: ApiSettings,
    #[serde(default)]
    pub ha: HaSettings,
    #[serde(default)]
    pub mqtt: MqttSettings,
    #[serde(default)]
    pub log: LogSettings,
    /// `[askai]`: Ask AI (the query service).
    #[serde(default)]
    pub askai: AskAiSettings,
    #[serde(default)]
    pub cache: CacheSettings,
    #[serde(default)]
    pub http: HttpSettings,
    #[serde(default)]
    pub ingest: IngestSettings,
    #[serde(default)]
    pub analysis: AnalysisSettings,
    #[serde(default)]
    pub deploy: DeploySettings,
    #[serde(default)]
    pub training_jobs: TrainingJobSettings,
}

/// One service's `[query]`/`[pattern]`/`[automation]`/`[training]` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSettings {
    /// Port to listen on; 0 picks a free one (tests).
    pub port: u16,
    /// How the other services reach this one; default `http://<bind or 127.0.0.1>:<port>`.
    pub base_url: Option<String>,
}

/// `[api]`: the bearer token that guards every mutating call.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSettings {
    /// The token itself (`HOMEAI_API_TOKEN`).
    pub token: Option<SecretString>,
    /// Or a file holding it (`HOMEAI_API_TOKEN_FILE`). With neither, a random token is made
    /// once and kept in `api-token` beside the database, readable only by its owner.
    pub token_file: Option<PathBuf>,
    /// A second token for what only the household's admin may do (forcing a deploy that fails
    /// the safety bar; `HOMEAI_API__ADMIN_TOKEN`). Without one, nothing can be forced.
    pub admin_token: Option<SecretString>,
}

/// `[log]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    /// `tracing` filter directives (`HOMEAI_LOG`), e.g. `info,homeai_db=debug`.
    #[serde(default = "default_filter")]
    pub filter: String,
    /// `pretty` or `json` (`HOMEAI_LOG_FORMAT`).
    #[serde(default)]
    pub format: LogFormat,
}

impl Default for LogSettings {
    fn default() -> Self {
        Self {
            filter: default_filter(),
            format: LogFormat::default(),
        }
    }
}

fn default_filter() -> String {
    // the embedded broker logs every connection at info
    "info,rumqttd=warn".into()
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Pretty,
    Json,
}

/// `[http]`: server knobs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    /// actix workers per service (a NUC has 2–4 cores).
    #[serde(default = "default_workers")]
    pub workers: usize,
    /// Largest JSON body accepted, in bytes.
    #[serde(default = "default_json_limit")]
    pub json_limit: usize,
    /// Timeout for calls to the other services, in milliseconds.
    #[serde(default = "default_peer_timeout_ms")]
    pub peer_timeout_ms: u64,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            workers: default_workers(),
            json_limit: default_json_limit(),
            peer_timeout_ms: default_peer_timeout_ms(),
        }
    }
}

fn default_workers() -> usize {
    2
}
fn default_json_limit() -> usize {
    4 * 1024 * 1024
}
fn default_peer_timeout_ms() -> u64 {
    5_000
}

/// `[deploy]`: how the automation service writes automations into Home Assistant.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploySettings {
    /// How long to wait for HA to load a written automation (its entity to appear) before the
    /// deploy is an error and the write is undone.
    #[serde(default = "default_appear_timeout_ms")]
    pub appear_timeout_ms: u64,
    /// The lowest safety score a deploy passes without being forced by the admin.
    #[serde(default = "default_minimum_safety_score")]
    pub minimum_safety_score: u8,
    /// The audit calls an automation stale when it has not fired for this many days.
    #[serde(default = "default_stale_after_days")]
    pub stale_after_days: u32,
    /// The prefix of every config id this instance writes (`homeai_` and then lowercase
    /// letters, digits and `_`); it only ever edits, deletes or adopts ids of the form
    /// `<prefix>s<suggestion id>`.
    #[serde(default = "default_id_prefix")]
    pub id_prefix: String,
}

impl Default for DeploySettings {
    fn default() -> Self {
        Self {
            appear_timeout_ms: default_appear_timeout_ms(),
            minimum_safety_score: default_minimum_safety_score(),
            stale_after_days: default_stale_after_days(),
            id_prefix: default_id_prefix(),
        }
    }
}

fn default_appear_timeout_ms() -> u64 {
    15_000
}
fn default_minimum_safety_score() -> u8 {
    60
}
fn default_stale_after_days() -> u32 {
    30
}
fn default_id_prefix() -> String {
    "homeai_".into()
}

/// `[analysis]`: the pattern service's habit analysis.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalysisSettings {
    /// Days of history each analysis reads, back from the newest event.
    #[serde(default = "default_window_days")]
    pub window_days: u32,
    /// The home's time zone when Home Assistant does not say (habits are judged in local time).
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    /// The home's location when Home Assistant does not say (for sunrise and sunset).
    #[serde(default)]
    pub latitude: f64,
    #[serde(default)]
    pub longitude: f64,
    /// When the daily analysis runs: a cron expression in the home's local time.
    #[serde(default = "default_schedule")]
    pub schedule: String,
    /// Run the scheduled analysis at all.
    #[serde(default = "default_true")]
    pub schedule_enabled: bool,
}

impl Default for AnalysisSettings {
    fn default() -> Self {
        Self {
            window_days: default_window_days(),
            time_zone: default_time_zone(),
            latitude: 0.0,
            longitude: 0.0,
            schedule: default_schedule(),
            schedule_enabled: true,
        }
    }
}

fn default_schedule() -> String {
    "0 3 * * *".into()
}

fn default_window_days() -> u32 {
    60
}
fn default_time_zone() -> String {
    "UTC".into()
}

/// `[ingest]`: how the pattern service takes events from Home Assistant.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestSettings {
    /// Follow Home Assistant's event stream (when `ha.url` is set).
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// Events per write transaction at most.
    #[serde(default = "default_batch_size")]
    pub batch_size: usize,
    /// Longest an event waits before its batch is written, in milliseconds.
    #[serde(default = "default_batch_delay_ms")]
    pub batch_max_delay_ms: u64,
    /// After (re)connecting, wait this long before reading the gap from HA's history, so the
    /// recorder has committed it (HA commits every 5 s by default).
    #[serde(default = "default_backfill_delay_ms")]
    pub backfill_delay_ms: u64,
    /// A gap older than this many days is not backfilled (HA keeps 10 days by default).
    #[serde(default = "default_backfill_max_days")]
    pub backfill_max_days: u32,
    #[serde(default)]
    pub statestream: StatestreamSettings,
}

impl Default for IngestSettings {
    fn default() -> Self {
        Self {
            enabled: true,
            batch_size: default_batch_size(),
            batch_max_delay_ms: default_batch_delay_ms(),
            backfill_delay_ms: default_backfill_delay_ms(),
            backfill_max_days: default_backfill_max_days(),
            statestream: StatestreamSettings::default(),
        }
    }
}

/// `[ingest.statestream]`: HA's `mqtt_statestream` as a second source (off by default).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatestreamSettings {
    #[serde(default)]
    pub enabled: bool,
    /// The `base_topic` configured in HA's `mqtt_statestream`.
    #[serde(default = "default_base_topic")]
    pub base_topic: String,
}

impl Default for StatestreamSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            base_topic: default_base_topic(),
        }
    }
}

fn default_true() -> bool {
    true
}
fn default_batch_size() -> usize {
    1000
}
fn default_batch_delay_ms() -> u64 {
    250
}
fn default_backfill_delay_ms() -> u64 {
    6000
}
fn default_backfill_max_days() -> u32 {
    10
}
fn default_base_topic() -> String {
    "homeassistant".into()
}

// ---- [training_jobs] ------------------------------------------------------------------------
// (`[training]` is the service's port and URL, like the other three; the queue has its own
// section so `ServiceSettings` stays the same for all four.)

/// `[training_jobs]`: the training service's job queue and workers
/// (`HOMEAI_TRAINING_JOBS__CONCURRENCY=2`, …).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingJobSettings {
    /// Jobs the local worker runs at once (1 on a NUC: training takes the CPU).
    #[serde(default = "default_concurrency")]
    pub concurrency: usize,
    /// Run jobs in this process at all (off: only remote workers run them).
    #[serde(default = "default_true")]
    pub local_worker: bool,
    /// Where models and checkpoints are written; default `models/` beside the database.
    #[serde(default)]
    pub artefact_dir: Option<PathBuf>,
    /// An `auto` job waits this long for a remote worker before the local worker takes it.
    #[serde(default = "default_remote_wait_ms")]
    pub remote_wait_ms: u64,
    /// A remote worker that has not reported for this long loses its job (it is queued again
    /// and resumes from its last checkpoint).
    #[serde(default = "default_worker_lease_ms")]
    pub worker_lease_ms: u64,
    /// How often an idle local worker looks at the queue (it is also woken on every change).
    #[serde(default = "default_poll_ms")]
    pub poll_ms: u64,
    /// `homeai up`: how often it checks that Ask AI's intent model was trained on the home's
    /// current registry, and queues a low-priority job when it was not (first start, a renamed
    /// or new entity); 0 turns this off.
    #[serde(default = "default_intent_upkeep_secs")]
    pub intent_upkeep_secs: u64,
}

impl Default for TrainingJobSettings {
    fn default() -> Self {
        Self {
            concurrency: default_concurrency(),
            local_worker: true,
            artefact_dir: None,
            remote_wait_ms: default_remote_wait_ms(),
            worker_lease_ms: default_worker_lease_ms(),
            poll_ms: default_poll_ms(),
            intent_upkeep_secs: default_intent_upkeep_secs(),
        }
    }
}

impl TrainingJobSettings {
    /// The artefact directory, `models/` beside `database` unless set.
    pub fn artefact_dir(&self, database: &Path) -> PathBuf {
        self.artefact_dir.clone().unwrap_or_else(|| {
            database
                .parent()
                .unwrap_or_else(|| Path::new("."))
                .join("models")
        })
    }
}

fn default_concurrency() -> usize {
    1
}
fn default_intent_upkeep_secs() -> u64 {
    600
}
fn default_remote_wait_ms() -> u64 {
    30_000
}
fn default_worker_lease_ms() -> u64 {
    60_000
}
fn default_poll_ms() -> u64 {
    1_000
}

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

    pub fn service(&self, name: ServiceName) -> &ServiceSettings {
        match name {
            ServiceName::Query => &self.query,
            ServiceName::Pattern => &self.pattern,
            ServiceName::Automation => &self.automation,
            ServiceName::Training => &self.training,
        }
    }

    pub fn service_mut(&mut self, name: ServiceName) -> &mut ServiceSettings {
        match name {
            ServiceName::Query => &mut self.query,
            ServiceName::Pattern => &mut self.pattern,
            ServiceName::Automation => &mut self.automation,
            ServiceName::Training => &mut self.training,
        }
    }

    /// Where the other services reach `name`.
    pub fn base_url(&self, name: ServiceName) -> String {
        let svc = self.service(name);
        if let Some(url) = &svc.base_url {
            return url.trim_end_matches('/').to_owned();
        }
        let host = if self.bind.is_unspecified() {
            "127.0.0.1".to_owned()
        } else {
            self.bind.to_string()
        };
        let host = if host.contains(':') {
            format!("[{host}]")
        } else {
            host
        };
        format!("http://{host}:{}", svc.port)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn defaults_are_the_documented_ports() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings::load_from(dir.path(), env(&[])).unwrap();
        assert_eq!(s.query.port, 8018);
        assert_eq!(s.pattern.port, 8020);
        assert_eq!(s.automation.port, 8021);
        assert_eq!(s.training.port, 8022);
        assert_eq!(s.database.pool_size, 10);
        assert_eq!(s.base_url(ServiceName::Pattern), "http://127.0.0.1:8020");
    }

    #[test]
    fn contract_names_and_nested_names_override() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings::load_from(
            dir.path(),
            env(&[
                ("HOMEAI_DATABASE", "/tmp/x.db"),
                ("HOMEAI_QUERY_PORT", "9000"),
                ("HOMEAI_BIND", "0.0.0.0"),
                ("HOMEAI_DATABASE__POOL_SIZE", "4"),
                ("HOMEAI_LOG_FORMAT", "json"),
                ("HOMEAI_MQTT_URL", ""),
            ]),
        )
        .unwrap();
        assert_eq!(s.database.path, PathBuf::from("/tmp/x.db"));
        assert_eq!(s.database.pool_size, 4);
        assert_eq!(s.query.port, 9000);
        assert_eq!(s.log.format, LogFormat::Json);
        assert!(s.mqtt.url.is_none(), "an empty value means unset");
        assert_eq!(s.base_url(ServiceName::Query), "http://127.0.0.1:9000");
    }

    #[test]
    fn file_layers_apply_under_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("homeai.toml"),
            "[pattern]\nport = 7000\n[query]\nport = 7001\n",
        )
        .unwrap();
        let s = Settings::load_from(dir.path(), env(&[("HOMEAI_QUERY_PORT", "7002")])).unwrap();
        assert_eq!(s.pattern.port, 7000);
        assert_eq!(s.query.port, 7002);
    }

    #[test]
    fn typos_and_bad_values_fail_at_start() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            Settings::load_from(dir.path(), env(&[("HOMEAI_QEURY_PORT", "1")])),
            Err(SettingsError::UnknownEnv(_))
        ));
        assert!(
            Settings::load_from(dir.path(), env(&[("HOMEAI_DATABASE__POOL_SIZ", "1")])).is_err()
        );
        assert!(
            Settings::load_from(dir.path(), env(&[("HOMEAI_DATABASE__POOL_SIZE", "50")])).is_err()
        );
        assert!(Settings::load_from(dir.path(), env(&[("HOMEAI_QUERY_PORT", "eighty")])).is_err());
        assert!(Settings::load_from(dir.path(), env(&[("HOMEAI_HA_URL", "ftp://x")])).is_err());
    }
}

// ---------------------------------------------------------------------------------- Ask AI

/// `[askai]`: the query service's Ask AI.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AskAiSettings {
    /// A registry snapshot (`home.json`) to resolve names against instead of the registries the
    /// pattern service stores (for a home without a synced registry, and for trials).
    #[serde(default)]
    pub home_file: Option<PathBuf>,
    #[serde(default)]
    pub llm: LlmSettings,
}

/// `[askai.llm]`: an optional language model behind any OpenAI-compatible chat-completions
/// endpoint (Ollama, llama.cpp, vLLM, …). Off by default; its answers go through the same
/// parser, repair and validation, and a timeout or a bad answer falls back to the local engine.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LlmSettings {
    #[serde(default)]
    pub enabled: bool,
    /// e.g. `http://127.0.0.1:11434/v1` (the path `/chat/completions` is added).
    #[serde(default)]
    pub base_url: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub api_key: Option<SecretString>,
    #[serde(default = "default_llm_timeout_ms")]
    pub timeout_ms: u64,
}

impl Default for LlmSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            base_url: String::new(),
            model: String::new(),
            api_key: None,
            timeout_ms: default_llm_timeout_ms(),
        }
    }
}

fn default_llm_timeout_ms() -> u64 {
    4_000
}
