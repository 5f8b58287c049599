//! The simulated home's clock: it starts at a chosen instant and runs `speed` times faster than
//! real time; it can also be moved forward at once (tests, the demo's "skip ahead").

use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

/// `now()` = start + real time elapsed × speed + skipped time.
#[derive(Debug)]
pub struct SimClock {
    origin_real: Instant,
    origin_sim: DateTime<Utc>,
    speed: f64,
    skipped_ms: AtomicI64,
    /// never answer an earlier time than before (timestamps strictly increase)
    last: Mutex<DateTime<Utc>>,
}

impl SimClock {
    /// A clock showing `start` now and running `speed` times real time (at least 1).
    pub fn new(start: DateTime<Utc>, speed: f64) -> Self {
        Self {
            origin_real: Instant::now(),
            origin_sim: start,
            speed: if speed.is_finite() {
                speed.max(1.0)
            } else {
                1.0
            },
            skipped_ms: AtomicI64::new(0),
            last: Mutex::new(start),
        }
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// The simulated now; every call answers a later instant than the one before.
    pub fn now(&self) -> DateTime<Utc> {
        let elapsed_us = (self.origin_real.elapsed().as_secs_f64() * self.speed * 1e6) as i64;
        let skipped = self.skipped_ms.load(Ordering::Acquire);
        let now =
            self.origin_sim + Duration::microseconds(elapsed_us) + Duration::milliseconds(skipped);
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let now = if now <= *last {
            *last + Duration::microseconds(1)
        } else {
            now
        };
        *last = now;
        now
    }

    /// Moves the clock forward by `by` at once.
    pub fn skip(&self, by: Duration) {
        if by > Duration::zero() {
            self.skipped_ms
                .fetch_add(by.num_milliseconds(), Ordering::AcqRel);
        }
    }

    /// How long `sim` of simulated time lasts in real time.
    pub fn real_duration(&self, sim: Duration) -> std::time::Duration {
        let secs = sim.num_milliseconds().max(0) as f64 / 1000.0 / self.speed;
        std::time::Duration::from_secs_f64(secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_fast_never_backwards_and_skips() {
        let start = DateTime::parse_from_rfc3339("2026-03-29T01:59:00+01:00")
            .unwrap()
            .with_timezone(&Utc);
        let c = SimClock::new(start, 3600.0);
        std::thread::sleep(std::time::Duration::from_millis(20));
        let a = c.now();
        assert!(a - start >= Duration::seconds(60), "{}", a - start);
        c.skip(Duration::hours(2));
        let b = c.now();
        assert!(b - a >= Duration::hours(2));
        assert!(c.now() > b);
        assert_eq!(
            c.real_duration(Duration::hours(1)),
            std::time::Duration::from_secs(1)
        );
    }
}
