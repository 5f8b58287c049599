//! Ask AI over HTTP with a request written as a markdown spec: a home-assistant-datasets
//! task's DESCRIPTION.md posted as the query is answered `kind: "blueprint"` with the
//! blueprint as JSON and as YAML (which parses, tags aside, and holds the task's inputs), and
//! the stored query gives the same blueprint back as its suggestion.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::helpers::*;

fn spec(task: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/askai/tests/data/hadatasets")
        .join(task)
        .join("DESCRIPTION.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_markdown_spec_asking_for_a_blueprint_is_answered_with_one() {
    let svc = spawn_service("query");
    let (status, body) = post_token(
        svc.url("/api/v1/ask-ai/query"),
        json!({ "query": spec("vacuum_pause") }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["kind"], "blueprint", "{body}");
    assert_eq!(body["clarification_needed"], false, "{body}");
    let yaml = body["blueprint_yaml"].as_str().unwrap();
    let doc: Value = serde_saphyr::from_str(yaml).unwrap_or_else(|e| panic!("{e}: {yaml}"));
    for key in ["phone_call_sensor", "vacuum_entity"] {
        assert!(
            doc["blueprint"]["input"].get(key).is_some(),
            "{key}: {yaml}"
        );
        assert!(
            body["blueprint"]["blueprint"]["input"].get(key).is_some(),
            "{key}: {body}"
        );
    }
    assert!(
        yaml.contains("vacuum.pause") && yaml.contains("cleaning"),
        "{yaml}"
    );
    // no Home Assistant configured here: the modern dialect, and it says so
    assert_eq!(body["dialect"], "modern", "{body}");
    assert!(yaml.contains("triggers:"), "{yaml}");
    assert!(
        body["readings"].as_array().is_some_and(|r| !r.is_empty()),
        "{body}"
    );
    assert!(body["confidence"].as_f64().unwrap() > 0.5, "{body}");

    // the stored query gives the blueprint back as its suggestion
    let qid = body["query_id"].as_str().unwrap();
    let again = get_json(svc.url(&format!("/api/v1/ask-ai/query/{qid}/suggestions"))).await;
    let first = &again["suggestions"][0];
    assert_eq!(first["kind"], "blueprint", "{again}");
    assert_eq!(first["blueprint_yaml"], body["blueprint_yaml"], "{again}");

    // the humidity spec's contradicting sentence is named as overruled
    let (status, body) = post_token(
        svc.url("/api/v1/ask-ai/query"),
        json!({ "query": spec("humidity_fan") }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["kind"], "blueprint", "{body}");
    let overruled = body["overruled"].as_array().unwrap();
    assert_eq!(overruled.len(), 1, "{body}");
    assert!(
        overruled[0]["sentence"]
            .as_str()
            .unwrap()
            .contains("turned off"),
        "{body}"
    );
}
