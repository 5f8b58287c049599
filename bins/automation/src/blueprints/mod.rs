//! Home Assistant blueprints through homeai: import one (read and checked with
//! automation-model before anything is sent, then saved into HA with `blueprint/save`), list
//! and delete HA's automation blueprints, and deploy an automation that uses one
//! (`use_blueprint: {path, input}`, see [`instance`]).
//!
//! Whatever Home Assistant accepts, homeai accepts; what HA refuses, homeai explains: a
//! blueprint automation-model cannot read or check is a 400 with every problem at its path and
//! nothing is sent; HA refusing the save is a 4xx with HA's message; HA unreachable is a 502.
//!
//! A blueprint written in the modern dialect (`triggers:`/`actions:`) for a Home Assistant
//! before 2024.10 is saved rewritten in that HA's dialect (`rewritten_for_dialect: true`): HA
//! would store it, then refuse every automation using it.
//!
//! HA lists a blueprint's `blueprint:` block but never gives its automation back, so the
//! blueprints imported while the service runs are kept (by path) to instantiate locally and
//! validate an instance as a deploy is validated; an instance of a blueprint imported
//! elsewhere has its inputs checked here and the rest by HA when it is written.

pub mod error;
pub mod inputs;
pub mod instance;

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex};

use homeai_automation_model::{Blueprint, Dialect, blueprint_to_yaml, parse_blueprint_yaml};
use homeai_db::repo;
use homeai_ha::WsSession;
use homeai_web::{ApiError, ServiceContext};
use serde::Serialize;
use serde_json::Value;

use error::ha_refusal;
pub use error::{BlueprintError, FieldProblem};
use inputs::Input;

use crate::deploy::{self, ha_automations::ha_error};
use crate::validation::dialect_of;

/// The only blueprint domain homeai imports and instantiates.
pub const DOMAIN: &str = "automation";

/// Blueprints imported while the service runs, by path (see the module doc).
static IMPORTED: LazyLock<Mutex<HashMap<String, Blueprint>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

fn remember(path: &str, blueprint: &Blueprint) {
    if let Ok(mut known) = IMPORTED.lock() {
        known.insert(path.to_owned(), blueprint.clone());
    }
}

fn forget(path: &str) {
    if let Ok(mut known) = IMPORTED.lock() {
        known.remove(path);
    }
}

/// The blueprint imported at `path`, if it is still what HA lists there (same name, same
/// input keys).
pub(crate) fn imported(path: &str, declared: &[Input], name: Option<&str>) -> Option<Blueprint> {
    let known = IMPORTED.lock().ok()?.get(path).cloned()?;
    let mut ours: Vec<&str> = known.inputs.iter().map(|i| i.key.as_str()).collect();
    let mut theirs: Vec<&str> = declared.iter().map(|i| i.key.as_str()).collect();
    ours.sort_unstable();
    theirs.sort_unstable();
    (ours == theirs && name.is_none_or(|n| n == known.name)).then_some(known)
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    /// Relative to HA's `blueprints/automation/`: what `use_blueprint.path` names.
    pub path: String,
    pub name: String,
    pub description: Option<String>,
    pub inputs: Vec<Input>,
    /// A blueprint at the same path was replaced (`override`).
    pub replaced: bool,
    /// The dialect of the connected Home Assistant.
    pub dialect: &'static str,
    /// The text saved is the blueprint rewritten in that dialect, not the text sent.
    pub rewritten_for_dialect: bool,
    /// What Home Assistant accepts but is likely a slip (an input nothing uses), as
    /// `path: message`.
    pub warnings: Vec<String>,
}

/// Where and how an import saves the blueprint.
#[derive(Debug, Clone, Copy, Default)]
pub struct Target<'a> {
    /// Relative to HA's `blueprints/automation/`; `homeai/<name>.yaml` when absent.
    pub path: Option<&'a str>,
    /// Where the blueprint comes from, as HA records it.
    pub source_url: Option<&'a str>,
    /// Replace a file already at the path.
    pub allow_override: bool,
}

/// Reads and checks `yaml` as a blueprint, then saves it into HA at the target's path; an
/// existing file is only replaced with `allow_override`.
pub async fn import(
    ctx: &ServiceContext,
    yaml: &str,
    target: Target<'_>,
) -> Result<Imported, BlueprintError> {
    if yaml.trim().is_empty() {
        return Err(BlueprintError::at(
            "yaml",
            "give the blueprint's YAML in `yaml` (a `blueprint:` block and an automation)",
        ));
    }
    let blueprint = parse_blueprint_yaml(yaml).map_err(|e| {
        BlueprintError::from_parse(
            "the blueprint cannot be read; nothing was sent to Home Assistant",
            &e,
        )
    })?;
    if blueprint.domain != DOMAIN {
        return Err(BlueprintError::at(
            "blueprint.domain",
            format!(
                "this is a `{}` blueprint; homeai imports automation blueprints only \
                 (`domain: automation`)",
                blueprint.domain
            ),
        ));
    }
    blueprint.check().map_err(|e| {
        BlueprintError::from_parse(
            "the blueprint is not valid; nothing was sent to Home Assistant",
            &e,
        )
    })?;
    if let Some(url) = target.source_url
        && !(url.starts_with("http://") || url.starts_with("https://"))
    {
        return Err(BlueprintError::at(
            "source_url",
            format!("`{url}` is not an http(s) address; Home Assistant takes only those"),
        ));
    }
    let path = match target.path {
        Some(p) => normalise_path(p)?,
        None => format!("homeai/{}.yaml", slug(&blueprint.name, 60, "blueprint")),
    };
    let ws = deploy::ha(ctx)?.connect_ws().await.map_err(ha_error)?;
    let dialect = dialect_of(ws.ha_version());
    let rendered = in_dialect(&blueprint, dialect);
    let text = rendered.as_deref().unwrap_or(yaml);
    let replaced = ws
        .save_blueprint(
            DOMAIN,
            &path,
            text,
            target.source_url,
            target.allow_override,
        )
        .await
        .map_err(|e| ha_refusal(e, &format!("the blueprint `{path}`")))?;
    remember(&path, &blueprint);
    tracing::info!(path, name = %blueprint.name, replaced, "blueprint imported");
    Ok(Imported {
        inputs: inputs::of_blueprint(&blueprint),
        warnings: blueprint.warnings(),
        path,
        name: blueprint.name,
        description: blueprint.description,
        replaced,
        dialect: dialect.name(),
        rewritten_for_dialect: rendered.is_some(),
    })
}

/// The blueprint rewritten in `dialect` when its automation is not written in it and HA needs
/// it (before 2024.10, HA reads the legacy words only); `None` to save the text as sent.
fn in_dialect(blueprint: &Blueprint, dialect: Dialect) -> Option<String> {
    if dialect == Dialect::Modern {
        return None;
    }
    let rendered = blueprint_to_yaml(blueprint, dialect);
    let reread = parse_blueprint_yaml(&rendered).ok()?;
    (reread.body != blueprint.body).then_some(rendered)
}

/// One automation blueprint HA holds.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    pub path: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub source_url: Option<String>,
    pub author: Option<String>,
    pub inputs: Vec<Input>,
    /// Why HA could not load the file, if it could not.
    pub error: Option<String>,
}

/// HA's automation blueprints, by path.
pub async fn list(ctx: &ServiceContext) -> Result<Vec<Listed>, ApiError> {
    let ws = deploy::ha(ctx)?.connect_ws().await.map_err(ha_error)?;
    let entries = ws.list_blueprints(DOMAIN).await.map_err(ha_error)?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let meta = e.metadata.unwrap_or(Value::Null);
            let text = |k: &str| meta.get(k).and_then(Value::as_str).map(str::to_owned);
            Listed {
                name: text("name"),
                description: text("description"),
                source_url: text("source_url"),
                author: text("author"),
                inputs: inputs::of_metadata(&meta),
                path: e.path,
                error: e.error,
            }
        })
        .collect())
}

/// Deletes the blueprint at `path` from HA (HA refuses while an automation uses it).
pub async fn delete(ctx: &ServiceContext, path: &str) -> Result<String, BlueprintError> {
    let path = normalise_path(path)?;
    let ws = deploy::ha(ctx)?.connect_ws().await.map_err(ha_error)?;
    ws.delete_blueprint(DOMAIN, &path)
        .await
        .map_err(|e| ha_refusal(e, &format!("the blueprint `{path}`")))?;
    forget(&path);
    tracing::info!(path, "blueprint deleted");
    Ok(path)
}

/// A path under HA's `blueprints/automation/`: relative, no `..`, plain characters, ending in
/// `.yaml` (added when missing, as HA does).
pub fn normalise_path(path: &str) -> Result<String, BlueprintError> {
    let p = path.trim();
    let plain = p
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'));
    let segments_ok = p.split('/').all(|s| !s.is_empty() && s != "." && s != "..");
    if p.is_empty() || p.len() > 200 || !plain || !segments_ok {
        return Err(BlueprintError::at(
            "path",
            format!(
                "`{path}` is not a blueprint path: give one relative to Home Assistant's \
                 blueprints/automation/ folder, of letters, digits, `_`, `-` and `/`, like \
                 `homeai/motion_light.yaml`"
            ),
        ));
    }
    Ok(if p.ends_with(".yaml") {
        p.to_owned()
    } else {
        format!("{p}.yaml")
    })
}

/// Lowercase letters, digits and single `_`, at most `max` characters; `fallback` when nothing
/// is left.
pub(crate) fn slug(text: &str, max: usize, fallback: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
        if out.len() >= max {
            break;
        }
    }
    let out = out.trim_end_matches('_');
    if out.is_empty() {
        fallback.to_owned()
    } else {
        out.to_owned()
    }
}

/// The entity ids of the home: the registry homeai holds, else (no copy yet) every entity HA
/// has a state for; `None` when neither is known, so entities are not checked here.
pub(crate) async fn home_entities(
    ctx: &ServiceContext,
    ws: &WsSession,
) -> Result<Option<HashSet<String>>, ApiError> {
    let stored: HashSet<String> = ctx
        .db
        .run(|c| {
            Ok(repo::registry::entities(c, None, None)?
                .into_iter()
                .map(|e| e.entity_id.as_str().to_owned())
                .collect())
        })
        .await?;
    if !stored.is_empty() {
        return Ok(Some(stored));
    }
    Ok(ws
        .get_states()
        .await
        .ok()
        .map(|states| states.into_iter().map(|s| s.entity_id).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_and_plain() {
        assert_eq!(
            normalise_path("homeai/motion").ok().as_deref(),
            Some("homeai/motion.yaml")
        );
        assert_eq!(
            normalise_path(" a/b.yaml ").ok().as_deref(),
            Some("a/b.yaml")
        );
        for bad in [
            "",
            "/etc/x.yaml",
            "../x.yaml",
            "a//b.yaml",
            "a b.yaml",
            "a/./b",
        ] {
            assert!(normalise_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs_are_plain() {
        assert_eq!(
            slug("Light on Motion (hall)!", 60, "x"),
            "light_on_motion_hall"
        );
        assert_eq!(slug("***", 60, "blueprint"), "blueprint");
        assert_eq!(slug("abcdef", 3, "x"), "abc");
    }
}
