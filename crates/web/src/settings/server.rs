//! The sections every service's HTTP server reads: `[api]` (the bearer tokens), `[log]` and
//! `[http]`.

use std::path::PathBuf;

use secrecy::SecretString;
use serde::Deserialize;

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
