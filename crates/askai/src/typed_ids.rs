//! Entity ids typed into a request ("turn on light.kitchen_ceiling when
//! binary_sensor.kitchen_motion turns on"): each one the home has is read as that entity (the
//! request is read with the entity's name in its place, and the answer must then use exactly
//! that entity); one the home lacks is asked about, naming it.

use crate::clarify::{Choice, Question, QuestionKind};
use crate::home::Home;

/// Domains whose ids people type (the part before the dot).
const DOMAINS: &[&str] = &[
    "light",
    "switch",
    "binary_sensor",
    "sensor",
    "cover",
    "climate",
    "media_player",
    "lock",
    "fan",
    "vacuum",
    "scene",
    "script",
    "automation",
    "input_boolean",
    "input_number",
    "input_select",
    "person",
    "zone",
    "sun",
    "device_tracker",
    "humidifier",
    "siren",
    "valve",
    "water_heater",
    "camera",
    "alarm_control_panel",
    "button",
    "number",
    "select",
];

/// One entity id as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedId {
    /// As written (`light.kitchen_ceiling`).
    pub id: String,
    /// The home's name for it, when the home has it.
    pub name: Option<String>,
}

/// The entity ids typed in a request, in order.
pub fn find(home: &Home, query: &str) -> Vec<TypedId> {
    let mut out: Vec<TypedId> = Vec::new();
    for raw in query
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '"' | '\'' | '`'))
    {
        let word = raw.trim_end_matches(['.', '!', '?', ':']).to_lowercase();
        let Some((domain, object)) = word.split_once('.') else {
            continue;
        };
        let object_ok = !object.is_empty()
            && object
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !DOMAINS.contains(&domain) || !object_ok || out.iter().any(|t| t.id == word) {
            continue;
        }
        let name = home
            .entity(&word)
            .map(|e| e.name.clone())
            .or_else(|| {
                home.persons
                    .iter()
                    .find(|p| p.entity_id == word)
                    .map(|p| p.name.clone())
            })
            .or_else(|| (word == "sun.sun").then(|| "the sun".to_owned()));
        out.push(TypedId { id: word, name });
    }
    out
}

/// The request with each known typed id replaced by its entity's name.
pub fn with_names(query: &str, typed: &[TypedId]) -> String {
    let mut out = query.to_owned();
    for t in typed {
        let Some(name) = &t.name else { continue };
        // the id as written, in any case (ids are ASCII, so a match starts and ends on char
        // boundaries)
        let id = t.id.as_bytes();
        let mut from = 0;
        while let Some(at) = out
            .as_bytes()
            .get(from..)
            .and_then(|rest| {
                rest.windows(id.len())
                    .position(|w| w.eq_ignore_ascii_case(id))
            })
            .map(|p| p + from)
        {
            out.replace_range(at..at + id.len(), name);
            from = at + name.len();
        }
    }
    out
}

/// The question for a typed id the home does not have.
pub fn unknown(home: &Home, t: &TypedId) -> Question {
    let domain = t.id.split('.').next().unwrap_or_default();
    let object = t.id.split('.').nth(1).unwrap_or_default();
    let mut near: Vec<(f64, &str, &str)> = home
        .entities
        .iter()
        .filter(|e| e.domain() == domain)
        .map(|e| {
            let o = e.entity_id.split('.').nth(1).unwrap_or_default();
            (
                strsim::jaro_winkler(object, o),
                e.entity_id.as_str(),
                e.name.as_str(),
            )
        })
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0));
    Question {
        id: "q1".into(),
        kind: QuestionKind::UnknownDevice,
        about: t.id.clone(),
        text: format!(
            "This home has no entity \"{}\". Which one do you mean?",
            t.id
        ),
        options: near
            .into_iter()
            .take(6)
            .map(|(_, id, name)| Choice {
                value: id.to_owned(),
                label: name.to_owned(),
            })
            .collect(),
    }
}

/// The question when the answer does not use a typed id as the entity it names.
pub fn not_used(t: &TypedId) -> Question {
    let name = t.name.clone().unwrap_or_default();
    Question {
        id: "q1".into(),
        kind: QuestionKind::Entity,
        about: t.id.clone(),
        text: format!(
            "I could not place \"{}\" ({name}) in the automation. What should it do, or what should happen to it?",
            t.id
        ),
        options: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home() -> Home {
        Home::from_json(
            r#"{"areas": [], "entities": [
              {"entity_id": "light.kitchen_ceiling", "name": "Kitchen Ceiling Light", "domain": "light"}
            ]}"#,
        )
        .unwrap()
    }

    #[test]
    fn typed_ids_are_found_and_named() {
        let t = find(
            &home(),
            "Turn on light.kitchen_ceiling at 8.30pm, and light.nope.",
        );
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].name.as_deref(), Some("Kitchen Ceiling Light"));
        assert_eq!(t[1].id, "light.nope");
        assert_eq!(t[1].name, None);
        assert_eq!(
            with_names("Turn on Light.Kitchen_Ceiling now", &t),
            "Turn on Kitchen Ceiling Light now"
        );
        assert!(unknown(&home(), &t[1]).text.contains("light.nope"));
    }
}
