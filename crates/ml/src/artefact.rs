//! Models and checkpoints as safetensors: named f32 tensors plus a string metadata header.
//!
//! The header carries `format` (what reads it), and for models `version` and `metrics` (JSON),
//! so a file says what it is without the database.

use std::collections::HashMap;

use candle_core::{Device, Tensor};

use crate::MlError;

/// Named tensors and metadata, as read from or written to a file.
#[derive(Debug, Clone)]
pub struct Artefact {
    pub tensors: HashMap<String, Tensor>,
    pub metadata: HashMap<String, String>,
}

impl Artefact {
    pub fn to_bytes(&self) -> Result<Vec<u8>, MlError> {
        let mut names: Vec<&String> = self.tensors.keys().collect();
        names.sort();
        let data = names
            .into_iter()
            .filter_map(|n| self.tensors.get(n).map(|t| (n.clone(), t)));
        Ok(safetensors::serialize(data, Some(self.metadata.clone()))?)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, MlError> {
        let (_, header) = safetensors::SafeTensors::read_metadata(bytes)?;
        let metadata = header.metadata().clone().unwrap_or_default();
        let tensors = candle_core::safetensors::load_buffer(bytes, &Device::Cpu)?;
        Ok(Self { tensors, metadata })
    }

    /// A tensor that must be there.
    pub fn tensor(&self, name: &str) -> Result<&Tensor, MlError> {
        self.tensors
            .get(name)
            .ok_or_else(|| MlError::Artefact(format!("tensor {name} is missing")))
    }

    /// A metadata value that must be there.
    pub fn meta(&self, key: &str) -> Result<&str, MlError> {
        self.metadata
            .get(key)
            .map(String::as_str)
            .ok_or_else(|| MlError::Artefact(format!("metadata {key} is missing")))
    }
}

/// The same model with its registry version written into the header.
pub fn with_version(bytes: &[u8], version: i64) -> Result<Vec<u8>, MlError> {
    let mut artefact = Artefact::from_bytes(bytes)?;
    artefact
        .metadata
        .insert("version".into(), version.to_string());
    artefact.to_bytes()
}

/// The metadata header alone (cheap: no tensor is read).
pub fn metadata(bytes: &[u8]) -> Result<HashMap<String, String>, MlError> {
    let (_, header) = safetensors::SafeTensors::read_metadata(bytes)?;
    Ok(header.metadata().clone().unwrap_or_default())
}
