//! A home whose entities are a blueprint's inputs: `binary_sensor.door_sensor` named "Door
//! Sensor" for an entity input, a media player for a media input, and sentinel values for
//! number and duration inputs, so that the engine can read the request's sentences against
//! it and the automation it writes can be turned into a blueprint.

use homeai_automation_model::{Duration, InputBinding, Placeholder};
use serde_json::{Value, json};

use super::inputs::{InputKind, SpecInput};
use crate::home::{Entity, Home, Person};

/// What stands for one input while the request is read.
#[derive(Debug, Clone, PartialEq)]
pub struct Stand {
    pub input: SpecInput,
    /// The words written for the input in a sentence ("the Door Sensor", "43.21",
    /// "17 minutes").
    pub words: String,
    pub placeholder: Placeholder,
    /// The placeholder entity id, for entity, target and media inputs.
    pub entity_id: Option<String>,
}

/// Words for people from a key: `fan_entity` → "Fan", `alert_media` → "Alert".
fn name_of(key: &str, drop: &[&str]) -> String {
    let words: Vec<String> = key
        .split('_')
        .filter(|w| !w.is_empty() && !drop.contains(w))
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    words.join(" ")
}

/// Numbers and durations that no sentence of `text` writes.
fn free_number(text: &str, n: usize) -> f64 {
    let mut k = 0;
    let mut i = 0;
    loop {
        let v = 43.21 + 1.11 * i as f64;
        let v = (v * 100.0).round() / 100.0;
        if !text.contains(&format!("{v}")) {
            if k == n {
                return v;
            }
            k += 1;
        }
        i += 1;
    }
}

fn free_minutes(text: &str, n: usize) -> i64 {
    let lower = text.to_lowercase();
    let candidates = [17, 19, 23, 29, 31, 37, 41, 43, 47, 53];
    candidates
        .iter()
        .filter(|m| !lower.contains(&format!("{m} min")) && !lower.contains(&format!("{m}-min")))
        .nth(n)
        .copied()
        .unwrap_or(59)
}

/// The placeholder home for `inputs`, and what stands for each. `text` is the whole request
/// (sentinels are chosen so that it never writes them).
pub fn build(inputs: &[SpecInput], text: &str) -> (Home, Vec<Stand>) {
    let mut home = Home::default();
    let mut stands = Vec::new();
    let (mut numbers, mut durations) = (0, 0);
    for input in inputs {
        let entity = |domain: &str, name: String, input: &SpecInput| Entity {
            entity_id: format!("{domain}.{}", input.key),
            name,
            domain: domain.to_owned(),
            device_class: input.device_class.clone(),
            unit_of_measurement: match input.device_class.as_deref() {
                Some("humidity" | "battery") => Some("%".to_owned()),
                Some("temperature") => Some("°C".to_owned()),
                Some("illuminance") => Some("lx".to_owned()),
                Some("power") => Some("W".to_owned()),
                _ => None,
            },
            ..Entity::default()
        };
        let stand = match &input.kind {
            InputKind::Entity(domain) | InputKind::Target(domain) => {
                let name = name_of(&input.key, &["entity", "entities", "target", "targets"]);
                let e = entity(domain, name.clone(), input);
                let id = e.entity_id.clone();
                if domain == "person" {
                    // people are read as persons ("when Alice leaves home")
                    home.persons.push(Person {
                        entity_id: id.clone(),
                        name: name.clone(),
                        aliases: Vec::new(),
                        notify: None,
                    });
                } else {
                    home.entities.push(e);
                }
                let placeholder = if matches!(input.kind, InputKind::Target(_)) {
                    Placeholder::Target(id.clone())
                } else {
                    Placeholder::Entity(id.clone())
                };
                Stand {
                    input: input.clone(),
                    words: format!("the {name}"),
                    placeholder,
                    entity_id: Some(id),
                }
            }
            InputKind::Media => {
                let base = name_of(&input.key, &["media", "entity", "player", "speaker"]);
                let name = format!("{base} Speaker").trim().to_owned();
                let e = entity("media_player", name.clone(), input);
                let id = e.entity_id.clone();
                home.entities.push(e);
                Stand {
                    input: input.clone(),
                    words: format!("media on the {name}"),
                    placeholder: Placeholder::Media(id.clone()),
                    entity_id: Some(id),
                }
            }
            InputKind::NotifyDevice => {
                // a person with a phone of their own; "notify me" is them, the only one
                let name = name_of(&input.key, &["notify", "device", "mobile", "app"]);
                let name = if name.is_empty() {
                    "Phone Owner".to_owned()
                } else {
                    name
                };
                home.persons.push(Person {
                    entity_id: format!("person.{}", input.key),
                    name: name.clone(),
                    aliases: Vec::new(),
                    notify: Some(super::notify::service_of(&input.key)),
                });
                Stand {
                    input: input.clone(),
                    words: name,
                    placeholder: Placeholder::Entity(super::notify::device_id_of(&input.key)),
                    entity_id: None,
                }
            }
            InputKind::Number => {
                let v = free_number(text, numbers);
                numbers += 1;
                Stand {
                    input: input.clone(),
                    words: format!("{v}"),
                    placeholder: Placeholder::Number(v),
                    entity_id: None,
                }
            }
            InputKind::Duration | InputKind::Other(_) => {
                let m = free_minutes(text, durations);
                durations += 1;
                Stand {
                    input: input.clone(),
                    words: format!("{m} minutes"),
                    placeholder: Placeholder::Duration(
                        Duration::from_secs(m * 60).unwrap_or_default(),
                    ),
                    entity_id: None,
                }
            }
        };
        stands.push(stand);
    }
    (home, stands)
}

/// The selector of an input.
pub fn selector(kind: &InputKind) -> Value {
    match kind {
        InputKind::Entity(d) => json!({"entity": {"domain": d}}),
        InputKind::Target(d) => json!({"target": {"entity": {"domain": d}}}),
        InputKind::Number => json!({"number": {"mode": "box", "step": "any"}}),
        InputKind::Duration => json!({"duration": {}}),
        InputKind::Media => json!({"media": {}}),
        InputKind::NotifyDevice => json!({"device": {"integration": "mobile_app"}}),
        InputKind::Other(k) => json!({ k.clone(): {} }),
    }
}

/// The blueprint input for a stand.
pub fn binding(stand: &Stand) -> InputBinding {
    InputBinding {
        key: stand.input.key.clone(),
        name: Some(name_of(&stand.input.key, &[])),
        description: (!stand.input.description.is_empty()).then(|| stand.input.description.clone()),
        selector: selector(&stand.input.kind),
        default: None,
        placeholder: stand.placeholder.clone(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn each_input_gets_an_entity_or_a_sentinel_the_text_never_writes() {
        let input = |key: &str, kind: InputKind| SpecInput {
            key: key.into(),
            kind,
            device_class: None,
            description: String::new(),
            row: String::new(),
        };
        let inputs = vec![
            input("window_contact", InputKind::Entity("binary_sensor".into())),
            input("limit", InputKind::Number),
            input("wait", InputKind::Duration),
            input("speaker", InputKind::Media),
        ];
        let (home, stands) = build(&inputs, "after 17 minutes, above 43.21");
        assert_eq!(home.entities.len(), 2);
        assert_eq!(home.entities[0].entity_id, "binary_sensor.window_contact");
        assert_eq!(stands[0].words, "the Window Contact");
        assert_eq!(stands[1].placeholder, Placeholder::Number(44.32));
        assert_eq!(stands[2].words, "19 minutes");
        assert_eq!(stands[3].words, "media on the Speaker");
    }
}
