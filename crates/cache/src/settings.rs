use std::time::Duration;

use serde::Deserialize;

/// What a cached value is; each kind has its own TTL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CacheKind {
    /// Correlation of two entities' activity.
    Correlation,
    /// Co-occurrence statistics (support, lift) of an ordered pair.
    CoOccurrence,
    /// Context about an entity for Ask AI (names, area, capabilities).
    EntityContext,
}

impl CacheKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CacheKind::Correlation => "correlation",
            CacheKind::CoOccurrence => "co_occurrence",
            CacheKind::EntityContext => "entity_context",
        }
    }
}

/// The `[cache]` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheSettings {
    /// Entries kept in memory at most (the SQLite tier is unbounded but expires).
    #[serde(default = "default_max_entries")]
    pub max_entries: u64,
    #[serde(default = "default_correlation_ttl")]
    pub correlation_ttl_secs: u64,
    #[serde(default = "default_correlation_ttl")]
    pub co_occurrence_ttl_secs: u64,
    #[serde(default = "default_entity_context_ttl")]
    pub entity_context_ttl_secs: u64,
}

impl Default for CacheSettings {
    fn default() -> Self {
        Self {
            max_entries: default_max_entries(),
            correlation_ttl_secs: default_correlation_ttl(),
            co_occurrence_ttl_secs: default_correlation_ttl(),
            entity_context_ttl_secs: default_entity_context_ttl(),
        }
    }
}

impl CacheSettings {
    pub fn ttl(&self, kind: CacheKind) -> Duration {
        Duration::from_secs(match kind {
            CacheKind::Correlation => self.correlation_ttl_secs,
            CacheKind::CoOccurrence => self.co_occurrence_ttl_secs,
            CacheKind::EntityContext => self.entity_context_ttl_secs,
        })
    }
}

fn default_max_entries() -> u64 {
    10_000
}
fn default_correlation_ttl() -> u64 {
    3_600
}
fn default_entity_context_ttl() -> u64 {
    300
}
