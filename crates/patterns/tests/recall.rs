//! Detectors against synthetic homes whose habits are known: recall of planted habits and the
//! share of reported patterns that match nothing planted, printed for each seed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use homeai_domain::pattern::PatternKind;
use homeai_patterns::{DetectedPattern, DetectorSettings, HomeContext, Observations, detect_all};
use homeai_synth::{HomeSpec, PlantedHabit, generate};

/// The kinds the detectors implemented so far report.
const IMPLEMENTED: &[PatternKind] = &[
    PatternKind::TimeOfDay,
    PatternKind::Seasonal,
    PatternKind::Sequence,
    PatternKind::Duration,
];

fn matches(p: &DetectedPattern, h: &PlantedHabit) -> bool {
    let overlap = p.entities.iter().any(|e| h.entities.contains(&e.as_str()));
    let pair_kinds = [PatternKind::Sequence, PatternKind::Duration];
    let kind_ok =
        p.kind == h.kind || (pair_kinds.contains(&p.kind) && pair_kinds.contains(&h.kind));
    let time_ok = match (
        p.params.get("minute").and_then(|v| v.as_f64()),
        h.params.get("minute").and_then(|v| v.as_f64()),
    ) {
        (Some(a), Some(b)) => (a - b).abs() <= 20.0,
        _ => true,
    };
    overlap && kind_ok && time_ok
}

fn home(spec: &HomeSpec) -> HomeContext {
    let areas = homeai_synth::layout(spec)
        .entities
        .into_iter()
        .filter_map(|e| Some((e.entity_id.as_str().to_owned(), e.area_id?)))
        .collect();
    let device_classes = homeai_synth::layout(spec)
        .entities
        .into_iter()
        .filter_map(|e| Some((e.entity_id.as_str().to_owned(), e.device_class?)))
        .collect();
    HomeContext {
        time_zone: spec.time_zone,
        latitude: spec.latitude,
        longitude: spec.longitude,
        areas,
        device_classes,
    }
}

#[test]
fn planted_habits_are_found_and_little_else() {
    for seed in [1, 2, 3, 6, 7] {
        let spec = HomeSpec {
            days: 75,
            ..HomeSpec::with_seed(seed)
        };
        let synthetic = generate(&spec);
        let found = detect_all(
            &Observations::from_events(&synthetic.events),
            &home(&spec),
            &DetectorSettings::default(),
        );
        let planted: Vec<&PlantedHabit> = synthetic
            .truth
            .iter()
            .filter(|h| IMPLEMENTED.contains(&h.kind))
            .collect();
        let missed: Vec<&str> = planted
            .iter()
            .filter(|h| !found.iter().any(|p| matches(p, h)))
            .map(|h| h.id)
            .collect();
        let stray: Vec<&DetectedPattern> = found
            .iter()
            .filter(|p| !synthetic.truth.iter().any(|h| matches(p, h)))
            .collect();
        let recall = 1.0 - missed.len() as f64 / planted.len() as f64;
        let stray_share = stray.len() as f64 / found.len().max(1) as f64;
        println!(
            "seed {seed}: {} events, {} patterns; recall {:.0} % ({} of {}), matching nothing planted {:.1} %",
            synthetic.events.len(),
            found.len(),
            recall * 100.0,
            planted.len() - missed.len(),
            planted.len(),
            stray_share * 100.0
        );
        for p in &found {
            println!("  {:?} {:.2} {}", p.kind, p.confidence, p.description);
        }
        assert!(missed.is_empty(), "seed {seed}: missed {missed:?}");
        assert!(
            stray_share <= 0.05,
            "seed {seed}: {} of {} patterns match nothing planted: {:#?}",
            stray.len(),
            found.len(),
            stray.iter().map(|p| &p.description).collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_home_without_habits_yields_almost_nothing() {
    for seed in [4, 5] {
        let spec = HomeSpec {
            habits: false,
            days: 75,
            ..HomeSpec::with_seed(seed)
        };
        let synthetic = generate(&spec);
        let found = detect_all(
            &Observations::from_events(&synthetic.events),
            &home(&spec),
            &DetectorSettings::default(),
        );
        println!("seed {seed} without habits: {} patterns", found.len());
        for p in &found {
            println!("  {:?} {}", p.kind, p.description);
        }
        assert!(
            found.len() <= 1,
            "{:#?}",
            found.iter().map(|p| &p.description).collect::<Vec<_>>()
        );
    }
}

#[test]
fn synergies_are_the_planted_pairs() {
    let spec = HomeSpec {
        days: 75,
        ..HomeSpec::with_seed(1)
    };
    let synthetic = generate(&spec);
    let home = home(&spec);
    let found = detect_all(
        &Observations::from_events(&synthetic.events),
        &home,
        &DetectorSettings::default(),
    );
    let pairs = homeai_patterns::synergies(&found, &home);
    for s in &pairs {
        println!(
            "  {:?} {} {} → {} impact {:.2}",
            s.kind, s.relationship, s.trigger_entity, s.action_entity, s.impact_score
        );
    }
    let has = |trigger: &str, action: &str, relationship: &str| {
        pairs.iter().any(|s| {
            s.trigger_entity == trigger
                && s.action_entity == action
                && s.relationship == relationship
        })
    };
    assert!(has(
        "binary_sensor.hallway_motion",
        "light.hallway_light",
        "motion_lighting"
    ));
    assert!(has(
        "sensor.bedroom_temperature",
        "switch.bedroom_fan",
        "temperature_control"
    ));
    // every synergy stands on a planted pair
    for s in &pairs {
        assert!(
            synthetic
                .truth
                .iter()
                .any(|h| h.entities.contains(&s.action_entity.as_str())),
            "{} → {} is not planted",
            s.trigger_entity,
            s.action_entity
        );
    }
}
