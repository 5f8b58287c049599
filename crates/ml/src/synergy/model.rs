//! The network: two rounds of message passing inside areas, then a pair scorer.
//!
//! ```text
//! h1 = relu(x·W1s + (A·x)·W1n + b1)        A: row-normalised same-area adjacency
//! h2 = relu(h1·W2s + (A·h1)·W2n + b2)
//! logit(a→b) = relu([h2_a, h2_b, pair_ab]·P1 + c1)·P2 + c2
//! ```

use std::collections::HashMap;

use candle_core::{DType, Device, Tensor, Var};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::graph::{HomeGraph, NODE_FEATURES, PAIR_FEATURES};
use crate::MlError;
use crate::artefact::Artefact;

/// The trainable tensors, by name (the names are the safetensors keys).
#[derive(Debug, Clone)]
pub struct Params {
    pub hidden: usize,
    pub vars: Vec<(String, Var)>,
}

/// The parameter names and shapes for `hidden` units.
fn shapes(hidden: usize) -> Vec<(&'static str, Vec<usize>)> {
    let (f, h, p) = (NODE_FEATURES, hidden, PAIR_FEATURES);
    vec![
        ("w1_self", vec![f, h]),
        ("w1_nbr", vec![f, h]),
        ("b1", vec![h]),
        ("w2_self", vec![h, h]),
        ("w2_nbr", vec![h, h]),
        ("b2", vec![h]),
        ("p1", vec![2 * h + p, h]),
        ("c1", vec![h]),
        ("p2", vec![h, 1]),
        ("c2", vec![1]),
    ]
}

impl Params {
    /// Glorot-uniform weights and zero biases from `seed` (the same on every machine).
    pub fn init(hidden: usize, seed: u64) -> Result<Self, MlError> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut vars = Vec::new();
        for (name, shape) in shapes(hidden) {
            let len: usize = shape.iter().product();
            let values: Vec<f32> = if shape.len() == 2 {
                let limit = (6.0 / (shape[0] + shape[1]) as f64).sqrt();
                (0..len)
                    .map(|_| rng.random_range(-limit..limit) as f32)
                    .collect()
            } else {
                vec![0.0; len]
            };
            let t = Tensor::from_vec(values, shape, &Device::Cpu)?;
            vars.push((name.to_owned(), Var::from_tensor(&t)?));
        }
        Ok(Self { hidden, vars })
    }

    /// Reads the parameters saved under `prefix` in `artefact`.
    pub fn load(artefact: &Artefact, prefix: &str, hidden: usize) -> Result<Self, MlError> {
        let mut vars = Vec::new();
        for (name, shape) in shapes(hidden) {
            let t = artefact.tensor(&format!("{prefix}{name}"))?;
            if t.dims() != shape.as_slice() {
                return Err(MlError::Artefact(format!(
                    "{name} has shape {:?}, expected {shape:?}",
                    t.dims()
                )));
            }
            vars.push((name.to_owned(), Var::from_tensor(&t.to_dtype(DType::F32)?)?));
        }
        Ok(Self { hidden, vars })
    }

    /// The tensors under `prefix` (for saving); copies, so later updates do not change them.
    pub fn snapshot(&self, prefix: &str) -> Result<HashMap<String, Tensor>, MlError> {
        self.vars
            .iter()
            .map(|(n, v)| Ok((format!("{prefix}{n}"), v.as_tensor().copy()?)))
            .collect()
    }

    fn get(&self, name: &str) -> Result<&Tensor, MlError> {
        self.vars
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_tensor())
            .ok_or_else(|| MlError::Artefact(format!("parameter {name} is missing")))
    }

    /// The logits of `pairs` (trigger, action) in `home`.
    pub fn logits(&self, home: &GraphTensors, pairs: &[(u32, u32)]) -> Result<Tensor, MlError> {
        let x = &home.x;
        let a = &home.adjacency;
        let h1 = (x.matmul(self.get("w1_self")?)? + a.matmul(x)?.matmul(self.get("w1_nbr")?)?)?
            .broadcast_add(self.get("b1")?)?
            .relu()?;
        let h2 = (h1.matmul(self.get("w2_self")?)?
            + a.matmul(&h1)?.matmul(self.get("w2_nbr")?)?)?
        .broadcast_add(self.get("b2")?)?
        .relu()?;
        let n = home.n as u32;
        let trig: Vec<u32> = pairs.iter().map(|p| p.0).collect();
        let act: Vec<u32> = pairs.iter().map(|p| p.1).collect();
        let flat: Vec<u32> = pairs.iter().map(|p| p.0 * n + p.1).collect();
        let m = pairs.len();
        let trig = Tensor::from_vec(trig, m, &Device::Cpu)?;
        let act = Tensor::from_vec(act, m, &Device::Cpu)?;
        let flat = Tensor::from_vec(flat, m, &Device::Cpu)?;
        let z = Tensor::cat(
            &[
                h2.index_select(&trig, 0)?,
                h2.index_select(&act, 0)?,
                home.pairs.index_select(&flat, 0)?,
            ],
            1,
        )?;
        let hidden = z
            .matmul(self.get("p1")?)?
            .broadcast_add(self.get("c1")?)?
            .relu()?;
        let out = hidden
            .matmul(self.get("p2")?)?
            .broadcast_add(self.get("c2")?)?;
        Ok(out.squeeze(1)?)
    }
}

/// A home's graph as tensors (built once per home).
#[derive(Debug, Clone)]
pub struct GraphTensors {
    pub n: usize,
    pub x: Tensor,
    pub adjacency: Tensor,
    /// `(n·n) × PAIR_FEATURES`
    pub pairs: Tensor,
}

impl GraphTensors {
    pub fn new(g: &HomeGraph) -> Result<Self, MlError> {
        let n = g.len();
        Ok(Self {
            n,
            x: Tensor::from_vec(g.node_features.clone(), (n, NODE_FEATURES), &Device::Cpu)?,
            adjacency: Tensor::from_vec(g.adjacency.clone(), (n, n), &Device::Cpu)?,
            pairs: Tensor::from_vec(
                g.pair_features.clone(),
                (n * n, PAIR_FEATURES),
                &Device::Cpu,
            )?,
        })
    }
}

/// Numerically stable binary cross-entropy on logits: max(x,0) − x·y + ln(1 + e^−|x|).
pub fn bce_with_logits(logits: &Tensor, targets: &Tensor) -> Result<Tensor, MlError> {
    let pos = logits.relu()?;
    let xy = (logits * targets)?;
    let soft = logits.abs()?.neg()?.exp()?.affine(1.0, 1.0)?.log()?;
    Ok(((pos - xy)? + soft)?.mean_all()?)
}

/// A trained synergy model, for scoring.
#[derive(Debug, Clone)]
pub struct SynergyModel {
    params: Params,
    pub metadata: HashMap<String, String>,
}

/// The `format` in a synergy model's metadata.
pub const FORMAT: &str = "homeai-synergy-gnn/1";

impl SynergyModel {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, MlError> {
        let artefact = Artefact::from_bytes(bytes)?;
        if artefact.meta("format")? != FORMAT {
            return Err(MlError::Artefact(format!(
                "format {:?} is not {FORMAT}",
                artefact.meta("format")?
            )));
        }
        let hidden: usize = artefact
            .meta("hidden")?
            .parse()
            .map_err(|_| MlError::Artefact("hidden is not a number".into()))?;
        let params = Params::load(&artefact, "", hidden)?;
        Ok(Self {
            params,
            metadata: artefact.metadata,
        })
    }

    pub(crate) fn new(params: Params, metadata: HashMap<String, String>) -> Self {
        Self { params, metadata }
    }

    pub fn to_bytes(&self) -> Result<Vec<u8>, MlError> {
        Artefact {
            tensors: self.params.snapshot("")?,
            metadata: self.metadata.clone(),
        }
        .to_bytes()
    }

    /// The registry version written into the file, if any.
    pub fn version(&self) -> Option<i64> {
        self.metadata.get("version").and_then(|v| v.parse().ok())
    }

    /// Probability (0..1) that each pair (trigger, action) makes a useful automation.
    pub fn score(&self, home: &HomeGraph, pairs: &[(u32, u32)]) -> Result<Vec<f64>, MlError> {
        if pairs.is_empty() {
            return Ok(Vec::new());
        }
        let tensors = GraphTensors::new(home)?;
        let logits = self.params.logits(&tensors, pairs)?;
        let p = candle_nn::ops::sigmoid(&logits)?;
        Ok(p.to_vec1::<f32>()?.into_iter().map(f64::from).collect())
    }

    /// The probability for one pair by entity ids; `None` when either is not in the home.
    pub fn score_pair(
        &self,
        home: &HomeGraph,
        trigger: &str,
        action: &str,
    ) -> Result<Option<f64>, MlError> {
        let (Some(a), Some(b)) = (home.index_of(trigger), home.index_of(action)) else {
            return Ok(None);
        };
        Ok(self
            .score(home, &[(a as u32, b as u32)])?
            .into_iter()
            .next())
    }
}

impl Params {
    /// A copy whose tensors do not follow later updates of `self`.
    pub fn clone_values(&self) -> Result<Self, MlError> {
        let vars = self
            .vars
            .iter()
            .map(|(n, v)| Ok((n.clone(), Var::from_tensor(&v.as_tensor().copy()?)?)))
            .collect::<Result<_, MlError>>()?;
        Ok(Self {
            hidden: self.hidden,
            vars,
        })
    }
}
