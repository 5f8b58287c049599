//! Triggers: what starts an automation (and what `wait_for_trigger` waits for).

use super::{Fields, StateMatch, Threshold};
use crate::duration::{Duration, TimePeriod};
use crate::time::{TimeOfDay, Weekday};

/// One trigger: the fields every trigger may carry, and its kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    pub id: Option<String>,
    pub alias: Option<String>,
    pub enabled: Option<bool>,
    pub variables: Option<Fields>,
    pub kind: TriggerKind,
}

impl Trigger {
    /// A trigger of this kind with no id, alias, `enabled` or variables.
    pub fn new(kind: TriggerKind) -> Self {
        Self {
            id: None,
            alias: None,
            enabled: None,
            variables: None,
            kind,
        }
    }
}

/// The kind of a trigger (`trigger: state` / `platform: state`).
#[derive(Debug, Clone, PartialEq)]
pub enum TriggerKind {
    State(StateTrigger),
    NumericState(NumericStateTrigger),
    Time(TimeTrigger),
    TimePattern(TimePatternTrigger),
    Sun(SunTrigger),
    Template(TemplateTrigger),
    Event(EventTrigger),
    HomeAssistant(HomeAssistantTrigger),
    Mqtt(MqttTrigger),
    Zone(ZoneTrigger),
    Webhook(WebhookTrigger),
    Tag(TagTrigger),
    Calendar(CalendarTrigger),
    Conversation(ConversationTrigger),
    Device(DeviceTrigger),
    /// A platform this crate does not know (newer Home Assistant, custom integrations), kept
    /// as written.
    Other(OpaqueTrigger),
}

impl TriggerKind {
    /// The platform name (`state`, `numeric_state`, …).
    pub fn platform(&self) -> &str {
        match self {
            Self::State(_) => "state",
            Self::NumericState(_) => "numeric_state",
            Self::Time(_) => "time",
            Self::TimePattern(_) => "time_pattern",
            Self::Sun(_) => "sun",
            Self::Template(_) => "template",
            Self::Event(_) => "event",
            Self::HomeAssistant(_) => "homeassistant",
            Self::Mqtt(_) => "mqtt",
            Self::Zone(_) => "zone",
            Self::Webhook(_) => "webhook",
            Self::Tag(_) => "tag",
            Self::Calendar(_) => "calendar",
            Self::Conversation(_) => "conversation",
            Self::Device(_) => "device",
            Self::Other(o) => &o.platform,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct StateTrigger {
    pub entity_id: Vec<String>,
    pub attribute: Option<String>,
    pub from: Option<StateMatch>,
    pub to: Option<StateMatch>,
    pub not_from: Vec<String>,
    pub not_to: Vec<String>,
    pub for_: Option<TimePeriod>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct NumericStateTrigger {
    pub entity_id: Vec<String>,
    pub attribute: Option<String>,
    pub value_template: Option<String>,
    pub above: Option<Threshold>,
    pub below: Option<Threshold>,
    pub for_: Option<TimePeriod>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimeTrigger {
    pub at: Vec<TimeAt>,
    /// Empty: every day. Needs Home Assistant 2025.7.
    pub weekday: Vec<Weekday>,
}

/// One `at:` of a time trigger.
#[derive(Debug, Clone, PartialEq)]
pub enum TimeAt {
    Time(TimeOfDay),
    /// An `input_datetime` or a timestamp sensor.
    Entity(String),
    /// `{entity_id, offset}` on a timestamp sensor (Home Assistant 2024.8).
    EntityOffset {
        entity_id: String,
        offset: Option<Duration>,
    },
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimePatternTrigger {
    pub hours: Option<PatternValue>,
    pub minutes: Option<PatternValue>,
    pub seconds: Option<PatternValue>,
}

/// One field of a time pattern: `5`, `"/15"`, `"*"`.
#[derive(Debug, Clone, PartialEq)]
pub enum PatternValue {
    Number(i64),
    Text(String),
}

/// `sunrise` or `sunset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SunEvent {
    Sunrise,
    Sunset,
}

impl SunEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sunrise => "sunrise",
            Self::Sunset => "sunset",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SunTrigger {
    pub event: SunEvent,
    pub offset: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TemplateTrigger {
    pub value_template: String,
    pub for_: Option<TimePeriod>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventTrigger {
    pub event_type: Vec<String>,
    pub event_data: Option<Fields>,
    pub context: Option<Fields>,
}

/// `start` or `shutdown` of Home Assistant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HomeAssistantEvent {
    Start,
    Shutdown,
}

impl HomeAssistantEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Shutdown => "shutdown",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct HomeAssistantTrigger {
    pub event: HomeAssistantEvent,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct MqttTrigger {
    pub topic: String,
    pub payload: Option<String>,
    pub value_template: Option<String>,
    pub qos: Option<u8>,
    pub encoding: Option<String>,
}

/// `enter` or `leave`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ZoneEvent {
    Enter,
    Leave,
}

impl ZoneEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enter => "enter",
            Self::Leave => "leave",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ZoneTrigger {
    pub entity_id: Vec<String>,
    pub zone: String,
    pub event: ZoneEvent,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct WebhookTrigger {
    pub webhook_id: String,
    pub allowed_methods: Vec<String>,
    pub local_only: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TagTrigger {
    pub tag_id: Vec<String>,
    pub device_id: Vec<String>,
}

/// `start` or `end` of a calendar event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CalendarEvent {
    Start,
    End,
}

impl CalendarEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::End => "end",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CalendarTrigger {
    pub event: CalendarEvent,
    pub entity_id: String,
    pub offset: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConversationTrigger {
    pub command: Vec<String>,
}

/// A device trigger: its fields beyond `device_id` and `domain` (`type`, `subtype`,
/// `entity_id`, …) depend on the integration and are kept as written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceTrigger {
    pub device_id: String,
    pub domain: String,
    pub fields: Fields,
}

/// A trigger platform this crate does not know, with its fields as written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OpaqueTrigger {
    pub platform: String,
    pub fields: Fields,
}
