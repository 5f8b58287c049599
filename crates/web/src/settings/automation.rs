//! The automation service's `[deploy]` section: how automations are written into Home
//! Assistant.

use serde::Deserialize;

/// `[deploy]`: how the automation service writes automations into Home Assistant.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeploySettings {
    /// How long to wait for HA to load a written automation (its entity to appear) before the
    /// deploy is an error and the write is undone.
    #[serde(default = "default_appear_timeout_ms")]
    pub appear_timeout_ms: u64,
    /// The lowest safety score a deploy passes without being forced by the admin.
    #[serde(default = "default_minimum_safety_score")]
    pub minimum_safety_score: u8,
    /// The audit calls an automation stale when it has not fired for this many days.
    #[serde(default = "default_stale_after_days")]
    pub stale_after_days: u32,
    /// The prefix of every config id this instance writes (`homeai_` and then lowercase
    /// letters, digits and `_`); it only ever edits, deletes or adopts ids of the form
    /// `<prefix>s<suggestion id>`.
    #[serde(default = "default_id_prefix")]
    pub id_prefix: String,
}

impl Default for DeploySettings {
    fn default() -> Self {
        Self {
            appear_timeout_ms: default_appear_timeout_ms(),
            minimum_safety_score: default_minimum_safety_score(),
            stale_after_days: default_stale_after_days(),
            id_prefix: default_id_prefix(),
        }
    }
}

fn default_appear_timeout_ms() -> u64 {
    15_000
}
fn default_minimum_safety_score() -> u8 {
    60
}
fn default_stale_after_days() -> u32 {
    30
}
fn default_id_prefix() -> String {
    "homeai_".into()
}
