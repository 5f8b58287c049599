//! Ask AI latency on a 300-entity home: the development requests through the local engine in
//! process, and through POST /api/v1/ask-ai/query of the release query service (request,
//! engine, storing the query row). P50/P95/P99; goal P95 ≤ 10 ms. Results go to
//! docs/bench-askai.md, which `just bench` folds into docs/benchmarks.md.
//!
//!   just bench-askai   # builds the release binaries, then runs this
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../api/helpers.rs"]
#[allow(dead_code)]
mod helpers;

use std::path::PathBuf;
use std::time::Instant;

use helpers::*;
use homeai_askai::{Engine, Home};
use serde_json::{Value, json};

const ROUNDS: usize = 20;

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

fn askai_dir() -> PathBuf {
    PathBuf::from(
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .ancestors()
    .map(|a| a.join("shared/data/askai"))
    .find(|p| p.join("dev.jsonl").exists())
    .expect("shared/data/askai")
}

/// The development home grown to 300 entities: more rooms, each with the usual things.
fn home_300(base: &Value) -> Value {
    let mut home = base.clone();
    let rooms = [
        "Guest Room",
        "Attic",
        "Basement",
        "Laundry",
        "Pantry",
        "Library",
        "Gym",
        "Playroom",
        "Studio",
        "Workshop",
        "Cellar",
        "Porch Room",
        "Sunroom",
        "Den",
        "Loft",
        "Nursery Two",
        "Music Room",
        "Games Room",
        "Utility",
        "Boot Room",
        "Spare Room",
        "Landing",
        "Shed",
        "Greenhouse",
        "Annex",
        "Terrace",
    ];
    let kinds: [(&str, &str, Option<&str>); 9] = [
        ("light", "Ceiling Light", None),
        ("light", "Lamp", None),
        ("binary_sensor", "Motion", Some("motion")),
        ("binary_sensor", "Window", Some("window")),
        ("sensor", "Temperature", Some("temperature")),
        ("sensor", "Humidity", Some("humidity")),
        ("cover", "Blinds", Some("blind")),
        ("switch", "Plug", Some("outlet")),
        ("media_player", "Speaker", Some("speaker")),
    ];
    let entities = home["entities"].as_array_mut().unwrap();
    let areas_len = base["areas"].as_array().unwrap().len();
    let mut areas = Vec::new();
    'outer: for room in rooms {
        let id = room.to_lowercase().replace(' ', "_");
        areas.push(json!({"area_id": id, "name": room, "aliases": []}));
        for (domain, kind, class) in kinds {
            if entities.len() >= 300 {
                break 'outer;
            }
            let object = format!("{id}_{}", kind.to_lowercase().replace(' ', "_"));
            let mut e = json!({"entity_id": format!("{domain}.{object}"), "name": format!("{room} {kind}"),
                               "area_id": id, "domain": domain, "aliases": []});
            if let Some(c) = class {
                e["device_class"] = json!(c);
            }
            entities.push(e);
        }
    }
    let n = entities.len();
    home["areas"].as_array_mut().unwrap().extend(areas);
    assert_eq!(n, 300, "{areas_len} areas at first");
    home
}

fn main() {
    let dir = askai_dir();
    let base: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("home.json")).unwrap()).unwrap();
    let big = home_300(&base);
    let queries: Vec<String> = std::fs::read_to_string(dir.join("dev.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["query"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();

    // in process: the engine alone
    let started = Instant::now();
    let engine = Engine::new(serde_json::from_value::<Home>(big.clone()).unwrap());
    let build_ms = started.elapsed().as_secs_f64() * 1000.0;
    for q in &queries {
        let _ = engine.ask(q);
    }
    let mut local = Vec::new();
    for _ in 0..ROUNDS {
        for q in &queries {
            let t = Instant::now();
            let _ = engine.ask(q);
            local.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let (l50, l95, l99) = (
        percentile(local.clone(), 0.5),
        percentile(local.clone(), 0.95),
        percentile(local.clone(), 0.99),
    );
    println!(
        "engine: p50 {l50:.3} ms, p95 {l95:.3} ms, p99 {l99:.3} ms ({} asks), index built in {build_ms:.2} ms",
        local.len()
    );

    // over HTTP: the release query service with the 300-entity home as its snapshot file
    let tmp = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let home_file = tmp.path().join("home-300.json");
    std::fs::write(&home_file, big.to_string()).unwrap();
    let svc = spawn_service_in(
        "query",
        &tmp,
        &[(
            "HOMEAI_ASKAI__HOME_FILE".to_owned(),
            home_file.display().to_string(),
        )],
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let http = rt.block_on(async {
        let client = client();
        let mut out = Vec::new();
        for round in 0..=ROUNDS / 4 {
            for q in &queries {
                let t = Instant::now();
                let res = client
                    .post(svc.url("/api/v1/ask-ai/query"))
                    .bearer_auth(TOKEN)
                    .json(&json!({ "query": q }))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 201);
                let _: Value = res.json().await.unwrap();
                if round > 0 {
                    out.push(t.elapsed().as_secs_f64() * 1000.0);
                }
            }
        }
        out
    });
    let (h50, h95, h99) = (
        percentile(http.clone(), 0.5),
        percentile(http.clone(), 0.95),
        percentile(http.clone(), 0.99),
    );
    println!(
        "http: p50 {h50:.3} ms, p95 {h95:.3} ms, p99 {h99:.3} ms ({} requests)",
        http.len()
    );

    let now = helpers::bench_date();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let report = format!(
        "## Ask AI latency (300-entity home)\n\n\
         Measured {now} on this machine ({cores} cores), release build, by `just bench-askai` \
         (`tests/benches/askai.rs`). The home is shared/data/askai/home.json grown to 300 entities \
         (25 more rooms, each with lights, motion, window, temperature, humidity, blinds, plug, \
         speaker); the requests are the 70 of the development set. Goal: P95 ≤ 10 ms.\n\n\
         | path | requests | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|\n\
         | local engine in process (`Engine::ask`), {ROUNDS} rounds after a warm-up | {} | {l50:.3} | {l95:.3} | {l99:.3} |\n\
         | POST /api/v1/ask-ai/query (HTTP, engine, extraction, the query row stored), {} rounds after a warm-up | {} | {h50:.3} | {h95:.3} | {h99:.3} |\n\n\
         Building the engine's index for the 300 entities: {build_ms:.2} ms (the service rebuilds it at most every 30 s).\n",
        local.len(),
        ROUNDS / 4,
        http.len(),
    );
    let path = PathBuf::from(
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned()),
    )
    .parent()
    .unwrap()
    .join("docs/bench-askai.md");
    std::fs::write(&path, &report).unwrap();
    println!("wrote {}", path.display());
}
