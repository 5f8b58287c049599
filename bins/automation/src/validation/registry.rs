//! The registry check: every entity, device and area an automation names is in the registries
//! homeai holds (or, before it holds a copy, in Home Assistant's own); and the covers the
//! registry knows as garage doors.

use std::collections::HashSet;

use homeai_db::{Db, repo};
use homeai_ha::WsSession;

use super::finding::{FieldFinding, Source};
use super::references::References;

/// What the registry check needs from the database.
pub(super) struct Registry {
    pub(super) entities: HashSet<String>,
    devices: HashSet<String>,
    areas: HashSet<String>,
}

pub(super) async fn load_registry(db: &Db) -> Result<Registry, homeai_db::DbError> {
    db.run(|c| {
        let entities = repo::registry::entities(c, None, None)?
            .into_iter()
            .map(|e| e.entity_id.as_str().to_owned())
            .collect();
        let devices = repo::registry::devices(c)?
            .into_iter()
            .map(|d| d.device_id)
            .collect();
        let areas = repo::registry::areas(c)?
            .into_iter()
            .map(|a| a.area_id)
            .collect();
        Ok(Registry {
            entities,
            devices,
            areas,
        })
    })
    .await
}

/// The registries as Home Assistant holds them now (every entity with a state, registered or
/// not), for when homeai has stored no copy yet; `None` when HA does not answer.
pub(super) async fn live_registry(ws: &WsSession) -> Option<Registry> {
    let states = ws.get_states().await.ok()?;
    let devices = ws.device_registry().await.ok()?;
    let areas = ws.area_registry().await.ok()?;
    Some(Registry {
        entities: states.into_iter().map(|s| s.entity_id).collect(),
        devices: devices.into_iter().map(|d| d.id).collect(),
        areas: areas.into_iter().map(|a| a.area_id).collect(),
    })
}

/// Covers the registry knows as garage doors or gates (by device class).
pub async fn garage_doors(db: &Db) -> Result<Vec<String>, homeai_db::DbError> {
    db.run(|c| {
        Ok(repo::registry::entities(c, Some("cover"), None)?
            .into_iter()
            .filter(|e| matches!(e.device_class.as_deref(), Some("garage" | "gate")))
            .map(|e| e.entity_id.as_str().to_owned())
            .collect())
    })
    .await
}

pub(super) fn check_registry(refs: &References, registry: &Registry, out: &mut Vec<FieldFinding>) {
    let empty = registry.entities.is_empty();
    if empty {
        out.push(FieldFinding::warning(
            "",
            Source::Registry,
            "homeai holds no copy of Home Assistant's registries yet (the pattern service \
             stores them once it is connected to Home Assistant), so entities, devices and \
             areas were not checked"
                .to_owned(),
        ));
        return;
    }
    unknown(&refs.entities, &registry.entities, out, |id| {
        format!(
            "there is no entity `{id}` in Home Assistant; check the spelling, or pick one from \
             GET /api/v1/entities on the pattern service"
        )
    });
    unknown(&refs.devices, &registry.devices, out, |id| {
        format!(
            "there is no device `{id}` in Home Assistant's device registry; pick one from GET \
             /api/v1/devices on the pattern service"
        )
    });
    if !refs.areas.is_empty() && registry.areas.is_empty() {
        out.push(FieldFinding::warning(
            "",
            Source::Registry,
            "homeai holds no areas from Home Assistant, so the areas named were not checked"
                .to_owned(),
        ));
        return;
    }
    unknown(&refs.areas, &registry.areas, out, |id| {
        format!(
            "there is no area `{id}` in Home Assistant; use an area id (not its name) from GET \
             /api/v1/areas on the pattern service"
        )
    });
}

/// An error at each `(field, id)` of `named` whose id `known` does not hold, in the words
/// `missing` gives for it.
fn unknown(
    named: &[(String, String)],
    known: &HashSet<String>,
    out: &mut Vec<FieldFinding>,
    missing: impl Fn(&str) -> String,
) {
    for (field, id) in named {
        if !known.contains(id) {
            out.push(FieldFinding::error(
                field.clone(),
                Source::Registry,
                missing(id),
            ));
        }
    }
}
