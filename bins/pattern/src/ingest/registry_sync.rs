//! Copying HA's area, device and entity registries (plus current states) into the database.

use std::collections::HashMap;

use homeai_db::repo::registry::{self, SyncReport};
use homeai_db::{Db, DbError};
use homeai_domain::ha::{Area, Device, Entity, EntityId};
use homeai_ha::{HaError, WsSession};

/// Why a sync failed.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Ha(#[from] HaError),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Reads the three registries and the states over `ws` and replaces the stored copy.
pub async fn sync(ws: &WsSession, db: &Db) -> Result<SyncReport, SyncError> {
    let areas: Vec<Area> = ws
        .area_registry()
        .await?
        .into_iter()
        .map(|a| Area {
            area_id: a.area_id,
            name: a.name,
            aliases: a.aliases,
        })
        .collect();
    let device_entries = ws.device_registry().await?;
    let device_area: HashMap<String, Option<String>> = device_entries
        .iter()
        .map(|d| (d.id.clone(), d.area_id.clone()))
        .collect();
    let devices: Vec<Device> = device_entries
        .into_iter()
        .map(|d| Device {
            name: d
                .name_by_user
                .clone()
                .or(d.name.clone())
                .unwrap_or_else(|| d.id.clone()),
            device_id: d.id,
            manufacturer: d.manufacturer,
            model: d.model,
            area_id: d.area_id,
        })
        .collect();
    let registry: HashMap<String, homeai_ha::EntityRegistryEntry> = ws
        .entity_registry()
        .await?
        .into_iter()
        .map(|e| (e.entity_id.clone(), e))
        .collect();
    let mut entities = Vec::new();
    for state in ws.get_states().await? {
        let Ok(entity_id) = EntityId::parse(&state.entity_id) else {
            continue;
        };
        let entry = registry.get(&state.entity_id);
        let device_id = entry.and_then(|e| e.device_id.clone());
        let area_id = entry.and_then(|e| e.area_id.clone()).or_else(|| {
            device_id
                .as_ref()
                .and_then(|d| device_area.get(d).cloned().flatten())
        });
        let text = |key: &str| {
            state
                .attributes
                .get(key)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        entities.push(Entity {
            entity_id,
            friendly_name: text("friendly_name")
                .or_else(|| entry.and_then(|e| e.name.clone().or(e.original_name.clone()))),
            device_id,
            area_id,
            device_class: text("device_class"),
            platform: entry.and_then(|e| e.platform.clone()),
            aliases: Vec::new(),
            hidden: entry.is_some_and(|e| e.hidden_by.is_some()),
            state: Some(state.state.clone()),
        });
    }
    let report = db
        .write(move |c| registry::replace_all(c, &areas, &devices, &entities))
        .await?;
    tracing::info!(
        areas = report.areas,
        devices = report.devices,
        entities = report.entities,
        "registries synced"
    );
    Ok(report)
}
