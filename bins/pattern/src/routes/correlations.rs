//! "How related are these two entities?" — pair statistics over the analysis window, through
//! the correlation cache (moka, then SQLite, then computed from the events), and the cache's
//! own statistics.

use actix_web::{HttpResponse, get, web};
use homeai_cache::{CacheKind, CorrelationCache, pair_key};
use homeai_db::repo;
use homeai_domain::ha::EntityId;
use homeai_patterns::{PairStats, pair_stats};
use homeai_web::{ApiError, ServiceContext};
use prometheus::IntGauge;
use serde::Deserialize;
use serde_json::json;

/// The cache and the gauges that show it on `/metrics`.
#[derive(Clone)]
pub struct CacheState {
    pub cache: CorrelationCache,
    pub hits: IntGauge,
    pub misses: IntGauge,
}

impl CacheState {
    /// Builds the cache over the service's database and registers its gauges.
    pub fn new(ctx: &ServiceContext) -> Result<Self, prometheus::Error> {
        let hits = IntGauge::new(
            "correlation_cache_hits",
            "correlation cache hits (memory and SQLite)",
        )?;
        let misses = IntGauge::new("correlation_cache_misses", "correlation cache misses")?;
        ctx.metrics.registry().register(Box::new(hits.clone()))?;
        ctx.metrics.registry().register(Box::new(misses.clone()))?;
        let cache = CorrelationCache::new(ctx.settings.cache.clone(), Some(ctx.db.clone()));
        Ok(Self {
            cache,
            hits,
            misses,
        })
    }

    fn publish(&self) {
        let stats = self.cache.stats();
        self.hits.set((stats.memory_hits + stats.db_hits) as i64);
        self.misses.set(stats.misses as i64);
    }
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(correlation).service(cache_stats);
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WindowQuery {
    /// B must follow A within this many seconds (1..=3600, default 60).
    within_seconds: Option<i64>,
}

/// Statistics of "`b` changes within N seconds after `a`" over the analysis window.
#[get("/api/v1/correlations/{a}/{b}")]
async fn correlation(
    ctx: web::Data<ServiceContext>,
    state: web::Data<CacheState>,
    path: web::Path<(String, String)>,
    q: web::Query<WindowQuery>,
) -> Result<HttpResponse, ApiError> {
    let (a, b) = path.into_inner();
    let (a, b) = (EntityId::parse(&a)?, EntityId::parse(&b)?);
    let window_s = q.within_seconds.unwrap_or(60);
    if !(1..=3600).contains(&window_s) {
        return Err(ApiError::BadRequest(
            "within_seconds must be 1..=3600".into(),
        ));
    }
    let window_us = i64::from(ctx.settings.analysis.window_days) * 86_400 * 1_000_000;
    let newest = ctx.db.run(repo::events::newest_us).await?.unwrap_or(0);
    // ordered pair + window + the newest event: a new event makes a new key, so nothing stale is served
    let key = format!("{}->{}|{window_s}|{newest}", a.as_str(), b.as_str());
    let cached = {
        let (cache, key) = (state.cache.clone(), key.clone());
        tokio::task::spawn_blocking(move || cache.get::<PairStats>(CacheKind::CoOccurrence, &key))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?
            .map_err(|e| ApiError::Internal(e.to_string()))?
    };
    let (stats, from_cache) = match cached {
        Some(stats) => (stats, true),
        None => {
            let ids = vec![a.as_str().to_owned(), b.as_str().to_owned()];
            let events = ctx
                .db
                .run(move |c| repo::events::of_entities(c, &ids, newest - window_us, newest + 1))
                .await?;
            let (a_id, b_id) = (a.as_str().to_owned(), b.as_str().to_owned());
            let (cache, key) = (state.cache.clone(), key.clone());
            let stats = tokio::task::spawn_blocking(move || {
                let stats = pair_stats(&events, &a_id, &b_id, window_s);
                cache
                    .set(CacheKind::CoOccurrence, &key, &stats)
                    .map(|()| stats)
            })
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?
            .map_err(|e| ApiError::Internal(e.to_string()))?;
            (stats, false)
        }
    };
    state.publish();
    Ok(HttpResponse::Ok().json(json!({
        "a": a, "b": b, "pair": pair_key(a.as_str(), b.as_str()),
        "window_days": ctx.settings.analysis.window_days, "cached": from_cache, "stats": stats,
    })))
}

#[get("/api/v1/cache/stats")]
async fn cache_stats(state: web::Data<CacheState>) -> HttpResponse {
    state.publish();
    HttpResponse::Ok().json(state.cache.stats())
}
