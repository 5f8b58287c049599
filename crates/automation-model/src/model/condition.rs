//! Conditions: tests on the state of the home (in `conditions:`, `if:`, `while:`, … and as
//! action steps).

use super::{Fields, Threshold};
use crate::duration::{Duration, TimePeriod};
use crate::model::SunEvent;
use crate::time::{TimeOfDay, Weekday};

/// One condition: `alias` and `enabled`, and its kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub alias: Option<String>,
    pub enabled: Option<bool>,
    pub kind: ConditionKind,
}

impl Condition {
    pub fn new(kind: ConditionKind) -> Self {
        Self {
            alias: None,
            enabled: None,
            kind,
        }
    }
}

/// The kind of a condition. Shorthands are read into these long forms: `- or: [...]` is
/// [`ConditionKind::Or`], a bare template string is [`ConditionKind::Template`].
#[derive(Debug, Clone, PartialEq)]
pub enum ConditionKind {
    State(StateCondition),
    NumericState(NumericStateCondition),
    Time(TimeCondition),
    Sun(SunCondition),
    Template(TemplateCondition),
    Zone(ZoneCondition),
    Trigger(TriggerCondition),
    Device(DeviceCondition),
    And(Vec<Condition>),
    Or(Vec<Condition>),
    Not(Vec<Condition>),
    /// A condition this crate does not know, kept as written.
    Other(OpaqueCondition),
}

impl ConditionKind {
    /// The name after `condition:`.
    pub fn name(&self) -> &str {
        match self {
            Self::State(_) => "state",
            Self::NumericState(_) => "numeric_state",
            Self::Time(_) => "time",
            Self::Sun(_) => "sun",
            Self::Template(_) => "template",
            Self::Zone(_) => "zone",
            Self::Trigger(_) => "trigger",
            Self::Device(_) => "device",
            Self::And(_) => "and",
            Self::Or(_) => "or",
            Self::Not(_) => "not",
            Self::Other(o) => &o.condition,
        }
    }
}

/// `all` (the default) or `any` of several entities must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Match {
    All,
    Any,
}

impl Match {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Any => "any",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct StateCondition {
    pub entity_id: Vec<String>,
    pub state: Vec<String>,
    pub attribute: Option<String>,
    pub for_: Option<TimePeriod>,
    pub match_: Option<Match>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct NumericStateCondition {
    pub entity_id: Vec<String>,
    pub attribute: Option<String>,
    pub value_template: Option<String>,
    pub above: Option<Threshold>,
    pub below: Option<Threshold>,
}

/// `after:` / `before:` of a time condition.
#[derive(Debug, Clone, PartialEq)]
pub enum TimeRef {
    Time(TimeOfDay),
    /// An `input_datetime` or a timestamp sensor.
    Entity(String),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimeCondition {
    pub after: Option<TimeRef>,
    pub before: Option<TimeRef>,
    pub weekday: Vec<Weekday>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SunCondition {
    pub after: Option<SunEvent>,
    pub before: Option<SunEvent>,
    pub after_offset: Option<Duration>,
    pub before_offset: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TemplateCondition {
    pub value_template: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ZoneCondition {
    pub entity_id: Vec<String>,
    pub zone: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TriggerCondition {
    pub id: Vec<String>,
}

/// A device condition; fields beyond `device_id` and `domain` depend on the integration.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceCondition {
    pub device_id: String,
    pub domain: String,
    pub fields: Fields,
}

/// A condition this crate does not know, with its fields as written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OpaqueCondition {
    pub condition: String,
    pub fields: Fields,
}
