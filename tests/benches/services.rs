//! Service benchmarks: start-up time, request latency, concurrent writes from four processes on
//! one SQLite file, and memory. Medians over repeated runs; results go to docs/benchmarks.md.
//!
//!   just bench        # builds the release binaries, then runs this
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../api/helpers.rs"]
#[allow(dead_code)]
mod helpers;
mod training_bench;

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use helpers::*;
use serde_json::json;

const RUNS: usize = 5;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let idx = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[idx]
}

fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Spawn → `listening` logged, in milliseconds.
fn startup_ms(service: &str) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let env = base_env(&dir.path().join("homeai.db"));
    let started = Instant::now();
    let mut proc = Proc::spawn(&format!("homeai-{service}"), &[], &env);
    proc.port_of(service);
    started.elapsed().as_secs_f64() * 1000.0
}

async fn health_latencies(client: &reqwest::Client, url: &str, n: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let res = client.get(url).send().await.unwrap();
        assert!(res.status().is_success());
        res.bytes().await.unwrap();
        out.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    out
}

struct WriteRun {
    wall_s: f64,
    writes: usize,
    latencies_ms: Vec<f64>,
    failures: usize,
    rss_after: [f64; 4],
}

/// The concurrency test's load, timed: `per_service` writers against each of the four
/// services at once.
async fn concurrent_writes(per_service: usize) -> WriteRun {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let services: Vec<TestService> = SERVICES
        .iter()
        .map(|s| spawn_service_in(s, &dir, &[]))
        .collect();
    let client = client();
    let mut writes = Vec::new();
    for i in 0..per_service {
        let requests = [
            client.post(services[0].url("/api/v1/ask-ai/aliases")).json(&json!({"alias": format!("lamp {i}"), "entity_id": "light.a"})),
            client.post(services[1].url("/api/v1/events")).json(&json!({"events": (0..20).map(|k| json!({
                "entity_id": format!("sensor.s{i}"), "new_state": k.to_string(), "cause": "device",
                "context_id": format!("c{i}-{k}"), "time_fired": format!("2026-11-20T08:00:{k:02}Z")})).collect::<Vec<_>>()})),
            client.put(services[2].url("/api/v1/preferences")).json(&json!({"max_suggestions": 1 + i % 100, "min_confidence": 0.5, "analysis_hour": i % 24})),
            client.post(services[3].url("/api/v1/training/jobs")).json(&json!({"model_type": "synergy"})),
        ];
        for r in requests {
            writes.push(async move {
                let t = Instant::now();
                let ok = r
                    .bearer_auth(TOKEN)
                    .send()
                    .await
                    .map(|r| r.status().is_success())
                    .unwrap_or(false);
                (ok, t.elapsed().as_secs_f64() * 1000.0)
            });
        }
    }
    let n = writes.len();
    let started = Instant::now();
    let results = join_all(writes).await;
    let wall_s = started.elapsed().as_secs_f64();
    let failures = results.iter().filter(|(ok, _)| !ok).count();
    let rss_after = [0, 1, 2, 3].map(|i| rss_mib(services[i].proc.child.id()));
    WriteRun {
        wall_s,
        writes: n,
        latencies_ms: results.into_iter().map(|(_, l)| l).collect(),
        failures,
        rss_after,
    }
}

/// Sustained ingest through the pattern service's batch writer (the live path: batches of 1000
/// in IMMEDIATE transactions, checkpoint and entity states moved with each batch).
fn ingest_events_per_second(rt: &tokio::runtime::Runtime, total: usize) -> (f64, f64) {
    use homeai_db::DatabaseSettings;
    use homeai_db::repo::events::EventSource;
    use homeai_domain::event::{EventCause, StateChange};
    use homeai_domain::ha::EntityId;

    let dir = tempfile::tempdir().unwrap();
    let db = DatabaseSettings::new(dir.path().join("homeai.db"))
        .open()
        .unwrap();
    let entities: Vec<EntityId> = (0..60)
        .map(|i| {
            EntityId::parse(&format!(
                "{}.thing_{i}",
                ["light", "switch", "binary_sensor", "sensor"][i % 4]
            ))
            .unwrap()
        })
        .collect();
    let start = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .unwrap()
        .to_utc();
    let event = |i: usize| StateChange {
        entity_id: entities[i % entities.len()].clone(),
        old_state: Some(if i.is_multiple_of(2) { "off" } else { "on" }.into()),
        new_state: Some(if i.is_multiple_of(2) { "on" } else { "off" }.into()),
        attributes_only: false,
        attributes: json!({"friendly_name": "Thing", "brightness": i % 255}),
        cause: [EventCause::User, EventCause::Device, EventCause::Automation][i % 3],
        context_id: format!("01HCTX{i:020}"),
        user_id: None,
        parent_id: None,
        time_fired: start + chrono::Duration::milliseconds(i as i64 * 10),
    };
    // batches are made as they are written, as a live stream delivers them
    let started = Instant::now();
    rt.block_on(async {
        for first in (0..total).step_by(1000) {
            let batch: Vec<StateChange> = (first..(first + 1000).min(total)).map(event).collect();
            homeai_pattern::ingest::writer::write_batch(&db, batch, EventSource::Ha, Some("ha"))
                .await
                .unwrap();
        }
    });
    let rate = total as f64 / started.elapsed().as_secs_f64();
    let size_mib =
        std::fs::metadata(dir.path().join("homeai.db")).map_or(0.0, |m| m.len() as f64 / 1048576.0);
    (rate, size_mib)
}

/// Peak resident set (MiB) and wall time (s) of a command, polling /proc every 5 ms.
fn run_measured(bin: &str, args: &[&str], env: &[(String, String)]) -> (f64, f64, String) {
    let started = Instant::now();
    let mut proc = Proc::spawn(bin, args, env);
    let mut peak: f64 = 0.0;
    let status = loop {
        peak = peak.max(rss_mib(proc.child.id()));
        if let Some(status) = proc.child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let wall = started.elapsed().as_secs_f64();
    std::thread::sleep(Duration::from_millis(100));
    assert!(status.success(), "{bin} failed:\n{}", proc.log_text());
    (peak, wall, proc.log_text())
}

/// A benchmark home: 90 days, 300 entities (the synthetic home plus 271 power sensors
/// reporting every ~8 minutes), written to a fresh database through the ingest writer.
fn analysis_bench(rt: &tokio::runtime::Runtime) -> String {
    use homeai_db::DatabaseSettings;
    use homeai_db::repo::events::EventSource;
    use homeai_synth::HomeSpec;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("homeai.db");
    let db = DatabaseSettings::new(&path).open().unwrap();
    let spec = HomeSpec {
        days: 90,
        extra_sensors: 271,
        extra_sensor_interval_min: 8,
        ..HomeSpec::with_seed(5)
    };
    let mut total = 0usize;
    let loading = Instant::now();
    homeai_synth::generate_days(&spec, |day| {
        total += day.len();
        rt.block_on(homeai_pattern::ingest::writer::write_batch(
            &db,
            day,
            EventSource::Synthetic,
            None,
        ))
        .unwrap();
    });
    let load_s = loading.elapsed().as_secs_f64();
    drop(db);
    println!("analysis home: {total} events loaded in {load_s:.1} s");
    let mut env = base_env(&path);
    env.extend([
        (
            "HOMEAI_ANALYSIS__TIME_ZONE".to_owned(),
            spec.time_zone.name().to_owned(),
        ),
        (
            "HOMEAI_ANALYSIS__LATITUDE".to_owned(),
            spec.latitude.to_string(),
        ),
        (
            "HOMEAI_ANALYSIS__LONGITUDE".to_owned(),
            spec.longitude.to_string(),
        ),
        ("HOMEAI_ANALYSIS__WINDOW_DAYS".to_owned(), "90".to_owned()),
        ("HOMEAI_LOG".to_owned(), "warn".to_owned()),
    ]);
    let mut walls = Vec::new();
    let mut peaks = Vec::new();
    let mut summary = String::new();
    for run in 0..3 {
        let (peak, wall, out) = run_measured("homeai", &["analyze"], &env);
        println!("analysis run {run}: {wall:.2} s, peak RSS {peak:.1} MiB");
        walls.push(wall);
        peaks.push(peak);
        summary = out
            .lines()
            .find(|l| l.starts_with("analysis "))
            .unwrap_or_default()
            .to_owned();
    }
    // the next day arrives: one more day of events, then the daily run
    let next = HomeSpec {
        start: spec.start + chrono::Duration::days(i64::from(spec.days)),
        days: 1,
        ..spec.clone()
    };
    let db = DatabaseSettings::new(&path).open().unwrap();
    let mut added = 0;
    homeai_synth::generate_days(&next, |day| {
        added += day.len();
        rt.block_on(homeai_pattern::ingest::writer::write_batch(
            &db,
            day,
            EventSource::Synthetic,
            None,
        ))
        .unwrap();
    });
    drop(db);
    let (daily_peak, daily_wall, _) = run_measured("homeai", &["analyze"], &env);
    format!(
        "\n## Analysis (`homeai analyze`)\n\n\
         A synthetic home of 300 entities (the 29 of the synthetic home and 271 power sensors reporting \
         every ~8 minutes), 90 days, {total} events in a fresh SQLite file (loaded through the ingest \
         writer in {load_s:.0} s). `homeai analyze` reads the 90-day window, runs all six detectors and \
         the synergies, stores the patterns. Wall time includes process start, migrations check and the \
         database read; peak RSS is polled from /proc every 5 ms. Goal: at most 10 s and 200 MB.\n\n\
         | run | wall s (median of 3) | peak RSS MiB (median of 3) |\n|---|---|---|\n\
         | full analysis of {total} events | {:.2} | {:.1} |\n\
         | the daily run after one more day ({added} events) | {daily_wall:.2} | {daily_peak:.1} |\n\n\
         Last summary line: `{summary}`. The daily run re-reads the whole window (the detectors' \
         statistics are over the window, not the day); it is skipped when no event is newer than the \
         last run's.\n",
        median(walls),
        median(peaks),
    )
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // `HOMEAI_BENCH_ONLY=training`: only the training section, replaced in docs/benchmarks.md
    if std::env::var("HOMEAI_BENCH_ONLY").as_deref() == Ok("training") {
        let path = std::path::PathBuf::from(
            std::env::var("CARGO_MANIFEST_DIR")
                .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
        )
        .parent()
        .unwrap()
        .join("docs/benchmarks.md");
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        let section = training_bench::section(&rt);
        std::fs::write(&path, training_bench::splice(&old, &section)).unwrap();
        println!("wrote {}", path.display());
        return;
    }
    let mut report = String::new();
    let now = helpers::bench_date();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    report.push_str(&format!(
        "# Benchmarks\n\nMeasured {now} on this machine ({cores} cores), release build, by `just bench` \
         (`tests/benches/services.rs`). Each figure is the median of {RUNS} runs unless it says otherwise; \
         every run uses fresh processes and a fresh SQLite file.\n\n"
    ));

    // start-up
    report.push_str("## Start-up (spawn → listening, migrations on a new file included)\n\n| service | median ms |\n|---|---|\n");
    for service in SERVICES {
        let ms = median((0..RUNS).map(|_| startup_ms(service)).collect());
        println!("startup {service}: {ms:.1} ms");
        report.push_str(&format!("| {service} | {ms:.1} |\n"));
    }

    // latency of a cheap GET, sequential
    let svc = spawn_service("training");
    let client = client();
    let lat = rt.block_on(async {
        health_latencies(&client, &svc.url("/health"), 200).await; // warm up
        health_latencies(&client, &svc.url("/health"), 2000).await
    });
    let (p50, p99) = (percentile(lat.clone(), 0.5), percentile(lat, 0.99));
    println!("GET /health: p50 {p50:.3} ms, p99 {p99:.3} ms");
    report.push_str(&format!(
        "\n## Request latency (GET /health, one client, 2000 sequential requests after 200 warm-up)\n\n\
         | p50 ms | p99 ms |\n|---|---|\n| {p50:.3} | {p99:.3} |\n"
    ));
    let idle_rss = rss_mib(svc.proc.child.id());
    drop(svc);

    // concurrent writes, four processes, one file
    let per_service = 250;
    let mut walls = Vec::new();
    let mut rates = Vec::new();
    let mut p50s = Vec::new();
    let mut p99s = Vec::new();
    let mut rss = Vec::new();
    let mut failures = 0;
    for run in 0..RUNS {
        let r = rt.block_on(concurrent_writes(per_service));
        println!(
            "writes run {run}: {} writes in {:.3} s, {} failed",
            r.writes, r.wall_s, r.failures
        );
        failures += r.failures;
        walls.push(r.wall_s * 1000.0);
        rates.push(r.writes as f64 / r.wall_s);
        p50s.push(percentile(r.latencies_ms.clone(), 0.5));
        p99s.push(percentile(r.latencies_ms, 0.99));
        rss.push(r.rss_after);
    }
    report.push_str(&format!(
        "\n## Concurrent writes: four service processes on one SQLite file\n\n\
         {} writers at once ({per_service} per service: alias inserts, 20-event imports, preference updates, \
         job inserts), each its own HTTP request and IMMEDIATE transaction.\n\n\
         | wall ms | requests/s | p50 ms | p99 ms | failed (all runs) |\n|---|---|---|---|---|\n\
         | {:.0} | {:.0} | {:.1} | {:.1} | {failures} |\n",
        4 * per_service,
        median(walls),
        median(rates),
        median(p50s),
        median(p99s),
    ));

    // memory
    let dir = tempfile::tempdir().unwrap();
    let mut env = base_env(&dir.path().join("homeai.db"));
    env.push(("HOMEAI_MQTT__EMBEDDED_PORT".into(), "0".into()));
    let mut up = Proc::spawn("homeai", &["up"], &env);
    for s in SERVICES {
        up.port_of(s);
    }
    std::thread::sleep(Duration::from_millis(500));
    let all_in_one = rss_mib(up.child.id());
    drop(up);
    let after: Vec<String> = (0..4)
        .map(|i| format!("{:.1}", median(rss.iter().map(|r| r[i]).collect())))
        .collect();
    report.push_str(&format!(
        "\n## Memory (resident set)\n\n| what | MiB |\n|---|---|\n\
         | one service, idle | {idle_rss:.1} |\n\
         | all-in-one (`homeai up`, four services + embedded broker), idle | {all_in_one:.1} |\n\
         | query / pattern / automation / training after the write load | {} |\n\
         | all-in-one ÷ four separate idle services | {:.2} |\n",
        after.join(" / "),
        all_in_one / (4.0 * idle_rss),
    ));
    println!("rss idle {idle_rss:.1} MiB, all-in-one {all_in_one:.1} MiB");

    // ingest
    let total = 200_000;
    let mut rates = Vec::new();
    let mut size = 0.0;
    for run in 0..RUNS {
        let (rate, mib) = ingest_events_per_second(&rt, total);
        println!("ingest run {run}: {rate:.0} events/s");
        rates.push(rate);
        size = mib;
    }
    let peak_rss = std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0);
    let lowest = rates.iter().copied().fold(f64::INFINITY, f64::min);
    let highest = rates.iter().copied().fold(0.0, f64::max);
    report.push_str(&format!(
        "\n## Ingest into SQLite (the live path's batch writer)\n\n\
         {total} state changes over 60 entities written in batches of 1000, each batch one IMMEDIATE \
         transaction that also moves the checkpoint and the entities' last states (what the pattern \
         service does with Home Assistant's stream). Goal: at least 50,000 events/s.\n\n\
         | events/s (median) | min | max | database size after one run | peak RSS of the bench process |\n\
         |---|---|---|---|---|\n\
         | {:.0} | {lowest:.0} | {highest:.0} | {size:.1} MiB | {peak_rss:.1} MiB |\n",
        median(rates),
    ));
    report.push_str(&analysis_bench(&rt));
    report.push_str(&training_bench::section(&rt));
    report.push_str(
        "\nReproduce: `just bench` (builds the release binaries, then runs \
         `cargo bench -p homeai-tests --bench services`).\n",
    );

    let path = std::path::PathBuf::from(
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .parent()
    .unwrap()
    .join("docs/benchmarks.md");
    // the deployment figures come from `just deploy-test --bench`, which keeps them here
    let deploy = path.with_file_name("bench-deploy.md");
    if let Ok(section) = std::fs::read_to_string(&deploy) {
        report.push('\n');
        report.push_str(&section);
    }
    // and the Ask AI figures from `just bench-askai`
    if let Ok(section) = std::fs::read_to_string(path.with_file_name("bench-askai.md")) {
        report.push('\n');
        report.push_str(&section);
    }
    std::fs::write(&path, report).unwrap();
    println!("wrote {}", path.display());
}
