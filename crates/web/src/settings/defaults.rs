//! `#[serde(default = …)]` helpers that several sections share.

pub(super) fn default_true() -> bool {
    true
}
