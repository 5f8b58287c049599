//! [`Parts`] → the typed [`Automation`] (never text): one trigger, condition and step each.

use homeai_automation_model::{
    Action, ActionKind, Automation, Choose, ChooseOption, Condition, ConditionKind, Duration, Mode,
    Number, NumericStateCondition, NumericStateTrigger, PatternValue, ServiceCall, ServiceData,
    StateCondition, StateMatch, StateTrigger, SunCondition, SunEvent, SunTrigger, Target,
    TargetIds, Threshold, TimeAt, TimeCondition, TimePatternTrigger, TimePeriod, TimeRef,
    TimeTrigger, Trigger, TriggerCondition, TriggerKind,
};

use crate::parts::{ConditionPart, Parts, StepPart, TargetPart, TriggerPart};

/// Each branch's triggers get the id `branch_<n>`; one `choose` runs the steps of the branch
/// whose trigger fired.
fn branched(parts: &Parts, alias: String, description: String) -> Automation {
    let mut triggers = Vec::new();
    let mut options = Vec::new();
    for (n, (times, steps)) in parts.branches.iter().enumerate() {
        let id = format!("branch_{}", n + 1);
        for t in times {
            let mut t = trigger(t);
            t.id = Some(id.clone());
            triggers.push(t);
        }
        options.push(ChooseOption {
            alias: None,
            conditions: vec![Condition::new(ConditionKind::Trigger(TriggerCondition {
                id: vec![id],
            }))],
            sequence: steps.iter().filter_map(step).collect(),
        });
    }
    Automation {
        alias: Some(alias),
        description: Some(description),
        mode: Some(Mode::Single),
        triggers,
        conditions: conditions(&parts.conditions),
        actions: vec![Action::new(ActionKind::Choose(Choose {
            options,
            default: Vec::new(),
        }))],
        ..Automation::default()
    }
}

fn period(secs: i64) -> Option<TimePeriod> {
    Duration::from_secs(secs).map(TimePeriod::Fixed)
}

fn threshold(n: Option<f64>) -> Option<Threshold> {
    n.map(|v| Threshold::Number(Number(v)))
}

fn trigger(t: &TriggerPart) -> Trigger {
    let kind = match t {
        TriggerPart::Time(at) => TriggerKind::Time(TimeTrigger {
            at: vec![TimeAt::Time(*at)],
            weekday: Vec::new(),
        }),
        TriggerPart::Sun(event, off) => TriggerKind::Sun(SunTrigger {
            event: *event,
            offset: (*off != 0).then(|| Duration::from_secs(*off)).flatten(),
        }),
        TriggerPart::Every(hours, minutes) => TriggerKind::TimePattern(TimePatternTrigger {
            hours: hours
                .filter(|h| *h > 1)
                .map(|h| PatternValue::Text(format!("/{h}"))),
            minutes: match (hours, minutes) {
                (Some(_), _) => Some(PatternValue::Number(0)),
                (None, Some(m)) if *m > 1 => Some(PatternValue::Text(format!("/{m}"))),
                (None, _) => Some(PatternValue::Text("*".into())),
            },
            seconds: None,
        }),
        TriggerPart::State { entity, to, for_ } => TriggerKind::State(StateTrigger {
            entity_id: vec![entity.clone()],
            to: Some(StateMatch::States(vec![to.clone()])),
            for_: for_.and_then(period),
            ..StateTrigger::default()
        }),
        TriggerPart::Numeric {
            entity,
            above,
            below,
            for_,
        } => TriggerKind::NumericState(NumericStateTrigger {
            entity_id: vec![entity.clone()],
            above: threshold(*above),
            below: threshold(*below),
            for_: for_.and_then(period),
            ..NumericStateTrigger::default()
        }),
    };
    Trigger::new(kind)
}

fn sun(after: Option<SunEvent>, before: Option<SunEvent>) -> Condition {
    Condition::new(ConditionKind::Sun(SunCondition {
        after,
        before,
        ..SunCondition::default()
    }))
}

fn state(entity: &str, value: &str) -> Condition {
    Condition::new(ConditionKind::State(StateCondition {
        entity_id: vec![entity.to_owned()],
        state: vec![value.to_owned()],
        ..StateCondition::default()
    }))
}

fn conditions(parts: &[ConditionPart]) -> Vec<Condition> {
    let mut out = Vec::new();
    // a time window is one condition
    let after = parts.iter().find_map(|c| {
        if let ConditionPart::After(t) = c {
            Some(*t)
        } else {
            None
        }
    });
    // "until midnight" is the end of the day, no bound: Home Assistant reads `before: 00:00`
    // as a window that never holds
    let before = parts.iter().find_map(|c| match c {
        ConditionPart::Before(t) if (t.hour(), t.minute(), t.second()) != (0, 0, 0) => Some(*t),
        _ => None,
    });
    if after.is_some() || before.is_some() {
        out.push(Condition::new(ConditionKind::Time(TimeCondition {
            after: after.map(TimeRef::Time),
            before: before.map(TimeRef::Time),
            weekday: Vec::new(),
        })));
    }
    for c in parts {
        let cond = match c {
            ConditionPart::After(_) | ConditionPart::Before(_) => continue,
            ConditionPart::State { entity, state: s } => state(entity, s),
            ConditionPart::Numeric {
                entity,
                above,
                below,
            } => Condition::new(ConditionKind::NumericState(NumericStateCondition {
                entity_id: vec![entity.clone()],
                above: threshold(*above),
                below: threshold(*below),
                ..NumericStateCondition::default()
            })),
            ConditionPart::Weekdays(days) => Condition::new(ConditionKind::Time(TimeCondition {
                weekday: days.clone(),
                ..TimeCondition::default()
            })),
            ConditionPart::SunDown => Condition::new(ConditionKind::Or(vec![
                sun(Some(SunEvent::Sunset), None),
                sun(None, Some(SunEvent::Sunrise)),
            ])),
            ConditionPart::SunUp => state("sun.sun", "above_horizon"),
            ConditionPart::SunAfter(ev) => sun(Some(*ev), None),
            ConditionPart::SunBefore(ev) => sun(None, Some(*ev)),
            ConditionPart::AnyHome(persons) => match persons.as_slice() {
                [one] => state(one, "home"),
                many => Condition::new(ConditionKind::Or(
                    many.iter().map(|p| state(p, "home")).collect(),
                )),
            },
        };
        if !out.contains(&cond) {
            out.push(cond);
        }
    }
    out
}

fn step(s: &StepPart) -> Option<Action> {
    let kind = match s {
        StepPart::Delay(secs) => ActionKind::Delay(period(*secs)?),
        StepPart::Call {
            service,
            target,
            data,
        } => {
            let ids = match target {
                TargetPart::Entities(ids) => Some(TargetIds {
                    entity_id: ids.clone(),
                    ..TargetIds::default()
                }),
                TargetPart::Area(a, _) => Some(TargetIds {
                    area_id: vec![a.clone()],
                    ..TargetIds::default()
                }),
                TargetPart::All(_) => Some(TargetIds {
                    entity_id: vec!["all".into()],
                    ..TargetIds::default()
                }),
                TargetPart::None => None,
            };
            ActionKind::Call(ServiceCall {
                action: service.clone(),
                target: ids.map(Target::Ids),
                data: (!data.is_empty()).then(|| ServiceData::Fields(data.clone())),
                ..ServiceCall::default()
            })
        }
    };
    Some(Action::new(kind))
}

/// The automation for understood parts, with an alias and a description.
pub fn automation(parts: &Parts, alias: String, description: String) -> Automation {
    if !parts.branches.is_empty() {
        return branched(parts, alias, description);
    }
    let mut triggers: Vec<Trigger> = Vec::new();
    for t in &parts.triggers {
        let t = trigger(t);
        if !triggers.contains(&t) {
            triggers.push(t);
        }
    }
    Automation {
        alias: Some(alias),
        description: Some(description),
        mode: Some(Mode::Single),
        triggers,
        conditions: conditions(&parts.conditions),
        actions: parts.steps.iter().filter_map(step).collect(),
        ..Automation::default()
    }
}

/// One behaviour of a written request: what starts it, what must hold, what to do.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Event {
    pub triggers: Vec<TriggerPart>,
    pub conditions: Vec<ConditionPart>,
    pub steps: Vec<StepPart>,
}

impl Event {
    /// The event as the parts of a one-behaviour request.
    pub fn parts(&self) -> Parts {
        Parts {
            triggers: self.triggers.clone(),
            conditions: self.conditions.clone(),
            steps: self.steps.clone(),
            branches: Vec::new(),
        }
    }
}

/// The automation for several behaviours: one alone is a plain automation; more get trigger
/// ids `event_<n>` and one `choose` whose options run the steps of the behaviour whose
/// trigger fired, when its own conditions hold.
pub fn automation_of_events(events: &[Event], alias: String, description: String) -> Automation {
    if let [one] = events {
        return automation(&one.parts(), alias, description);
    }
    let mut triggers = Vec::new();
    let mut options = Vec::new();
    for (n, e) in events.iter().enumerate() {
        let id = format!("event_{}", n + 1);
        for t in &e.triggers {
            let mut t = trigger(t);
            t.id = Some(id.clone());
            triggers.push(t);
        }
        let mut when = vec![Condition::new(ConditionKind::Trigger(TriggerCondition {
            id: vec![id],
        }))];
        when.extend(conditions(&e.conditions));
        options.push(ChooseOption {
            alias: None,
            conditions: when,
            sequence: e.steps.iter().filter_map(step).collect(),
        });
    }
    Automation {
        alias: Some(alias),
        description: Some(description),
        mode: Some(Mode::Single),
        triggers,
        conditions: Vec::new(),
        actions: vec![Action::new(ActionKind::Choose(Choose {
            options,
            default: Vec::new(),
        }))],
        ..Automation::default()
    }
}
