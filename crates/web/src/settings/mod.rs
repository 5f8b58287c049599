//! Layered configuration: defaults → `config/base.toml` → `config/$HOMEAI_ENV.toml` →
//! `homeai.toml` → `$HOMEAI_CONFIG` → `HOMEAI_*` environment.
//!
//! The environment names in [`CONTRACT`] are public (deployments rely on them); any other
//! setting is reachable as `HOMEAI_<SECTION>__<KEY>` (e.g. `HOMEAI_DATABASE__POOL_SIZE=4`).
//! Unknown keys, in a file or the environment, fail at start with the name that was wrong.

mod askai;
mod automation;
mod defaults;
mod load;
mod pattern;
mod root;
mod server;
mod training;

pub use askai::{AskAiSettings, LlmSettings};
pub use automation::DeploySettings;
pub use homeai_ha::HaSettings;
pub use load::{CONTRACT, SettingsError};
pub use pattern::{AnalysisSettings, IngestSettings, StatestreamSettings};
pub use root::{ServiceSettings, Settings};
pub use server::{ApiSettings, HttpSettings, LogFormat, LogSettings};
pub use training::TrainingJobSettings;

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use homeai_domain::ServiceName;

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
