//! Reading a call step (`action: light.turn_on`, the legacy `service:`, and the deprecated
//! `service_template` / `data_template` / step-level `entity_id`).

use serde_json::{Map, Value};

use super::super::repair_rules as rules;
use super::super::values::{describe, is_template, mapping_or_none, text, texts};
use super::super::{Ctx, Obj, Path};
use super::STEP_COMMON;
use crate::error::ProblemKind;
use crate::model::{Fields, ServiceCall, ServiceData, Target, TargetIds};

pub(super) fn call(ctx: &mut Ctx, mut obj: Obj<'_>) -> Option<ServiceCall> {
    let (name, name_path) = name(ctx, &mut obj)?;
    let mut call = ServiceCall::default();
    let mut extra_entities = Vec::new();
    call.action = if is_template(&name) || rules::is_action_name(&name) {
        name
    } else if let (true, Some((action, entity))) = (ctx.repairing(), rules::split_entity(&name)) {
        ctx.note(
            &name_path,
            format!(
                "`{name}` had an entity inside the action name; split it into action \
                 `{action}` with target entity_id `{entity}`"
            ),
        );
        extra_entities.push(entity);
        action
    } else {
        ctx.bad(
            &name_path,
            format!(
                "`{name}` is not an action name; write `domain.name` (such as \
                 `light.turn_on`) and put the entity under `target: entity_id:`"
            ),
        );
        name
    };

    if let Some((v, p)) = obj.take("target") {
        call.target = target(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("entity_id") {
        ctx.note(&p, "moved the step's own `entity_id` under `target:`");
        extra_entities.extend(texts(ctx, v, &p).unwrap_or_default());
    }
    if !extra_entities.is_empty() {
        add_entities(
            ctx,
            &mut call.target,
            extra_entities,
            &obj.path.key("target"),
        );
    }

    let data_path = obj.path.key("data");
    call.data = data(ctx, &mut obj);
    if ctx.repairing() && call.action.starts_with("notify.") {
        move_into_data(ctx, &mut obj, &mut call.data, &data_path);
    }
    if ctx.repairing()
        && call.action.starts_with("light.")
        && let Some(ServiceData::Fields(fields)) = &mut call.data
    {
        rules::clamp_brightness(ctx, fields, &data_path);
    }

    if let Some((v, p)) = obj.take("response_variable") {
        call.response_variable = text(ctx, v, &p);
    }
    if let Some((v, p)) = obj.take("metadata") {
        call.metadata = mapping_or_none(ctx, v, &p);
    }
    obj.finish(
        ctx,
        "a call step",
        &format!("action, target, data, response_variable, metadata (and {STEP_COMMON})"),
    );
    Some(call)
}

/// The action's name from `action`, `service` or `service_template`.
fn name(ctx: &mut Ctx, obj: &mut Obj<'_>) -> Option<(String, Path)> {
    let present: Vec<&str> = ["action", "service", "service_template"]
        .into_iter()
        .filter(|k| obj.has(k))
        .collect();
    let key = *present.first()?;
    for other in &present[1..] {
        let path = obj.path.key(other);
        if ctx.repairing() {
            ctx.note(
                &path,
                format!("both `{key}` and `{other}` were given; kept `{key}`"),
            );
        } else {
            ctx.problem(
                &path,
                ProblemKind::Conflict,
                format!("both `{key}` and `{other}` are given; keep one"),
            );
        }
        obj.skip(other);
    }
    let (v, p) = obj.take(key)?;
    match key {
        "service" if ctx.modern_document == Some(true) => ctx.note(
            &p,
            "`service:` is the name before 2024.8; renamed it to `action:`",
        ),
        "service_template" => ctx.note(
            &p,
            "`service_template` is deprecated; renamed it to `action:` (the template is kept)",
        ),
        _ => {}
    }
    Some((text(ctx, v, &p)?, p))
}

fn target(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<Target> {
    match value {
        Value::Null => None,
        Value::String(s) if is_template(s) => Some(Target::Template(s.clone())),
        Value::Object(map) => {
            let mut obj = Obj::new(map, path.clone());
            let mut ids = TargetIds::default();
            for (key, slot) in [
                ("entity_id", &mut ids.entity_id),
                ("device_id", &mut ids.device_id),
                ("area_id", &mut ids.area_id),
                ("floor_id", &mut ids.floor_id),
                ("label_id", &mut ids.label_id),
            ] {
                if let Some((v, p)) = obj.take(key) {
                    *slot = texts(ctx, v, &p).unwrap_or_default();
                }
            }
            obj.finish(
                ctx,
                "`target`",
                "entity_id, device_id, area_id, floor_id, label_id",
            );
            (!ids.is_empty()).then_some(Target::Ids(ids))
        }
        other => {
            ctx.bad(
                path,
                format!(
                    "`target` is a mapping of entity_id, device_id, area_id, … or a template, \
                     not {}",
                    describe(other)
                ),
            );
            None
        }
    }
}

fn add_entities(ctx: &mut Ctx, target: &mut Option<Target>, entities: Vec<String>, path: &Path) {
    match target {
        None => {
            *target = Some(Target::Ids(TargetIds {
                entity_id: entities,
                ..Default::default()
            }))
        }
        Some(Target::Ids(ids)) => {
            for entity in entities {
                if !ids.entity_id.contains(&entity) {
                    ids.entity_id.push(entity);
                }
            }
        }
        Some(Target::Template(_)) => ctx.problem(
            path,
            ProblemKind::Conflict,
            "the target is a template, so the other entity ids cannot be added to it",
        ),
    }
}

/// `data`, with the deprecated `data_template` merged in.
fn data(ctx: &mut Ctx, obj: &mut Obj<'_>) -> Option<ServiceData> {
    let mut data = obj.take("data").and_then(|(v, p)| service_data(ctx, v, &p));
    if let Some((v, p)) = obj.take("data_template") {
        ctx.note(
            &p,
            "`data_template` is the deprecated name of `data`; renamed it",
        );
        match (service_data(ctx, v, &p), &mut data) {
            (None, _) => {}
            (Some(extra), None) => data = Some(extra),
            (Some(ServiceData::Fields(extra)), Some(ServiceData::Fields(fields))) => {
                merge(ctx, fields, extra, &p)
            }
            (Some(_), Some(_)) => ctx.problem(
                &p,
                ProblemKind::Conflict,
                "`data` and `data_template` cannot be merged when one is a template",
            ),
        }
    }
    data
}

fn service_data(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<ServiceData> {
    match value {
        Value::String(s) if is_template(s) => Some(ServiceData::Template(s.clone())),
        _ => mapping_or_none(ctx, value, path).map(ServiceData::Fields),
    }
}

fn merge(ctx: &mut Ctx, into: &mut Fields, extra: Fields, path: &Path) {
    for (k, v) in extra {
        if into.contains_key(&k) {
            ctx.problem(
                &path.key(&k),
                ProblemKind::Conflict,
                format!("`{k}` is given twice (in `data` and beside it)"),
            );
        } else {
            into.insert(k, v);
        }
    }
}

/// A notification's `title` / `message` written beside the step go under `data`.
fn move_into_data(
    ctx: &mut Ctx,
    obj: &mut Obj<'_>,
    data: &mut Option<ServiceData>,
    data_path: &Path,
) {
    let mut moved = Map::new();
    for key in ["title", "message"] {
        if let Some((v, p)) = obj.take(key) {
            ctx.note(
                &p,
                format!("moved `{key}` under `data:`, where notifications take it"),
            );
            moved.insert(key.to_owned(), v.clone());
        }
    }
    if moved.is_empty() {
        return;
    }
    match data {
        None => *data = Some(ServiceData::Fields(moved)),
        Some(ServiceData::Fields(fields)) => merge(ctx, fields, moved, data_path),
        Some(ServiceData::Template(_)) => ctx.problem(
            data_path,
            ProblemKind::Conflict,
            "`data` is a template, so `title` and `message` cannot be moved into it",
        ),
    }
}
