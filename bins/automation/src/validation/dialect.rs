//! Which automation dialect a Home Assistant release speaks (the dialects' API names are
//! `Dialect::name` / `Dialect::from_name`).

use homeai_automation_model::Dialect;
use homeai_ha::HaVersion;

/// The dialect a Home Assistant release speaks.
pub fn dialect_of(version: &HaVersion) -> Dialect {
    Dialect::for_version(version.year, version.month)
}
