//! The two dialects of automation YAML/JSON, and which features a Home Assistant release
//! lacks.

use crate::model::*;

/// The key a call step uses for the action's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceKey {
    /// `service: light.turn_on`, before Home Assistant 2024.8.
    Service,
    /// `action: light.turn_on`, from 2024.8.
    Action,
}

/// How an automation is written for a Home Assistant release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// Before 2024.10: `trigger:`/`condition:`/`action:` and `platform:`, with `service:` or
    /// (from 2024.8) `action:` for calls.
    Legacy { service_key: ServiceKey },
    /// From 2024.10: `triggers:`/`conditions:`/`actions:`, `trigger:` and `action:`.
    Modern,
}

impl Dialect {
    /// The dialect for a Home Assistant release (`2024, 3` for 2024.3.3).
    pub fn for_version(year: u16, month: u8) -> Self {
        match (year, month) {
            (y, m) if (y, m) >= (2024, 10) => Self::Modern,
            (y, m) if (y, m) >= (2024, 8) => Self::Legacy {
                service_key: ServiceKey::Action,
            },
            _ => Self::Legacy {
                service_key: ServiceKey::Service,
            },
        }
    }

    /// The oldest release written in this dialect, which [`check_dialect`] checks against:
    /// 2024.3 (the oldest release homeai supports) for `service:`, 2024.8 for legacy with
    /// `action:`, 2024.10 for modern.
    pub fn oldest_release(self) -> (u16, u8) {
        match self {
            Self::Legacy {
                service_key: ServiceKey::Service,
            } => (2024, 3),
            Self::Legacy {
                service_key: ServiceKey::Action,
            } => (2024, 8),
            Self::Modern => (2024, 10),
        }
    }

    /// The dialect's name in homeai's APIs: `legacy`, `legacy_action`, `modern`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Legacy {
                service_key: ServiceKey::Service,
            } => "legacy",
            Self::Legacy {
                service_key: ServiceKey::Action,
            } => "legacy_action",
            Self::Modern => "modern",
        }
    }

    /// The dialect called `name` (see [`Self::name`]).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "legacy" => Some(Self::Legacy {
                service_key: ServiceKey::Service,
            }),
            "legacy_action" => Some(Self::Legacy {
                service_key: ServiceKey::Action,
            }),
            "modern" => Some(Self::Modern),
            _ => None,
        }
    }

    pub(crate) fn is_modern(self) -> bool {
        self == Self::Modern
    }

    /// Top-level list keys: (triggers, conditions, actions).
    pub(crate) fn list_keys(self) -> (&'static str, &'static str, &'static str) {
        if self.is_modern() {
            ("triggers", "conditions", "actions")
        } else {
            ("trigger", "condition", "action")
        }
    }

    /// The key naming a trigger's type.
    pub(crate) fn trigger_key(self) -> &'static str {
        if self.is_modern() {
            "trigger"
        } else {
            "platform"
        }
    }

    /// The key naming a call's action.
    pub(crate) fn call_key(self) -> &'static str {
        match self {
            Self::Legacy {
                service_key: ServiceKey::Service,
            } => "service",
            _ => "action",
        }
    }
}

/// Whether every feature the automation uses exists in the oldest release of `dialect` (see
/// [`Dialect::oldest_release`]); otherwise one sentence per use, with its path.
pub fn check_dialect(automation: &Automation, dialect: Dialect) -> Result<(), Vec<String>> {
    let (year, month) = dialect.oldest_release();
    check_version(automation, year, month)
}

/// Whether every feature the automation uses exists in Home Assistant `year.month`.
/// Checked: the `sequence` step (2024.6), `floor_id`/`label_id` targets (2024.4), the time
/// trigger's `at: {entity_id, offset}` (2024.8) and its `weekday` (2025.7). Kinds kept as
/// written are not checked.
pub fn check_version(automation: &Automation, year: u16, month: u8) -> Result<(), Vec<String>> {
    let mut check = Check {
        release: (year, month),
        dialect: Dialect::for_version(year, month),
        findings: Vec::new(),
    };
    let (triggers, _, actions) = check.dialect.list_keys();
    check.triggers(&automation.triggers, triggers);
    check.actions(&automation.actions, actions, false);
    if check.findings.is_empty() {
        Ok(())
    } else {
        Err(check.findings)
    }
}

struct Check {
    release: (u16, u8),
    dialect: Dialect,
    findings: Vec<String>,
}

impl Check {
    fn needs(&mut self, path: &str, what: &str, since: (u16, u8)) {
        if self.release < since {
            self.findings.push(format!(
                "{path}: {what} needs Home Assistant {}.{} or newer (target: {}.{})",
                since.0, since.1, self.release.0, self.release.1
            ));
        }
    }

    fn triggers(&mut self, triggers: &[Trigger], path: &str) {
        for (i, trigger) in triggers.iter().enumerate() {
            let TriggerKind::Time(time) = &trigger.kind else {
                continue;
            };
            let here = format!("{path}[{i}]");
            if !time.weekday.is_empty() {
                self.needs(&here, "the time trigger's `weekday`", (2025, 7));
            }
            if time
                .at
                .iter()
                .any(|at| matches!(at, TimeAt::EntityOffset { .. }))
            {
                self.needs(&here, "`at: {entity_id, offset}`", (2024, 8));
            }
        }
    }

    /// `in_parallel`: the steps are branches of `parallel`, where `sequence` has long been
    /// allowed.
    fn actions(&mut self, actions: &[Action], path: &str, in_parallel: bool) {
        for (i, action) in actions.iter().enumerate() {
            let here = format!("{path}[{i}]");
            match &action.kind {
                ActionKind::Call(call) => {
                    if let Some(Target::Ids(ids)) = &call.target {
                        if !ids.floor_id.is_empty() {
                            self.needs(&here, "`target: floor_id`", (2024, 4));
                        }
                        if !ids.label_id.is_empty() {
                            self.needs(&here, "`target: label_id`", (2024, 4));
                        }
                    }
                }
                ActionKind::Sequence(steps) => {
                    if !in_parallel {
                        self.needs(&here, "the `sequence` step", (2024, 6));
                    }
                    self.actions(steps, &format!("{here}.sequence"), false);
                }
                ActionKind::Parallel(branches) => {
                    self.actions(branches, &format!("{here}.parallel"), true)
                }
                ActionKind::WaitForTrigger(w) => {
                    self.triggers(&w.triggers, &format!("{here}.wait_for_trigger"))
                }
                ActionKind::Choose(c) => {
                    for (j, option) in c.options.iter().enumerate() {
                        let p = format!("{here}.choose[{j}].sequence");
                        self.actions(&option.sequence, &p, false);
                    }
                    self.actions(&c.default, &format!("{here}.default"), false);
                }
                ActionKind::If(i) => {
                    self.actions(&i.then, &format!("{here}.then"), false);
                    self.actions(&i.else_, &format!("{here}.else"), false);
                }
                ActionKind::Repeat(r) => {
                    self.actions(&r.sequence, &format!("{here}.repeat.sequence"), false)
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn dialect_names_round_trip() {
        for name in ["legacy", "legacy_action", "modern"] {
            assert_eq!(Dialect::from_name(name).unwrap().name(), name);
        }
        assert!(Dialect::from_name("new").is_none());
    }
}
