use std::time::Duration;

use crate::helpers::*;

#[tokio::test]
async fn a_misspelt_setting_stops_the_service_at_start_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut env = base_env(&dir.path().join("homeai.db"));
    env.push(("HOMEAI_QEURY_PORT".into(), "8018".into()));
    let mut proc = Proc::spawn("homeai-query", &[], &env);
    let status = proc.wait_exit(Duration::from_secs(20));
    assert!(!status.success());
    assert!(
        proc.log_text().contains("HOMEAI_QEURY_PORT"),
        "{}",
        proc.log_text()
    );
}

#[tokio::test]
async fn a_pool_larger_than_the_cap_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut env = base_env(&dir.path().join("homeai.db"));
    env.push(("HOMEAI_DATABASE__POOL_SIZE".into(), "21".into()));
    let mut proc = Proc::spawn("homeai-pattern", &[], &env);
    assert!(!proc.wait_exit(Duration::from_secs(20)).success());
    assert!(proc.log_text().contains("pool_size"), "{}", proc.log_text());
}

#[tokio::test]
async fn the_ha_token_is_never_logged_or_served() {
    let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let secret = "ha-secret-token-do-not-leak-4242";
    let svc = spawn_service_in(
        "query",
        &dir,
        &[
            ("HOMEAI_HA_URL".into(), "http://127.0.0.1:8123".into()),
            ("HOMEAI_HA_TOKEN".into(), secret.into()),
        ],
    );
    let client = client();
    for path in [
        "/health",
        "/health/ready",
        "/metrics",
        "/api/v1/services",
        "/api/v1/ask-ai/aliases",
    ] {
        let body = client
            .get(svc.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!body.contains(secret), "{path} leaked the token");
    }
    assert!(!svc.proc.log_text().contains(secret));
}

/// Starts `homeai-<service>` with `extra` environment and returns its exit status and output.
fn start_failing(service: &str, extra: &[(&str, String)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut env = base_env(&dir.path().join("homeai.db"));
    for (k, v) in extra {
        env.retain(|(name, _)| name != k);
        env.push(((*k).to_owned(), v.clone()));
    }
    let mut proc = Proc::spawn(&format!("homeai-{service}"), &[], &env);
    let status = proc.wait_exit(Duration::from_secs(20));
    assert!(
        !status.success(),
        "{service} started although it should not:\n{}",
        proc.log_text()
    );
    proc.log_text()
}

#[test]
fn a_missing_ha_token_file_is_named_at_start() {
    let out = start_failing(
        "pattern",
        &[
            ("HOMEAI_HA_URL", "http://127.0.0.1:8123".into()),
            ("HOMEAI_HA_TOKEN_FILE", "/nonexistent/ha-token".into()),
        ],
    );
    assert!(out.contains("/nonexistent/ha-token"), "{out}");
}

#[test]
fn an_unwritable_data_directory_is_named_at_start() {
    // /proc/1 exists but nobody, root included, can create a file in it
    let out = start_failing(
        "automation",
        &[("HOMEAI_DATABASE", "/proc/1/homeai.db".into())],
    );
    assert!(
        out.contains("/proc/1") && out.contains("not writable"),
        "{out}"
    );
}

#[test]
fn a_port_in_use_is_named_at_start() {
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = start_failing("training", &[("HOMEAI_TRAINING_PORT", port.to_string())]);
    assert!(
        out.contains(&format!("127.0.0.1:{port}")) && out.contains("another program"),
        "{out}"
    );
}
