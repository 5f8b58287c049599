//! The requests the intent model learns from: written for made-up homes, or read from a data
//! set, and split by home into training and held-out requests.

use homeai_askai::synthetic::{self, Labelled};

use super::config::IntentConfig;
use crate::MlError;

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
