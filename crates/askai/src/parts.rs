//! What a request was understood to ask for, before it is an automation: triggers, conditions
//! and steps with resolved entity ids.

use homeai_automation_model::{SunEvent, TimeOfDay, Weekday};
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub enum TriggerPart {
    Time(TimeOfDay),
    Sun(SunEvent, i64),
    Every(Option<u32>, Option<u32>),
    State {
        entity: String,
        to: String,
        for_: Option<i64>,
    },
    Numeric {
        entity: String,
        above: Option<f64>,
        below: Option<f64>,
        for_: Option<i64>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConditionPart {
    State {
        entity: String,
        state: String,
    },
    Numeric {
        entity: String,
        above: Option<f64>,
        below: Option<f64>,
    },
    After(TimeOfDay),
    Before(TimeOfDay),
    Weekdays(Vec<Weekday>),
    SunDown,
    SunUp,
    SunAfter(SunEvent),
    SunBefore(SunEvent),
    /// Any of these persons is home.
    AnyHome(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum TargetPart {
    Entities(Vec<String>),
    /// Every light of an area (`area_id` target), with the entities it holds now.
    Area(String, Vec<String>),
    /// `entity_id: all` of one domain (`light`, `switch`…)
    All(String),
    None,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StepPart {
    Call {
        service: String,
        target: TargetPart,
        data: Map<String, Value>,
    },
    Delay(i64),
}

/// The understood request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parts {
    pub triggers: Vec<TriggerPart>,
    pub conditions: Vec<ConditionPart>,
    pub steps: Vec<StepPart>,
    /// "on at sunset and off at 11pm": each time with its own steps (a `choose` on the
    /// trigger that fired); when set, `steps` is empty and `triggers` holds every branch's.
    pub branches: Vec<(Vec<TriggerPart>, Vec<StepPart>)>,
}

impl Parts {
    /// Every step of the automation: the plain steps and every branch's.
    pub fn all_steps(&self) -> impl Iterator<Item = &StepPart> {
        self.steps
            .iter()
            .chain(self.branches.iter().flat_map(|(_, s)| s))
    }
}
