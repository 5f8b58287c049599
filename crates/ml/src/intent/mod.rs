//! The Ask-AI intent model: a word tagger (which words are a wording of "turn on", "sunset",
//! "motion is detected", …) and a request classifier (what the request asks for), trained on
//! synthetic requests for made-up homes ([`homeai_askai::synthetic`]). The query service asks
//! it to reword the requests its rules cannot answer into the words they read.
//!
//! Both heads are linear over hashed features ([`features`]): a word's score for a tag is the
//! sum of its features' weights (an embedding bag); a request's intent is the mean over its
//! words. Trained with candle (AdamW, mini-batches, cross-entropy on both heads), early-stopped
//! on the loss of requests for homes it never saw.

pub mod features;

use std::collections::HashMap;
use std::time::Instant;

use candle_core::{DType, Device, Tensor, Var};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use homeai_askai::Reading;
use homeai_askai::synthetic::{self, Labelled};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::artefact::Artefact;
use crate::{EpochReport, Flow, MlError, Progress};

pub const FORMAT: &str = "homeai-intent/1";

/// How to train; a job's `config` may give any field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IntentConfig {
    pub epochs: u32,
    pub learning_rate: f64,
    /// Made-up homes to write requests for, and requests per home.
    pub homes: u32,
    pub queries_per_home: u32,
    pub seed: u64,
    pub patience: u32,
    /// Share of the homes held out (their requests are the validation set).
    pub validation_share: f64,
    /// Feature buckets: 2^hash_bits.
    pub hash_bits: u32,
    /// Requests per optimiser step.
    pub batch: u32,
    /// A rewording below this confidence is not made.
    pub min_confidence: f64,
    /// The installation's own home: requests for it join the training set (the held-out
    /// requests stay those of made-up homes). The training service fills it in from the query
    /// service unless `own_home` is false.
    pub home: Option<homeai_askai::Home>,
    pub own_home: bool,
}

impl Default for IntentConfig {
    fn default() -> Self {
        Self {
            epochs: 20,
            learning_rate: 0.1,
            homes: 40,
            queries_per_home: 150,
            seed: 7,
            patience: 3,
            validation_share: 0.2,
            hash_bits: 15,
            batch: 256,
            min_confidence: 0.6,
            home: None,
            own_home: true,
        }
    }
}

impl IntentConfig {
    pub fn from_json(config: &serde_json::Value) -> Result<Self, MlError> {
        let c: Self =
            serde_json::from_value(config.clone()).map_err(|e| MlError::Config(e.to_string()))?;
        let bad = |m: &str| Err(MlError::Config(m.into()));
        if !(1..=1_000).contains(&c.epochs) {
            return bad("epochs must be 1..=1000");
        }
        if !(c.learning_rate > 0.0 && c.learning_rate < 10.0) {
            return bad("learning_rate must be in (0, 10)");
        }
        if !(2..=2_000).contains(&c.homes) {
            return bad("homes must be 2..=2000");
        }
        if !(1..=10_000).contains(&c.queries_per_home) {
            return bad("queries_per_home must be 1..=10000");
        }
        if !(c.validation_share > 0.0 && c.validation_share < 1.0) {
            return bad("validation_share must be in (0, 1)");
        }
        if !(10..=20).contains(&c.hash_bits) {
            return bad("hash_bits must be 10..=20");
        }
        if !(1..=4_096).contains(&c.batch) {
            return bad("batch must be 1..=4096");
        }
        if !(0.0..=1.0).contains(&c.min_confidence) {
            return bad("min_confidence must be in 0..=1");
        }
        if c.home.as_ref().is_some_and(|h| h.entities.len() > 20_000) {
            return bad("home: at most 20000 entities");
        }
        Ok(c)
    }
}

/// The weights of both heads.
#[derive(Debug, Clone)]
struct Weights {
    tag_w: Tensor,
    tag_b: Tensor,
    intent_w: Tensor,
    intent_b: Tensor,
}

/// A trained intent model.
#[derive(Debug, Clone)]
pub struct IntentModel {
    weights: Weights,
    buckets: u32,
    tags: Vec<String>,
    intents: Vec<String>,
    pub min_confidence: f64,
}

/// A batch as tensors: the feature slots of every word, which are real, and per request the
/// mean over its words.
struct Batch {
    idx: Tensor,
    mask: Tensor,
    words: usize,
    mean: Tensor,
}

fn batch(sentences: &[&[String]], buckets: u32) -> Result<Batch, MlError> {
    let mut idx = Vec::new();
    let mut lengths = Vec::new();
    for s in sentences {
        idx.extend(features::sentence(s, buckets));
        lengths.push(s.len());
    }
    let words: usize = lengths.iter().sum();
    let mask: Vec<f32> = idx
        .iter()
        .map(|v| if *v == 0 { 0.0 } else { 1.0 })
        .collect();
    let mut mean = vec![0f32; sentences.len() * words];
    let mut at = 0;
    for (row, n) in lengths.iter().enumerate() {
        for k in 0..*n {
            mean[row * words + at + k] = 1.0 / *n.max(&1) as f32;
        }
        at += n;
    }
    let n = idx.len();
    Ok(Batch {
        idx: Tensor::from_vec(idx, n, &Device::Cpu)?,
        mask: Tensor::from_vec(mask, (n, 1), &Device::Cpu)?,
        words,
        mean: Tensor::from_vec(mean, (sentences.len(), words), &Device::Cpu)?,
    })
}

impl Weights {
    fn zeros(buckets: usize, tags: usize, intents: usize) -> Result<(Self, Vec<Var>), MlError> {
        let vars = [
            Var::from_tensor(&Tensor::zeros((buckets, tags), DType::F32, &Device::Cpu)?)?,
            Var::from_tensor(&Tensor::zeros(tags, DType::F32, &Device::Cpu)?)?,
            Var::from_tensor(&Tensor::zeros(
                (buckets, intents),
                DType::F32,
                &Device::Cpu,
            )?)?,
            Var::from_tensor(&Tensor::zeros(intents, DType::F32, &Device::Cpu)?)?,
        ];
        let w = Self {
            tag_w: vars[0].as_tensor().clone(),
            tag_b: vars[1].as_tensor().clone(),
            intent_w: vars[2].as_tensor().clone(),
            intent_b: vars[3].as_tensor().clone(),
        };
        Ok((w, vars.to_vec()))
    }

    fn detached(&self) -> Self {
        Self {
            tag_w: self.tag_w.detach(),
            tag_b: self.tag_b.detach(),
            intent_w: self.intent_w.detach(),
            intent_b: self.intent_b.detach(),
        }
    }

    /// Tag scores per word `[words, tags]` and intent scores per request `[requests, intents]`.
    fn forward(&self, b: &Batch) -> Result<(Tensor, Tensor), MlError> {
        let bag = |w: &Tensor| -> Result<Tensor, MlError> {
            let out = w.dim(1)?;
            Ok(w.index_select(&b.idx, 0)?
                .broadcast_mul(&b.mask)?
                .reshape((b.words, features::PER_WORD, out))?
                .sum(1)?)
        };
        let tags = bag(&self.tag_w)?.broadcast_add(&self.tag_b)?;
        let intents = b
            .mean
            .matmul(&bag(&self.intent_w)?)?
            .broadcast_add(&self.intent_b)?;
        Ok((tags, intents))
    }
}

/// What the model reads in a request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Read {
    pub words: Vec<String>,
    /// A tag per word (spans below the confidence bar are `O`).
    pub tags: Vec<String>,
    /// The least confidence of the spans kept (1 when none).
    pub confidence: f64,
    pub intent: String,
    pub intent_confidence: f64,
}

fn argmax(row: &[f32]) -> (usize, f32) {
    let mut best = 0;
    for (i, v) in row.iter().enumerate() {
        if *v > row[best] {
            best = i;
        }
    }
    (best, row.get(best).copied().unwrap_or(0.0))
}

/// Tags as spans: an `I-x` that does not follow `B-x`/`I-x` starts its own span.
fn repair_bio(tags: &mut [String]) {
    for i in 0..tags.len() {
        if let Some(label) = tags[i].strip_prefix("I-") {
            let follows = i > 0 && tags[i - 1].len() > 2 && &tags[i - 1][2..] == label;
            if !follows {
                tags[i] = format!("B-{label}");
            }
        }
    }
}

impl IntentModel {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, MlError> {
        let a = Artefact::from_bytes(bytes)?;
        if a.meta("format")? != FORMAT {
            return Err(MlError::Artefact(format!("not a {FORMAT} artefact")));
        }
        let list = |key: &str| -> Result<Vec<String>, MlError> {
            serde_json::from_str(a.meta(key)?).map_err(|e| MlError::Artefact(format!("{key}: {e}")))
        };
        let buckets: u32 = a
            .meta("buckets")?
            .parse()
            .map_err(|_| MlError::Artefact("buckets".into()))?;
        let min_confidence: f64 = a
            .meta("min_confidence")?
            .parse()
            .map_err(|_| MlError::Artefact("min_confidence".into()))?;
        let model = Self {
            weights: Weights {
                tag_w: a.tensor("tag_w")?.clone(),
                tag_b: a.tensor("tag_b")?.clone(),
                intent_w: a.tensor("intent_w")?.clone(),
                intent_b: a.tensor("intent_b")?.clone(),
            },
            buckets,
            tags: list("tags")?,
            intents: list("intents")?,
            min_confidence,
        };
        if model.weights.tag_w.dims() != [buckets as usize, model.tags.len()]
            || model.weights.intent_w.dims() != [buckets as usize, model.intents.len()]
        {
            return Err(MlError::Artefact("weights of the wrong shape".into()));
        }
        Ok(model)
    }

    fn to_artefact(&self, extra: &[(&str, String)]) -> Result<Artefact, MlError> {
        let w = &self.weights;
        let tensors = HashMap::from([
            ("tag_w".to_owned(), w.tag_w.clone()),
            ("tag_b".to_owned(), w.tag_b.clone()),
            ("intent_w".to_owned(), w.intent_w.clone()),
            ("intent_b".to_owned(), w.intent_b.clone()),
        ]);
        let mut metadata = HashMap::from([
            ("format".to_owned(), FORMAT.to_owned()),
            ("buckets".to_owned(), self.buckets.to_string()),
            ("tags".to_owned(), serde_json::to_string(&self.tags)?),
            ("intents".to_owned(), serde_json::to_string(&self.intents)?),
            ("min_confidence".to_owned(), self.min_confidence.to_string()),
        ]);
        for (k, v) in extra {
            metadata.insert((*k).to_owned(), v.clone());
        }
        Ok(Artefact { tensors, metadata })
    }

    /// Tags and intent of several requests' words at once.
    pub fn read_words(&self, sentences: &[&[String]]) -> Result<Vec<Read>, MlError> {
        let sentences: Vec<&[String]> = sentences
            .iter()
            .copied()
            .filter(|s| !s.is_empty())
            .collect();
        if sentences.is_empty() {
            return Ok(Vec::new());
        }
        let b = batch(&sentences, self.buckets)?;
        let (tags, intents) = self.weights.forward(&b)?;
        let tags = candle_nn::ops::softmax(&tags, 1)?.to_vec2::<f32>()?;
        let intents = candle_nn::ops::softmax(&intents, 1)?.to_vec2::<f32>()?;
        let mut out = Vec::new();
        let mut at = 0;
        for (s, intent) in sentences.iter().zip(intents) {
            let rows = &tags[at..at + s.len()];
            at += s.len();
            let mut t: Vec<String> = rows
                .iter()
                .map(|r| {
                    self.tags
                        .get(argmax(r).0)
                        .cloned()
                        .unwrap_or_else(|| "O".into())
                })
                .collect();
            repair_bio(&mut t);
            // a span is as sure as its least sure word; below the bar it is left as written
            let mut confidence = 1.0f64;
            let mut i = 0;
            while i < t.len() {
                if t[i] == "O" {
                    i += 1;
                    continue;
                }
                let inside = format!("I-{}", &t[i][2..]);
                let mut j = i + 1;
                while j < t.len() && t[j] == inside {
                    j += 1;
                }
                let sure = rows[i..j]
                    .iter()
                    .map(|r| f64::from(argmax(r).1))
                    .fold(1.0, f64::min);
                if sure < self.min_confidence {
                    t[i..j].iter_mut().for_each(|x| *x = "O".into());
                } else {
                    confidence = confidence.min(sure);
                }
                i = j;
            }
            let (k, p) = argmax(&intent);
            out.push(Read {
                words: s.to_vec(),
                tags: t,
                confidence,
                intent: self.intents.get(k).cloned().unwrap_or_default(),
                intent_confidence: f64::from(p),
            });
        }
        Ok(out)
    }

    /// Reads one request.
    pub fn read(&self, text: &str) -> Result<Option<Read>, MlError> {
        let words = synthetic::words(text);
        Ok(self.read_words(&[&words])?.into_iter().next())
    }

    /// A request reworded for Ask AI's rules, under the model's `name` ("intent model v3").
    pub fn reading(&self, name: &str, text: &str) -> Result<Option<Reading>, MlError> {
        let Some(read) = self.read(text)? else {
            return Ok(None);
        };
        let (text, changes) = synthetic::rewrite(&read.words, &read.tags);
        Ok(Some(Reading {
            model: name.to_owned(),
            text,
            changes,
            intent: (read.intent_confidence >= 0.5).then_some(read.intent),
            confidence: read.confidence,
        }))
    }
}

/// A model under a fixed name, as Ask AI's engine asks it (benchmarks, tests, one-off runs;
/// the query service names the active version per request instead).
#[derive(Debug, Clone)]
pub struct Named {
    pub name: String,
    pub model: IntentModel,
}

impl homeai_askai::IntentModel for Named {
    fn read(&self, query: &str) -> Option<Reading> {
        self.model.reading(&self.name, query).ok().flatten()
    }
}

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

/// The requests of made-up homes, held out by home, and of the installation's own home (in
/// training): (training, held out).
pub fn dataset(config: &IntentConfig) -> (Vec<Labelled>, Vec<Labelled>) {
    let held = ((f64::from(config.homes) * config.validation_share).round() as u32)
        .clamp(1, config.homes - 1);
    let (mut train, mut validation) = (Vec::new(), Vec::new());
    for h in 0..config.homes {
        let seed = config
            .seed
            .wrapping_mul(1_000_003)
            .wrapping_add(u64::from(h));
        let home = synthetic::home(seed);
        let made = synthetic::generate(&home, config.queries_per_home as usize, seed ^ 0x5eed);
        if h < held {
            validation.extend(made);
        } else {
            train.extend(made);
        }
    }
    if let Some(home) = &config.home {
        train.extend(synthetic::generate(
            home,
            config.queries_per_home as usize,
            config.seed ^ 0x0417,
        ));
    }
    (train, validation)
}

/// A data set's requests (each with the index of the home it was made for) split as
/// [`dataset`] splits: the first homes' requests held out, plus the installation's own
/// home's requests in training. Needs requests for two homes or more.
pub fn split_by_home(
    config: &IntentConfig,
    requests: Vec<(Labelled, usize)>,
) -> Result<(Vec<Labelled>, Vec<Labelled>), MlError> {
    let homes = requests.iter().map(|(_, h)| *h + 1).max().unwrap_or(0);
    if homes < 2 {
        return Err(MlError::Config(
            "the data set has requests for fewer than 2 homes: one is held out".into(),
        ));
    }
    let held = ((homes as f64 * config.validation_share).round() as usize).clamp(1, homes - 1);
    let (mut train, mut validation) = (Vec::new(), Vec::new());
    for (request, home) in requests {
        if home < held {
            validation.push(request);
        } else {
            train.push(request);
        }
    }
    if let Some(home) = &config.home {
        train.extend(synthetic::generate(
            home,
            config.queries_per_home as usize,
            config.seed ^ 0x0417,
        ));
    }
    Ok((train, validation))
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    use crate::Quiet;

    #[test]
    fn a_small_model_learns_to_tag_requests_for_homes_it_never_saw() {
        let config = IntentConfig {
            homes: 12,
            queries_per_home: 80,
            epochs: 8,
            hash_bits: 12,
            ..IntentConfig::default()
        };
        let (train_set, validation) = dataset(&config);
        let t = train(&config, &train_set, &validation, &mut Quiet)
            .unwrap()
            .unwrap();
        let exact = t.metrics["exact"].as_f64().unwrap();
        assert!(exact > 0.8, "held-out exact {exact}: {}", t.metrics);
        let model = IntentModel::from_bytes(&t.model).unwrap();
        let read = model
            .read("Please illuminate the porch light at dusk")
            .unwrap()
            .unwrap();
        let (text, _) = synthetic::rewrite(&read.words, &read.tags);
        assert_eq!(text, "turn on the porch light at sunset", "{read:?}");
        assert_eq!(read.intent, "on");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Whatever a person types (any text, unicode, punctuation alone), reading it gives an
        /// answer or nothing, never a panic.
        #[test]
        fn any_text_is_read_without_a_panic(text in "\\PC{0,80}") {
            let model = tiny();
            let read = model.reading("m", &text);
            proptest::prop_assert!(read.is_ok(), "{read:?}");
        }
    }

    fn tiny() -> &'static IntentModel {
        static MODEL: std::sync::OnceLock<IntentModel> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| {
            let config = IntentConfig {
                homes: 3,
                queries_per_home: 20,
                epochs: 1,
                hash_bits: 10,
                ..IntentConfig::default()
            };
            let (train_set, validation) = dataset(&config);
            let t = train(&config, &train_set, &validation, &mut Quiet)
                .unwrap()
                .unwrap();
            IntentModel::from_bytes(&t.model).unwrap()
        })
    }
}
