//! Finding and replacing the `{"!input": key}` references in a body.

use serde_json::{Map, Value};

use super::INPUT_TAG;
use crate::parse::Path;

/// What `value` is as a reference: `Some(Some(key))` for `{"!input": key}`, `Some(None)` for
/// a malformed one (`{"!input": null}`), `None` for any other value.
pub(crate) fn as_ref(value: &Value) -> Option<Option<&str>> {
    let map = value.as_object()?;
    if map.len() != 1 {
        return None;
    }
    map.get(INPUT_TAG).map(Value::as_str)
}

/// Every reference in `value` with its path, in document order (mappings in key order).
pub(crate) fn references<'v>(value: &'v Value, path: &Path) -> Vec<(Path, Option<&'v str>)> {
    let mut found = Vec::new();
    walk(value, path, &mut found);
    found
}

fn walk<'v>(value: &'v Value, path: &Path, found: &mut Vec<(Path, Option<&'v str>)>) {
    if let Some(key) = as_ref(value) {
        found.push((path.clone(), key));
        return;
    }
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &path.index(i), found);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                walk(v, &path.key(k), found);
            }
        }
        _ => {}
    }
}

/// `value` with each reference replaced by `lookup(key)`; a reference `lookup` has no value
/// for is kept as it is.
pub(crate) fn substitute(value: &Value, lookup: &dyn Fn(&str) -> Option<Value>) -> Value {
    if let Some(Some(key)) = as_ref(value)
        && let Some(found) = lookup(key)
    {
        return found;
    }
    match value {
        Value::Array(items) => Value::Array(items.iter().map(|v| substitute(v, lookup)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), substitute(v, lookup)))
                .collect::<Map<String, Value>>(),
        ),
        other => other.clone(),
    }
}
