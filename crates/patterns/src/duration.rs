//! "X is left on for about N minutes": how long an actionable entity stays in a state.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use homeai_domain::event::StateChange;
use homeai_domain::pattern::PatternKind;
use serde_json::json;

use crate::common::{Timed, counts, is_actionable, median_iqr};
use crate::{DetectedPattern, DetectorSettings};

/// Longer stays are schedules, not "left on for N minutes".
const MAX_DURATION_MIN: f64 = 180.0;

pub fn detect(events: &[StateChange], s: &DetectorSettings) -> Vec<DetectedPattern> {
    let (Some(first), Some(last)) = (events.first(), events.last()) else {
        return Vec::new();
    };
    let total_days =
        (last.time_fired.date_naive() - first.time_fired.date_naive()).num_days() as u32 + 1;
    // entity → (state, since)
    let mut current: HashMap<&str, (&str, DateTime<Utc>)> = HashMap::new();
    let mut stays: BTreeMap<(String, String), Vec<Timed>> = BTreeMap::new();
    let mut entered: HashMap<(String, String), u32> = HashMap::new();
    for e in events.iter().filter(|e| counts(e) && is_actionable(e)) {
        let entity = e.entity_id.as_str();
        let state = e.new_state.as_deref().unwrap_or_default();
        if let Some((previous, since)) = current.get(entity)
            && *previous != state
        {
            let minutes = (e.time_fired - *since).num_seconds() as f64 / 60.0;
            if minutes <= MAX_DURATION_MIN {
                stays
                    .entry((entity.to_owned(), (*previous).to_owned()))
                    .or_default()
                    .push((minutes, *since));
            }
        }
        *entered
            .entry((entity.to_owned(), state.to_owned()))
            .or_default() += 1;
        current.insert(entity, (state, e.time_fired));
    }
    let mut found = Vec::new();
    for ((entity, state), list) in stays {
        let mut minutes: Vec<f64> = list.iter().map(|(m, _)| *m).collect();
        if (minutes.len() as u32) < s.min_duration_support {
            continue;
        }
        let (median, iqr) = median_iqr(&mut minutes);
        if median <= 0.0 || iqr / median > s.max_duration_spread {
            continue;
        }
        let near: Vec<&Timed> = list
            .iter()
            .filter(|(m, _)| (m - median).abs() <= median * 0.25)
            .collect();
        let support = near.len() as u32;
        let confidence = f64::from(support)
            / f64::from(*entered.get(&(entity.clone(), state.clone())).unwrap_or(&1));
        if support < s.min_duration_support || confidence < 0.5 {
            continue;
        }
        let mut times: Vec<DateTime<Utc>> = near.iter().map(|(_, t)| *t).collect();
        times.sort();
        let (Some(first_seen), Some(last_seen)) = (times.first().copied(), times.last().copied())
        else {
            continue;
        };
        let days: std::collections::BTreeSet<_> = times.iter().map(DateTime::date_naive).collect();
        found.push(DetectedPattern {
            kind: PatternKind::Duration,
            key: format!("{entity}|{state}|{}", median.round() as i64),
            entities: vec![entity.clone()],
            params: json!({ "state": state, "minutes": (median * 10.0).round() / 10.0 }),
            support,
            days_seen: days.len() as u32,
            days_observed: total_days,
            time_spread_min: Some((iqr * 10.0).round() / 10.0),
            confidence: confidence.min(1.0),
            season: None,
            first_seen,
            last_seen,
            evidence: times.iter().rev().take(5).copied().collect(),
            description: format!(
                "{entity} left {state} for about {median:.0} minutes ({support} times)"
            ),
        });
    }
    found
}
