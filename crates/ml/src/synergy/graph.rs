//! A home as the synergy model sees it: devices (nodes) with features, the areas that connect
//! them, and for every ordered pair how often the second changes shortly after the first.

use std::collections::HashMap;

/// A device (entity) of the home.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeInfo {
    pub entity_id: String,
    pub area_id: Option<String>,
    pub device_class: Option<String>,
}

/// One state change: which node, when (seconds), and whether it turned something on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    pub node: usize,
    pub at_s: f64,
    pub active: bool,
}

const DOMAINS: &[&str] = &[
    "light",
    "switch",
    "binary_sensor",
    "sensor",
    "cover",
    "media_player",
    "climate",
    "lock",
    "person",
];
const CLASSES: &[&str] = &[
    "motion",
    "door",
    "window",
    "temperature",
    "humidity",
    "illuminance",
    "outlet",
];

/// Node features: domain one-hot (+ other), device class one-hot (+ other/none), activity.
pub const NODE_FEATURES: usize = DOMAINS.len() + 1 + CLASSES.len() + 1 + 2;
/// Pair features: see [`HomeGraph::pair_features`].
pub const PAIR_FEATURES: usize = 5;

/// Windows after a trigger in which an action counts as following it.
const SHORT_S: f64 = 60.0;
const LONG_S: f64 = 900.0;

/// A home's graph, ready for the model.
#[derive(Debug, Clone)]
pub struct HomeGraph {
    pub nodes: Vec<NodeInfo>,
    /// `nodes.len() × NODE_FEATURES`, row-major.
    pub node_features: Vec<f32>,
    /// Row-normalised adjacency (same area, no self loops), `n × n`.
    pub adjacency: Vec<f32>,
    /// `n × n × PAIR_FEATURES`: (trigger, action) → features.
    pub pair_features: Vec<f32>,
}

/// States that mean "switched on / opened / detected".
fn is_active(state: &str) -> bool {
    matches!(
        state,
        "on" | "open" | "opening" | "playing" | "home" | "heat" | "unlocked" | "detected"
    )
}

impl HomeGraph {
    /// Builds the graph from the registry and the history. `changes` are (entity id, time in
    /// seconds, new state) in any order; entities not in `nodes` are ignored.
    pub fn build<'a>(
        nodes: Vec<NodeInfo>,
        changes: impl IntoIterator<Item = (&'a str, f64, &'a str)>,
    ) -> Self {
        let index: HashMap<&str, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.entity_id.as_str(), i))
            .collect();
        let mut list: Vec<Change> = changes
            .into_iter()
            .filter_map(|(id, at_s, state)| {
                index.get(id).map(|&node| Change {
                    node,
                    at_s,
                    active: is_active(state),
                })
            })
            .collect();
        list.sort_by(|a, b| a.at_s.total_cmp(&b.at_s));
        Self::from_changes(nodes, &list)
    }

    fn from_changes(nodes: Vec<NodeInfo>, changes: &[Change]) -> Self {
        let n = nodes.len();
        let span_days = match (changes.first(), changes.last()) {
            (Some(a), Some(b)) => ((b.at_s - a.at_s) / 86_400.0).max(1.0),
            _ => 1.0,
        };
        let mut count = vec![0u32; n];
        let mut active = vec![0u32; n];
        // b's changes that had a change of a shortly before: [a * n + b]
        let mut short = vec![0u32; n * n];
        let mut long = vec![0u32; n * n];
        let mut last_seen = vec![f64::NEG_INFINITY; n];
        for c in changes {
            for (a, &t) in last_seen.iter().enumerate() {
                if a == c.node {
                    continue;
                }
                let gap = c.at_s - t;
                if gap <= SHORT_S {
                    short[a * n + c.node] += 1;
                }
                if gap <= LONG_S {
                    long[a * n + c.node] += 1;
                }
            }
            last_seen[c.node] = c.at_s;
            count[c.node] += 1;
            active[c.node] += u32::from(c.active);
        }

        let mut node_features = vec![0f32; n * NODE_FEATURES];
        for (i, node) in nodes.iter().enumerate() {
            let row = &mut node_features[i * NODE_FEATURES..(i + 1) * NODE_FEATURES];
            let domain = node.entity_id.split('.').next().unwrap_or_default();
            let d = DOMAINS
                .iter()
                .position(|x| *x == domain)
                .unwrap_or(DOMAINS.len());
            row[d] = 1.0;
            let class = node.device_class.as_deref().unwrap_or_default();
            let k = CLASSES
                .iter()
                .position(|x| *x == class)
                .unwrap_or(CLASSES.len());
            row[DOMAINS.len() + 1 + k] = 1.0;
            let per_day = f64::from(count[i]) / span_days;
            row[NODE_FEATURES - 2] = (per_day.ln_1p() / 5.0) as f32;
            row[NODE_FEATURES - 1] = if count[i] == 0 {
                0.0
            } else {
                (f64::from(active[i]) / f64::from(count[i])) as f32
            };
        }

        let mut adjacency = vec![0f32; n * n];
        for i in 0..n {
            let Some(area) = &nodes[i].area_id else {
                continue;
            };
            let peers: Vec<usize> = (0..n)
                .filter(|&j| j != i && nodes[j].area_id.as_ref() == Some(area))
                .collect();
            for &j in &peers {
                adjacency[i * n + j] = 1.0 / peers.len() as f32;
            }
        }

        let mut pair_features = vec![0f32; n * n * PAIR_FEATURES];
        for a in 0..n {
            for b in 0..n {
                if a == b {
                    continue;
                }
                let s = f64::from(short[a * n + b]);
                let l = f64::from(long[a * n + b]);
                let nb = f64::from(count[b].max(1));
                let na = f64::from(count[a].max(1));
                let same_area = matches!(
                    (&nodes[a].area_id, &nodes[b].area_id),
                    (Some(x), Some(y)) if x == y
                );
                let f = &mut pair_features[(a * n + b) * PAIR_FEATURES..][..PAIR_FEATURES];
                f[0] = (s / nb) as f32; // share of b's changes shortly after a
                f[1] = (l / nb) as f32; // … within the long window
                f[2] = (s / na).min(1.0) as f32; // how much of a is followed by b
                f[3] = ((s / span_days).ln_1p() / 3.0) as f32; // how often per day
                f[4] = f32::from(u8::from(same_area));
            }
        }
        Self {
            nodes,
            node_features,
            adjacency,
            pair_features,
        }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Every ordered pair (trigger, action) of distinct nodes.
    pub fn all_pairs(&self) -> Vec<(u32, u32)> {
        let n = self.len() as u32;
        (0..n)
            .flat_map(|a| (0..n).filter(move |&b| b != a).map(move |b| (a, b)))
            .collect()
    }

    pub fn index_of(&self, entity_id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.entity_id == entity_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, area: &str, class: Option<&str>) -> NodeInfo {
        NodeInfo {
            entity_id: id.into(),
            area_id: Some(area.into()),
            device_class: class.map(Into::into),
        }
    }

    #[test]
    fn a_follower_has_a_high_share_and_the_reverse_does_not() {
        let nodes = vec![
            node("binary_sensor.m", "hall", Some("motion")),
            node("light.l", "hall", None),
            node("light.k", "kitchen", None),
        ];
        let mut changes = Vec::new();
        for day in 0..10 {
            let t = f64::from(day) * 86_400.0;
            changes.push(("binary_sensor.m", t, "on"));
            changes.push(("light.l", t + 5.0, "on"));
            changes.push(("light.k", t + 40_000.0, "on"));
        }
        let g = HomeGraph::build(nodes, changes);
        let pf = |a: usize, b: usize, k: usize| g.pair_features[(a * 3 + b) * PAIR_FEATURES + k];
        assert!(pf(0, 1, 0) > 0.99, "motion then light");
        assert!(pf(1, 0, 0) < 0.01, "light then motion");
        assert!(pf(0, 2, 0) < 0.01, "unrelated");
        assert_eq!(pf(0, 1, 4), 1.0);
        assert_eq!(pf(0, 2, 4), 0.0);
        // the two hall devices see each other, the kitchen light is alone
        assert_eq!(g.adjacency[1], 1.0);
        assert_eq!(g.adjacency[2 * 3..].iter().sum::<f32>(), 0.0);
    }
}
