//! "A then B within N seconds": B follows A far more often than chance (lift), not just often.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use homeai_domain::event::StateChange;
use homeai_domain::pattern::PatternKind;
use serde_json::json;

use crate::common::{Timed, counts, is_actionable, median_iqr};
use crate::{DetectedPattern, DetectorSettings};

/// Domains whose changes can start a sequence (sensors that switch, and actionable ones).
fn can_trigger(e: &StateChange) -> bool {
    matches!(
        e.entity_id.domain(),
        "binary_sensor" | "person" | "device_tracker" | "input_boolean"
    ) || is_actionable(e)
}

type Action = (String, String);

pub fn detect(events: &[StateChange], s: &DetectorSettings) -> Vec<DetectedPattern> {
    let (Some(first), Some(last)) = (events.first(), events.last()) else {
        return Vec::new();
    };
    let span_s = (last.time_fired - first.time_fired).num_seconds().max(1) as f64;
    let usable: Vec<&StateChange> = events.iter().filter(|e| counts(e)).collect();
    let mut count: HashMap<Action, u32> = HashMap::new();
    for e in &usable {
        *count.entry(action(e)).or_default() += 1;
    }
    // (A, B) → delays in seconds and when
    let mut pairs: BTreeMap<(Action, Action), Vec<Timed>> = BTreeMap::new();
    for (i, a) in usable.iter().enumerate() {
        if !can_trigger(a) {
            continue;
        }
        let mut seen: BTreeSet<Action> = BTreeSet::new();
        for b in usable[i + 1..]
            .iter()
            .take_while(|b| (b.time_fired - a.time_fired).num_seconds() <= s.sequence_window_s)
        {
            if b.entity_id == a.entity_id || !is_actionable(b) {
                continue;
            }
            let key = action(b);
            if seen.insert(key.clone()) {
                let delay = (b.time_fired - a.time_fired).num_milliseconds() as f64 / 1000.0;
                pairs
                    .entry((action(a), key))
                    .or_default()
                    .push((delay, a.time_fired));
            }
        }
    }
    let mut found = Vec::new();
    for ((a, b), hits) in pairs {
        let support = hits.len() as u32;
        if support < s.min_sequence_support {
            continue;
        }
        let confidence = f64::from(support) / f64::from(*count.get(&a).unwrap_or(&1));
        let chance = (f64::from(*count.get(&b).unwrap_or(&0)) * s.sequence_window_s as f64
            / span_s)
            .min(1.0);
        let lift = if chance > 0.0 {
            confidence / chance
        } else {
            f64::INFINITY
        };
        if confidence < s.min_sequence_confidence || lift < s.min_lift {
            continue;
        }
        let mut delays: Vec<f64> = hits.iter().map(|(d, _)| *d).collect();
        let (median, iqr) = median_iqr(&mut delays);
        let days: BTreeSet<chrono::NaiveDate> = hits.iter().map(|(_, t)| t.date_naive()).collect();
        let total_days =
            (last.time_fired.date_naive() - first.time_fired.date_naive()).num_days() as u32 + 1;
        let mut times: Vec<_> = hits.iter().map(|(_, t)| *t).collect();
        times.sort();
        let (Some(first_seen), Some(last_seen)) = (times.first().copied(), times.last().copied())
        else {
            continue;
        };
        found.push(DetectedPattern {
            kind: PatternKind::Sequence,
            key: format!("{}|{}|{}|{}", a.0, a.1, b.0, b.1),
            entities: vec![a.0.clone(), b.0.clone()],
            params: json!({
                "from_state": a.1, "to_state": b.1, "within_seconds": s.sequence_window_s,
                "median_delay_seconds": (median * 10.0).round() / 10.0, "lift": (lift * 10.0).round() / 10.0,
            }),
            support,
            days_seen: days.len() as u32,
            days_observed: total_days,
            time_spread_min: Some(iqr / 60.0),
            confidence: confidence.min(1.0),
            season: None,
            first_seen,
            last_seen,
            evidence: times.iter().rev().take(5).copied().collect(),
            description: format!(
                "{} turned {} about {:.0} s after {} turned {} ({support} times, {:.0} % of the time, {:.0}× chance)",
                b.0,
                b.1,
                median,
                a.0,
                a.1,
                confidence * 100.0,
                lift.min(999.0)
            ),
        });
    }
    found
}

fn action(e: &StateChange) -> Action {
    (
        e.entity_id.as_str().to_owned(),
        e.new_state.clone().unwrap_or_default(),
    )
}
