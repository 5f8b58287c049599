//! homeai's models, trained here on CPU with [candle](https://github.com/huggingface/candle).
//!
//! * [`synergy`]: which device pairs of a home make a useful automation. A small graph network
//!   passes messages between the devices of one area, then scores an ordered pair (trigger,
//!   action) from the two devices' embeddings and how often the action follows the trigger.
//!   Trained on synthetic homes ([`homeai_synth`]) whose planted habits are the labels; reports
//!   per-epoch loss and a held-out AUC, stops early, checkpoints every epoch (weights, optimiser
//!   moments, early-stopping state) so a paused or interrupted run resumes where it was.
//! * [`home_type`]: family / single / shift worker / often away, from a home's rhythm
//!   ([`rhythm`]); softmax regression ([`linear`]) on synthetic households of known type.
//! * [`intent`]: Ask AI's intent model: tags the words of a request that are wordings of what
//!   the rules read ("illuminate" → "turn on", "dusk" → "sunset") and classifies what it asks
//!   for; trained on synthetic requests for made-up homes.
//! * [`forecast`]: activity per local hour, a linear model on hour, weekend and lags; MAE /
//!   RMSE / MAPE held out; flags hours far from the forecast.
//! * [`artefact`]: models and checkpoints as safetensors files with a JSON metadata header.
//!
//! Pure: no database, no HTTP, no async. The training service's executor drives [`synergy::train`]
//! through the [`Progress`] callbacks; the pattern service loads a [`synergy::SynergyModel`].
//! Errors: [`MlError`].

pub mod artefact;
mod config_check;
mod error;
pub mod forecast;
pub mod home_type;
pub mod intent;
pub mod linear;
mod progress;
pub mod rhythm;
pub mod synergy;

pub use error::MlError;
pub use progress::{EpochReport, Flow, Progress, Quiet};
