/// Why training, loading or scoring a model failed.
#[derive(Debug, thiserror::Error)]
pub enum MlError {
    #[error("tensor computation failed: {0}")]
    Tensor(#[from] candle_core::Error),
    #[error("safetensors: {0}")]
    Safetensors(#[from] safetensors::SafeTensorError),
    #[error("invalid training config: {0}")]
    Config(String),
    #[error("not a usable artefact: {0}")]
    Artefact(String),
    #[error("the training diverged (loss is {0})")]
    Diverged(f64),
}

impl From<serde_json::Error> for MlError {
    fn from(e: serde_json::Error) -> Self {
        MlError::Artefact(e.to_string())
    }
}
