//! The training loop: epochs over the training homes, a held-out AUC after each, early stop,
//! a checkpoint after each epoch, resumable from any of them.

use std::collections::HashMap;
use std::time::Instant;

use candle_core::{Device, Tensor};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::adam::Adam;
use super::data::{LabelledHome, split_with};
use super::graph::PAIR_FEATURES;
use super::model::{FORMAT, GraphTensors, Params, SynergyModel, bce_with_logits};
use super::{SynergyConfig, auc};
use crate::artefact::Artefact;
use crate::{EpochReport, Flow, MlError, Progress};

const CHECKPOINT_FORMAT: &str = "homeai-synergy-checkpoint/1";

/// How a run ended.
#[derive(Debug)]
pub enum Outcome {
    /// Trained to the end or stopped early: the best model.
    Finished(Trained),
    /// Told to stop after `epochs_done` epochs; resume from the last checkpoint.
    Stopped { epochs_done: u32 },
}

/// The best model of a finished run.
#[derive(Debug)]
pub struct Trained {
    /// safetensors bytes with metadata (format, hidden, metrics, config).
    pub model: Vec<u8>,
    pub metrics: serde_json::Value,
}

/// Where a run stands between epochs: what a checkpoint holds.
struct State {
    params: Params,
    adam: Adam,
    best: Params,
    epochs_done: u32,
    best_auc: f64,
    best_epoch: u32,
    bad_epochs: u32,
    last_train_loss: f64,
    last_val_loss: f64,
}

impl State {
    fn fresh(config: &SynergyConfig) -> Result<Self, MlError> {
        let params = Params::init(config.hidden, config.seed)?;
        let adam = Adam::new(config.learning_rate, &params)?;
        Ok(Self {
            best: params.clone_values()?,
            params,
            adam,
            epochs_done: 0,
            best_auc: 0.0,
            best_epoch: 0,
            bad_epochs: 0,
            last_train_loss: f64::NAN,
            last_val_loss: f64::NAN,
        })
    }

    fn to_checkpoint(&self, config: &SynergyConfig) -> Result<Vec<u8>, MlError> {
        let mut tensors = self.params.snapshot("param.")?;
        tensors.extend(self.best.snapshot("best.")?);
        for (name, t) in &self.adam.m {
            tensors.insert(format!("m.{name}"), t.clone());
        }
        for (name, t) in &self.adam.v {
            tensors.insert(format!("v.{name}"), t.clone());
        }
        let metadata = HashMap::from([
            ("format".to_owned(), CHECKPOINT_FORMAT.to_owned()),
            ("config".to_owned(), serde_json::to_string(config)?),
            ("epochs_done".to_owned(), self.epochs_done.to_string()),
            ("adam_t".to_owned(), self.adam.t.to_string()),
            ("best_auc".to_owned(), self.best_auc.to_string()),
            ("best_epoch".to_owned(), self.best_epoch.to_string()),
            ("bad_epochs".to_owned(), self.bad_epochs.to_string()),
            (
                "last_train_loss".to_owned(),
                self.last_train_loss.to_string(),
            ),
            ("last_val_loss".to_owned(), self.last_val_loss.to_string()),
        ]);
        Artefact { tensors, metadata }.to_bytes()
    }

    fn from_checkpoint(bytes: &[u8], config: &SynergyConfig) -> Result<Self, MlError> {
        let a = Artefact::from_bytes(bytes)?;
        if a.meta("format")? != CHECKPOINT_FORMAT {
            return Err(MlError::Artefact("not a synergy checkpoint".into()));
        }
        let saved: SynergyConfig = serde_json::from_str(a.meta("config")?)?;
        if &saved != config {
            return Err(MlError::Artefact(
                "the checkpoint was made with another config".into(),
            ));
        }
        let num = |k: &str| -> Result<f64, MlError> {
            a.meta(k)?
                .parse::<f64>()
                .map_err(|_| MlError::Artefact(format!("{k} is not a number")))
        };
        let params = Params::load(&a, "param.", config.hidden)?;
        let best = Params::load(&a, "best.", config.hidden)?;
        let mut adam = Adam::new(config.learning_rate, &params)?;
        adam.t = num("adam_t")? as u64;
        for (name, _) in &params.vars {
            adam.m
                .insert(name.clone(), a.tensor(&format!("m.{name}"))?.clone());
            adam.v
                .insert(name.clone(), a.tensor(&format!("v.{name}"))?.clone());
        }
        Ok(Self {
            params,
            adam,
            best,
            epochs_done: num("epochs_done")? as u32,
            best_auc: num("best_auc")?,
            best_epoch: num("best_epoch")? as u32,
            bad_epochs: num("bad_epochs")? as u32,
            last_train_loss: num("last_train_loss")?,
            last_val_loss: num("last_val_loss")?,
        })
    }
}

struct Prepared {
    home: LabelledHome,
    tensors: GraphTensors,
}

/// Trains the synergy model described by `config`, from scratch or from `resume` (a checkpoint
/// an earlier run handed to [`Progress::epoch_end`]).
pub fn train(
    config: &SynergyConfig,
    resume: Option<&[u8]>,
    progress: &mut dyn Progress,
) -> Result<Outcome, MlError> {
    config.validate()?;
    let started = Instant::now();
    let mut state = match resume {
        Some(bytes) => {
            let s = State::from_checkpoint(bytes, config)?;
            progress.log(&format!("resuming after epoch {}", s.epochs_done));
            s
        }
        None => State::fresh(config)?,
    };
    let Some((train_homes, val_homes)) = split_with(config, |done| {
        progress.preparing(done, config.homes) == Flow::Continue
    }) else {
        return Ok(Outcome::Stopped {
            epochs_done: state.epochs_done,
        });
    };
    let prepare = |homes: Vec<LabelledHome>| -> Result<Vec<Prepared>, MlError> {
        homes
            .into_iter()
            .map(|home| {
                Ok(Prepared {
                    tensors: GraphTensors::new(&home.graph)?,
                    home,
                })
            })
            .collect()
    };
    let train_set = prepare(train_homes)?;
    let val_set = prepare(val_homes)?;
    let positives: usize = train_set.iter().map(|p| p.home.positives.len()).sum();
    progress.log(&format!(
        "data: {} training and {} held-out synthetic homes ({} days each, {} positive pairs in training) in {:.1} s",
        train_set.len(),
        val_set.len(),
        config.days,
        positives,
        started.elapsed().as_secs_f64()
    ));

    let steps = train_set.len() as u32;
    while state.epochs_done < config.epochs {
        let epoch = state.epochs_done + 1;
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed ^ (u64::from(epoch) << 32));
        let mut order: Vec<usize> = (0..train_set.len()).collect();
        order.shuffle(&mut rng);
        let mut loss_sum = 0.0;
        for (step, &i) in order.iter().enumerate() {
            let p = &train_set[i];
            let (pairs, targets) = sample(&p.home, config.negatives_per_positive, &mut rng);
            let logits = state.params.logits(&p.tensors, &pairs)?;
            let targets = Tensor::from_vec(targets, pairs.len(), &Device::Cpu)?;
            let loss = bce_with_logits(&logits, &targets)?;
            let value = f64::from(loss.to_scalar::<f32>()?);
            if !value.is_finite() {
                return Err(MlError::Diverged(value));
            }
            loss_sum += value;
            let grads = loss.backward()?;
            state.adam.step(&state.params, &grads)?;
            if progress.step(epoch, step as u32 + 1, steps) == Flow::Stop {
                return Ok(Outcome::Stopped {
                    epochs_done: state.epochs_done,
                });
            }
        }
        let train_loss = loss_sum / f64::from(steps.max(1));
        let (val_loss, val_auc, _) = evaluate(&state.params, &val_set)?;
        state.epochs_done = epoch;
        state.last_train_loss = train_loss;
        state.last_val_loss = val_loss;
        if val_auc > state.best_auc + 1e-4 {
            state.best_auc = val_auc;
            state.best_epoch = epoch;
            state.bad_epochs = 0;
            state.best = state.params.clone_values()?;
        } else {
            state.bad_epochs += 1;
        }
        let early_stop = state.bad_epochs >= config.patience && epoch < config.epochs;
        let report = EpochReport {
            epoch,
            total_epochs: config.epochs,
            metrics: vec![
                ("train.loss".into(), train_loss),
                ("validation.loss".into(), val_loss),
                ("validation.auc".into(), val_auc),
            ],
            early_stop,
        };
        let checkpoint = state.to_checkpoint(config)?;
        let flow = progress.epoch_end(&report, &checkpoint);
        if early_stop {
            progress.log(&format!(
                "early stop after epoch {epoch}: no better held-out AUC for {} epochs (best {:.4} at epoch {})",
                config.patience, state.best_auc, state.best_epoch
            ));
            break;
        }
        if flow == Flow::Stop && epoch < config.epochs {
            return Ok(Outcome::Stopped { epochs_done: epoch });
        }
    }

    // the harder question, for the record: among pairs in the same area only (devices that
    // could plausibly go together), does the model still rank the habits first?
    let (_, _, same_area_auc) = evaluate(&state.best, &val_set)?;
    let metrics = serde_json::json!({
        "validation_auc": state.best_auc,
        "validation_auc_same_area": same_area_auc,
        "best_epoch": state.best_epoch,
        "epochs_trained": state.epochs_done,
        "final_train_loss": state.last_train_loss,
        "final_validation_loss": state.last_val_loss,
        "training_homes": train_set.len(),
        "validation_homes": val_set.len(),
    });
    let metadata = HashMap::from([
        ("format".to_owned(), FORMAT.to_owned()),
        ("model_type".to_owned(), "synergy".to_owned()),
        ("hidden".to_owned(), config.hidden.to_string()),
        ("metrics".to_owned(), metrics.to_string()),
        ("config".to_owned(), serde_json::to_string(config)?),
    ]);
    let model = SynergyModel::new(state.best, metadata).to_bytes()?;
    Ok(Outcome::Finished(Trained { model, metrics }))
}

/// The home's positive pairs and a random sample of negatives.
fn sample(
    home: &LabelledHome,
    per_positive: u32,
    rng: &mut ChaCha8Rng,
) -> (Vec<(u32, u32)>, Vec<f32>) {
    let n = home.graph.len() as u32;
    let mut pairs: Vec<(u32, u32)> = home.positives.iter().copied().collect();
    pairs.sort_unstable();
    let mut targets = vec![1.0f32; pairs.len()];
    let want = (pairs.len().max(1) as u32 * per_positive) as usize;
    let mut tries = 0;
    while targets.len() < pairs.len() + want && tries < want * 10 && n > 1 {
        tries += 1;
        let a = rng.random_range(0..n);
        let b = rng.random_range(0..n);
        if a == b || home.positives.contains(&(a, b)) {
            continue;
        }
        pairs.push((a, b));
    }
    targets.resize(pairs.len(), 0.0);
    (pairs, targets)
}

/// Mean loss and AUC over every ordered pair of the held-out homes, and the AUC over the
/// pairs whose two devices share an area (`None` without a positive among them).
fn evaluate(params: &Params, homes: &[Prepared]) -> Result<(f64, f64, Option<f64>), MlError> {
    let mut scores = Vec::new();
    let mut labels = Vec::new();
    let mut same_area = Vec::new();
    let mut loss_sum = 0.0;
    for p in homes {
        let pairs = p.home.graph.all_pairs();
        if pairs.is_empty() {
            continue;
        }
        let targets: Vec<f32> = pairs
            .iter()
            .map(|pair| f32::from(u8::from(p.home.positives.contains(pair))))
            .collect();
        let logits = params.logits(&p.tensors, &pairs)?;
        let t = Tensor::from_vec(targets.clone(), pairs.len(), &Device::Cpu)?;
        loss_sum += f64::from(bce_with_logits(&logits, &t)?.to_scalar::<f32>()?);
        scores.extend(logits.to_vec1::<f32>()?.into_iter().map(f64::from));
        labels.extend(targets.iter().map(|&t| t > 0.5));
        let n = p.home.graph.len();
        same_area.extend(pairs.iter().map(|&(a, b)| {
            p.home.graph.pair_features[(a as usize * n + b as usize) * PAIR_FEATURES + 4] > 0.5
        }));
    }
    let all = auc(&scores, &labels).unwrap_or(0.5);
    let (s, l): (Vec<f64>, Vec<bool>) = scores
        .iter()
        .zip(&labels)
        .zip(&same_area)
        .filter(|(_, same)| **same)
        .map(|((s, l), _)| (*s, *l))
        .unzip();
    Ok((loss_sum / homes.len().max(1) as f64, all, auc(&s, &l)))
}
