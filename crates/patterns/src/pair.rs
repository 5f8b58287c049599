//! How related two entities are: how often B changes within a window after A, against chance.

use homeai_domain::event::StateChange;
use serde::{Deserialize, Serialize};

use crate::common::counts;

/// Statistics of "B within `window_s` after A" over some events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairStats {
    /// Changes of A followed by a change of B within the window.
    pub support: u32,
    pub a_changes: u32,
    pub b_changes: u32,
    /// support / a_changes.
    pub confidence: f64,
    /// confidence over the chance of a B change in any window of that length.
    pub lift: f64,
    pub median_delay_s: Option<f64>,
    pub window_s: i64,
}

/// Computes the statistics of `a` → `b` over time-ordered `events` (other entities ignored).
pub fn pair_stats(events: &[StateChange], a: &str, b: &str, window_s: i64) -> PairStats {
    let usable: Vec<&StateChange> = events.iter().filter(|e| counts(e)).collect();
    let times = |id: &str| -> Vec<i64> {
        usable
            .iter()
            .filter(|e| e.entity_id.as_str() == id)
            .map(|e| e.time_fired.timestamp_micros())
            .collect()
    };
    let (a_times, b_times) = (times(a), times(b));
    let window_us = window_s * 1_000_000;
    let mut delays = Vec::new();
    for t in &a_times {
        let i = b_times.partition_point(|x| x <= t);
        if let Some(next) = b_times.get(i)
            && next - t <= window_us
        {
            delays.push((next - t) as f64 / 1e6);
        }
    }
    let span_us = match (usable.first(), usable.last()) {
        (Some(f), Some(l)) => (l.time_fired - f.time_fired)
            .num_microseconds()
            .unwrap_or(i64::MAX)
            .max(1),
        _ => 1,
    };
    let support = delays.len() as u32;
    let confidence = if a_times.is_empty() {
        0.0
    } else {
        f64::from(support) / a_times.len() as f64
    };
    let chance = (b_times.len() as f64 * window_us as f64 / span_us as f64).min(1.0);
    let lift = if chance > 0.0 {
        confidence / chance
    } else {
        0.0
    };
    delays.sort_by(f64::total_cmp);
    PairStats {
        support,
        a_changes: a_times.len() as u32,
        b_changes: b_times.len() as u32,
        confidence,
        lift,
        median_delay_s: delays.get(delays.len() / 2).copied(),
        window_s,
    }
}
