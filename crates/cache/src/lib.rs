//! The correlation cache: values the pattern service computes per entity pair (correlations,
//! lifts, …) and other services reuse. Two tiers: moka in memory (bounded, TTL per entry) over
//! the `correlation_cache` table in the shared SQLite file, so a restart or another process
//! still finds what was computed. Each [`CacheKind`] has its own TTL; hits (per tier) and misses
//! are counted.
//!
//! The API is synchronous (SQLite is): call it from blocking code, e.g. inside `Db::run` or a
//! detector running on the blocking pool.

mod settings;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use homeai_db::{Db, DbError, repo};
use moka::Expiry;
use moka::sync::Cache;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use settings::{CacheKind, CacheSettings};

/// Errors of the cache: the SQLite tier failed, or a value did not (de)serialise.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("cache value: {0}")]
    Value(#[from] serde_json::Error),
}

#[derive(Clone)]
struct Entry {
    json: Arc<str>,
    ttl: Duration,
}

struct PerEntryTtl;

impl Expiry<(CacheKind, String), Entry> for PerEntryTtl {
    fn expire_after_create(
        &self,
        _: &(CacheKind, String),
        value: &Entry,
        _: Instant,
    ) -> Option<Duration> {
        Some(value.ttl)
    }
}

/// Counters since the cache was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct CacheStats {
    pub memory_hits: u64,
    pub db_hits: u64,
    pub misses: u64,
    pub memory_entries: u64,
    pub hit_rate: f64,
}

/// The two-tier cache. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct CorrelationCache {
    memory: Cache<(CacheKind, String), Entry>,
    db: Option<Db>,
    settings: CacheSettings,
    memory_hits: Arc<AtomicU64>,
    db_hits: Arc<AtomicU64>,
    misses: Arc<AtomicU64>,
}

/// The key of an unordered pair of entities: the same whichever comes first.
pub fn pair_key(a: &str, b: &str) -> String {
    if a <= b {
        format!("{a}|{b}")
    } else {
        format!("{b}|{a}")
    }
}

impl CorrelationCache {
    /// `db: None` keeps the cache in memory only.
    pub fn new(settings: CacheSettings, db: Option<Db>) -> Self {
        let memory = Cache::builder()
            .max_capacity(settings.max_entries)
            .expire_after(PerEntryTtl)
            .build();
        Self {
            memory,
            db,
            settings,
            memory_hits: Arc::default(),
            db_hits: Arc::default(),
            misses: Arc::default(),
        }
    }

    /// Looks in memory, then in SQLite (promoting a hit into memory).
    pub fn get<T: DeserializeOwned>(
        &self,
        kind: CacheKind,
        key: &str,
    ) -> Result<Option<T>, CacheError> {
        let mem_key = (kind, key.to_owned());
        if let Some(entry) = self.memory.get(&mem_key) {
            self.memory_hits.fetch_add(1, Ordering::Relaxed);
            return Ok(Some(serde_json::from_str(&entry.json)?));
        }
        if let Some(db) = &self.db {
            let now = Utc::now().naive_utc();
            let mut conn = db.pool().get().map_err(DbError::from)?;
            if let Some((json, expires)) =
                repo::correlation_cache::get(&mut conn, kind.as_str(), key, now)?
            {
                self.db_hits.fetch_add(1, Ordering::Relaxed);
                let ttl = (expires - now).to_std().unwrap_or_default();
                let value = serde_json::from_str(&json)?;
                self.memory.insert(
                    mem_key,
                    Entry {
                        json: json.into(),
                        ttl,
                    },
                );
                return Ok(Some(value));
            }
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        Ok(None)
    }

    /// Stores `value` in both tiers with the TTL of its kind.
    pub fn set<T: Serialize>(
        &self,
        kind: CacheKind,
        key: &str,
        value: &T,
    ) -> Result<(), CacheError> {
        let json = serde_json::to_string(value)?;
        let ttl = self.settings.ttl(kind);
        if let Some(db) = &self.db {
            let expires = Utc::now().naive_utc()
                + chrono::Duration::from_std(ttl).unwrap_or_else(|_| chrono::Duration::hours(1));
            let mut conn = db.pool().get().map_err(DbError::from)?;
            repo::correlation_cache::put(&mut conn, kind.as_str(), key, &json, expires)?;
        }
        self.memory.insert(
            (kind, key.to_owned()),
            Entry {
                json: json.into(),
                ttl,
            },
        );
        Ok(())
    }

    /// Forgets one value in both tiers (writers call this when what it was computed from changes).
    pub fn invalidate(&self, kind: CacheKind, key: &str) -> Result<(), CacheError> {
        self.memory.invalidate(&(kind, key.to_owned()));
        if let Some(db) = &self.db {
            let mut conn = db.pool().get().map_err(DbError::from)?;
            repo::correlation_cache::delete(&mut conn, kind.as_str(), key)?;
        }
        Ok(())
    }

    /// Drops expired rows from SQLite (memory expires by itself); returns how many.
    pub fn clear_expired(&self) -> Result<usize, CacheError> {
        self.memory.run_pending_tasks();
        match &self.db {
            Some(db) => {
                let mut conn = db.pool().get().map_err(DbError::from)?;
                Ok(repo::correlation_cache::clear_expired(
                    &mut conn,
                    Utc::now().naive_utc(),
                )?)
            }
            None => Ok(0),
        }
    }

    pub fn stats(&self) -> CacheStats {
        let memory_hits = self.memory_hits.load(Ordering::Relaxed);
        let db_hits = self.db_hits.load(Ordering::Relaxed);
        let misses = self.misses.load(Ordering::Relaxed);
        let total = memory_hits + db_hits + misses;
        CacheStats {
            memory_hits,
            db_hits,
            misses,
            memory_entries: self.memory.entry_count(),
            hit_rate: if total == 0 {
                0.0
            } else {
                (memory_hits + db_hits) as f64 / total as f64
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use homeai_db::DatabaseSettings;

    use super::*;

    fn db(dir: &tempfile::TempDir) -> Db {
        DatabaseSettings::new(dir.path().join("c.db"))
            .open()
            .unwrap()
    }

    #[test]
    fn pair_key_ignores_order() {
        assert_eq!(
            pair_key("light.a", "switch.b"),
            pair_key("switch.b", "light.a")
        );
    }

    #[test]
    fn a_value_survives_in_sqlite_for_a_new_cache() {
        let dir = tempfile::tempdir().unwrap();
        let db = db(&dir);
        let first = CorrelationCache::new(CacheSettings::default(), Some(db.clone()));
        let key = pair_key("light.a", "binary_sensor.m");
        assert_eq!(
            first.get::<f64>(CacheKind::Correlation, &key).unwrap(),
            None
        );
        first.set(CacheKind::Correlation, &key, &0.82).unwrap();
        assert_eq!(
            first.get::<f64>(CacheKind::Correlation, &key).unwrap(),
            Some(0.82)
        );

        let second = CorrelationCache::new(CacheSettings::default(), Some(db));
        assert_eq!(
            second.get::<f64>(CacheKind::Correlation, &key).unwrap(),
            Some(0.82)
        );
        assert_eq!(
            second.get::<f64>(CacheKind::Correlation, &key).unwrap(),
            Some(0.82)
        );
        let stats = second.stats();
        assert_eq!((stats.db_hits, stats.memory_hits, stats.misses), (1, 1, 0));
        assert_eq!(first.stats().misses, 1);
    }

    #[test]
    fn expired_values_are_gone_from_both_tiers() {
        let dir = tempfile::tempdir().unwrap();
        let db = db(&dir);
        let settings = CacheSettings {
            correlation_ttl_secs: 1,
            ..CacheSettings::default()
        };
        let cache = CorrelationCache::new(settings.clone(), Some(db.clone()));
        cache.set(CacheKind::Correlation, "k", &1.0).unwrap();
        std::thread::sleep(Duration::from_millis(1100));
        assert_eq!(cache.get::<f64>(CacheKind::Correlation, "k").unwrap(), None);
        let fresh = CorrelationCache::new(settings, Some(db));
        assert_eq!(fresh.get::<f64>(CacheKind::Correlation, "k").unwrap(), None);
    }

    #[test]
    fn invalidate_removes_from_sqlite_too() {
        let dir = tempfile::tempdir().unwrap();
        let db = db(&dir);
        let cache = CorrelationCache::new(CacheSettings::default(), Some(db.clone()));
        cache.set(CacheKind::CoOccurrence, "k", &"x").unwrap();
        cache.invalidate(CacheKind::CoOccurrence, "k").unwrap();
        let fresh = CorrelationCache::new(CacheSettings::default(), Some(db));
        assert_eq!(
            fresh.get::<String>(CacheKind::CoOccurrence, "k").unwrap(),
            None
        );
    }
}
