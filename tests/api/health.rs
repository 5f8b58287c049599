use std::time::Duration;

use serde_json::Value;

use crate::helpers::*;

async fn assert_health_endpoints(base: &str, service: &str) {
    let client = client();
    let health: Value = get_json(format!("{base}/health")).await;
    assert_eq!(health["status"], "ok");
    assert_eq!(health["service"], service);

    let ready = client
        .get(format!("{base}/health/ready"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200, "{service} not ready");
    let ready: Value = ready.json().await.unwrap();
    assert_eq!(ready["checks"]["database"]["ok"], true);

    let metrics = client.get(format!("{base}/metrics")).send().await.unwrap();
    assert_eq!(metrics.status(), 200);
    assert!(
        metrics.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = metrics.text().await.unwrap();
    // the requests above were counted, labelled with this service and their route
    assert!(
        text.lines()
            .any(|l| l.starts_with("homeai_http_requests_total")
                && l.contains(&format!("service=\"{service}\""))
                && l.contains("route=\"/health\"")
                && l.contains("status=\"200\"")),
        "no request counter for /health in:\n{text}"
    );
    assert!(text.contains("homeai_db_pool_connections"), "{text}");
}

#[tokio::test]
async fn the_query_binary_serves_health_ready_and_metrics() {
    let svc = spawn_service("query");
    assert_health_endpoints(&svc.url(""), "query").await;
}

#[tokio::test]
async fn the_pattern_binary_serves_health_ready_and_metrics() {
    let svc = spawn_service("pattern");
    assert_health_endpoints(&svc.url(""), "pattern").await;
}

#[tokio::test]
async fn the_automation_binary_serves_health_ready_and_metrics() {
    let svc = spawn_service("automation");
    assert_health_endpoints(&svc.url(""), "automation").await;
}

#[tokio::test]
async fn the_training_binary_serves_health_ready_and_metrics() {
    let svc = spawn_service("training");
    assert_health_endpoints(&svc.url(""), "training").await;
}

#[tokio::test]
async fn the_all_in_one_binary_runs_all_four_with_its_embedded_broker() {
    let dir = tempfile::tempdir().unwrap();
    let mut env = base_env(&dir.path().join("homeai.db"));
    env.push(("HOMEAI_MQTT__EMBEDDED_PORT".into(), "0".into()));
    let mut up = Proc::spawn("homeai", &["up"], &env);
    let client = client();
    for service in SERVICES {
        let base = format!("http://127.0.0.1:{}", up.port_of(service));
        assert_health_endpoints(&base, service).await;
        // each service is connected to the embedded broker (MQTT configured, so ready needs it)
        eventually(Duration::from_secs(10), "mqtt connected", || async {
            let ready: Value = client
                .get(format!("{base}/health/ready"))
                .send()
                .await
                .ok()?
                .json()
                .await
                .ok()?;
            (ready["checks"]["mqtt"]["configured"] == true && ready["checks"]["mqtt"]["ok"] == true)
                .then_some(())
        })
        .await;
    }
    let status = up.terminate();
    assert!(
        status.success(),
        "homeai up exited with {status} on SIGTERM"
    );
}

#[tokio::test]
async fn a_lone_service_without_a_broker_is_ready_without_mqtt() {
    let svc = spawn_service("pattern");
    let ready: Value = client()
        .get(svc.url("/health/ready"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["checks"]["mqtt"]["configured"], false);
}

#[tokio::test]
async fn a_service_stops_cleanly_on_sigterm() {
    let mut svc = spawn_service("training");
    let status = svc.proc.terminate();
    assert!(status.success(), "exit status {status}");
    assert!(
        svc.proc.log_text().contains("\"stopped\""),
        "{}",
        svc.proc.log_text()
    );
}
