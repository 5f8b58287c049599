//! Value-level repairs the parser applies in repair mode (where Home Assistant would refuse
//! the automation or fail the call).

use serde_json::{Number, Value};

use super::{Ctx, Path};
use crate::model::Fields;

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// `domain.name`, as Home Assistant's `cv.service` requires.
pub(crate) fn is_action_name(name: &str) -> bool {
    matches!(name.split_once('.'), Some((domain, service)) if is_slug(domain) && is_slug(service))
}

/// `light.kitchen_ceiling.turn_on` → (`light.turn_on`, `light.kitchen_ceiling`).
pub(crate) fn split_entity(name: &str) -> Option<(String, String)> {
    let mut parts = name.split('.');
    let (domain, object, service) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || ![domain, object, service].into_iter().all(is_slug) {
        return None;
    }
    Some((format!("{domain}.{service}"), format!("{domain}.{object}")))
}

/// `brightness` to 0..=255 and `brightness_pct` to 0..=100, as Home Assistant clamps (or
/// fails) at call time.
pub(crate) fn clamp_brightness(ctx: &mut Ctx, data: &mut Fields, path: &Path) {
    for (key, max) in [("brightness", 255_i64), ("brightness_pct", 100)] {
        let Some(Value::Number(n)) = data.get(key) else {
            continue;
        };
        let Some(value) = n.as_f64() else { continue };
        let clamped = value.clamp(0.0, max as f64);
        if clamped != value {
            let clamped = clamped as i64;
            ctx.note(
                &path.key(key),
                format!("{value} is outside 0..{max}; set it to {clamped}"),
            );
            data.insert(key.to_owned(), Value::Number(Number::from(clamped)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_an_entity_out_of_an_action_name() {
        assert_eq!(
            split_entity("light.kitchen_ceiling.turn_on"),
            Some(("light.turn_on".into(), "light.kitchen_ceiling".into()))
        );
        assert_eq!(split_entity("light.turn_on"), None);
        assert_eq!(split_entity("light..turn_on"), None);
        assert!(is_action_name("notify.mobile_app_pixel_8"));
        assert!(!is_action_name("light.kitchen.turn_on"));
        assert!(!is_action_name("Light.turn_on"));
    }
}
