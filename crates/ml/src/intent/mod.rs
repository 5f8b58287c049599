//! The Ask-AI intent model: a word tagger (which words are a wording of "turn on", "sunset",
//! "motion is detected", …) and a request classifier (what the request asks for), trained on
//! synthetic requests for made-up homes ([`homeai_askai::synthetic`]). The query service asks
//! it to reword the requests its rules cannot answer into the words they read.
//!
//! Both heads are linear over hashed features ([`features`]): a word's score for a tag is the
//! sum of its features' weights (an embedding bag); a request's intent is the mean over its
//! words. Trained with candle (AdamW, mini-batches, cross-entropy on both heads), early-stopped
//! on the loss of requests for homes it never saw.

mod config;
mod data;
pub mod features;
mod model;
mod train;
mod weights;

pub use config::IntentConfig;
pub use data::{dataset, split_by_home};
pub use model::{FORMAT, IntentModel, Named, Read};
pub use train::{Trained, train};

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use homeai_askai::synthetic;

    use super::*;
    use crate::Quiet;

    #[test]
    fn a_small_model_learns_to_tag_requests_for_homes_it_never_saw() {
        let config = IntentConfig {
            homes: 12,
            queries_per_home: 80,
            epochs: 8,
            hash_bits: 12,
            ..IntentConfig::default()
        };
        let (train_set, validation) = dataset(&config);
        let t = train(&config, &train_set, &validation, &mut Quiet)
            .unwrap()
            .unwrap();
        let exact = t.metrics["exact"].as_f64().unwrap();
        assert!(exact > 0.8, "held-out exact {exact}: {}", t.metrics);
        let model = IntentModel::from_bytes(&t.model).unwrap();
        let read = model
            .read("Please illuminate the porch light at dusk")
            .unwrap()
            .unwrap();
        let (text, _) = synthetic::rewrite(&read.words, &read.tags);
        assert_eq!(text, "turn on the porch light at sunset", "{read:?}");
        assert_eq!(read.intent, "on");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Whatever a person types (any text, unicode, punctuation alone), reading it gives an
        /// answer or nothing, never a panic.
        #[test]
        fn any_text_is_read_without_a_panic(text in "\\PC{0,80}") {
            let model = tiny();
            let read = model.reading("m", &text);
            proptest::prop_assert!(read.is_ok(), "{read:?}");
        }
    }

    fn tiny() -> &'static IntentModel {
        static MODEL: std::sync::OnceLock<IntentModel> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| {
            let config = IntentConfig {
                homes: 3,
                queries_per_home: 20,
                epochs: 1,
                hash_bits: 10,
                ..IntentConfig::default()
            };
            let (train_set, validation) = dataset(&config);
            let t = train(&config, &train_set, &validation, &mut Quiet)
                .unwrap()
                .unwrap();
            IntentModel::from_bytes(&t.model).unwrap()
        })
    }
}
