//! The whole configuration, [`Settings`]: one field a section, and each service's port and the
//! URL the other services reach it at.

use std::net::IpAddr;

use homeai_bus::MqttSettings;
use homeai_cache::CacheSettings;
use homeai_db::DatabaseSettings;
use homeai_domain::ServiceName;
use homeai_ha::HaSettings;
use serde::Deserialize;

use super::askai::AskAiSettings;
use super::automation::DeploySettings;
use super::pattern::{AnalysisSettings, IngestSettings};
use super::server::{ApiSettings, HttpSettings, LogSettings};
use super::training::TrainingJobSettings;

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

impl Settings {
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
