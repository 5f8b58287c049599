//! The automation engine: runs the automations stored through the config API for the common
//! kinds — state, numeric_state, time and sun triggers; state and time conditions; service
//! calls and delays — so a deployed suggestion visibly changes the home. Anything else is
//! logged as not simulated and skipped.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc};
use homeai_automation_model::{
    Action, ActionKind, Condition, ConditionKind, SunEvent, Target, Threshold, TimeAt, TimePeriod,
    TimeRef, Trigger, TriggerKind, Weekday,
};
use homeai_ha::HaContext;
use serde_json::{Map, Value, json};
use tokio::sync::broadcast::error::RecvError;

use crate::home::{Home, StoredAutomation, context_id};

/// How often time and sun triggers are looked for.
const TICK: Duration = Duration::from_millis(100);

/// Runs until the home's event bus closes.
pub async fn run(home: Arc<Home>) {
    let mut events = home.subscribe();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last = home.clock.now();
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(event) => on_event(&home, &event),
                Err(RecvError::Lagged(n)) => tracing::warn!(n, "automation engine fell behind"),
                Err(RecvError::Closed) => break,
            },
            _ = tick.tick() => {
                let now = home.clock.now();
                on_time(&home, last, now);
                last = now;
            }
        }
    }
}

fn enabled(home: &Home, a: &StoredAutomation) -> bool {
    home.state(&a.entity_id).is_some_and(|s| s.state == "on")
}

fn on_event(home: &Arc<Home>, event: &Value) {
    match event.get("event_type").and_then(Value::as_str) {
        Some("state_changed") => {}
        Some("call_service") => {
            let data = &event["data"];
            if data["domain"] == "automation" && data["service"] == "trigger" {
                let ids = crate::services::targets(
                    data["service_data"].as_object().unwrap_or(&Map::new()),
                    None,
                );
                for id in ids {
                    if let Some((config_id, a)) = home.automation_by_entity(&id) {
                        let parent = event["context"]["id"].as_str().map(str::to_owned);
                        start_run(home, &config_id, &a, parent, false);
                    }
                }
            }
            return;
        }
        _ => return,
    }
    let data = &event["data"];
    let Some(entity_id) = data["entity_id"].as_str() else {
        return;
    };
    let old = data["old_state"]["state"].as_str();
    let new = data["new_state"]["state"].as_str();
    let parent = event["context"]["id"].as_str().map(str::to_owned);
    for a in home.automations() {
        if !enabled(home, &a) {
            continue;
        }
        for t in live(&a.model.triggers) {
            match &t.kind {
                TriggerKind::State(s) if s.entity_id.iter().any(|e| e == entity_id) => {
                    if s.attribute.is_some() || old == new {
                        continue;
                    }
                    let matches = |m: &Option<homeai_automation_model::StateMatch>,
                                   v: Option<&str>| match m {
                        None | Some(homeai_automation_model::StateMatch::AnyState) => true,
                        Some(homeai_automation_model::StateMatch::States(list)) => {
                            v.is_some_and(|v| list.iter().any(|x| x == v))
                        }
                    };
                    if !matches(&s.from, old)
                        || !matches(&s.to, new)
                        || old.is_some_and(|o| s.not_from.iter().any(|x| x == o))
                        || new.is_some_and(|n| s.not_to.iter().any(|x| x == n))
                    {
                        continue;
                    }
                    let config_id = config_id_of(&a);
                    match s.for_.as_ref() {
                        Some(TimePeriod::Fixed(d)) if d.millis() > 0 => {
                            let wait = chrono::Duration::milliseconds(d.millis());
                            let (home, entity, expected, parent) = (
                                Arc::clone(home),
                                entity_id.to_owned(),
                                new.map(str::to_owned),
                                parent.clone(),
                            );
                            tokio::spawn(async move {
                                sleep_sim(&home, wait).await;
                                if home.state(&entity).map(|s| s.state) == expected
                                    && let Some(a) = home.automation(&config_id)
                                {
                                    start_run(&home, &config_id, &a, parent, true);
                                }
                            });
                        }
                        _ => start_run(home, &config_id, &a, parent.clone(), true),
                    }
                }
                TriggerKind::NumericState(n) if n.entity_id.iter().any(|e| e == entity_id) => {
                    if n.attribute.is_some() || n.value_template.is_some() {
                        continue;
                    }
                    let inside = |v: Option<&str>| {
                        v.and_then(|v| v.parse::<f64>().ok())
                            .is_some_and(|v| in_range(home, v, n.above.as_ref(), n.below.as_ref()))
                    };
                    if inside(new) && !inside(old) {
                        start_run(home, &config_id_of(&a), &a, parent.clone(), true);
                    }
                }
                _ => {}
            }
        }
    }
}

fn in_range(home: &Home, v: f64, above: Option<&Threshold>, below: Option<&Threshold>) -> bool {
    let value = |t: &Threshold| match t {
        Threshold::Number(n) => Some(n.0),
        Threshold::Entity(e) => home.state(e).and_then(|s| s.state.parse().ok()),
    };
    above.and_then(value).is_none_or(|a| v > a) && below.and_then(value).is_none_or(|b| v < b)
}

fn config_id_of(a: &StoredAutomation) -> String {
    a.config["id"].as_str().unwrap_or_default().to_owned()
}

fn live<T: HasEnabled>(items: &[T]) -> impl Iterator<Item = &T> {
    items.iter().filter(|i| i.is_enabled())
}

trait HasEnabled {
    fn is_enabled(&self) -> bool;
}
impl HasEnabled for Trigger {
    fn is_enabled(&self) -> bool {
        self.enabled != Some(false)
    }
}
impl HasEnabled for Condition {
    fn is_enabled(&self) -> bool {
        self.enabled != Some(false)
    }
}
impl HasEnabled for Action {
    fn is_enabled(&self) -> bool {
        self.enabled != Some(false)
    }
}

/// Time and sun triggers whose instant fell in `(from, to]`.
fn on_time(home: &Arc<Home>, from: DateTime<Utc>, to: DateTime<Utc>) {
    let tz = home.spec.time_zone;
    let dates: Vec<NaiveDate> = {
        let a = from.with_timezone(&tz).date_naive();
        let b = to.with_timezone(&tz).date_naive();
        if a == b { vec![a] } else { vec![a, b] }
    };
    for a in home.automations() {
        if !enabled(home, &a) {
            continue;
        }
        for t in live(&a.model.triggers) {
            let instants: Vec<DateTime<Utc>> = match &t.kind {
                TriggerKind::Time(tt) => dates
                    .iter()
                    .filter(|d| tt.weekday.is_empty() || tt.weekday.contains(&weekday(d)))
                    .flat_map(|d| {
                        tt.at.iter().filter_map(move |at| match at {
                            TimeAt::Time(tod) => {
                                let time = NaiveTime::from_hms_opt(
                                    tod.hour().into(),
                                    tod.minute().into(),
                                    tod.second().into(),
                                )?;
                                tz.from_local_datetime(&d.and_time(time))
                                    .earliest()
                                    .map(|t| t.with_timezone(&Utc))
                            }
                            _ => None,
                        })
                    })
                    .collect(),
                TriggerKind::Sun(s) => dates
                    .iter()
                    .filter_map(|d| {
                        let base = sun_event(home, *d, s.event)?;
                        let offset = s.offset.map(|o| o.millis()).unwrap_or(0);
                        Some(base + chrono::Duration::milliseconds(offset))
                    })
                    .collect(),
                _ => Vec::new(),
            };
            if instants.iter().any(|i| *i > from && *i <= to) {
                start_run(home, &config_id_of(&a), &a, None, true);
            }
        }
    }
}

fn weekday(d: &NaiveDate) -> Weekday {
    match d.weekday() {
        chrono::Weekday::Mon => Weekday::Mon,
        chrono::Weekday::Tue => Weekday::Tue,
        chrono::Weekday::Wed => Weekday::Wed,
        chrono::Weekday::Thu => Weekday::Thu,
        chrono::Weekday::Fri => Weekday::Fri,
        chrono::Weekday::Sat => Weekday::Sat,
        chrono::Weekday::Sun => Weekday::Sun,
    }
}

/// Sunrise or sunset of the home's location on `date`.
pub fn sun_event(home: &Home, date: NaiveDate, event: SunEvent) -> Option<DateTime<Utc>> {
    let c = sunrise::Coordinates::new(home.spec.latitude, home.spec.longitude)?;
    let day = sunrise::SolarDay::new(c, date);
    day.event_time(match event {
        SunEvent::Sunrise => sunrise::SolarEvent::Sunrise,
        SunEvent::Sunset => sunrise::SolarEvent::Sunset,
    })
}

/// Conditions (unless skipped, as `automation.trigger` does), then `last_triggered` and the
/// actions, in a task of their own.
fn start_run(
    home: &Arc<Home>,
    config_id: &str,
    a: &StoredAutomation,
    trigger_context: Option<String>,
    check_conditions: bool,
) {
    if check_conditions && !live(&a.model.conditions).all(|c| holds(home, c)) {
        tracing::debug!(config_id, "conditions not met");
        return;
    }
    // the run's context: a child of what triggered it (a fresh one for time and sun)
    let run = HaContext {
        id: context_id(),
        parent_id: Some(trigger_context.unwrap_or_else(context_id)),
        user_id: None,
    };
    let now = home.clock.now();
    let mut attrs = Map::new();
    attrs.insert("last_triggered".into(), json!(now));
    if let Some(s) = home.state(&a.entity_id) {
        home.set_state(&a.entity_id, &s.state, &attrs, run.clone());
    }
    let name = a
        .model
        .alias
        .clone()
        .unwrap_or_else(|| config_id.to_owned());
    home.fire(
        "automation_triggered",
        json!({"name": name, "entity_id": a.entity_id, "source": "simulated"}),
        &run,
    );
    tracing::info!(automation = %a.entity_id, "simulated home: automation fired");
    let (home, actions) = (Arc::clone(home), a.model.actions.clone());
    tokio::spawn(async move { run_actions(&home, &actions, &run).await });
}

async fn run_actions(home: &Home, actions: &[Action], run: &HaContext) {
    for action in live(actions) {
        match &action.kind {
            ActionKind::Call(call) => {
                let Some((domain, service)) = call.action.split_once('.') else {
                    continue;
                };
                let data = match &call.data {
                    Some(homeai_automation_model::ServiceData::Fields(f)) => f.clone(),
                    _ => Map::new(),
                };
                let target = match &call.target {
                    Some(Target::Ids(ids)) => Some(json!({
                        "entity_id": ids.entity_id,
                        "area_id": ids.area_id,
                    })),
                    _ => None,
                };
                let context = HaContext {
                    id: context_id(),
                    parent_id: Some(run.id.clone()),
                    user_id: None,
                };
                if let Err(e) = home.call_service(domain, service, &data, target.as_ref(), &context)
                {
                    tracing::warn!(error = %e, "simulated automation: service call failed");
                    return;
                }
            }
            ActionKind::Delay(TimePeriod::Fixed(d)) => {
                sleep_sim(home, chrono::Duration::milliseconds(d.millis())).await;
            }
            other => {
                tracing::info!(action = ?std::mem::discriminant(other), "simulated home: this kind of action is not simulated; skipped");
            }
        }
    }
}

/// Sleeps until the simulated clock has moved by `by` (a skip ahead shortens it).
async fn sleep_sim(home: &Home, by: chrono::Duration) {
    let until = home.clock.now() + by;
    loop {
        let left = until - home.clock.now();
        if left <= chrono::Duration::zero() {
            return;
        }
        tokio::time::sleep(home.clock.real_duration(left).min(TICK)).await;
    }
}

/// State and time conditions (and/or/not of them); any other kind holds (not simulated).
fn holds(home: &Home, c: &Condition) -> bool {
    match &c.kind {
        ConditionKind::State(s) => s
            .entity_id
            .iter()
            .all(|e| home.state(e).is_some_and(|st| s.state.contains(&st.state))),
        ConditionKind::Time(t) => {
            let local = home.clock.now().with_timezone(&home.spec.time_zone);
            let now = local.time();
            let at = |r: &Option<TimeRef>| match r {
                Some(TimeRef::Time(tod)) => NaiveTime::from_hms_opt(
                    tod.hour().into(),
                    tod.minute().into(),
                    tod.second().into(),
                ),
                _ => None,
            };
            let day_ok = t.weekday.is_empty() || t.weekday.contains(&weekday(&local.date_naive()));
            let in_window = match (at(&t.after), at(&t.before)) {
                (Some(a), Some(b)) if a <= b => now >= a && now < b,
                (Some(a), Some(b)) => now >= a || now < b,
                (Some(a), None) => now >= a,
                (None, Some(b)) => now < b,
                (None, None) => true,
            };
            day_ok && in_window
        }
        ConditionKind::And(cs) => live(cs).all(|c| holds(home, c)),
        ConditionKind::Or(cs) => live(cs).any(|c| holds(home, c)),
        ConditionKind::Not(cs) => !live(cs).any(|c| holds(home, c)),
        _ => true,
    }
}
