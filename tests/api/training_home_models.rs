//! Across two services: the training service trains the home-type classifier and the usage
//! forecaster through its API; the pattern service loads each active version over MQTT without
//! a restart and serves the home's type (and the thresholds it sets) and the hours that deviate
//! from the forecast, for a synthetic home whose type and planted anomalies are known.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{Duration as Days, TimeZone};
use homeai_synth::{HouseholdSpec, HouseholdType, household};
use serde_json::{Value, json};

use crate::helpers::*;

/// Trains through the API and returns the registered version's metrics.
async fn train(training: &TestService, model_type: &str, config: Value) -> Value {
    let (status, job) = post_token(
        training.url("/api/v1/training/jobs"),
        json!({"model_type": model_type, "config": config}),
    )
    .await;
    assert_eq!(status, 201, "{job}");
    let id = job["id"].as_i64().unwrap();
    eventually(Duration::from_secs(90), "training to complete", || async {
        let j = get_json(training.url(&format!("/api/v1/training/jobs/{id}"))).await;
        assert_ne!(j["status"], "failed", "{j}");
        (j["status"] == "completed").then_some(j)
    })
    .await;
    // per-epoch metrics were reported on the way
    let per_epoch = get_json(training.url(&format!("/api/v1/training/jobs/{id}/metrics"))).await;
    assert!(
        per_epoch.to_string().contains("validation.loss"),
        "{per_epoch}"
    );
    let versions =
        get_json(training.url(&format!("/api/v1/training/models?model_type={model_type}"))).await;
    versions["items"][0]["metrics"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pattern_service_serves_a_synthetic_homes_type_and_planted_anomalies_from_trained_models()
 {
    let broker = Mosquitto::start();
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut spec = HouseholdSpec::new(77, HouseholdType::ShiftWorker, 21);
    spec.anomalies = vec![(15, 3), (17, 11), (19, 2)];
    let mqtt = ("HOMEAI_MQTT_URL".to_owned(), broker.url());
    let pattern = spawn_service_in(
        "pattern",
        &dir,
        &[
            mqtt.clone(),
            (
                "HOMEAI_ANALYSIS__TIME_ZONE".into(),
                spec.time_zone.name().into(),
            ),
            ("HOMEAI_ANALYSIS__SCHEDULE_ENABLED".into(), "false".into()),
        ],
    );
    let training = spawn_service_in(
        "training",
        &dir,
        &[mqtt, ("HOMEAI_TRAINING_JOBS__POLL_MS".into(), "100".into())],
    );
    let events = household(&spec);
    for chunk in events.chunks(10_000) {
        let (status, body) =
            post_token(pattern.url("/api/v1/events"), json!({ "events": chunk })).await;
        assert_eq!(status, 200, "{body}");
    }

    // no model yet: no class, default thresholds, no anomalies to serve
    let profile = get_json(pattern.url("/api/home-type/profile")).await;
    assert_eq!(profile["active"], false, "{profile}");
    assert_eq!(profile["home_type"], Value::Null);
    assert_eq!(profile["thresholds"]["set_by"], "default");
    let res = client()
        .get(pattern.url("/api/v1/anomalies"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 503);

    // the classifier: a held-out accuracy and a confusion matrix, then used live
    let metrics = &train(
        &training,
        "home_type",
        json!({"homes_per_type": 8, "days": 14, "epochs": 30}),
    )
    .await;
    let accuracy = metrics["accuracy"]
        .as_f64()
        .unwrap_or_else(|| panic!("{metrics}"));
    assert!(accuracy >= 0.8, "{metrics}");
    assert_eq!(
        metrics["confusion_matrix"]["classes"],
        json!(["family", "single", "shift_worker", "often_away"])
    );
    let profile = eventually(
        Duration::from_secs(20),
        "the pattern service to load the classifier",
        || async {
            let p = get_json(pattern.url("/api/home-type/profile")).await;
            (p["active"] == true).then_some(p)
        },
    )
    .await;
    assert_eq!(profile["home_type"], "shift_worker", "{profile}");
    assert_eq!(profile["model_version"], 1);
    assert_eq!(profile["thresholds"]["set_by"], "home_type");
    assert_eq!(profile["thresholds"]["anomaly_sigmas"], 5.5);
    assert_eq!(profile["thresholds"]["min_day_ratio"], 0.35);
    // and the next analysis detects with them
    let (status, body) = post_token(pattern.url("/api/analysis/trigger"), json!({})).await;
    assert_eq!(status, 202, "{body}");
    let done = eventually(Duration::from_secs(60), "the analysis", || async {
        let s = get_json(pattern.url("/api/analysis/status")).await;
        (s["running"] == false && s["last_run"]["status"] == "completed").then_some(s)
    })
    .await;
    assert_eq!(done["detector_thresholds"]["set_by"], "home_type", "{done}");
    assert_eq!(done["detector_thresholds"]["min_day_ratio"], 0.35, "{done}");
    assert!(profile["probabilities"]["shift_worker"].as_f64().unwrap() > 0.5);

    // the forecaster: MAE / RMSE / MAPE held out, then the planted bursts are flagged
    let metrics = &train(
        &training,
        "forecast",
        json!({"homes": 8, "days": 21, "epochs": 40}),
    )
    .await;
    for key in ["mae", "rmse", "mape"] {
        assert!(metrics[key].as_f64().is_some(), "{key}: {metrics}");
    }
    assert!(
        metrics["rmse"].as_f64().unwrap()
            < metrics["baseline_rmse_same_hour_yesterday"]
                .as_f64()
                .unwrap(),
        "{metrics}"
    );
    let found = eventually(
        Duration::from_secs(20),
        "the pattern service to load the forecaster",
        || async {
            let res = client()
                .get(pattern.url("/api/v1/anomalies"))
                .send()
                .await
                .unwrap();
            if res.status().as_u16() == 200 {
                Some(res.json::<Value>().await.unwrap())
            } else {
                None
            }
        },
    )
    .await;
    assert_eq!(found["home_type"], "shift_worker", "{found}");
    assert_eq!(found["sigmas"], 5.5);
    let flagged: BTreeSet<String> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["direction"] == "above")
        .map(|a| a["hour_start"].as_str().unwrap().to_owned())
        .collect();
    let planted: BTreeSet<String> = spec
        .anomalies
        .iter()
        .map(|(d, h)| {
            let date = spec.start + Days::days(i64::from(*d));
            spec.time_zone
                .from_local_datetime(&date.and_hms_opt(*h, 0, 0).unwrap())
                .unwrap()
                .with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        })
        .collect();
    assert_eq!(flagged, planted, "{found}");
}
