//! Loading YAML text, and finding the scalars written without quotes that a YAML 1.1 reader
//! (Home Assistant's PyYAML) would read differently from the YAML 1.2 reading used here.
//!
//! The text is read with YAML 1.2 core rules (`on`, `yes`, `23:00:00` stay text), which is
//! what was meant in nearly every automation; the scan tells the repairer where the source
//! relied on that, so it can say that the rendering quotes them.

use std::collections::HashMap;

use serde_json::Value;
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};

/// Larger texts are refused: no automation is this long.
pub(crate) const MAX_TEXT_BYTES: usize = 1 << 20;

pub(crate) struct Loaded {
    pub(crate) value: Value,
    /// Path (`triggers[0].to`) → text of each plain scalar YAML 1.1 would retype.
    pub(crate) plain: HashMap<String, String>,
}

/// Read one YAML document into a JSON value.
pub(crate) fn load(text: &str) -> Result<Loaded, String> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(format!(
            "the text is {} bytes long; an automation is at most {MAX_TEXT_BYTES}",
            text.len()
        ));
    }
    let options = serde_saphyr::options! {
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
    };
    let value: Value = serde_saphyr::from_str_with_options(text, options)
        .map_err(|e| first_line(&e.to_string()))?;
    Ok(Loaded {
        value,
        plain: plain_scalars(text),
    })
}

/// serde-saphyr's messages carry a source snippet after the first line; keep the sentence.
fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_owned()
}

/// Whether YAML 1.1 would read this plain scalar as something other than the text (a boolean
/// spelling, or a base-60 number such as `23:00:00`), or it is a time that should be quoted.
pub(crate) fn yaml11_retypes(text: &str) -> bool {
    const BOOLS: [&str; 16] = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
        "OFF",
    ];
    BOOLS.contains(&text) || is_clock(text)
}

/// `[+-]D+:DD[:DD…][.D*]`: base-60 in YAML 1.1 when the first digit is not 0, and a time that
/// reads badly without quotes either way.
fn is_clock(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (body, fraction) = body.split_once('.').unwrap_or((body, ""));
    let mut parts = body.split(':');
    let first_ok = parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let mut rest = 0;
    for p in parts {
        if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        rest += 1;
    }
    first_ok && rest >= 1 && fraction.bytes().all(|b| b.is_ascii_digit())
}

enum Frame {
    Seq {
        path: String,
        next: usize,
    },
    /// `key`: the key read, waiting for its value.
    Map {
        path: String,
        key: Option<String>,
    },
    /// A collection used as a mapping key: its content has no path.
    Key,
}

/// Walk the parser's events, tracking the path of each node, and collect the plain scalars
/// that [`yaml11_retypes`]. A text the event parser refuses yields nothing.
fn plain_scalars(text: &str) -> HashMap<String, String> {
    let mut found = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    for event in Parser::new_from_str(text) {
        let Ok((event, _span)) = event else { break };
        match event {
            Event::Scalar(value, style, _, tag) => match slot(&mut stack) {
                Slot::Key => set_key(&mut stack, value.to_string()),
                Slot::Value(path) => {
                    if style == ScalarStyle::Plain && tag.is_none() && yaml11_retypes(&value) {
                        found.insert(path, value.to_string());
                    }
                }
                Slot::Ignored => {}
            },
            Event::Alias(_) => {
                if let Slot::Key = slot(&mut stack) {
                    set_key(&mut stack, "*".into());
                }
            }
            Event::SequenceStart(..) => {
                let frame = match slot(&mut stack) {
                    Slot::Value(path) => Frame::Seq { path, next: 0 },
                    Slot::Key | Slot::Ignored => Frame::Key,
                };
                stack.push(frame);
            }
            Event::MappingStart(..) => {
                let frame = match slot(&mut stack) {
                    Slot::Value(path) => Frame::Map { path, key: None },
                    Slot::Key | Slot::Ignored => Frame::Key,
                };
                stack.push(frame);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let was_key = matches!(stack.pop(), Some(Frame::Key));
                if was_key && matches!(stack.last(), Some(Frame::Map { key: None, .. })) {
                    set_key(&mut stack, "?".into());
                }
            }
            Event::DocumentEnd => stack.clear(),
            _ => {}
        }
    }
    found
}

enum Slot {
    Key,
    Value(String),
    Ignored,
}

/// Where the next node goes: a key of the current mapping, or a value with this path.
fn slot(stack: &mut [Frame]) -> Slot {
    match stack.last_mut() {
        None => Slot::Value(String::new()),
        Some(Frame::Seq { path, next }) => {
            let p = format!("{path}[{next}]");
            *next += 1;
            Slot::Value(p)
        }
        Some(Frame::Map { path, key }) => match key.take() {
            None => Slot::Key,
            Some(k) if path.is_empty() => Slot::Value(k),
            Some(k) => Slot::Value(format!("{path}.{k}")),
        },
        Some(Frame::Key) => Slot::Ignored,
    }
}

fn set_key(stack: &mut [Frame], key: String) {
    if let Some(Frame::Map { key: slot, .. }) = stack.last_mut() {
        *slot = Some(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_unquoted_booleans_and_times_with_their_paths() {
        let text = "a:\n  - to: on\n    from: \"off\"\n    at: 23:00:00\nb: {c: [yes, 'no']}\n";
        let plain = plain_scalars(text);
        assert_eq!(plain.get("a[0].to").map(String::as_str), Some("on"));
        assert_eq!(plain.get("a[0].at").map(String::as_str), Some("23:00:00"));
        assert_eq!(plain.get("b.c[0]").map(String::as_str), Some("yes"));
        assert_eq!(plain.len(), 3);
    }

    #[test]
    fn reads_yaml_12_words_as_text() {
        let loaded = load("to: on\nat: 23:00:00\nn: 0755\n").unwrap();
        assert_eq!(loaded.value["to"], "on");
        assert_eq!(loaded.value["at"], "23:00:00");
        assert_eq!(loaded.value["n"], "0755");
    }

    #[test]
    fn clock_shapes() {
        for t in ["23:00:00", "-01:00:00", "7:00", "+00:15:00", "1:2.5"] {
            assert!(is_clock(t), "{t}");
        }
        for t in ["00:17:88:01:0b", "a:b", "12", ":00", "1:234"] {
            assert!(!is_clock(t), "{t}");
        }
    }
}
