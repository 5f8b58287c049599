//! Synergies: pairs of devices that would make a useful automation, found in the habits.
//!
//! The heuristic (used until a trained synergy model is active): a sequence "A then B" or a
//! condition "B when sensor X is past a threshold" is a synergy when the two are in the same
//! area (or either has none) and their capabilities fit a known relationship (motion → light,
//! temperature → fan, …). Impact = confidence × how often it happens (saturating at 30 times)
//! × the relationship's weight.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use homeai_domain::pattern::{PatternKind, SynergyKind};
use serde::Serialize;

use crate::{DetectedPattern, HomeContext};

/// A pair worth automating.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Synergy {
    pub kind: SynergyKind,
    pub key: String,
    pub trigger_entity: String,
    pub action_entity: String,
    pub area_id: Option<String>,
    pub relationship: &'static str,
    pub support: u32,
    pub lift: Option<f64>,
    pub confidence: f64,
    pub impact_score: f64,
    pub explanation: String,
    pub evidence: Vec<DateTime<Utc>>,
    /// Keys of the patterns it stands on.
    pub supporting_patterns: Vec<String>,
}

/// (trigger domain or device class, action domain) → (relationship, weight)
fn relationship(
    trigger: &str,
    trigger_class: Option<&str>,
    action: &str,
) -> Option<(&'static str, f64)> {
    let domain = trigger.split('.').next().unwrap_or_default();
    let action_domain = action.split('.').next().unwrap_or_default();
    let lights = matches!(action_domain, "light" | "switch");
    Some(match (domain, trigger_class, action_domain) {
        ("binary_sensor", Some("motion" | "occupancy" | "presence"), _) if lights => {
            ("motion_lighting", 1.0)
        }
        ("binary_sensor", Some("door" | "garage_door" | "opening"), _) if lights => {
            ("entry_lighting", 0.8)
        }
        ("binary_sensor", Some("window" | "door" | "opening"), "climate") => {
            ("open_window_climate", 0.9)
        }
        ("sensor", Some("temperature"), "switch" | "fan" | "climate") => {
            ("temperature_control", 0.9)
        }
        ("sensor", Some("humidity"), "switch" | "fan" | "humidifier") => {
            ("humidity_ventilation", 0.8)
        }
        ("sensor", Some("illuminance"), "light" | "cover") => ("illuminance_lighting", 0.8),
        ("media_player", _, "light" | "cover") => ("media_scene", 0.6),
        ("person" | "device_tracker", _, _) => ("presence_automation", 0.9),
        ("light" | "switch", _, "light" | "switch") => ("device_chain", 0.5),
        _ => return None,
    })
}

/// Without a registry, the usual names say what a sensor measures.
fn class_from_name(entity_id: &str) -> Option<&'static str> {
    let object = entity_id.split('.').nth(1)?;
    [
        "motion",
        "occupancy",
        "presence",
        "door",
        "window",
        "temperature",
        "humidity",
        "illuminance",
    ]
    .into_iter()
    .find(|word| object.contains(word))
}

/// Synergies in the patterns one analysis found.
pub fn synergies(patterns: &[DetectedPattern], home: &HomeContext) -> Vec<Synergy> {
    let mut found: HashMap<String, Synergy> = HashMap::new();
    for p in patterns {
        let (kind, lift) = match p.kind {
            PatternKind::Sequence => (
                SynergyKind::DevicePair,
                p.params.get("lift").and_then(|v| v.as_f64()),
            ),
            PatternKind::StateConditioned => (
                SynergyKind::ContextBased,
                p.params.get("lift").and_then(|v| v.as_f64()),
            ),
            _ => continue,
        };
        let [trigger, action] = p.entities.as_slice() else {
            continue;
        };
        let class = home
            .device_classes
            .get(trigger)
            .map(String::as_str)
            .or_else(|| class_from_name(trigger));
        let Some((relationship, weight)) = relationship(trigger, class, action) else {
            continue;
        };
        let (ta, aa) = (home.areas.get(trigger), home.areas.get(action));
        if let (Some(a), Some(b)) = (ta, aa)
            && a != b
        {
            continue;
        }
        let frequency = (f64::from(p.support) / 30.0).min(1.0);
        let impact = (p.confidence * frequency * weight * 100.0).round() / 100.0;
        let key = format!("{trigger}|{action}|{relationship}");
        let synergy = Synergy {
            kind,
            key: key.clone(),
            trigger_entity: trigger.clone(),
            action_entity: action.clone(),
            area_id: ta.or(aa).cloned(),
            relationship,
            support: p.support,
            lift,
            confidence: p.confidence,
            impact_score: impact,
            explanation: format!(
                "{} — an automation could do this ({relationship})",
                p.description
            ),
            evidence: p.evidence.clone(),
            supporting_patterns: vec![p.key.clone()],
        };
        // one synergy per pair and relationship: keep the best supported, remember every pattern
        found
            .entry(key)
            .and_modify(|s| {
                s.supporting_patterns.push(p.key.clone());
                if synergy.impact_score > s.impact_score {
                    let patterns = std::mem::take(&mut s.supporting_patterns);
                    *s = Synergy {
                        supporting_patterns: patterns,
                        ..synergy.clone()
                    };
                }
            })
            .or_insert(synergy);
    }
    let mut list: Vec<Synergy> = found.into_values().collect();
    list.sort_by(|a, b| {
        b.impact_score
            .total_cmp(&a.impact_score)
            .then_with(|| a.key.cmp(&b.key))
    });
    list
}
