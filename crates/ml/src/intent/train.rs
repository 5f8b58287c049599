//! Training the intent model with candle: AdamW over mini-batches, cross-entropy on both heads,
//! early-stopped on the loss of the held-out requests, with held-out accuracy figures.

use std::collections::HashMap;
use std::time::Instant;

use candle_core::{Device, Tensor};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use homeai_askai::synthetic::{self, Labelled};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::config::IntentConfig;
use super::model::IntentModel;
use super::weights::{Weights, batch};
use crate::{EpochReport, Flow, MlError, Progress};

/// A finished run.
#[derive(Debug)]
pub struct Trained {
    pub model: Vec<u8>,
    pub metrics: serde_json::Value,
}

/// Held-out figures: word tag accuracy, requests whose every tag is right (so the rewording is
/// the intended one), intent accuracy.
fn evaluate(model: &IntentModel, data: &[Labelled]) -> Result<(f64, f64, f64), MlError> {
    let (mut words, mut words_right, mut exact, mut intents) = (0usize, 0usize, 0usize, 0usize);
    for chunk in data.chunks(256) {
        let sentences: Vec<&[String]> = chunk.iter().map(|l| l.words.as_slice()).collect();
        for (read, l) in model.read_words(&sentences)?.iter().zip(chunk) {
            let right = read
                .tags
                .iter()
                .zip(&l.tags)
                .filter(|(a, b)| a == b)
                .count();
            words += l.tags.len();
            words_right += right;
            exact += usize::from(right == l.tags.len());
            intents += usize::from(read.intent == l.intent);
        }
    }
    let n = data.len().max(1) as f64;
    Ok((
        words_right as f64 / words.max(1) as f64,
        exact as f64 / n,
        intents as f64 / n,
    ))
}

/// Trains on `train`, early-stops on `validation`. `None`: told to stop (a linear model trains
/// in seconds, so a stopped run starts again from scratch).
pub fn train(
    config: &IntentConfig,
    train: &[Labelled],
    validation: &[Labelled],
    progress: &mut dyn Progress,
) -> Result<Option<Trained>, MlError> {
    let started = Instant::now();
    if train.is_empty() || validation.is_empty() {
        return Err(MlError::Config(
            "no training or no validation requests".into(),
        ));
    }
    let tags = synthetic::tags();
    let intents: Vec<String> = synthetic::INTENTS.iter().map(|s| (*s).to_owned()).collect();
    let tag_index: HashMap<&str, u32> = tags
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i as u32))
        .collect();
    let intent_index: HashMap<&str, u32> = intents
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i as u32))
        .collect();
    let buckets = 1u32 << config.hash_bits;
    progress.log(&format!(
        "{} training and {} held-out requests, {} tags, {} intents, {buckets} feature buckets",
        train.len(),
        validation.len(),
        tags.len(),
        intents.len()
    ));
    let (weights, vars) = Weights::zeros(buckets as usize, tags.len(), intents.len())?;
    let mut model = IntentModel {
        weights,
        buckets,
        tags: tags.clone(),
        intents: intents.clone(),
        min_confidence: config.min_confidence,
    };
    let mut opt = AdamW::new(
        vars.clone(),
        ParamsAdamW {
            lr: config.learning_rate,
            weight_decay: 0.0,
            ..ParamsAdamW::default()
        },
    )?;
    let targets = |chunk: &[&Labelled]| -> Result<(Tensor, Tensor), MlError> {
        let t: Vec<u32> = chunk
            .iter()
            .flat_map(|l| {
                l.tags
                    .iter()
                    .map(|t| tag_index.get(t.as_str()).copied().unwrap_or(0))
            })
            .collect();
        let i: Vec<u32> = chunk
            .iter()
            .map(|l| intent_index.get(l.intent.as_str()).copied().unwrap_or(0))
            .collect();
        let (nt, ni) = (t.len(), i.len());
        Ok((
            Tensor::from_vec(t, nt, &Device::Cpu)?,
            Tensor::from_vec(i, ni, &Device::Cpu)?,
        ))
    };
    let loss_of = |w: &Weights, chunk: &[&Labelled]| -> Result<Tensor, MlError> {
        let sentences: Vec<&[String]> = chunk.iter().map(|l| l.words.as_slice()).collect();
        let b = batch(&sentences, buckets)?;
        let (t, i) = w.forward(&b)?;
        let (yt, yi) = targets(chunk)?;
        Ok((candle_nn::loss::cross_entropy(&t, &yt)? + candle_nn::loss::cross_entropy(&i, &yi)?)?)
    };
    // the weights as the optimiser holds them now
    let live = || Weights {
        tag_w: vars[0].as_tensor().clone(),
        tag_b: vars[1].as_tensor().clone(),
        intent_w: vars[2].as_tensor().clone(),
        intent_b: vars[3].as_tensor().clone(),
    };
    let validation_refs: Vec<&Labelled> = validation.iter().collect();
    let mut order: Vec<&Labelled> = train.iter().collect();
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let steps = order.len().div_ceil(config.batch as usize) as u32;
    let mut best: Option<(f64, Weights, u32)> = None;
    let mut bad = 0;
    for epoch in 1..=config.epochs {
        order.shuffle(&mut rng);
        let mut train_loss = 0.0;
        for (step, chunk) in order.chunks(config.batch as usize).enumerate() {
            let l = loss_of(&live(), chunk)?;
            opt.backward_step(&l)?;
            train_loss += f64::from(l.to_scalar::<f32>()?) / f64::from(steps);
            if progress.step(epoch, step as u32 + 1, steps) == Flow::Stop {
                return Ok(None);
            }
        }
        if !train_loss.is_finite() {
            return Err(MlError::Diverged(train_loss));
        }
        model.weights = live().detached();
        let mut val_loss = 0.0;
        let chunks = validation_refs.chunks(256).count().max(1) as f64;
        for chunk in validation_refs.chunks(256) {
            val_loss += f64::from(loss_of(&model.weights, chunk)?.to_scalar::<f32>()?) / chunks;
        }
        let (word_acc, exact, intent_acc) = evaluate(&model, validation)?;
        if best.as_ref().is_none_or(|(l, _, _)| val_loss < l - 1e-5) {
            best = Some((val_loss, model.weights.clone(), epoch));
            bad = 0;
        } else {
            bad += 1;
        }
        let early_stop = bad >= config.patience && epoch < config.epochs;
        let report = EpochReport {
            epoch,
            total_epochs: config.epochs,
            metrics: vec![
                ("train.loss".into(), train_loss),
                ("validation.loss".into(), val_loss),
                ("validation.tag_accuracy".into(), word_acc),
                ("validation.exact".into(), exact),
                ("validation.intent_accuracy".into(), intent_acc),
            ],
            early_stop,
        };
        let checkpoint = model.to_artefact(&[])?.to_bytes()?;
        if progress.epoch_end(&report, &checkpoint) == Flow::Stop {
            return Ok(None);
        }
        if early_stop || epoch == config.epochs {
            let (_, weights, best_epoch) = best.ok_or(MlError::Diverged(f64::NAN))?;
            model.weights = weights;
            let (tag_accuracy, exact, intent_accuracy) = evaluate(&model, validation)?;
            let (train_tag_accuracy, _, _) = evaluate(&model, train)?;
            let metrics = serde_json::json!({
                "exact": exact,
                "tag_accuracy": tag_accuracy,
                "intent_accuracy": intent_accuracy,
                "train_tag_accuracy": train_tag_accuracy,
                "best_epoch": best_epoch,
                "epochs_run": epoch,
                "early_stopped": early_stop,
                "train_requests": train.len(),
                "validation_requests": validation.len(),
                "training_seconds": started.elapsed().as_secs_f64(),
                "own_home_entities": config.home.as_ref().map(|h| h.entities.len()),
            });
            // the home's registry stays in the job's config, not in the model file
            let settings = IntentConfig {
                home: None,
                ..config.clone()
            };
            let artefact = model.to_artefact(&[
                ("metrics", metrics.to_string()),
                ("config", serde_json::to_string(&settings)?),
            ])?;
            return Ok(Some(Trained {
                model: artefact.to_bytes()?,
                metrics,
            }));
        }
    }
    Err(MlError::Config("epochs must be at least 1".into()))
}
