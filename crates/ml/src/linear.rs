//! A linear model trained with candle: softmax regression (classes) or linear regression (a
//! value), on standardised features, AdamW, epochs of a few full-batch steps, the validation
//! loss after each epoch and an early stop. The home-type classifier and the usage forecaster
//! are both this, on different features.

use std::collections::HashMap;

use candle_core::{DType, Device, Tensor, Var};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};

use crate::artefact::Artefact;
use crate::{EpochReport, Flow, MlError, Progress};

/// What the model predicts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Head {
    /// Probabilities of `n` classes (targets are class indices).
    Softmax(usize),
    /// One value (targets are values).
    Regression,
}

/// Rows of features and their targets.
#[derive(Debug, Clone, Default)]
pub struct Data {
    pub x: Vec<Vec<f32>>,
    pub y: Vec<f32>,
}

/// How to train.
#[derive(Debug, Clone, Copy)]
pub struct Fit {
    pub epochs: u32,
    pub steps_per_epoch: u32,
    pub learning_rate: f64,
    pub weight_decay: f64,
    pub patience: u32,
}

/// A trained linear model.
#[derive(Debug, Clone)]
pub struct LinearModel {
    pub head: Head,
    w: Tensor,
    b: Tensor,
    mean: Vec<f32>,
    std: Vec<f32>,
    y_mean: f32,
    y_std: f32,
}

/// A finished fit: the best model (lowest validation loss) and how it went.
#[derive(Debug)]
pub enum FitOutcome {
    Finished {
        model: LinearModel,
        best_epoch: u32,
        epochs_run: u32,
        early_stopped: bool,
    },
    Stopped,
}

fn stats(x: &[Vec<f32>], f: usize) -> (Vec<f32>, Vec<f32>) {
    let n = x.len().max(1) as f32;
    let mut mean = vec![0.0; f];
    for row in x {
        for (m, v) in mean.iter_mut().zip(row) {
            *m += v / n;
        }
    }
    let mut var = vec![0.0; f];
    for row in x {
        for ((s, v), m) in var.iter_mut().zip(row).zip(&mean) {
            *s += (v - m) * (v - m) / n;
        }
    }
    let std = var.into_iter().map(|v| v.sqrt().max(1e-3)).collect();
    (mean, std)
}

impl LinearModel {
    fn out(&self) -> usize {
        match self.head {
            Head::Softmax(n) => n,
            Head::Regression => 1,
        }
    }

    fn matrix(&self, x: &[Vec<f32>]) -> Result<Tensor, MlError> {
        let f = self.mean.len();
        let mut flat = Vec::with_capacity(x.len() * f);
        for row in x {
            if row.len() != f {
                return Err(MlError::Config(format!(
                    "a row has {} features, the model {f}",
                    row.len()
                )));
            }
            flat.extend(
                row.iter()
                    .zip(&self.mean)
                    .zip(&self.std)
                    .map(|((v, m), s)| (v - m) / s),
            );
        }
        Ok(Tensor::from_vec(flat, (x.len(), f), &Device::Cpu)?)
    }

    fn raw(&self, x: &Tensor) -> Result<Tensor, MlError> {
        Ok(x.matmul(&self.w)?.broadcast_add(&self.b)?)
    }

    /// Class probabilities (softmax) or the value (regression, one per row).
    pub fn predict(&self, x: &[Vec<f32>]) -> Result<Vec<Vec<f32>>, MlError> {
        if x.is_empty() {
            return Ok(Vec::new());
        }
        let raw = self.raw(&self.matrix(x)?)?;
        let out = match self.head {
            Head::Softmax(_) => candle_nn::ops::softmax(&raw, 1)?,
            Head::Regression => ((raw * f64::from(self.y_std))? + f64::from(self.y_mean))?,
        };
        Ok(out.to_vec2::<f32>()?)
    }

    fn loss(&self, x: &Tensor, y: &Tensor) -> Result<Tensor, MlError> {
        loss(self.head, &self.raw(x)?, y)
    }

    /// Tensors and metadata of an artefact (the caller adds its own metadata).
    pub fn to_artefact(&self, format: &str) -> Result<Artefact, MlError> {
        let f = self.mean.len();
        let tensors = HashMap::from([
            ("w".to_owned(), self.w.clone()),
            ("b".to_owned(), self.b.clone()),
            (
                "mean".to_owned(),
                Tensor::from_vec(self.mean.clone(), f, &Device::Cpu)?,
            ),
            (
                "std".to_owned(),
                Tensor::from_vec(self.std.clone(), f, &Device::Cpu)?,
            ),
            (
                "y_scale".to_owned(),
                Tensor::from_vec(vec![self.y_mean, self.y_std], 2, &Device::Cpu)?,
            ),
        ]);
        let metadata = HashMap::from([
            ("format".to_owned(), format.to_owned()),
            (
                "head".to_owned(),
                match self.head {
                    Head::Softmax(n) => format!("softmax:{n}"),
                    Head::Regression => "regression".to_owned(),
                },
            ),
        ]);
        Ok(Artefact { tensors, metadata })
    }

    pub fn from_artefact(a: &Artefact, format: &str) -> Result<Self, MlError> {
        if a.meta("format")? != format {
            return Err(MlError::Artefact(format!("not a {format} artefact")));
        }
        let head = match a.meta("head")? {
            "regression" => Head::Regression,
            h => Head::Softmax(
                h.strip_prefix("softmax:")
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(|| MlError::Artefact(format!("unknown head {h}")))?,
            ),
        };
        let scale = a.tensor("y_scale")?.to_vec1::<f32>()?;
        let model = Self {
            head,
            w: a.tensor("w")?.clone(),
            b: a.tensor("b")?.clone(),
            mean: a.tensor("mean")?.to_vec1::<f32>()?,
            std: a.tensor("std")?.to_vec1::<f32>()?,
            y_mean: scale.first().copied().unwrap_or(0.0),
            y_std: scale.get(1).copied().unwrap_or(1.0),
        };
        if model.w.dims() != [model.mean.len(), model.out()] {
            return Err(MlError::Artefact("weights of the wrong shape".into()));
        }
        Ok(model)
    }
}

fn loss(head: Head, raw: &Tensor, y: &Tensor) -> Result<Tensor, MlError> {
    Ok(match head {
        Head::Softmax(_) => candle_nn::loss::cross_entropy(raw, y)?,
        Head::Regression => raw.squeeze(1)?.sub(y)?.sqr()?.mean_all()?,
    })
}

/// The targets as the loss reads them.
fn targets(head: Head, y: &[f32], y_mean: f32, y_std: f32) -> Result<Tensor, MlError> {
    Ok(match head {
        Head::Softmax(_) => Tensor::from_vec(
            y.iter().map(|v| *v as u32).collect::<Vec<u32>>(),
            y.len(),
            &Device::Cpu,
        )?,
        Head::Regression => Tensor::from_vec(
            y.iter().map(|v| (v - y_mean) / y_std).collect::<Vec<f32>>(),
            y.len(),
            &Device::Cpu,
        )?,
    })
}

/// A model's own held-out metrics, computed after each epoch.
pub type Scorer = dyn Fn(&LinearModel) -> Result<Vec<(String, f64)>, MlError>;

/// Trains on `train`, early-stops on the loss of `validation`; `score` adds the model's own
/// held-out metrics (accuracy, MAE, …) to each epoch's report.
pub fn fit(
    head: Head,
    how: &Fit,
    train: &Data,
    validation: &Data,
    progress: &mut dyn Progress,
    score: &Scorer,
) -> Result<FitOutcome, MlError> {
    let f = train
        .x
        .first()
        .map(Vec::len)
        .ok_or_else(|| MlError::Config("no training rows".into()))?;
    if validation.x.is_empty() {
        return Err(MlError::Config("no validation rows".into()));
    }
    let (mean, std) = stats(&train.x, f);
    let (y_mean, y_std) = match head {
        Head::Softmax(_) => (0.0, 1.0),
        Head::Regression => {
            let (m, s) = stats(&train.y.iter().map(|v| vec![*v]).collect::<Vec<_>>(), 1);
            (m[0], s[0])
        }
    };
    let out = match head {
        Head::Softmax(n) => n,
        Head::Regression => 1,
    };
    let w = Var::from_tensor(&Tensor::zeros((f, out), DType::F32, &Device::Cpu)?)?;
    let b = Var::from_tensor(&Tensor::zeros(out, DType::F32, &Device::Cpu)?)?;
    let mut model = LinearModel {
        head,
        w: w.as_tensor().clone(),
        b: b.as_tensor().clone(),
        mean,
        std,
        y_mean,
        y_std,
    };
    let xt = model.matrix(&train.x)?;
    let yt = targets(head, &train.y, y_mean, y_std)?;
    let xv = model.matrix(&validation.x)?;
    let yv = targets(head, &validation.y, y_mean, y_std)?;
    let mut opt = AdamW::new(
        vec![w.clone(), b.clone()],
        ParamsAdamW {
            lr: how.learning_rate,
            weight_decay: how.weight_decay,
            ..ParamsAdamW::default()
        },
    )?;
    let mut best: Option<(f64, LinearModel, u32)> = None;
    let mut bad = 0;
    for epoch in 1..=how.epochs {
        let mut train_loss = 0.0;
        for step in 1..=how.steps_per_epoch {
            let l = loss(
                head,
                &xt.matmul(w.as_tensor())?.broadcast_add(b.as_tensor())?,
                &yt,
            )?;
            opt.backward_step(&l)?;
            train_loss = f64::from(l.to_scalar::<f32>()?);
            if progress.step(epoch, step, how.steps_per_epoch) == Flow::Stop {
                return Ok(FitOutcome::Stopped);
            }
        }
        if !train_loss.is_finite() {
            return Err(MlError::Diverged(train_loss));
        }
        model.w = w.as_tensor().detach();
        model.b = b.as_tensor().detach();
        let val_loss = f64::from(model.loss(&xv, &yv)?.to_scalar::<f32>()?);
        let mut metrics = vec![
            ("train.loss".to_owned(), train_loss),
            ("validation.loss".to_owned(), val_loss),
        ];
        metrics.extend(score(&model)?);
        if best.as_ref().is_none_or(|(l, _, _)| val_loss < l - 1e-6) {
            best = Some((val_loss, model.clone(), epoch));
            bad = 0;
        } else {
            bad += 1;
        }
        let early_stop = bad >= how.patience && epoch < how.epochs;
        let report = EpochReport {
            epoch,
            total_epochs: how.epochs,
            metrics,
            early_stop,
        };
        let checkpoint = model
            .to_artefact("homeai-linear-checkpoint/1")?
            .to_bytes()?;
        if progress.epoch_end(&report, &checkpoint) == Flow::Stop {
            return Ok(FitOutcome::Stopped);
        }
        if early_stop || epoch == how.epochs {
            let (_, model, best_epoch) = best.ok_or(MlError::Diverged(f64::NAN))?;
            return Ok(FitOutcome::Finished {
                model,
                best_epoch,
                epochs_run: epoch,
                early_stopped: early_stop,
            });
        }
    }
    Err(MlError::Config("epochs must be at least 1".into()))
}
