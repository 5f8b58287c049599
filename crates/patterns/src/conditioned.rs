//! "B happens when sensor X is above (below) a threshold": at B's changes X is past the
//! threshold far more often than it is over time (lift), among sensors of B's own area.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use homeai_domain::pattern::PatternKind;
use serde_json::json;

use crate::common::{HomeContext, counts, is_actionable};
use crate::{DetectedPattern, DetectorSettings};

use crate::observations::{Observations, Reading};

type Series = [Reading];

/// The best condition found for an action: lift, sensor, threshold, above?, share, when.
type Condition<'a> = (f64, &'a str, f64, bool, f64, Vec<DateTime<Utc>>);

/// A reading older than this says nothing about "now".
const STALE_S: i64 = 3600;

fn value_at(series: &Series, at: DateTime<Utc>) -> Option<f64> {
    let at_us = at.timestamp_micros();
    let i = series.partition_point(|r| r.at_us <= at_us);
    let r = series.get(i.checked_sub(1)?)?;
    ((at_us - r.at_us) <= STALE_S * 1_000_000).then_some(f64::from(r.value))
}

/// Share of the observed time the sensor read `above` (or below) `threshold`.
fn time_share(series: &Series, threshold: f64, above: bool) -> f64 {
    let (mut inside, mut total) = (0.0, 0.0);
    for w in series.windows(2) {
        let span = ((w[1].at_us - w[0].at_us) / 1_000_000).clamp(0, STALE_S) as f64;
        total += span;
        let v = f64::from(w[0].value);
        if (above && v >= threshold) || (!above && v <= threshold) {
            inside += span;
        }
    }
    if total > 0.0 { inside / total } else { 1.0 }
}

fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    values[((values.len() - 1) as f64 * q).round() as usize]
}

pub fn detect(o: &Observations, home: &HomeContext, s: &DetectorSettings) -> Vec<DetectedPattern> {
    let mut actions: BTreeMap<(String, String), Vec<DateTime<Utc>>> = BTreeMap::new();
    for e in o.changes.iter().filter(|e| counts(e) && is_actionable(e)) {
        let key = (
            e.entity_id.as_str().to_owned(),
            e.new_state.clone().unwrap_or_default(),
        );
        actions.entry(key).or_default().push(e.time_fired);
    }
    let total_days = match (o.changes.first(), o.changes.last()) {
        (Some(a), Some(b)) => {
            (b.time_fired.date_naive() - a.time_fired.date_naive()).num_days() as u32 + 1
        }
        _ => return Vec::new(),
    };
    let mut found = Vec::new();
    for ((entity, state), times) in actions {
        if (times.len() as u32) < s.min_support {
            continue;
        }
        let Some(area) = home.areas.get(&entity) else {
            continue;
        };
        let mut best: Option<Condition<'_>> = None;
        for (sensor, series) in o
            .readings
            .iter()
            .filter(|(id, _)| home.areas.get(id.as_str()) == Some(area))
        {
            let at: Vec<(DateTime<Utc>, f64)> = times
                .iter()
                .filter_map(|t| Some((*t, value_at(series, *t)?)))
                .collect();
            if (at.len() as u32) < s.min_support {
                continue;
            }
            for above in [true, false] {
                let mut values: Vec<f64> = at.iter().map(|(_, v)| *v).collect();
                let threshold = quantile(&mut values, if above { 0.1 } else { 0.9 });
                let hits: Vec<DateTime<Utc>> = at
                    .iter()
                    .filter(|(_, v)| {
                        if above {
                            *v >= threshold
                        } else {
                            *v <= threshold
                        }
                    })
                    .map(|(t, _)| *t)
                    .collect();
                let share = hits.len() as f64 / times.len() as f64;
                let base = time_share(series, threshold, above).max(1e-3);
                let lift = share / base;
                if share >= s.min_condition_share
                    && lift >= s.min_condition_lift
                    && best.as_ref().is_none_or(|b| lift > b.0)
                {
                    best = Some((lift, sensor.as_str(), threshold, above, share, hits));
                }
            }
        }
        let Some((lift, sensor, threshold, above, share, mut hits)) = best else {
            continue;
        };
        hits.sort();
        let (Some(first_seen), Some(last_seen)) = (hits.first().copied(), hits.last().copied())
        else {
            continue;
        };
        let days: std::collections::BTreeSet<_> = hits.iter().map(DateTime::date_naive).collect();
        let side = if above { "above" } else { "below" };
        let threshold = (threshold * 10.0).round() / 10.0;
        found.push(DetectedPattern {
            kind: PatternKind::StateConditioned,
            key: format!("{sensor}|{side}|{entity}|{state}"),
            entities: vec![(*sensor).to_owned(), entity.clone()],
            params: json!({"state": state, side: threshold, "lift": (lift * 10.0).round() / 10.0}),
            support: hits.len() as u32,
            days_seen: days.len() as u32,
            days_observed: total_days,
            time_spread_min: None,
            confidence: share.min(1.0),
            season: None,
            first_seen,
            last_seen,
            evidence: hits.iter().rev().take(5).copied().collect(),
            description: format!(
                "{entity} turned {state} when {sensor} is {side} {threshold} ({:.0} % of the time, {lift:.1}× its usual share)",
                share * 100.0
            ),
        });
    }
    found
}
