//! Home Assistant's registries as homeai last saw them: areas, devices, entities.

use std::collections::HashSet;

use diesel::prelude::*;
use diesel::upsert::excluded;
use homeai_domain::ha::{Area, Device, Entity, EntityId};

use crate::DbError;
use crate::schema::{ha_areas, ha_devices, ha_entities};

/// What a sync changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SyncReport {
    pub areas: usize,
    pub devices: usize,
    pub entities: usize,
    pub removed: usize,
}

/// Makes the stored registries exactly `areas`, `devices`, `entities` (upsert, then delete what is
/// gone). References to unknown areas or devices are dropped rather than failing the sync.
/// Call inside an IMMEDIATE transaction.
pub fn replace_all(
    conn: &mut SqliteConnection,
    areas: &[Area],
    devices: &[Device],
    entities: &[Entity],
) -> Result<SyncReport, DbError> {
    let area_ids: HashSet<&str> = areas.iter().map(|a| a.area_id.as_str()).collect();
    let device_ids: HashSet<&str> = devices.iter().map(|d| d.device_id.as_str()).collect();
    let known_area = |a: &Option<String>| a.clone().filter(|id| area_ids.contains(id.as_str()));

    for a in areas {
        diesel::insert_into(ha_areas::table)
            .values((
                ha_areas::area_id.eq(&a.area_id),
                ha_areas::name.eq(&a.name),
                ha_areas::aliases.eq(serde_json::to_string(&a.aliases)?),
            ))
            .on_conflict(ha_areas::area_id)
            .do_update()
            .set((
                ha_areas::name.eq(excluded(ha_areas::name)),
                ha_areas::aliases.eq(excluded(ha_areas::aliases)),
                ha_areas::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)?;
    }
    for d in devices {
        diesel::insert_into(ha_devices::table)
            .values((
                ha_devices::device_id.eq(&d.device_id),
                ha_devices::name.eq(&d.name),
                ha_devices::manufacturer.eq(&d.manufacturer),
                ha_devices::model.eq(&d.model),
                ha_devices::area_id.eq(known_area(&d.area_id)),
            ))
            .on_conflict(ha_devices::device_id)
            .do_update()
            .set((
                ha_devices::name.eq(excluded(ha_devices::name)),
                ha_devices::manufacturer.eq(excluded(ha_devices::manufacturer)),
                ha_devices::model.eq(excluded(ha_devices::model)),
                ha_devices::area_id.eq(excluded(ha_devices::area_id)),
                ha_devices::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)?;
    }
    for en in entities {
        let device = en
            .device_id
            .clone()
            .filter(|id| device_ids.contains(id.as_str()));
        diesel::insert_into(ha_entities::table)
            .values((
                ha_entities::entity_id.eq(en.entity_id.as_str()),
                ha_entities::domain.eq(en.entity_id.domain()),
                ha_entities::friendly_name.eq(&en.friendly_name),
                ha_entities::device_id.eq(device),
                ha_entities::area_id.eq(known_area(&en.area_id)),
                ha_entities::device_class.eq(&en.device_class),
                ha_entities::platform.eq(&en.platform),
                ha_entities::aliases.eq(serde_json::to_string(&en.aliases)?),
                ha_entities::hidden.eq(en.hidden),
                ha_entities::state.eq(&en.state),
            ))
            .on_conflict(ha_entities::entity_id)
            .do_update()
            .set((
                ha_entities::friendly_name.eq(excluded(ha_entities::friendly_name)),
                ha_entities::device_id.eq(excluded(ha_entities::device_id)),
                ha_entities::area_id.eq(excluded(ha_entities::area_id)),
                ha_entities::device_class.eq(excluded(ha_entities::device_class)),
                ha_entities::platform.eq(excluded(ha_entities::platform)),
                ha_entities::aliases.eq(excluded(ha_entities::aliases)),
                ha_entities::hidden.eq(excluded(ha_entities::hidden)),
                ha_entities::state.eq(excluded(ha_entities::state)),
                ha_entities::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)?;
    }

    let entity_ids: Vec<&str> = entities.iter().map(|e| e.entity_id.as_str()).collect();
    let mut removed =
        diesel::delete(ha_entities::table.filter(ha_entities::entity_id.ne_all(&entity_ids)))
            .execute(conn)?;
    let device_list: Vec<&str> = device_ids.iter().copied().collect();
    removed += diesel::delete(ha_devices::table.filter(ha_devices::device_id.ne_all(&device_list)))
        .execute(conn)?;
    let area_list: Vec<&str> = area_ids.iter().copied().collect();
    removed += diesel::delete(ha_areas::table.filter(ha_areas::area_id.ne_all(&area_list)))
        .execute(conn)?;
    Ok(SyncReport {
        areas: areas.len(),
        devices: devices.len(),
        entities: entities.len(),
        removed,
    })
}

/// Records the latest state of entities seen in a batch of events.
pub fn update_states(
    conn: &mut SqliteConnection,
    latest: &[(String, Option<String>)],
) -> Result<(), DbError> {
    for (entity_id, state) in latest {
        diesel::update(ha_entities::table.find(entity_id))
            .set((
                ha_entities::state.eq(state),
                ha_entities::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn areas(conn: &mut SqliteConnection) -> Result<Vec<Area>, DbError> {
    let rows: Vec<(String, String, String)> = ha_areas::table
        .select((ha_areas::area_id, ha_areas::name, ha_areas::aliases))
        .order(ha_areas::name.asc())
        .load(conn)?;
    rows.into_iter()
        .map(|(area_id, name, aliases)| {
            Ok(Area {
                area_id,
                name,
                aliases: serde_json::from_str(&aliases)?,
            })
        })
        .collect()
}

pub fn devices(conn: &mut SqliteConnection) -> Result<Vec<Device>, DbError> {
    type Row = (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = ha_devices::table
        .select((
            ha_devices::device_id,
            ha_devices::name,
            ha_devices::manufacturer,
            ha_devices::model,
            ha_devices::area_id,
        ))
        .order(ha_devices::name.asc())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(device_id, name, manufacturer, model, area_id)| Device {
            device_id,
            name,
            manufacturer,
            model,
            area_id,
        })
        .collect())
}

/// Entities, optionally of one domain and/or area, by id.
pub fn entities(
    conn: &mut SqliteConnection,
    domain: Option<&str>,
    area: Option<&str>,
) -> Result<Vec<Entity>, DbError> {
    let mut q = ha_entities::table.into_boxed();
    if let Some(d) = domain {
        q = q.filter(ha_entities::domain.eq(d.to_owned()));
    }
    if let Some(a) = area {
        q = q.filter(ha_entities::area_id.eq(a.to_owned()));
    }
    type Row = (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        bool,
        Option<String>,
    );
    let rows: Vec<Row> = q
        .select((
            ha_entities::entity_id,
            ha_entities::friendly_name,
            ha_entities::device_id,
            ha_entities::area_id,
            ha_entities::device_class,
            ha_entities::platform,
            ha_entities::aliases,
            ha_entities::hidden,
            ha_entities::state,
        ))
        .order(ha_entities::entity_id.asc())
        .load(conn)?;
    rows.into_iter()
        .map(
            |(
                id,
                friendly_name,
                device_id,
                area_id,
                device_class,
                platform,
                aliases,
                hidden,
                state,
            )| {
                Ok(Entity {
                    entity_id: EntityId::parse(&id)?,
                    friendly_name,
                    device_id,
                    area_id,
                    device_class,
                    platform,
                    aliases: serde_json::from_str(&aliases)?,
                    hidden,
                    state,
                })
            },
        )
        .collect()
}
