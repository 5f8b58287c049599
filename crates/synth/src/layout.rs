//! The home's areas, devices and entities.

use homeai_domain::ha::{Area, Device, Entity, EntityId};

use crate::HomeSpec;

/// Registries of a synthetic home.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub areas: Vec<Area>,
    pub devices: Vec<Device>,
    pub entities: Vec<Entity>,
}

/// (entity id, friendly name, area, device class)
const ENTITIES: &[(&str, &str, &str, Option<&str>)] = &[
    ("light.kitchen_ceiling", "Kitchen Ceiling", "kitchen", None),
    ("light.kitchen_counter", "Kitchen Counter", "kitchen", None),
    (
        "switch.coffee_maker",
        "Coffee Maker",
        "kitchen",
        Some("outlet"),
    ),
    (
        "binary_sensor.kitchen_motion",
        "Kitchen Motion",
        "kitchen",
        Some("motion"),
    ),
    (
        "sensor.kitchen_temperature",
        "Kitchen Temperature",
        "kitchen",
        Some("temperature"),
    ),
    (
        "light.living_room_ceiling",
        "Living Room Ceiling",
        "living_room",
        None,
    ),
    (
        "light.living_room_lamp",
        "Living Room Lamp",
        "living_room",
        None,
    ),
    (
        "cover.living_room_blinds",
        "Living Room Blinds",
        "living_room",
        Some("blind"),
    ),
    (
        "media_player.living_room_tv",
        "Living Room TV",
        "living_room",
        Some("tv"),
    ),
    (
        "climate.living_room",
        "Living Room Thermostat",
        "living_room",
        None,
    ),
    (
        "binary_sensor.living_room_motion",
        "Living Room Motion",
        "living_room",
        Some("motion"),
    ),
    (
        "sensor.living_room_illuminance",
        "Living Room Illuminance",
        "living_room",
        Some("illuminance"),
    ),
    ("light.bedroom_ceiling", "Bedroom Ceiling", "bedroom", None),
    ("light.bedroom_lamp", "Bedroom Lamp", "bedroom", None),
    (
        "switch.bedroom_fan",
        "Bedroom Fan",
        "bedroom",
        Some("outlet"),
    ),
    (
        "sensor.bedroom_temperature",
        "Bedroom Temperature",
        "bedroom",
        Some("temperature"),
    ),
    (
        "binary_sensor.bedroom_window",
        "Bedroom Window",
        "bedroom",
        Some("window"),
    ),
    ("light.hallway_light", "Hallway Light", "hallway", None),
    (
        "binary_sensor.hallway_motion",
        "Hallway Motion",
        "hallway",
        Some("motion"),
    ),
    (
        "binary_sensor.front_door",
        "Front Door",
        "hallway",
        Some("door"),
    ),
    ("lock.front_door", "Front Door Lock", "hallway", None),
    ("light.bathroom_light", "Bathroom Light", "bathroom", None),
    (
        "switch.bathroom_fan",
        "Bathroom Fan",
        "bathroom",
        Some("outlet"),
    ),
    (
        "sensor.bathroom_humidity",
        "Bathroom Humidity",
        "bathroom",
        Some("humidity"),
    ),
    ("light.office_desk", "Office Desk Lamp", "office", None),
    (
        "switch.office_monitor",
        "Office Monitor",
        "office",
        Some("outlet"),
    ),
    ("light.porch", "Porch Light", "garden", None),
    (
        "sensor.outdoor_temperature",
        "Outdoor Temperature",
        "garden",
        Some("temperature"),
    ),
    ("person.resident", "Resident", "", None),
];

const AREAS: &[(&str, &str)] = &[
    ("kitchen", "Kitchen"),
    ("living_room", "Living Room"),
    ("bedroom", "Bedroom"),
    ("hallway", "Hallway"),
    ("bathroom", "Bathroom"),
    ("office", "Office"),
    ("garden", "Garden"),
];

pub(crate) fn extra_sensor_id(i: usize) -> String {
    format!("sensor.power_{i:04}")
}

/// The registries of the home `spec` describes.
pub fn layout(spec: &HomeSpec) -> Layout {
    let areas = AREAS
        .iter()
        .map(|(id, name)| Area {
            area_id: (*id).into(),
            name: (*name).into(),
            aliases: Vec::new(),
        })
        .collect();
    let mut devices = Vec::new();
    let mut entities = Vec::new();
    for (id, name, area, class) in ENTITIES {
        let Ok(entity_id) = EntityId::parse(id) else {
            continue;
        };
        let device_id = (!area.is_empty()).then(|| format!("device_{}", id.replace('.', "_")));
        if let Some(d) = &device_id {
            devices.push(Device {
                device_id: d.clone(),
                name: (*name).into(),
                manufacturer: Some("homeai synth".into()),
                model: Some(entity_id.domain().into()),
                area_id: Some((*area).into()),
            });
        }
        entities.push(Entity {
            entity_id,
            friendly_name: Some((*name).into()),
            device_id,
            area_id: (!area.is_empty()).then(|| (*area).into()),
            device_class: class.map(Into::into),
            platform: Some("synth".into()),
            aliases: Vec::new(),
            hidden: false,
            state: None,
        });
    }
    for i in 0..spec.extra_sensors {
        if let Ok(entity_id) = EntityId::parse(&extra_sensor_id(i)) {
            entities.push(Entity {
                entity_id,
                friendly_name: Some(format!("Power {i}")),
                device_id: None,
                area_id: Some(AREAS[i % AREAS.len()].0.into()),
                device_class: Some("power".into()),
                platform: Some("synth".into()),
                aliases: Vec::new(),
                hidden: false,
                state: None,
            });
        }
    }
    Layout {
        areas,
        devices,
        entities,
    }
}
