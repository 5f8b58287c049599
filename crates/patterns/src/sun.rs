//! "X is turned on about 15 minutes after sunset": a time that follows the sun better than
//! the clock.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use homeai_domain::event::StateChange;
use homeai_domain::pattern::PatternKind;
use serde_json::json;

use crate::common::{DayType, HomeContext, SunTimes, circular_stats, counts, is_actionable, local};
use crate::{DetectedPattern, DetectorSettings};

#[derive(Debug, Clone, Copy)]
struct Occurrence {
    date: NaiveDate,
    minute: f64,
    at: DateTime<Utc>,
}

fn stats(values: &[f64]) -> (f64, f64) {
    let n = values.len().max(1) as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    (mean, var.sqrt())
}

pub fn detect(
    events: &[StateChange],
    home: &HomeContext,
    s: &DetectorSettings,
) -> Vec<DetectedPattern> {
    let (Some(first), Some(last)) = (events.first(), events.last()) else {
        return Vec::new();
    };
    let (from, until) = (
        local(first.time_fired, home.time_zone).0,
        local(last.time_fired, home.time_zone).0,
    );
    let observed = DayType::EveryDay.count(from, until).max(1);
    let mut groups: BTreeMap<(String, String), Vec<Occurrence>> = BTreeMap::new();
    for e in events.iter().filter(|e| counts(e) && is_actionable(e)) {
        let (date, minute) = local(e.time_fired, home.time_zone);
        let key = (
            e.entity_id.as_str().to_owned(),
            e.new_state.clone().unwrap_or_default(),
        );
        groups.entry(key).or_default().push(Occurrence {
            date,
            minute,
            at: e.time_fired,
        });
    }
    let mut suns: HashMap<NaiveDate, SunTimes> = HashMap::new();
    let mut found = Vec::new();
    for ((entity, state), occurrences) in groups {
        for (event, pick) in [("sunrise", 0usize), ("sunset", 1usize)] {
            // offset in minutes from that day's sunrise or sunset
            let offsets: Vec<(f64, Occurrence)> = occurrences
                .iter()
                .filter_map(|o| {
                    let sun = *suns.entry(o.date).or_insert_with(|| home.sun(o.date));
                    let at = if pick == 0 { sun.0 } else { sun.1 }?;
                    Some(((o.at - at).num_seconds() as f64 / 60.0, *o))
                })
                .collect();
            let around = |centre: f64| -> Vec<(f64, Occurrence)> {
                let mut by_day: BTreeMap<NaiveDate, (f64, Occurrence)> = BTreeMap::new();
                for (off, o) in offsets
                    .iter()
                    .filter(|(off, _)| (off - centre).abs() <= s.window_min)
                {
                    if by_day
                        .get(&o.date)
                        .is_none_or(|(k, _)| (off - centre).abs() < (k - centre).abs())
                    {
                        by_day.insert(o.date, (*off, *o));
                    }
                }
                by_day.into_values().collect()
            };
            let Some(best) = offsets
                .iter()
                .map(|(off, _)| around(*off))
                .max_by_key(Vec::len)
            else {
                continue;
            };
            if (best.len() as u32) < s.min_support {
                continue;
            }
            let (mean, _) = stats(&best.iter().map(|(o, _)| *o).collect::<Vec<_>>());
            let members = around(mean);
            let (mean, spread) = stats(&members.iter().map(|(o, _)| *o).collect::<Vec<_>>());
            let (_, clock_spread) =
                circular_stats(&members.iter().map(|(_, o)| o.minute).collect::<Vec<_>>());
            let flank: BTreeSet<NaiveDate> = offsets
                .iter()
                .filter(|(off, _)| {
                    let d = (off - mean).abs();
                    d > s.window_min && d <= 3.0 * s.window_min
                })
                .map(|(_, o)| o.date)
                .collect();
            let seen = members.len() as u32;
            let ratio = f64::from(seen) / f64::from(observed);
            // the sun must explain the time clearly better than the clock does
            if spread > s.max_spread_min
                || clock_spread < 1.5 * spread.max(1.0)
                || ratio < s.min_day_ratio
                || (members.len()) < 2 * flank.len()
            {
                continue;
            }
            let mut times: Vec<DateTime<Utc>> = members.iter().map(|(_, o)| o.at).collect();
            times.sort();
            let (Some(first_seen), Some(last_seen)) =
                (times.first().copied(), times.last().copied())
            else {
                continue;
            };
            let offset = mean.round() as i64;
            let relation = if offset >= 0 {
                format!("{offset} minutes after")
            } else {
                format!("{} minutes before", -offset)
            };
            found.push(DetectedPattern {
                kind: PatternKind::SunRelative,
                key: format!("{entity}|{state}|{event}|{}", (mean / 15.0).round() as i64),
                entities: vec![entity.clone()],
                params: json!({"state": state, "event": event, "offset_minutes": offset}),
                support: seen,
                days_seen: seen,
                days_observed: observed,
                time_spread_min: Some((spread * 10.0).round() / 10.0),
                confidence: (ratio * (1.0 - 0.5 * spread / s.max_spread_min)).clamp(0.0, 1.0),
                season: None,
                first_seen,
                last_seen,
                evidence: times.iter().rev().take(5).copied().collect(),
                description: format!(
                    "{entity} turned {state} about {relation} {event} ({seen} of {observed} days)"
                ),
            });
        }
    }
    found
}
