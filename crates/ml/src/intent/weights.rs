//! The model's two linear heads as tensors (word tags and request intent, each an embedding
//! bag over hashed features) and one forward pass over a batch of requests.

use candle_core::{DType, Device, Tensor, Var};

use super::features;
use crate::MlError;

/// The weights of both heads.
#[derive(Debug, Clone)]
pub(super) struct Weights {
    pub(super) tag_w: Tensor,
    pub(super) tag_b: Tensor,
    pub(super) intent_w: Tensor,
    pub(super) intent_b: Tensor,
}

/// A batch as tensors: the feature slots of every word, which are real, and per request the
/// mean over its words.
pub(super) struct Batch {
    idx: Tensor,
    mask: Tensor,
    words: usize,
    mean: Tensor,
}

pub(super) fn batch(sentences: &[&[String]], buckets: u32) -> Result<Batch, MlError> {
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
    pub(super) fn zeros(
        buckets: usize,
        tags: usize,
        intents: usize,
    ) -> Result<(Self, Vec<Var>), MlError> {
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

    pub(super) fn detached(&self) -> Self {
        Self {
            tag_w: self.tag_w.detach(),
            tag_b: self.tag_b.detach(),
            intent_w: self.intent_w.detach(),
            intent_b: self.intent_b.detach(),
        }
    }

    /// Tag scores per word `[words, tags]` and intent scores per request `[requests, intents]`.
    pub(super) fn forward(&self, b: &Batch) -> Result<(Tensor, Tensor), MlError> {
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
