//! The daily analysis: at the times of a cron expression, in the home's local time (DST-aware
//! through croner), when there are events newer than the last analysis saw.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
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
            let next = match next_run(&cron, Utc::now(), tz) {
                Ok(next) => next,
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

/// The first time after `now` that `cron` names, read in the home's time zone `tz` (so "0 3 * * *"
/// is 03:00 at home, summer and winter).
pub fn next_run(
    cron: &Cron,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<DateTime<Utc>, croner::errors::CronError> {
    cron.find_next_occurrence(&now.with_timezone(&tz), false)
        .map(|next| next.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn next(cron: &str, now: &str, tz: Tz) -> String {
        let cron = Cron::from_str(cron).unwrap();
        next_run(&cron, at(now), tz)
            .unwrap()
            .with_timezone(&tz)
            .to_rfc3339()
    }

    #[test]
    fn the_daily_run_is_at_the_homes_hour_at_any_hour_and_date() {
        let berlin = chrono_tz::Europe::Berlin;
        // before and after the hour, the last minute of the day and of the year
        assert_eq!(
            next("0 3 * * *", "2026-12-07T02:59:00+01:00", berlin),
            "2026-12-07T03:00:00+01:00"
        );
        assert_eq!(
            next("0 3 * * *", "2026-12-07T03:00:00+01:00", berlin),
            "2026-12-08T03:00:00+01:00"
        );
        assert_eq!(
            next("0 3 * * *", "2026-12-07T21:30:00+01:00", berlin),
            "2026-12-08T03:00:00+01:00"
        );
        assert_eq!(
            next("0 3 * * *", "2026-12-31T23:59:00+01:00", berlin),
            "2027-01-01T03:00:00+01:00"
        );
        // the spring-forward night (02:00 → 03:00) and the fall-back night (03:00 → 02:00)
        assert_eq!(
            next("0 3 * * *", "2027-03-28T01:30:00+01:00", berlin),
            "2027-03-28T03:00:00+02:00"
        );
        assert_eq!(
            next("0 3 * * *", "2026-10-25T02:30:00+02:00", berlin),
            "2026-10-25T03:00:00+01:00"
        );
        // a home far from UTC: its own 03:00, not the server's
        let kiritimati = chrono_tz::Pacific::Kiritimati;
        assert_eq!(
            next("0 3 * * *", "2026-12-07T12:00:00Z", kiritimati),
            "2026-12-08T03:00:00+14:00"
        );
    }
}
