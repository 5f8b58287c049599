//! "X is turned on at about 06:45 on weekdays" — and its seasonal form, "…until mid-April".

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use homeai_domain::event::StateChange;
use homeai_domain::pattern::PatternKind;
use serde_json::json;

use crate::common::{
    DayType, HomeContext, circular_distance, circular_stats, clock, counts, is_actionable, local,
};
use crate::{DetectedPattern, DetectorSettings};

#[derive(Debug, Clone, Copy)]
struct Occurrence {
    date: NaiveDate,
    minute: f64,
    at: DateTime<Utc>,
}

/// Clusters tried per (entity, state): a light may be turned on every morning and every evening.
const CLUSTERS_PER_ACTION: usize = 3;

pub fn detect(
    events: &[StateChange],
    home: &HomeContext,
    s: &DetectorSettings,
) -> Vec<DetectedPattern> {
    let (Some(first), Some(last)) = (events.first(), events.last()) else {
        return Vec::new();
    };
    let observed = (
        local(first.time_fired, home.time_zone).0,
        local(last.time_fired, home.time_zone).0,
    );
    let mut groups: BTreeMap<(String, String), Vec<Occurrence>> = BTreeMap::new();
    for e in events.iter().filter(|e| counts(e) && is_actionable(e)) {
        let (date, minute) = local(e.time_fired, home.time_zone);
        let state = e.new_state.clone().unwrap_or_default();
        groups
            .entry((e.entity_id.as_str().to_owned(), state))
            .or_default()
            .push(Occurrence {
                date,
                minute,
                at: e.time_fired,
            });
    }
    let mut found = Vec::new();
    for ((entity, state), mut remaining) in groups {
        for _ in 0..CLUSTERS_PER_ACTION {
            let Some(members) = best_cluster(&remaining, s) else {
                break;
            };
            let minutes: Vec<f64> = members.iter().map(|o| o.minute).collect();
            let (mean, spread) = circular_stats(&minutes);
            if spread > s.max_spread_min {
                break;
            }
            if !peaked(&remaining, members.len(), mean, s) {
                break;
            }
            let Some(pattern) = judge(&entity, &state, &members, mean, spread, observed, s) else {
                break;
            };
            found.push(pattern);
            let taken: BTreeSet<DateTime<Utc>> = members.iter().map(|o| o.at).collect();
            remaining.retain(|o| !taken.contains(&o.at));
        }
    }
    found
}

/// The largest set of days with an occurrence near one time (one occurrence per day, the
/// nearest), re-centred on its circular mean.
fn best_cluster(occurrences: &[Occurrence], s: &DetectorSettings) -> Option<Vec<Occurrence>> {
    let around = |centre: f64| -> Vec<Occurrence> {
        let mut by_day: BTreeMap<NaiveDate, Occurrence> = BTreeMap::new();
        for o in occurrences
            .iter()
            .filter(|o| circular_distance(o.minute, centre) <= s.window_min)
        {
            let keep = by_day.get(&o.date).is_none_or(|k| {
                circular_distance(o.minute, centre) < circular_distance(k.minute, centre)
            });
            if keep {
                by_day.insert(o.date, *o);
            }
        }
        by_day.into_values().collect()
    };
    let best = occurrences
        .iter()
        .map(|o| around(o.minute))
        .max_by_key(Vec::len)?;
    if (best.len() as u32) < s.min_support {
        return None;
    }
    let (mean, _) = circular_stats(&best.iter().map(|o| o.minute).collect::<Vec<_>>());
    Some(around(mean))
}

/// A habit stands out from its surroundings: the days with an occurrence within the window are
/// at least twice the days with one in the flanks (one to three windows away), i.e. four
/// times denser than if the times were spread evenly. "Some time in the evening" is no habit.
fn peaked(
    occurrences: &[Occurrence],
    inside_days: usize,
    centre: f64,
    s: &DetectorSettings,
) -> bool {
    let flank_days: BTreeSet<NaiveDate> = occurrences
        .iter()
        .filter(|o| {
            let d = circular_distance(o.minute, centre);
            d > s.window_min && d <= 3.0 * s.window_min
        })
        .map(|o| o.date)
        .collect();
    inside_days >= 2 * flank_days.len()
}

/// Decides the day type (and season), or that this is no habit.
fn judge(
    entity: &str,
    state: &str,
    members: &[Occurrence],
    mean: f64,
    spread: f64,
    observed: (NaiveDate, NaiveDate),
    s: &DetectorSettings,
) -> Option<DetectedPattern> {
    let ratio = |day_type: DayType, from: NaiveDate, until: NaiveDate| -> (u32, u32) {
        let seen = members
            .iter()
            .filter(|o| day_type.contains(o.date) && o.date >= from && o.date <= until)
            .count();
        (seen as u32, day_type.count(from, until).max(1))
    };
    let (first_m, last_m) = (members.first()?.date, members.last()?.date);
    let pick = |from: NaiveDate, until: NaiveDate| -> Option<(DayType, u32, u32)> {
        let (wd, owd) = ratio(DayType::Weekdays, from, until);
        let (we, owe) = ratio(DayType::Weekends, from, until);
        let (all, oall) = ratio(DayType::EveryDay, from, until);
        let (r_wd, r_we, r_all) = (
            f64::from(wd) / f64::from(owd),
            f64::from(we) / f64::from(owe),
            f64::from(all) / f64::from(oall),
        );
        let t = s.min_day_ratio;
        let choice = if r_wd >= t && r_we >= t {
            (DayType::EveryDay, all, oall)
        } else if r_wd >= t && r_we < t / 2.0 {
            (DayType::Weekdays, wd, owd)
        } else if r_we >= t && r_wd < t / 2.0 {
            (DayType::Weekends, we, owe)
        } else if r_all >= t {
            (DayType::EveryDay, all, oall)
        } else {
            return None;
        };
        (choice.1 >= s.min_support).then_some(choice)
    };
    let margin = chrono::Duration::days(s.season_margin_days);
    let seasonal = last_m + margin <= observed.1 || first_m - margin >= observed.0;
    if seasonal && (last_m - first_m).num_days() + 1 < s.min_season_days {
        return None;
    }
    let (kind, (day_type, seen, possible), season) = if seasonal {
        (
            PatternKind::Seasonal,
            pick(first_m, last_m)?,
            Some(format!("{first_m}..{last_m}")),
        )
    } else {
        (PatternKind::TimeOfDay, pick(observed.0, observed.1)?, None)
    };
    let ratio = f64::from(seen) / f64::from(possible);
    let confidence = (ratio * (1.0 - 0.5 * spread / s.max_spread_min)).clamp(0.0, 1.0);
    let at = clock(mean);
    let days = day_type.as_str().replace('_', " ");
    let description = match &season {
        Some(season) => format!(
            "{entity} turned {state} at about {at} on {days}, from {}",
            season.replace("..", " to ")
        ),
        None => {
            format!("{entity} turned {state} at about {at} on {days} ({seen} of {possible} days)")
        }
    };
    let mut times: Vec<DateTime<Utc>> = members
        .iter()
        .filter(|o| day_type.contains(o.date))
        .map(|o| o.at)
        .collect();
    times.sort();
    Some(DetectedPattern {
        kind,
        key: format!(
            "{entity}|{state}|{}|{}",
            day_type.as_str(),
            (mean / 30.0).round() as i64
        ),
        entities: vec![entity.to_owned()],
        params: json!({
            "state": state, "minute": (mean * 10.0).round() / 10.0, "time": at,
            "days": day_type.as_str(), "window_minutes": s.window_min,
        }),
        support: seen,
        days_seen: seen,
        days_observed: possible,
        time_spread_min: Some((spread * 10.0).round() / 10.0),
        confidence,
        season,
        first_seen: *times.first()?,
        last_seen: *times.last()?,
        evidence: times.iter().rev().take(5).copied().collect(),
        description,
    })
}
