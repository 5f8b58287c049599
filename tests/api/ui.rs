//! The web UI: served by the query service at `/` (also in the all-in-one binary), its proxy to
//! the other services, and browser walks in headless Chromium (Debian's `chromium`, driven by
//! Playwright's core package from `tests/ui/walk.mjs`) against the real Home Assistant:
//! approve and deploy a suggestion, ask Ask AI and deploy its answer, watch a training job's
//! chart advance and pause and resume it. Each walk saves screenshots in the folder it prints
//! (`target/ui-screenshots` by default, `HOMEAI_UI_SCREENSHOTS` to choose).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::*;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn screenshots() -> PathBuf {
    std::env::var_os("HOMEAI_UI_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/ui-screenshots"))
}

/// Runs one walk of `tests/ui/walk.mjs` against the query service at `query_url`; panics with
/// its output when it fails.
fn browser_walk(walk: &str, query_url: &str, extra: &[(&str, String)]) {
    let dir = repo_root().join("tests/ui");
    assert!(
        dir.join("node_modules/playwright-core").exists(),
        "tests/ui/node_modules is missing: run scripts/ensure-tools.sh (npm ci in tests/ui)"
    );
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "{chromium} is missing: run scripts/ensure-tools.sh (apt-get install chromium)"
    );
    let shots = screenshots();
    println!("screenshots of the {walk} walk: {}", shots.display());
    let mut cmd = Command::new("node");
    cmd.current_dir(&dir)
        .arg("walk.mjs")
        .arg(walk)
        .env("HOMEAI_UI_URL", query_url)
        .env("HOMEAI_UI_TOKEN", TOKEN)
        .env("HOMEAI_UI_SCREENSHOTS", &shots)
        .env("CHROMIUM", &chromium);
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("node runs (apt-get install nodejs)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
    assert!(out.status.success(), "the {walk} walk failed:\n{text}");
}

/// The query service, pointed at the other services under test and at the real HA (whose
/// `time_zone` the page shows its times in).
fn query_for(dir: &Arc<tempfile::TempDir>, peers: &[(&str, &TestService)]) -> TestService {
    let mut env: Vec<(String, String)> = peers
        .iter()
        .map(|(name, s)| {
            (
                format!("HOMEAI_{}_URL", name.to_uppercase()),
                s.url("").trim_end_matches('/').to_owned(),
            )
        })
        .collect();
    env.extend(ha_env());
    spawn_service_in("query", dir, &env)
}

/// A browser time zone 14 hours ahead of UTC, far from any test home's: a time the page shows
/// on the browser's clock instead of the home's cannot look right by chance.
const FAR_BROWSER_ZONE: &str = "Pacific/Kiritimati";

/// Removes what a test deployed from the shared Home Assistant.
async fn remove_deployed(automation: &TestService) {
    let list = get_json(automation.url("/api/deploy/automations")).await;
    for a in list["automations"].as_array().into_iter().flatten() {
        let _ = client()
            .delete(automation.url(&format!("/api/deploy/automations/{}", a["id"])))
            .bearer_auth(TOKEN)
            .send()
            .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ui_and_its_proxy_are_served_by_the_all_in_one_binary() {
    let dir = tempfile::tempdir().unwrap();
    let mut env = base_env(&dir.path().join("homeai.db"));
    env.push(("HOMEAI_MQTT__EMBEDDED_PORT".into(), "0".into()));
    let mut up = Proc::spawn("homeai", &["up"], &env);
    let base = format!("http://127.0.0.1:{}", up.port_of("query"));
    let c = client();

    let home = c.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(home.status(), 200);
    assert!(
        home.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = home.text().await.unwrap();
    assert!(html.contains("<h1>Suggestions</h1>"), "{html}");
    assert!(
        html.contains("HOMEAI_API_TOKEN"),
        "the page says where the token is"
    );
    for page in [
        "/ui/ask",
        "/ui/patterns",
        "/ui/automations",
        "/ui/training",
        "/ui/health",
    ] {
        let res = c.get(format!("{base}{page}")).send().await.unwrap();
        assert_eq!(res.status(), 200, "{page}");
    }
    let chart = c
        .get(format!("{base}/ui/assets/vendor/uPlot.iife.min.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(chart.status(), 200);
    assert!(chart.text().await.unwrap().contains("uPlot"));

    // the proxy: reads without a token, each service by name
    for service in SERVICES {
        let health = get_json(format!("{base}/ui/api/{service}/health")).await;
        assert_eq!(health["service"], service, "{health}");
    }
    let unknown = c
        .get(format!("{base}/ui/api/nowhere/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    // a mutating call needs the token, which passes through to the service
    let render = json!({"yaml": "triggers:\n  - trigger: state\n    entity_id: light.x\n    to: \"on\"\nactions:\n  - action: light.turn_off\n    target:\n      entity_id: light.x\n", "dialect": "modern"});
    let refused = c
        .post(format!(
            "{base}/ui/api/automation/api/v1/automations/render"
        ))
        .json(&render)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    let rendered = c
        .post(format!(
            "{base}/ui/api/automation/api/v1/automations/render"
        ))
        .bearer_auth(TOKEN)
        .json(&render)
        .send()
        .await
        .unwrap();
    assert_eq!(rendered.status(), 200);
    let rendered: Value = rendered.json().await.unwrap();
    assert_eq!(rendered["dialect"], "modern", "{rendered}");
    // a service's error comes back as it was
    let bad = c
        .get(format!(
            "{base}/ui/api/automation/api/suggestions/list?status=nonsense"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    // the suggestions view: without Home Assistant, no deployments (and it says why)
    let view = get_json(format!("{base}/ui/views/suggestions")).await;
    assert_eq!(view["total"], 0, "{view}");
    assert!(view["deployments_error"].is_string(), "{view}");
    assert!(up.terminate().success());
}

/// Drafts from the real analysis of a synthetic home; (pattern service, the draft "turn the
/// coffee maker off when it was left on", another draft's id). That one rather than the hallway
/// motion light the deploy tests use: while an automation is in the shared HA, no test's
/// drafting suggests it again, and this one never fires during a test.
async fn drafted(
    dir: &Arc<tempfile::TempDir>,
    automation: &TestService,
) -> (TestService, i64, i64) {
    let pattern = pattern_with_synthetic_home(dir, &automation.url(""), 45, &[]).await;
    let list = eventually(Duration::from_secs(90), "suggestions drafted", || async {
        let page = get_json(automation.url("/api/suggestions/list?limit=100")).await;
        (page["total"].as_u64()? >= 5).then_some(page)
    })
    .await;
    let items = list["items"].as_array().unwrap();
    let left_on = items
        .iter()
        .find(|s| {
            let a = &s["automation"];
            a["triggers"][0]["trigger"] == "state"
                && a["triggers"][0]["entity_id"] == "switch.coffee_maker"
                && a["actions"][0]["action"] == "switch.turn_off"
        })
        .unwrap_or_else(|| panic!("no 'coffee maker left on' suggestion in {list}"));
    let id = left_on["id"].as_i64().unwrap();
    let other = items
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .find(|other| *other != id)
        .unwrap();
    (pattern, id, other)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_the_browser_a_suggestion_is_approved_and_deployed_into_the_real_ha_and_every_page_shows_its_data()
 {
    let prefix = test_prefix("ui");
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let automation = spawn_service_in("automation", &dir, &automation_env(&prefix));
    let (pattern, id, other) = drafted(&dir, &automation).await;
    let training = spawn_service_in("training", &dir, &[]);
    let query = query_for(
        &dir,
        &[
            ("automation", &automation),
            ("pattern", &pattern),
            ("training", &training),
        ],
    );
    let url = query.url("");
    let home_zone = ha_get("/api/config").await["time_zone"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(home_zone, FAR_BROWSER_ZONE);
    let walk = tokio::task::spawn_blocking(move || {
        browser_walk(
            "suggestions",
            &url,
            &[
                ("HOMEAI_UI_SUGGESTION", id.to_string()),
                ("HOMEAI_UI_REJECT", other.to_string()),
            ],
        );
        browser_walk(
            "pages",
            &url,
            &[
                ("HOMEAI_UI_BROWSER_TZ", FAR_BROWSER_ZONE.to_owned()),
                ("HOMEAI_UI_HOME_TZ", home_zone),
            ],
        );
    })
    .await;
    // what the browser did is what the services hold
    let deployed = get_json(automation.url(&format!("/api/suggestions/{id}"))).await;
    let rejected = get_json(automation.url(&format!("/api/suggestions/{other}"))).await;
    remove_deployed(&automation).await;
    walk.unwrap();
    assert_eq!(deployed["status"], "deployed", "{deployed}");
    assert_eq!(rejected["status"], "rejected", "{rejected}");
    assert_eq!(
        rejected["rejection_reason"], "not in this house",
        "{rejected}"
    );
}

/// Ask AI's page: needs the Ask AI endpoints of the query service (`POST /api/v1/ask-ai/query`,
/// `/clarify`) and the registries of the real HA, copied by a pattern service that follows it.
/// The living room, whose motion sensor no other test moves (an automation in the shared HA
/// also keeps every test's drafting from suggesting it again, so not the hallway's).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_the_browser_ask_ai_answers_a_clarification_and_its_automation_is_deployed() {
    let prefix = test_prefix("uiask");
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let automation = spawn_service_in("automation", &dir, &automation_env(&prefix));
    let pattern = spawn_service_in("pattern", &dir, &ha_env());
    eventually(
        Duration::from_secs(60),
        "HA's registries copied",
        || async {
            let lights = get_json(pattern.url("/api/v1/entities?domain=light")).await;
            (lights["total"].as_u64()? > 1).then_some(())
        },
    )
    .await;
    let query = query_for(&dir, &[("automation", &automation), ("pattern", &pattern)]);
    let url = query.url("");
    let walk = tokio::task::spawn_blocking(move || {
        browser_walk(
            "ask",
            &url,
            &[
                (
                    "HOMEAI_UI_QUESTION",
                    "When motion is detected in the living room after 8.30pm turn on the light"
                        .into(),
                ),
                ("HOMEAI_UI_OPTION", "Living Room Ceiling".into()),
            ],
        );
    })
    .await;
    let list = get_json(automation.url("/api/deploy/automations")).await;
    remove_deployed(&automation).await;
    walk.unwrap();
    assert_eq!(list["total"], 1, "{list}");
}

/// The training page: needs the training service's job runner, metrics and WebSocket.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_the_browser_a_training_jobs_chart_advances_and_it_is_paused_and_resumed() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let training = spawn_service_in("training", &dir, &[]);
    let job: Value = client()
        .post(training.url("/api/v1/training/jobs"))
        .bearer_auth(TOKEN)
        .json(&json!({
            "model_type": "synergy",
            "config": {"epochs": 60, "homes": 10, "days": 3, "patience": 100, "throttle_ms": 700},
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = job["id"].as_i64().unwrap_or_else(|| panic!("{job}"));
    let query = query_for(&dir, &[("training", &training)]);
    let url = query.url("");
    tokio::task::spawn_blocking(move || {
        browser_walk("training", &url, &[("HOMEAI_UI_JOB", id.to_string())]);
    })
    .await
    .unwrap();
}
