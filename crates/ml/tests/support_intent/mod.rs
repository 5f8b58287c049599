//! The intent model as the Ask AI tests use it: trained on synthetic requests for made-up homes
//! (never the development home nor any split), beside the rules alone.
//!
//! A folder with `mod.rs`, not `tests/support_intent.rs`: cargo would build that as a test
//! target of its own.

use std::sync::Arc;

use homeai_askai::{Engine, Home};
use homeai_ml::Quiet;
use homeai_ml::intent::{self, IntentConfig};

/// The two engines the tests compare for `home`, the rules alone and the rules with the
/// intent model (16 homes × 100 requests, 10 epochs, 2^14 hashed features), and the trained
/// model's metrics.
pub fn rules_and_model(home: Home) -> (Engine, Engine, serde_json::Value) {
    let config = IntentConfig {
        homes: 16,
        queries_per_home: 100,
        epochs: 10,
        hash_bits: 14,
        ..IntentConfig::default()
    };
    let (train, validation) = intent::dataset(&config);
    let trained = intent::train(&config, &train, &validation, &mut Quiet)
        .unwrap()
        .unwrap();
    let model = intent::IntentModel::from_bytes(&trained.model).unwrap();
    let rules = Engine::new(home.clone());
    let with = Engine::new(home).with_model(Arc::new(intent::Named {
        name: "intent model (test)".into(),
        model,
    }));
    (rules, with, trained.metrics)
}
