//! Adam whose moments can be saved and restored, so a resumed run continues exactly.
//! (candle-nn's AdamW keeps its moments private.)

use std::collections::HashMap;

use candle_core::{Tensor, backprop::GradStore};

use super::model::Params;
use crate::MlError;

#[derive(Debug, Clone)]
pub struct Adam {
    pub lr: f64,
    pub t: u64,
    /// First and second moments, by parameter name.
    pub m: HashMap<String, Tensor>,
    pub v: HashMap<String, Tensor>,
}

const B1: f64 = 0.9;
const B2: f64 = 0.999;
const EPS: f64 = 1e-8;

impl Adam {
    pub fn new(lr: f64, params: &Params) -> Result<Self, MlError> {
        let mut m = HashMap::new();
        let mut v = HashMap::new();
        for (name, var) in &params.vars {
            m.insert(name.clone(), var.as_tensor().zeros_like()?);
            v.insert(name.clone(), var.as_tensor().zeros_like()?);
        }
        Ok(Self { lr, t: 0, m, v })
    }

    pub fn step(&mut self, params: &Params, grads: &GradStore) -> Result<(), MlError> {
        self.t += 1;
        let t = self.t as i32;
        let c1 = 1.0 - B1.powi(t);
        let c2 = 1.0 - B2.powi(t);
        for (name, var) in &params.vars {
            let Some(g) = grads.get(var.as_tensor()) else {
                continue;
            };
            let (Some(m), Some(v)) = (self.m.get(name), self.v.get(name)) else {
                return Err(MlError::Artefact(format!("no optimiser state for {name}")));
            };
            let m = (m.affine(B1, 0.0)? + g.affine(1.0 - B1, 0.0)?)?;
            let v = (v.affine(B2, 0.0)? + g.sqr()?.affine(1.0 - B2, 0.0)?)?;
            let update =
                (m.affine(1.0 / c1, 0.0)? / v.affine(1.0 / c2, 0.0)?.sqrt()?.affine(1.0, EPS)?)?;
            var.set(&(var.as_tensor() - update.affine(self.lr, 0.0)?)?.detach())?;
            self.m.insert(name.clone(), m.detach());
            self.v.insert(name.clone(), v.detach());
        }
        Ok(())
    }
}
