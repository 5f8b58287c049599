//! The daily analysis: at the times of a cron expression, in the home's local time (DST-aware
//! through croner), when there are events newer than the last analysis saw.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::Utc;
use croner::Cron;
use homeai_db::repo;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::Analyzer;

/// Runs `analyzer` on `cron` until `shutdown`. Skips a run when nothing new arrived since the
/// last analysis this process saw (the first scheduled run always runs).
pub fn spawn(
    analyzer: Analyzer,
    cron: Cron,
    mut shutdown: watch::Receiver<bool>,
) -> JoinHandle<()> {
    let last_seen = Arc::new(AtomicI64::new(i64::MIN));
    tokio::spawn(async move {
        loop {
            let tz = analyzer.time_zone().await;
            let now = Utc::now().with_timezone(&tz);
            let next = match cron.find_next_occurrence(&now, false) {
                Ok(next) => next.with_timezone(&Utc),
                Err(e) => {
                    tracing::error!(error = %e, "the analysis schedule has no next time: scheduler stopped");
                    return;
                }
            };
            tracing::info!(next = %next, "next scheduled analysis");
            let wait = (next - Utc::now()).to_std().unwrap_or_default();
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                _ = shutdown.changed() => return,
            }
            let newest = match analyzer.db().run(repo::events::newest_us).await {
                Ok(n) => n.unwrap_or(i64::MIN),
                Err(e) => {
                    tracing::warn!(error = %e, "scheduled analysis: cannot read the events");
                    continue;
                }
            };
            if newest <= last_seen.load(Ordering::Relaxed) {
                tracing::info!("scheduled analysis skipped: no new events since the last one");
                continue;
            }
            match analyzer.run("scheduled").await {
                Ok(_) => last_seen.store(newest, Ordering::Relaxed),
                Err(e) => tracing::warn!(error = %e, "scheduled analysis did not run"),
            }
        }
    })
}
