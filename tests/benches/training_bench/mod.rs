//! Training benchmarks: job create latency (P50/P99) through the real service, and the
//! synergy model's training time on 100 synthetic homes (in process, and end to end as a job).
//!
//! `HOMEAI_BENCH_ONLY=training cargo bench -p homeai-tests --bench services` runs only this
//! section and replaces it in docs/benchmarks.md.

use std::time::{Duration, Instant};

use homeai_ml::synergy::{Outcome, SynergyConfig, train};
use homeai_ml::{EpochReport, Flow, Progress};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::{median, percentile};

/// The heading this section starts with (used to replace it).
pub const HEADING: &str = "## Training jobs";

struct Quiet {
    epochs: u32,
    data_s: Option<f64>,
    started: Instant,
}

impl Progress for Quiet {
    fn log(&mut self, message: &str) {
        if message.starts_with("data:") && self.data_s.is_none() {
            self.data_s = Some(self.started.elapsed().as_secs_f64());
        }
    }
    fn step(&mut self, _: u32, _: u32, _: u32) -> Flow {
        Flow::Continue
    }
    fn epoch_end(&mut self, r: &EpochReport, _: &[u8]) -> Flow {
        self.epochs = r.epoch;
        Flow::Continue
    }
}

/// One in-process training run: (wall s, data generation s, epochs, held-out AUC, held-out AUC
/// among same-area pairs).
fn train_once(config: &SynergyConfig) -> (f64, f64, u32, f64, f64) {
    let started = Instant::now();
    let mut p = Quiet {
        epochs: 0,
        data_s: None,
        started,
    };
    let Outcome::Finished(t) = train(config, None, &mut p).unwrap() else {
        panic!("stopped");
    };
    let wall = started.elapsed().as_secs_f64();
    (
        wall,
        p.data_s.unwrap_or(0.0),
        p.epochs,
        t.metrics["validation_auc"].as_f64().unwrap(),
        t.metrics["validation_auc_same_area"]
            .as_f64()
            .unwrap_or(f64::NAN),
    )
}

async fn create_latencies(svc: &TestService, n: usize) -> Vec<f64> {
    let client = client();
    let body = json!({"model_type": "synergy", "priority": 1, "config": {"epochs": 5}});
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let res = client
            .post(svc.url("/api/v1/training/jobs"))
            .bearer_auth(TOKEN)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        out.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    out
}

pub fn section(rt: &tokio::runtime::Runtime) -> String {
    // job create: the worker is off so the queue only grows (measures the API and the insert)
    let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let svc = spawn_service_in(
        "training",
        &dir,
        &[("HOMEAI_TRAINING_JOBS__LOCAL_WORKER".into(), "false".into())],
    );
    let lat = rt.block_on(async {
        create_latencies(&svc, 200).await; // warm up
        create_latencies(&svc, 2000).await
    });
    let (p50, p99) = (percentile(lat.clone(), 0.5), percentile(lat.clone(), 0.99));
    let max = lat.iter().copied().fold(0.0, f64::max);
    println!("job create: p50 {p50:.3} ms, p99 {p99:.3} ms, max {max:.3} ms");
    drop(svc);

    // the synergy model on 100 synthetic homes, in process
    let config = SynergyConfig::default();
    let runs: Vec<(f64, f64, u32, f64, f64)> = (0..3).map(|_| train_once(&config)).collect();
    for (i, r) in runs.iter().enumerate() {
        println!(
            "synergy run {i}: {:.1} s ({:.1} s data), {} epochs, held-out AUC {:.4} (same-area pairs {:.4})",
            r.0, r.1, r.2, r.3, r.4
        );
    }
    let wall = median(runs.iter().map(|r| r.0).collect());
    let data = median(runs.iter().map(|r| r.1).collect());
    let epochs = runs[0].2;
    let auc = runs[0].3;
    let same_area = runs[0].4;

    // the same as a job through the service, queued to completed
    let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let svc = spawn_service_in(
        "training",
        &dir,
        &[("HOMEAI_TRAINING_JOBS__POLL_MS".into(), "100".into())],
    );
    let job_s = rt.block_on(async {
        let started = Instant::now();
        let res = client()
            .post(svc.url("/api/v1/training/jobs"))
            .bearer_auth(TOKEN)
            .json(&json!({"model_type": "synergy"}))
            .send()
            .await
            .unwrap();
        let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        eventually(Duration::from_secs(600), "the job to complete", || async {
            let j = get_json(svc.url(&format!("/api/v1/training/jobs/{id}"))).await;
            assert_ne!(j["status"], "failed", "{j}");
            (j["status"] == "completed").then_some(())
        })
        .await;
        started.elapsed().as_secs_f64()
    });
    println!("synergy job end to end: {job_s:.1} s");

    let now = crate::helpers::bench_date();
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_default();
    format!(
        "\n{HEADING}\n\n\
         Measured {now} (release build; 1-minute load average {load} at the end, the 2 cores \
         shared with other builds).\n\n\
         Job create: `POST /api/v1/training/jobs` (201), one client, 2000 sequential requests after 200 \
         warm-up, the local worker off (the queue only grows). Goal: P99 at most 5 ms.\n\n\
         | p50 ms | p99 ms | max ms |\n|---|---|---|\n| {p50:.3} | {p99:.3} | {max:.3} |\n\n\
         Synergy model on 100 synthetic homes (the default config: 80 training and 20 held-out homes, \
         14 days each, hidden 32, up to 30 epochs, early stop after 5 without a better held-out AUC), \
         CPU only (candle, no BLAS). Goal: at most 60 s.\n\n\
         | what | wall s | of which data generation s | epochs | held-out AUC (all ordered pairs) | held-out AUC (same-area pairs) |\n|---|---|---|---|---|---|\n\
         | in process (median of 3) | {wall:.1} | {data:.1} | {epochs} | {auc:.4} | {same_area:.4} |\n\
         | as a job, queued → completed (one run) | {job_s:.1} | | | | |\n\n\
         The AUC is over every ordered pair of devices in the 20 held-out homes, positives being the \
         planted two-device habits; the same-area AUC asks the harder question among devices that \
         share an area. The planted habits are strong signals, so both are near 1: this measures \
         that the pipeline learns, not how well it would do on a real home.\n"
    )
}

/// Replaces this section in `report` (or appends it before the reproduce line).
pub fn splice(report: &str, section: &str) -> String {
    let without = match report.find(HEADING) {
        Some(start) => {
            let rest = &report[start + HEADING.len()..];
            let end = [rest.find("\n## "), rest.find("\nReproduce:")]
                .into_iter()
                .flatten()
                .min()
                .map_or(report.len(), |e| start + HEADING.len() + e);
            format!(
                "{}{}",
                report[..start].trim_end_matches('\n'),
                &report[end..]
            )
        }
        None => report.to_owned(),
    };
    match without.find("\nReproduce:") {
        Some(at) => format!(
            "{}\n{}{}",
            without[..at].trim_end_matches('\n'),
            section,
            &without[at..]
        ),
        None => format!("{without}{section}"),
    }
}
