//! Readers for single values: text, lists, booleans, numbers, durations, times, states.
//! Each reports a problem (and returns `None`) when the value does not fit.

use serde_json::{Map, Value};

use super::{Ctx, Path};
use crate::duration::{Duration, TimePeriod};
use crate::model::{Fields, IntOrTemplate, Number, StateMatch, Threshold};
use crate::time::{TimeOfDay, Weekday};

/// Whether a text is a Jinja template.
pub(crate) fn is_template(text: &str) -> bool {
    text.contains("{{") || text.contains("{%")
}

/// Whether a text looks like an entity id (`domain.object_id`).
pub(crate) fn looks_like_entity(text: &str) -> bool {
    match text.split_once('.') {
        Some((domain, object)) => {
            let ok = |s: &str| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            };
            ok(domain) && ok(object)
        }
        None => false,
    }
}

/// A few words about what a value is, for messages.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing (null)".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            format!("the text \"{short}\"")
        }
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

/// Text only.
pub(crate) fn text(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        other => {
            ctx.bad(path, format!("expected text, found {}", describe(other)));
            None
        }
    }
}

/// Text, or a number read as its text (ids, states, payloads).
pub(crate) fn text_or_number(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => {
            ctx.note(path, format!("read the number {n} as the text \"{n}\""));
            Some(n.to_string())
        }
        other => {
            ctx.bad(path, format!("expected text, found {}", describe(other)));
            None
        }
    }
}

/// The items of a list, or a single item read as a list of one (Home Assistant's
/// `ensure_list`; `null` is an empty list).
pub(crate) fn items<'v>(
    ctx: &mut Ctx,
    value: &'v Value,
    path: &Path,
    what: &str,
) -> Vec<(&'v Value, Path)> {
    match value {
        Value::Array(list) => list
            .iter()
            .enumerate()
            .map(|(i, v)| (v, path.index(i)))
            .collect(),
        Value::Null => Vec::new(),
        single => {
            if single.is_object() {
                ctx.note(
                    path,
                    format!("held one {what}, not a list; wrapped it in a list"),
                );
            }
            vec![(single, path.clone())]
        }
    }
}

/// One text or a list of texts (numbers read as text).
pub(crate) fn texts(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut ok = true;
    for (item, item_path) in items(ctx, value, path, "text") {
        match item {
            Value::String(_) | Value::Number(_) => {
                out.extend(text_or_number(ctx, item, &item_path));
            }
            other => {
                ok = false;
                ctx.bad(
                    &item_path,
                    format!(
                        "expected text or a list of texts, found {}",
                        describe(other)
                    ),
                );
            }
        }
    }
    ok.then_some(out)
}

/// Like [`texts`], but at least one is needed.
pub(crate) fn ids(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<Vec<String>> {
    let list = texts(ctx, value, path)?;
    if list.is_empty() {
        ctx.bad(path, "expected at least one id");
        return None;
    }
    Some(list)
}

/// A boolean; also the words Home Assistant's `cv.boolean` takes (`yes`, `no`, `on`, `off`,
/// `true`, `false`, `enable`, `disable`, `1`, `0`).
pub(crate) fn boolean(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<bool> {
    let word = match value {
        Value::Bool(b) => return Some(*b),
        Value::String(s) => s.trim().to_ascii_lowercase(),
        Value::Number(n) => n.to_string(),
        other => {
            ctx.bad(
                path,
                format!("expected true or false, found {}", describe(other)),
            );
            return None;
        }
    };
    let parsed = match word.as_str() {
        "1" | "true" | "yes" | "on" | "enable" | "y" => Some(true),
        "0" | "false" | "no" | "off" | "disable" | "n" => Some(false),
        _ => None,
    };
    match parsed {
        Some(b) => {
            ctx.read_as_bool.insert(path.as_str().to_owned());
            ctx.note(path, format!("read {} as the boolean {b}", describe(value)));
            Some(b)
        }
        None => {
            ctx.bad(
                path,
                format!("expected true or false, found {}", describe(value)),
            );
            None
        }
    }
}

/// A mapping of free-form values.
pub(crate) fn mapping(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<Fields> {
    match value {
        Value::Object(map) => Some(map.clone()),
        other => {
            ctx.bad(
                path,
                format!("expected a mapping, found {}", describe(other)),
            );
            None
        }
    }
}

/// A mapping, where an empty one counts as none.
pub(crate) fn mapping_or_none(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<Fields> {
    if value.is_null() {
        return None;
    }
    mapping(ctx, value, path).filter(|m| !m.is_empty())
}

/// A whole number within `min..=max`.
pub(crate) fn integer(
    ctx: &mut Ctx,
    value: &Value,
    path: &Path,
    min: i64,
    max: i64,
) -> Option<i64> {
    let n = match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    match n {
        Some(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            ctx.bad(
                path,
                format!(
                    "expected a whole number from {min} to {max}, found {}",
                    describe(value)
                ),
            );
            None
        }
    }
}

/// A number (numeric text is read as a number).
pub(crate) fn number(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<Number> {
    let n = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    match n.filter(|n| n.is_finite()) {
        Some(n) => Some(Number(n)),
        None => {
            ctx.bad(
                path,
                format!("expected a number, found {}", describe(value)),
            );
            None
        }
    }
}

/// `above:` / `below:`: a number or an entity id.
pub(crate) fn threshold(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<Threshold> {
    if let Value::String(s) = value
        && s.trim().parse::<f64>().is_err()
    {
        if looks_like_entity(s) {
            return Some(Threshold::Entity(s.clone()));
        }
        ctx.bad(
            path,
            format!("expected a number or an entity id (such as input_number.high), found \"{s}\""),
        );
        return None;
    }
    number(ctx, value, path).map(Threshold::Number)
}

/// A whole number or a template (`repeat: count`).
pub(crate) fn int_or_template(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<IntOrTemplate> {
    if let Value::String(s) = value
        && is_template(s)
    {
        return Some(IntOrTemplate::Template(s.clone()));
    }
    integer(ctx, value, path, 0, i64::from(u32::MAX)).map(IntOrTemplate::Int)
}

/// A fixed length of time (signed: offsets): `"-01:00:00"`, `90`, `{minutes: 1}`.
pub(crate) fn duration(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<Duration> {
    let result = match value {
        Value::String(s) => {
            let d = Duration::parse_text(s);
            if let Ok(d) = d
                && s.trim().parse::<f64>().is_ok()
            {
                ctx.note(
                    path,
                    format!(
                        "read \"{s}\" as {} seconds ({d}), as Home Assistant does",
                        s.trim()
                    ),
                );
            }
            d.map_err(|e| e.to_string())
        }
        Value::Number(n) => match n.as_f64() {
            Some(f) => Duration::from_seconds_f64(f).map_err(|e| e.to_string()),
            None => Err("the number is too large".into()),
        },
        Value::Object(map) => Duration::from_mapping(map).map_err(|e| e.to_string()),
        other => Err(format!(
            "expected a length of time (\"HH:MM:SS\", seconds or {{hours, minutes, seconds}}), \
             found {}",
            describe(other)
        )),
    };
    result.map_err(|message| ctx.bad(path, message)).ok()
}

/// A length of time that must not be negative, or a template (`for`, `delay`, `timeout`).
pub(crate) fn time_period(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<TimePeriod> {
    match value {
        Value::String(s) if is_template(s) => return Some(TimePeriod::Template(s.clone())),
        Value::Object(map) if has_template(map) => {
            return Some(TimePeriod::TemplateMap(map.clone()));
        }
        _ => {}
    }
    let d = duration(ctx, value, path)?;
    if d.is_negative() {
        ctx.bad(path, format!("a length of time cannot be negative ({d})"));
        return None;
    }
    Some(TimePeriod::Fixed(d))
}

fn has_template(map: &Map<String, Value>) -> bool {
    map.values()
        .any(|v| matches!(v, Value::String(s) if is_template(s)))
}

/// A time of day in text.
pub(crate) fn time_of_day(ctx: &mut Ctx, text: &str, path: &Path) -> Option<TimeOfDay> {
    text.parse::<TimeOfDay>()
        .map_err(|e| ctx.bad(path, e.to_string()))
        .ok()
}

/// Days of the week: one or a list.
pub(crate) fn weekdays(ctx: &mut Ctx, value: &Value, path: &Path) -> Vec<Weekday> {
    let mut out = Vec::new();
    for (item, item_path) in items(ctx, value, path, "weekday") {
        match item.as_str().and_then(Weekday::parse) {
            Some(day) => out.push(day),
            None => ctx.bad(
                &item_path,
                format!(
                    "expected a weekday (mon, tue, wed, thu, fri, sat, sun), found {}",
                    describe(item)
                ),
            ),
        }
    }
    out
}

/// One state or a list (numbers read as text). A boolean is refused: states are text.
pub(crate) fn states(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut ok = true;
    for (item, item_path) in items(ctx, value, path, "state") {
        match item {
            Value::String(s) => out.push(s.clone()),
            Value::Number(n) => {
                ctx.note(
                    &item_path,
                    format!("read the number {n} as the state \"{n}\""),
                );
                out.push(n.to_string());
            }
            Value::Bool(b) => {
                ok = false;
                let word = if *b { "on" } else { "off" };
                ctx.bad(
                    &item_path,
                    format!(
                        "a state is text, not the boolean {b}; write \"{word}\" (in quotes) if \
                         that is the state meant"
                    ),
                );
            }
            other => {
                ok = false;
                ctx.bad(
                    &item_path,
                    format!("expected a state (text), found {}", describe(other)),
                );
            }
        }
    }
    ok.then_some(out)
}

/// `from:` / `to:`: `null` (any state), one state or a list.
pub(crate) fn state_match(ctx: &mut Ctx, value: &Value, path: &Path) -> Option<StateMatch> {
    if value.is_null() {
        return Some(StateMatch::AnyState);
    }
    states(ctx, value, path).map(StateMatch::States)
}

/// One of a closed set of words.
pub(crate) fn one_of<T: Copy>(
    ctx: &mut Ctx,
    value: &Value,
    path: &Path,
    choices: &[(&str, T)],
) -> Option<T> {
    let found = value.as_str().and_then(|s| {
        choices
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(s.trim()))
    });
    match found {
        Some((_, v)) => Some(*v),
        None => {
            let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
            ctx.bad(
                path,
                format!(
                    "expected one of {}, found {}",
                    names.join(", "),
                    describe(value)
                ),
            );
            None
        }
    }
}
