//! The bridge from a model's training callbacks ([`Progress`]) to a job's [`JobSink`]: progress
//! 0..1 across epochs, an ETA, at most one report every 250 ms inside an epoch, and the
//! `throttle_ms` knob.

use std::time::{Duration, Instant};

use homeai_ml::{EpochReport, Flow, Progress};

use super::interface::JobSink;
use super::job_config::ExecutorConfig;

/// Turns the model's callbacks into sink calls: progress 0..1, ETA, throttling.
pub(super) struct Adapter<'a> {
    sink: &'a mut dyn JobSink,
    knobs: ExecutorConfig,
    total: u32,
    started: Instant,
    /// Progress when this run started (a resumed job starts part-way).
    start_progress: f64,
    last_report: Option<Instant>,
}

/// Progress reports inside an epoch at most this often.
const REPORT_EVERY: Duration = Duration::from_millis(250);

impl<'a> Adapter<'a> {
    pub(super) fn new(
        sink: &'a mut dyn JobSink,
        knobs: ExecutorConfig,
        total: u32,
        epochs_done: i64,
    ) -> Self {
        Self {
            sink,
            knobs,
            total,
            started: Instant::now(),
            start_progress: epochs_done as f64 / f64::from(total.max(1)),
            last_report: None,
        }
    }

    fn eta(&self, progress: f64) -> Option<f64> {
        let done = progress - self.start_progress;
        (done > 1e-6).then(|| self.started.elapsed().as_secs_f64() / done * (1.0 - progress))
    }
}

impl Progress for Adapter<'_> {
    fn log(&mut self, message: &str) {
        self.sink.log("info", message);
    }

    fn preparing(&mut self, done: u32, total: u32) -> Flow {
        // also the heartbeat of a remote worker while it generates the data
        if self.last_report.is_some_and(|t| t.elapsed() < REPORT_EVERY) && done < total {
            return Flow::Continue;
        }
        self.last_report = Some(Instant::now());
        if self.sink.progress(0, self.total, self.start_progress, None) {
            Flow::Continue
        } else {
            Flow::Stop
        }
    }

    fn step(&mut self, epoch: u32, step: u32, steps: u32) -> Flow {
        if self.knobs.throttle_ms > 0 {
            std::thread::sleep(Duration::from_millis(
                self.knobs.throttle_ms / u64::from(steps.max(1)),
            ));
        }
        if self.last_report.is_some_and(|t| t.elapsed() < REPORT_EVERY) && step < steps {
            return Flow::Continue;
        }
        self.last_report = Some(Instant::now());
        let progress = (f64::from(epoch.saturating_sub(1))
            + f64::from(step) / f64::from(steps.max(1)))
            / f64::from(self.total.max(1));
        let eta = self.eta(progress);
        if self.sink.progress(epoch, self.total, progress, eta) {
            Flow::Continue
        } else {
            Flow::Stop
        }
    }

    fn epoch_end(&mut self, report: &EpochReport, checkpoint: &[u8]) -> Flow {
        let progress = if report.early_stop {
            1.0
        } else {
            f64::from(report.epoch) / f64::from(report.total_epochs.max(1))
        };
        let eta = self.eta(progress);
        if self.sink.epoch_end(report, progress, eta, checkpoint) {
            Flow::Continue
        } else {
            Flow::Stop
        }
    }
}
