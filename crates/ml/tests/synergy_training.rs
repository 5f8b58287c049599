//! The synergy model trains on synthetic homes to a held-out AUC, and a run resumed from a
//! checkpoint ends exactly where an uninterrupted run does.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use homeai_ml::synergy::{Outcome, SynergyConfig, SynergyModel, train};
use homeai_ml::{EpochReport, Flow, Progress};

/// Records what a run reports; stops after `stop_after` epochs when set.
#[derive(Default)]
struct Recorder {
    epochs: Vec<EpochReport>,
    checkpoints: Vec<Vec<u8>>,
    logs: Vec<String>,
    stop_after: Option<u32>,
}

impl Progress for Recorder {
    fn log(&mut self, message: &str) {
        self.logs.push(message.to_owned());
    }
    fn step(&mut self, _: u32, _: u32, _: u32) -> Flow {
        Flow::Continue
    }
    fn epoch_end(&mut self, report: &EpochReport, checkpoint: &[u8]) -> Flow {
        self.epochs.push(report.clone());
        self.checkpoints.push(checkpoint.to_vec());
        match self.stop_after {
            Some(n) if report.epoch >= n => Flow::Stop,
            _ => Flow::Continue,
        }
    }
}

fn metric(r: &EpochReport, name: &str) -> f64 {
    r.metrics.iter().find(|(n, _)| n == name).unwrap().1
}

/// Same tensor names and values (the metadata header's key order may differ).
fn same_tensors(a: &[u8], b: &[u8]) -> bool {
    let (a, b) = (
        homeai_ml::artefact::Artefact::from_bytes(a).unwrap(),
        homeai_ml::artefact::Artefact::from_bytes(b).unwrap(),
    );
    a.tensors.len() == b.tensors.len()
        && a.tensors.iter().all(|(name, t)| {
            let flat = |t: &candle_core::Tensor| t.flatten_all().unwrap().to_vec1::<f32>().unwrap();
            b.tensors.get(name).is_some_and(|u| flat(t) == flat(u))
        })
}

fn small() -> SynergyConfig {
    SynergyConfig {
        epochs: 12,
        homes: 24,
        days: 10,
        patience: 4,
        ..SynergyConfig::default()
    }
}

#[test]
fn the_synergy_model_reaches_a_held_out_auc_of_0_9_on_unseen_synthetic_homes() {
    let started = Instant::now();
    let mut rec = Recorder::default();
    let Outcome::Finished(trained) = train(&small(), None, &mut rec).unwrap() else {
        panic!("not finished");
    };
    let elapsed = started.elapsed();
    let auc = trained.metrics["validation_auc"].as_f64().unwrap();
    eprintln!("metrics {} in {elapsed:?}", trained.metrics);
    assert!(trained.metrics["validation_auc_same_area"].is_number());
    assert!(auc >= 0.9, "held-out AUC {auc}: {:?}", rec.epochs);
    assert!(elapsed < Duration::from_secs(60), "took {elapsed:?}");
    // the loss went down
    let first = metric(&rec.epochs[0], "train.loss");
    let last = metric(rec.epochs.last().unwrap(), "train.loss");
    assert!(last < first, "train loss {first} → {last}");
    // the saved model scores like the metrics say, and says what it is
    let model = SynergyModel::from_bytes(&trained.model).unwrap();
    assert_eq!(model.metadata["format"], "homeai-synergy-gnn/1");
    let home = homeai_ml::synergy::home(&small(), 23); // a held-out home
    let pairs = home.graph.all_pairs();
    let scores = model.score(&home.graph, &pairs).unwrap();
    assert_eq!(scores.len(), pairs.len());
    assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)));
}

#[test]
fn a_run_resumed_from_a_checkpoint_ends_where_an_uninterrupted_run_ends() {
    let config = SynergyConfig {
        epochs: 4,
        homes: 8,
        days: 5,
        patience: 10,
        ..SynergyConfig::default()
    };
    let mut straight = Recorder::default();
    let Outcome::Finished(a) = train(&config, None, &mut straight).unwrap() else {
        panic!("not finished");
    };

    let mut first = Recorder {
        stop_after: Some(2),
        ..Recorder::default()
    };
    let outcome = train(&config, None, &mut first).unwrap();
    assert!(matches!(outcome, Outcome::Stopped { epochs_done: 2 }));
    let mut second = Recorder::default();
    let checkpoint = first.checkpoints.last().unwrap().clone();
    let Outcome::Finished(b) = train(&config, Some(&checkpoint), &mut second).unwrap() else {
        panic!("not finished");
    };
    // only the remaining epochs ran, and they match the uninterrupted run
    let epochs: Vec<u32> = second.epochs.iter().map(|r| r.epoch).collect();
    assert_eq!(epochs, vec![3, 4]);
    assert_eq!(second.epochs, straight.epochs[2..].to_vec());
    assert_eq!(a.metrics, b.metrics);
    assert!(same_tensors(&a.model, &b.model), "the two models differ");
}

#[test]
fn a_checkpoint_from_another_config_is_refused() {
    let config = SynergyConfig {
        epochs: 2,
        homes: 4,
        days: 3,
        ..SynergyConfig::default()
    };
    let mut rec = Recorder {
        stop_after: Some(1),
        ..Recorder::default()
    };
    train(&config, None, &mut rec).unwrap();
    let other = SynergyConfig {
        learning_rate: 0.5,
        ..config
    };
    let err = train(&other, Some(&rec.checkpoints[0]), &mut Recorder::default()).unwrap_err();
    assert!(err.to_string().contains("another config"), "{err}");
}
