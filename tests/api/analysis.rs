//! The analysis end to end: events in the database → analysis → a message on the real broker →
//! patterns served over HTTP (and `homeai analyze` on the command line).

use std::sync::Arc;
use std::time::Duration;

use homeai_synth::{HomeSpec, generate};
use serde_json::{Value, json};

use crate::helpers::*;

fn analysis_env(spec: &HomeSpec) -> Vec<(String, String)> {
    vec![
        (
            "HOMEAI_ANALYSIS__TIME_ZONE".into(),
            spec.time_zone.name().into(),
        ),
        (
            "HOMEAI_ANALYSIS__LATITUDE".into(),
            spec.latitude.to_string(),
        ),
        (
            "HOMEAI_ANALYSIS__LONGITUDE".into(),
            spec.longitude.to_string(),
        ),
    ]
}

async fn load_home(svc: &TestService, spec: &HomeSpec) -> usize {
    let home = generate(spec);
    let client = client();
    for chunk in home.events.chunks(10_000) {
        let res = client
            .post(svc.url("/api/v1/events"))
            .bearer_auth(TOKEN)
            .json(&json!({ "events": chunk }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    }
    home.events.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analysis_finds_the_habits_announces_itself_and_serves_them() {
    let broker = Mosquitto::start();
    let spec = HomeSpec {
        days: 60,
        ..HomeSpec::with_seed(21)
    };
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut env = analysis_env(&spec);
    env.push(("HOMEAI_MQTT_URL".into(), broker.url()));
    let svc = spawn_service_in("pattern", &dir, &env);
    let loaded = load_home(&svc, &spec).await;

    let mut options =
        rumqttc::MqttOptions::new(format!("test-{}", free_port()), "127.0.0.1", broker.port);
    options.set_keep_alive(Duration::from_secs(5));
    let (listener, mut eventloop) = rumqttc::AsyncClient::new(options, 10);
    listener
        .subscribe(
            "homeai/pattern/analysis/complete",
            rumqttc::QoS::AtLeastOnce,
        )
        .await
        .unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok(event) = eventloop.poll().await {
            match event {
                rumqttc::Event::Incoming(rumqttc::Packet::SubAck(_)) => {
                    let _ = tx.send(None);
                }
                rumqttc::Event::Incoming(rumqttc::Packet::Publish(p)) => {
                    let _ = tx.send(Some(serde_json::from_slice::<Value>(&p.payload).unwrap()));
                }
                _ => {}
            }
        }
    });
    assert!(rx.recv().await.unwrap().is_none(), "subscribed first");

    let client = client();
    let unauthorised = client
        .post(svc.url("/api/analysis/trigger"))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorised.status(), 401);
    let started = client
        .post(svc.url("/api/analysis/trigger"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 202);

    let message = tokio::time::timeout(Duration::from_secs(120), rx.recv())
        .await
        .expect("announced")
        .unwrap()
        .unwrap();
    assert_eq!(message["status"], "completed", "{message}");
    assert_eq!(message["events_analysed"], loaded);
    assert!(
        message["patterns_detected"].as_u64().unwrap() >= 6,
        "{message}"
    );

    let page = get_json(svc.url("/api/v1/patterns/list?limit=100")).await;
    let items = page["items"].as_array().unwrap();
    let has = |kind: &str, entity: &str| {
        items.iter().any(|p| {
            p["kind"] == kind
                && p["entities"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| e == entity)
        })
    };
    assert!(has("time_of_day", "switch.coffee_maker"), "{page}");
    assert!(has("sequence", "light.hallway_light"), "{page}");
    assert!(has("sun_relative", "light.living_room_lamp"), "{page}");
    assert!(has("seasonal", "climate.living_room"), "{page}");
    assert!(
        !items.iter().any(|p| p["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e == "light.porch")),
        "automations are never habits"
    );

    let coffee = items
        .iter()
        .find(|p| {
            p["kind"] == "time_of_day"
                && p["entities"][0] == "switch.coffee_maker"
                && p["params"]["state"] == "on"
        })
        .unwrap();
    let minute = coffee["params"]["minute"].as_f64().unwrap();
    assert!((minute - 410.0).abs() < 10.0, "06:50 local: {coffee}");
    assert!(coffee["evidence"].as_array().unwrap().len() >= 3);
    let one = get_json(svc.url(&format!("/api/v1/patterns/{}", coffee["id"]))).await;
    assert_eq!(one["key"], coffee["key"]);

    let filtered = get_json(svc.url("/api/v1/patterns/list?pattern_type=sun_relative")).await;
    assert!(
        filtered["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["kind"] == "sun_relative")
    );
    let stats = get_json(svc.url("/api/v1/patterns/stats")).await;
    assert_eq!(stats["total"], page["total"]);
    let status = get_json(svc.url("/api/analysis/status")).await;
    assert_eq!(status["running"], false);
    assert!(status["phase"].is_null(), "{status}");
    assert_eq!(status["last_run"]["status"], "completed");

    for bad in [
        "pattern_type=bogus",
        "min_confidence=2",
        "sort=colour",
        "limit=0",
        "colour=red",
    ] {
        let res = client
            .get(svc.url(&format!("/api/v1/patterns/list?{bad}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{bad}");
    }
    assert_eq!(
        client
            .get(svc.url("/api/v1/patterns/999999"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    // the pairs worth automating, from the same analysis
    assert!(
        message["synergies_detected"].as_u64().unwrap() >= 1,
        "{message}"
    );
    let pairs = get_json(svc.url("/api/v1/synergies/list")).await;
    let motion = pairs["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["relationship"] == "motion_lighting")
        .unwrap_or_else(|| panic!("{pairs}"));
    assert_eq!(motion["trigger_entity"], "binary_sensor.hallway_motion");
    assert_eq!(motion["action_entity"], "light.hallway_light");
    assert_eq!(
        get_json(svc.url(&format!("/api/v1/synergies/{}", motion["id"]))).await["key"],
        motion["key"]
    );
    let synergy_stats = get_json(svc.url("/api/v1/synergies/statistics")).await;
    assert_eq!(synergy_stats["total"], pairs["total"]);
    assert_eq!(
        client
            .get(svc.url("/api/v1/synergies/list?synergy_type=magic"))
            .send()
            .await
            .unwrap()
            .status(),
        400
    );

    // pair statistics on demand, through the correlation cache
    let url = svc.url(
        "/api/v1/correlations/binary_sensor.hallway_motion/light.hallway_light?within_seconds=30",
    );
    let first = get_json(&url).await;
    assert_eq!(first["cached"], false, "{first}");
    assert!(first["stats"]["lift"].as_f64().unwrap() > 10.0, "{first}");
    // any change of the sensor counts (on and off): about half are followed by the light
    assert!(first["stats"]["support"].as_u64().unwrap() > 300, "{first}");
    assert!(
        first["stats"]["median_delay_s"].as_f64().unwrap() < 20.0,
        "{first}"
    );
    let second = get_json(&url).await;
    assert_eq!(second["cached"], true);
    assert_eq!(second["stats"], first["stats"]);
    let cache = get_json(svc.url("/api/v1/cache/stats")).await;
    assert!(cache["memory_hits"].as_u64().unwrap() >= 1, "{cache}");
    let metrics = client
        .get(svc.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics
            .lines()
            .any(|l| l.starts_with("homeai_correlation_cache_hits") && !l.ends_with(" 0")),
        "{metrics}"
    );
    let bad = client
        .get(svc.url("/api/v1/correlations/Hallway/light.x"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);

    // a second analysis over the same events updates the same patterns, it does not add new ones
    let again = client
        .post(svc.url("/api/analysis/trigger"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 202);
    tokio::time::timeout(Duration::from_secs(120), rx.recv())
        .await
        .expect("announced again");
    let after = get_json(svc.url("/api/v1/patterns/list?limit=100&include_inactive=true")).await;
    assert_eq!(after["total"], page["total"]);
    let history = get_json(svc.url("/api/analysis/history")).await;
    assert_eq!(history["runs"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn homeai_analyze_summarises_one_analysis() {
    let spec = HomeSpec {
        days: 45,
        ..HomeSpec::with_seed(22)
    };
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let svc = spawn_service_in("pattern", &dir, &analysis_env(&spec));
    load_home(&svc, &spec).await;
    let mut env = base_env(&dir.path().join("homeai.db"));
    env.extend(analysis_env(&spec));
    let mut cli = Proc::spawn("homeai", &["analyze"], &env);
    assert!(
        cli.wait_exit(Duration::from_secs(120)).success(),
        "{}",
        cli.log_text()
    );
    let out = cli.log_text();
    assert!(out.contains("analysis completed"), "{out}");
    assert!(out.contains("time_of_day:"), "{out}");
}

#[tokio::test]
async fn the_scheduled_analysis_runs_on_its_cron_and_skips_when_nothing_is_new() {
    let spec = HomeSpec {
        days: 30,
        ..HomeSpec::with_seed(23)
    };
    let dir = Arc::new(tempfile::tempdir().unwrap());
    // the events first (a run in the middle of the load would rightly be followed by another)
    let mut loader = spawn_service_in("pattern", &dir, &analysis_env(&spec));
    load_home(&loader, &spec).await;
    assert!(loader.proc.terminate().success());
    let mut env = analysis_env(&spec);
    env.push(("HOMEAI_ANALYSIS__SCHEDULE".into(), "*/2 * * * * *".into()));
    let svc = spawn_service_in("pattern", &dir, &env);
    let first = eventually(Duration::from_secs(30), "a scheduled run", || async {
        let history = get_json(svc.url("/api/analysis/history")).await;
        let runs = history["runs"].as_array()?.clone();
        runs.iter()
            .any(|r| r["trigger"] == "scheduled" && r["status"] == "completed")
            .then_some(runs.len())
    })
    .await;
    // nothing new arrives: the next ticks are skipped
    tokio::time::sleep(Duration::from_secs(5)).await;
    let history = get_json(svc.url("/api/analysis/history")).await;
    assert_eq!(
        history["runs"].as_array().unwrap().len(),
        first,
        "{history}"
    );
}

#[test]
fn a_bad_schedule_stops_the_service_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut env = base_env(&dir.path().join("homeai.db"));
    env.push(("HOMEAI_ANALYSIS__SCHEDULE".into(), "at three".into()));
    let mut proc = Proc::spawn("homeai-pattern", &[], &env);
    assert!(!proc.wait_exit(Duration::from_secs(20)).success());
    assert!(
        proc.log_text().contains("analysis.schedule"),
        "{}",
        proc.log_text()
    );
}
