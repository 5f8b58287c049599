//! Training data: synthetic homes with their planted habits as labels.
//!
//! Each home is a seeded [`homeai_synth`] home; some live their habits and some do not (the
//! same devices, negatives everywhere), and each drops a random share of its devices, so the
//! model has to read the devices' behaviour, not remember names. A pair (trigger, action) is
//! positive when a planted habit links the two in that order.

use std::collections::HashSet;

use homeai_synth::{HomeSpec, generate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::SynergyConfig;
use super::graph::{HomeGraph, NodeInfo};

/// A home and its labelled pairs.
#[derive(Debug, Clone)]
pub struct LabelledHome {
    pub graph: HomeGraph,
    /// Ordered (trigger, action) node indices of the planted pairs.
    pub positives: HashSet<(u32, u32)>,
}

/// Share of devices a home drops (so homes differ in what they have).
const DROP_SHARE: f64 = 0.15;

/// Generates home `i` of the data set `config` describes.
pub fn home(config: &SynergyConfig, i: u32) -> LabelledHome {
    let seed = config
        .seed
        .wrapping_mul(1_000_003)
        .wrapping_add(u64::from(i));
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let spec = HomeSpec {
        seed,
        days: config.days,
        habits: rng.random_bool(config.habit_share.clamp(0.0, 1.0)),
        ..HomeSpec::default()
    };
    let home = generate(&spec);
    let nodes: Vec<NodeInfo> = home
        .layout
        .entities
        .iter()
        .filter(|_| !rng.random_bool(DROP_SHARE))
        .map(|e| NodeInfo {
            entity_id: e.entity_id.to_string(),
            area_id: e.area_id.clone(),
            device_class: e.device_class.clone(),
        })
        .collect();
    let graph = HomeGraph::build(
        nodes,
        home.events.iter().filter(|e| !e.attributes_only).map(|e| {
            (
                e.entity_id.as_str(),
                e.time_fired.timestamp_millis() as f64 / 1000.0,
                e.new_state.as_deref().unwrap_or_default(),
            )
        }),
    );
    let positives = home
        .truth
        .iter()
        .filter_map(|h| match h.entities.as_slice() {
            [a, b] => Some((graph.index_of(a)?, graph.index_of(b)?)),
            _ => None,
        })
        .map(|(a, b)| (a as u32, b as u32))
        .collect();
    LabelledHome { graph, positives }
}

/// Training and held-out homes: the last `validation_share` of the homes are held out.
pub fn split(config: &SynergyConfig) -> (Vec<LabelledHome>, Vec<LabelledHome>) {
    split_with(config, |_| true).unwrap_or_default()
}

/// [`split`], calling `go_on(homes done)` after each home; `None` when it says stop.
pub fn split_with(
    config: &SynergyConfig,
    mut go_on: impl FnMut(u32) -> bool,
) -> Option<(Vec<LabelledHome>, Vec<LabelledHome>)> {
    let held_out = ((f64::from(config.homes) * config.validation_share).round() as u32)
        .clamp(1, config.homes.saturating_sub(1).max(1));
    let cut = config.homes.saturating_sub(held_out);
    let mut train = Vec::with_capacity(config.homes as usize);
    for i in 0..config.homes {
        train.push(home(config, i));
        if !go_on(i + 1) {
            return None;
        }
    }
    let validation = train.split_off(cut as usize);
    Some((train, validation))
}
