//! A trained intent model: loaded from and saved as an artefact, and reading requests (a tag
//! per word, spans below the confidence bar dropped, and the request's intent); [`Named`] is
//! one as Ask AI's engine asks it.

use std::collections::HashMap;

use homeai_askai::Reading;
use homeai_askai::synthetic;
use serde::Serialize;

use super::weights::{Weights, batch};
use crate::MlError;
use crate::artefact::Artefact;

pub const FORMAT: &str = "homeai-intent/1";

/// A trained intent model.
#[derive(Debug, Clone)]
pub struct IntentModel {
    pub(super) weights: Weights,
    pub(super) buckets: u32,
    pub(super) tags: Vec<String>,
    pub(super) intents: Vec<String>,
    pub min_confidence: f64,
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

    pub(super) fn to_artefact(&self, extra: &[(&str, String)]) -> Result<Artefact, MlError> {
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
