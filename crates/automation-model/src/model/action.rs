//! Actions: the steps an automation runs.

use serde_json::Value;

use super::{Condition, ConditionKind, Fields, IntOrTemplate, Trigger};
use crate::duration::TimePeriod;

/// One step: the fields any step may carry, and its kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub alias: Option<String>,
    pub enabled: Option<bool>,
    pub continue_on_error: Option<bool>,
    pub kind: ActionKind,
}

impl Action {
    pub fn new(kind: ActionKind) -> Self {
        Self {
            alias: None,
            enabled: None,
            continue_on_error: None,
            kind,
        }
    }
}

/// The kind of a step.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionKind {
    /// `action: light.turn_on` (`service:` in the legacy dialect before 2024.8).
    Call(ServiceCall),
    Delay(TimePeriod),
    WaitTemplate(WaitTemplate),
    WaitForTrigger(WaitForTrigger),
    Choose(Choose),
    If(IfThen),
    Repeat(Repeat),
    Parallel(Vec<Action>),
    /// The `sequence` step (Home Assistant 2024.6; older releases take it only as a branch of
    /// `parallel`).
    Sequence(Vec<Action>),
    Variables(Fields),
    Stop(Stop),
    Event(FireEvent),
    /// `scene: scene.movie_night`
    Scene(String),
    /// A condition used as a step: the run stops here when it fails. `alias` and `enabled`
    /// are the step's.
    Condition(ConditionKind),
    /// `set_conversation_response:` a template, or `None` for `null`.
    SetConversationResponse(Option<String>),
    Device(DeviceAction),
    /// A step of a shape this crate does not know (newer Home Assistant), kept as written,
    /// without `alias`, `enabled` and `continue_on_error`.
    Other(Fields),
}

/// A call of an action (formerly "service") such as `light.turn_on`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceCall {
    /// `domain.name`, or a template.
    pub action: String,
    pub target: Option<Target>,
    pub data: Option<ServiceData>,
    pub response_variable: Option<String>,
    /// What Home Assistant's editor stores beside a call (`metadata: {}`); empty is none.
    pub metadata: Option<Fields>,
}

/// `target:` of a call.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Ids(TargetIds),
    /// `target: "{{ … }}"`
    Template(String),
}

/// The ids in a target; an empty list is an absent key.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TargetIds {
    pub entity_id: Vec<String>,
    pub device_id: Vec<String>,
    pub area_id: Vec<String>,
    /// Home Assistant 2024.4.
    pub floor_id: Vec<String>,
    /// Home Assistant 2024.4.
    pub label_id: Vec<String>,
}

impl TargetIds {
    pub fn is_empty(&self) -> bool {
        self.entity_id.is_empty()
            && self.device_id.is_empty()
            && self.area_id.is_empty()
            && self.floor_id.is_empty()
            && self.label_id.is_empty()
    }
}

/// `data:` of a call: a mapping (never empty) or a template.
#[derive(Debug, Clone, PartialEq)]
pub enum ServiceData {
    Fields(Fields),
    Template(String),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct WaitTemplate {
    pub wait_template: String,
    pub timeout: Option<TimePeriod>,
    pub continue_on_timeout: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct WaitForTrigger {
    pub triggers: Vec<Trigger>,
    pub timeout: Option<TimePeriod>,
    pub continue_on_timeout: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Choose {
    pub options: Vec<ChooseOption>,
    /// Empty: no default.
    pub default: Vec<Action>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChooseOption {
    pub alias: Option<String>,
    pub conditions: Vec<Condition>,
    pub sequence: Vec<Action>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct IfThen {
    pub conditions: Vec<Condition>,
    pub then: Vec<Action>,
    /// Empty: no `else`.
    pub else_: Vec<Action>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Repeat {
    pub kind: RepeatKind,
    pub sequence: Vec<Action>,
}

/// How a `repeat` repeats.
#[derive(Debug, Clone, PartialEq)]
pub enum RepeatKind {
    Count(IntOrTemplate),
    While(Vec<Condition>),
    Until(Vec<Condition>),
    /// A list of items or a template giving one.
    ForEach(Value),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stop {
    pub reason: String,
    pub error: Option<bool>,
    pub response_variable: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct FireEvent {
    pub event: String,
    /// Never empty.
    pub event_data: Option<Fields>,
}

/// A device action; fields beyond `device_id` and `domain` depend on the integration.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceAction {
    pub device_id: String,
    pub domain: String,
    pub fields: Fields,
}
