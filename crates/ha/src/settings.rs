//! `[ha]`: where Home Assistant is and how to reach it.

use std::path::PathBuf;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::{HaClient, HaError};

/// The `[ha]` settings section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HaSettings {
    /// `http(s)://host:8123` (`HOMEAI_HA_URL`). Unset: no Home Assistant.
    pub url: Option<String>,
    /// A long-lived access token of an admin user (`HOMEAI_HA_TOKEN`). Never logged.
    pub token: Option<SecretString>,
    /// Or a file holding it (`HOMEAI_HA_TOKEN_FILE`).
    pub token_file: Option<PathBuf>,
    /// Timeout of one REST request or WebSocket command, in milliseconds. Above HA's own
    /// 10 s: a REST service call waits up to that long for the service before HA answers, so
    /// a slow but successful call must not read as HA not answering.
    #[serde(default = "default_request_timeout_ms")]
    pub request_timeout_ms: u64,
    /// Cap of the reconnect backoff of the event stream, in milliseconds.
    #[serde(default = "default_reconnect_max_ms")]
    pub reconnect_max_ms: u64,
}

fn default_request_timeout_ms() -> u64 {
    15_000
}

fn default_reconnect_max_ms() -> u64 {
    30_000
}

impl Default for HaSettings {
    fn default() -> Self {
        Self {
            url: None,
            token: None,
            token_file: None,
            request_timeout_ms: default_request_timeout_ms(),
            reconnect_max_ms: default_reconnect_max_ms(),
        }
    }
}

impl HaSettings {
    /// The access token, from `token` or else from `token_file`, trimmed. `Ok(None)` when
    /// neither is set. The error names the file, never the token.
    pub fn token(&self) -> Result<Option<SecretString>, String> {
        if let Some(t) = &self.token {
            let trimmed = t.expose_secret().trim();
            if !trimmed.is_empty() {
                return Ok(Some(SecretString::from(trimmed.to_owned())));
            }
        }
        match &self.token_file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    format!("cannot read the HA token file {}: {e}", path.display())
                })?;
                let trimmed = text.trim();
                if trimmed.is_empty() {
                    return Err(format!("the HA token file {} is empty", path.display()));
                }
                Ok(Some(SecretString::from(trimmed.to_owned())))
            }
            None => Ok(None),
        }
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_ms)
    }

    pub fn reconnect_max(&self) -> Duration {
        Duration::from_millis(self.reconnect_max_ms)
    }

    /// The client these settings describe; `Ok(None)` when `url` is unset (or blank). A url
    /// without a token is an error.
    pub fn client(&self) -> Result<Option<HaClient>, HaError> {
        let Some(url) = self.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) else {
            return Ok(None);
        };
        let token = self.token().map_err(HaError::Settings)?.ok_or_else(|| {
            HaError::Settings("ha.url is set but neither ha.token nor ha.token_file".into())
        })?;
        HaClient::new(url, token, self.request_timeout()).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn defaults_apply_to_an_empty_section_and_unknown_keys_fail() {
        let s: HaSettings = serde_json::from_str("{}").unwrap();
        assert_eq!(s.request_timeout_ms, 15_000);
        assert_eq!(s.reconnect_max_ms, 30_000);
        assert_eq!(HaSettings::default().request_timeout_ms, 15_000);
        assert!(serde_json::from_str::<HaSettings>(r#"{"urll": "x"}"#).is_err());
    }

    #[test]
    fn token_comes_from_the_setting_else_the_file_trimmed() {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        writeln!(f, "  file-token  ").unwrap();
        let mut s = HaSettings {
            token_file: Some(f.path().to_owned()),
            ..HaSettings::default()
        };
        assert_eq!(s.token().unwrap().unwrap().expose_secret(), "file-token");
        s.token = Some(SecretString::from(" direct \n".to_owned()));
        assert_eq!(s.token().unwrap().unwrap().expose_secret(), "direct");
        s.token = Some(SecretString::from("   ".to_owned()));
        assert_eq!(s.token().unwrap().unwrap().expose_secret(), "file-token");
        assert!(HaSettings::default().token().unwrap().is_none());
    }

    #[test]
    fn a_missing_token_file_is_an_error_naming_the_file() {
        let s = HaSettings {
            token_file: Some("/nonexistent/ha-token".into()),
            ..HaSettings::default()
        };
        assert!(s.token().unwrap_err().contains("/nonexistent/ha-token"));
    }

    #[test]
    fn client_is_none_without_url_and_an_error_without_token() {
        assert!(HaSettings::default().client().unwrap().is_none());
        let s = HaSettings {
            url: Some("http://127.0.0.1:8123".into()),
            ..HaSettings::default()
        };
        assert!(matches!(s.client(), Err(HaError::Settings(_))));
        let s = HaSettings {
            url: Some("http://127.0.0.1:8123/".into()),
            token: Some(SecretString::from("t".to_owned())),
            ..HaSettings::default()
        };
        let c = s.client().unwrap().unwrap();
        assert_eq!(c.base_url(), "http://127.0.0.1:8123");
    }

    #[test]
    fn debug_output_never_shows_the_token() {
        let s = HaSettings {
            url: Some("http://127.0.0.1:8123".into()),
            token: Some(SecretString::from("super-secret-token".to_owned())),
            ..HaSettings::default()
        };
        assert!(!format!("{s:?}").contains("super-secret-token"));
        let c = s.client().unwrap().unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("super-secret-token"));
        assert!(shown.contains("http://127.0.0.1:8123"));
    }
}
