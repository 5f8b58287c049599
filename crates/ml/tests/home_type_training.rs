//! The home-type classifier learns the household types of synthetic homes it never saw.

use homeai_ml::home_type::{self, HomeTypeConfig, HomeTypeModel};
use homeai_ml::{EpochReport, Flow, Progress};
use homeai_synth::{HouseholdSpec, HouseholdType, household};

#[derive(Default)]
struct Reports(Vec<EpochReport>);

impl Progress for Reports {
    fn log(&mut self, _: &str) {}
    fn step(&mut self, _: u32, _: u32, _: u32) -> Flow {
        Flow::Continue
    }
    fn epoch_end(&mut self, report: &EpochReport, _: &[u8]) -> Flow {
        self.0.push(report.clone());
        Flow::Continue
    }
}

#[test]
fn the_classifier_tells_household_types_apart_on_held_out_homes() {
    let config = HomeTypeConfig {
        homes_per_type: 12,
        days: 14,
        ..HomeTypeConfig::default()
    };
    let mut reports = Reports::default();
    let trained = home_type::train(&config, &mut reports).unwrap().unwrap();
    let accuracy = trained.metrics["accuracy"].as_f64().unwrap();
    eprintln!("{}", trained.metrics);
    assert!(accuracy >= 0.8, "{}", trained.metrics);
    assert!(!reports.0.is_empty());
    let model = HomeTypeModel::from_bytes(&trained.model).unwrap();
    let spec = HouseholdSpec::new(999, HouseholdType::ShiftWorker, 14);
    let events = household(&spec);
    let keys: Vec<_> = events
        .iter()
        .map(|e| (e.entity_id.as_str(), e.time_fired))
        .collect();
    let p = model.classify(&keys, spec.time_zone).unwrap();
    assert_eq!(p.class, "shift_worker", "{p:?}");
}
