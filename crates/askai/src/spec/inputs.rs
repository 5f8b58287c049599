//! The inputs table of a blueprint request: each row's key, selector kind, domain and device
//! class, read from the selector column when there is one and from the description's words
//! otherwise.

/// What kind of value an input takes.
#[derive(Debug, Clone, PartialEq)]
pub enum InputKind {
    /// One entity of a domain.
    Entity(String),
    /// A target (one or more entities) of a domain.
    Target(String),
    Number,
    Duration,
    /// A media selector: a media player and what to play on it.
    Media,
    /// A device of the mobile app integration: the phone to notify.
    NotifyDevice,
    /// A selector this reader does not turn into an automation (`boolean`, `text`…).
    Other(String),
}

/// One row of the inputs table.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecInput {
    pub key: String,
    pub kind: InputKind,
    pub device_class: Option<String>,
    /// The description cell, backticks removed.
    pub description: String,
    /// The row as written (for readings).
    pub row: String,
}

/// Home Assistant domains a description may name.
const DOMAINS: &[&str] = &[
    "binary_sensor",
    "sensor",
    "light",
    "switch",
    "fan",
    "cover",
    "climate",
    "lock",
    "vacuum",
    "media_player",
    "humidifier",
    "water_heater",
    "input_boolean",
    "siren",
    "camera",
    "person",
    "device_tracker",
    "scene",
    "script",
    "button",
    "alarm_control_panel",
    "valve",
    "lawn_mower",
];

/// Device classes a key or description may name, and the domain that has them.
const CLASSES: &[(&str, &str)] = &[
    ("garage_door", "binary_sensor"),
    ("door", "binary_sensor"),
    ("window", "binary_sensor"),
    ("motion", "binary_sensor"),
    ("occupancy", "binary_sensor"),
    ("presence", "binary_sensor"),
    ("moisture", "binary_sensor"),
    ("smoke", "binary_sensor"),
    ("opening", "binary_sensor"),
    ("vibration", "binary_sensor"),
    ("humidity", "sensor"),
    ("temperature", "sensor"),
    ("illuminance", "sensor"),
    ("power", "sensor"),
    ("energy", "sensor"),
    ("battery", "sensor"),
];

const KINDS: &[&str] = &[
    "entity", "target", "number", "duration", "media", "boolean", "text", "time", "select",
    "device", "area", "action",
];

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The words between backticks.
fn ticked(text: &str) -> Vec<String> {
    text.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, w)| w.trim().to_lowercase())
        .collect()
}

fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The domain a text names: a backticked domain first, then one written out ("binary
/// sensor", "media player"), then a word of the key.
fn domain_of(description: &str, key: &str) -> Option<String> {
    let ticks = ticked(description);
    if let Some(d) = ticks.iter().find(|t| DOMAINS.contains(&t.as_str())) {
        return Some(d.clone());
    }
    let flat = words(description).join(" ");
    for d in DOMAINS {
        let spaced = d.replace('_', " ");
        if flat.split(' ').any(|w| w == *d) || (d.contains('_') && flat.contains(&spaced)) {
            return Some((*d).to_owned());
        }
    }
    let key_words: Vec<&str> = key.split('_').collect();
    DOMAINS
        .iter()
        .find(|d| key_words.contains(d) || key.contains(*d) && d.contains('_'))
        .map(|d| (*d).to_owned())
}

fn class_of(description: &str, key: &str) -> Option<String> {
    let key_words: Vec<String> = words(&key.replace('_', " "));
    let desc_words = words(description);
    let joined = format!("{} {}", key_words.join(" "), desc_words.join(" "));
    CLASSES
        .iter()
        .find(|(c, _)| {
            let spaced = c.replace('_', " ");
            joined.split(' ').any(|w| w == *c) || (c.contains('_') && joined.contains(&spaced))
        })
        .map(|(c, _)| (*c).to_owned())
}

/// "A `device` selector for the phone to notify", "the mobile app device": a phone to notify.
fn notify_device(selector: Option<&str>, description: &str, key: &str) -> bool {
    let w = words(&format!("{description} {}", key.replace('_', " ")));
    let selected =
        selector.is_some_and(|s| s.trim_matches('`').trim().eq_ignore_ascii_case("device"));
    // "a phone call sensor" is a binary_sensor: a domain named makes it an entity
    let device =
        selected || (w.iter().any(|x| x == "device") && domain_of(description, key).is_none());
    let phone = w.iter().any(|x| {
        matches!(
            x.as_str(),
            "mobile" | "phone" | "notify" | "notification" | "notifications" | "mobile_app"
        )
    });
    device && phone
}

/// The kind the selector cell or the description names.
fn kind_of(selector: Option<&str>, description: &str, key: &str) -> InputKind {
    if notify_device(selector, description, key) {
        return InputKind::NotifyDevice;
    }
    let domain = domain_of(description, key);
    let named = selector
        .map(|s| s.trim_matches('`').trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .or_else(|| {
            // "A `number` selector", "a duration selector", "entity targets"
            let w = words(description);
            let ticks = ticked(description);
            let selector_word = w.iter().position(|x| x == "selector");
            let before = selector_word
                .and_then(|i| i.checked_sub(1))
                .map(|i| w[i].clone());
            before
                .filter(|b| KINDS.contains(&b.as_str()))
                .or_else(|| {
                    ticks
                        .iter()
                        .find(|t| KINDS.contains(&t.as_str()) && *t != "entity")
                        .cloned()
                })
                .or_else(|| {
                    w.iter()
                        .any(|x| x == "target" || x == "targets")
                        .then(|| "target".to_owned())
                })
                .or_else(|| {
                    // a word of the description ("a media player" is an entity), then of the
                    // key unless the description names a domain in backticks
                    let said = |k: &str| {
                        w.iter().enumerate().any(|(i, x)| {
                            x == k && !(k == "media" && w.get(i + 1).is_some_and(|n| n == "player"))
                        })
                    };
                    let ticked_domain = ticks.iter().any(|t| DOMAINS.contains(&t.as_str()));
                    ["duration", "number", "media"]
                        .iter()
                        .find(|k| said(k))
                        .or_else(|| {
                            ["duration", "number", "media"]
                                .iter()
                                .find(|k| !ticked_domain && key.split('_').any(|x| x == **k))
                        })
                        .map(|k| (*k).to_owned())
                })
        });
    match named.as_deref() {
        Some("number") => InputKind::Number,
        Some("duration") => InputKind::Duration,
        Some("media") => InputKind::Media,
        Some("target") => InputKind::Target(domain.unwrap_or_else(|| "light".to_owned())),
        Some("entity") | None => match domain {
            Some(d) => InputKind::Entity(d),
            None => InputKind::Other("entity".to_owned()),
        },
        Some(other) if DOMAINS.contains(&other) => InputKind::Entity(other.to_owned()),
        Some(other) => InputKind::Other(other.to_owned()),
    }
}

/// The inputs of a table (header row first). Rows without a key in the first column are
/// left out.
pub fn read_table(table: &[Vec<String>]) -> Vec<SpecInput> {
    let Some(header) = table.first() else {
        return Vec::new();
    };
    let column = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.to_lowercase().contains(n)))
    };
    let selector = column(&["selector", "type"]);
    let description = column(&["description", "meaning", "purpose"]);
    table
        .iter()
        .skip(1)
        .filter_map(|row| {
            let cell = row.first()?;
            let key = ticked(cell)
                .into_iter()
                .next()
                .unwrap_or_else(|| cell.trim().to_lowercase());
            if !valid_key(&key) {
                return None;
            }
            let desc_raw = description
                .and_then(|i| row.get(i))
                .cloned()
                .unwrap_or_default();
            let sel = selector.and_then(|i| row.get(i)).map(String::as_str);
            let kind = kind_of(sel, &desc_raw, &key);
            let device_class = match &kind {
                InputKind::Entity(d) | InputKind::Target(d) => class_of(&desc_raw, &key)
                    .filter(|c| CLASSES.iter().any(|(x, dom)| x == c && dom == d)),
                _ => None,
            };
            Some(SpecInput {
                key,
                kind,
                device_class,
                description: desc_raw.replace('`', ""),
                row: row.join(" | "),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn kinds_come_from_the_selector_column_or_the_words() {
        let table = vec![
            row(&["Input", "Description"]),
            row(&[
                "`window_contact`",
                "A `binary_sensor` on the bedroom window.",
            ]),
            row(&[
                "`heater`",
                "One or more `climate` entity targets to switch off.",
            ]),
            row(&["`limit`", "A `number` selector for the limit."]),
            row(&["`wait_time`", "How long to wait, a duration."]),
            row(&["`speaker`", "The `media` to play."]),
            row(&["not a key", "Nothing."]),
        ];
        let inputs = read_table(&table);
        let kinds: Vec<&InputKind> = inputs.iter().map(|i| &i.kind).collect();
        assert_eq!(
            kinds,
            vec![
                &InputKind::Entity("binary_sensor".into()),
                &InputKind::Target("climate".into()),
                &InputKind::Number,
                &InputKind::Duration,
                &InputKind::Media,
            ]
        );
        assert_eq!(inputs[0].device_class.as_deref(), Some("window"));
        let with_column = vec![
            row(&["Input", "Selector Type", "Description"]),
            row(&["`leak`", "`entity`", "A `binary_sensor` moisture sensor."]),
        ];
        let inputs = read_table(&with_column);
        assert_eq!(inputs[0].kind, InputKind::Entity("binary_sensor".into()));
        assert_eq!(inputs[0].device_class.as_deref(), Some("moisture"));
        // a key that says "media" or "number" is no media or number input when the
        // description names a domain
        let named = vec![
            row(&["Input", "Description"]),
            row(&["`media_player`", "A `media_player` entity to pause."]),
            row(&["`number_plate_camera`", "A `camera` entity."]),
            row(&["`tv`", "The media player in the den."]),
            row(&[
                "`phone_call`",
                "A `binary_sensor` that is on during a phone call.",
            ]),
            row(&["`notify_device`", "The mobile app device to notify."]),
        ];
        let kinds: Vec<InputKind> = read_table(&named).into_iter().map(|i| i.kind).collect();
        assert_eq!(
            kinds,
            vec![
                InputKind::Entity("media_player".into()),
                InputKind::Entity("camera".into()),
                InputKind::Entity("media_player".into()),
                InputKind::Entity("binary_sensor".into()),
                InputKind::NotifyDevice,
            ]
        );
    }
}
