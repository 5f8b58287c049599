//! Home Assistant's blueprints over the WebSocket API: `blueprint/save`, `blueprint/list`,
//! `blueprint/delete` (what HA's blueprint editor uses). A blueprint lives in HA's
//! `blueprints/<domain>/<path>`; an automation instantiates it with `use_blueprint: {path,
//! input}` written through the config API ([`crate::HaClient::save_automation_config`]).
//!
//! HA checks the blueprint's own schema on save (a bad one is [`HaError::Command`] with code
//! `invalid_format`); what the inputs make of it is only checked when an automation uses it.

use serde_json::{Value, json};

use crate::{HaError, WsSession};

/// One blueprint HA knows, from `blueprint/list`.
#[derive(Debug, Clone, PartialEq)]
pub struct BlueprintEntry {
    /// Relative to `blueprints/<domain>/`, e.g. `homeai/door_left_open.yaml`.
    pub path: String,
    /// The blueprint's `blueprint:` section (name, domain, input, source_url, …); `None` when
    /// HA could not load the file.
    pub metadata: Option<Value>,
    /// Why HA could not load it.
    pub error: Option<String>,
}

impl WsSession {
    /// `blueprint/save`: writes `yaml` as `blueprints/<domain>/<path>` (HA appends `.yaml` when
    /// missing). `allow_override` replaces an existing file (HA then reloads the automations
    /// that use it); without it an existing file is [`HaError::Command`] `already_exists`.
    /// Returns whether a file was replaced.
    pub async fn save_blueprint(
        &self,
        domain: &str,
        path: &str,
        yaml: &str,
        source_url: Option<&str>,
        allow_override: bool,
    ) -> Result<bool, HaError> {
        let mut msg = json!({
            "type": "blueprint/save",
            "domain": domain,
            "path": path,
            "yaml": yaml,
            "allow_override": allow_override,
        });
        if let (Some(url), Some(m)) = (source_url, msg.as_object_mut()) {
            m.insert("source_url".into(), url.into());
        }
        let result = self.command(msg).await?;
        Ok(result
            .get("overrides_existing")
            .and_then(Value::as_bool)
            .unwrap_or(false))
    }

    /// `blueprint/list` for `domain` (`automation`, `script`), sorted by path.
    pub async fn list_blueprints(&self, domain: &str) -> Result<Vec<BlueprintEntry>, HaError> {
        let result = self
            .command(json!({"type": "blueprint/list", "domain": domain}))
            .await?;
        let Value::Object(map) = result else {
            return Err(HaError::Decode(format!(
                "blueprint/list answered {}, not an object",
                crate::shorten::shorten(&result.to_string(), 200)
            )));
        };
        let mut out: Vec<BlueprintEntry> = map
            .into_iter()
            .map(|(path, v)| BlueprintEntry {
                path,
                metadata: v.get("metadata").cloned(),
                error: v.get("error").and_then(Value::as_str).map(str::to_owned),
            })
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// `blueprint/delete`. HA refuses to delete a blueprint an automation still uses.
    pub async fn delete_blueprint(&self, domain: &str, path: &str) -> Result<(), HaError> {
        self.command(json!({"type": "blueprint/delete", "domain": domain, "path": path}))
            .await
            .map(drop)
    }
}
