//! The home-type classifier's, the usage forecaster's and the intent model's training time and inference cost on
//! this machine (not a test): `cargo bench -p homeai-ml --bench models` prints a markdown
//! table for docs/benchmarks.md. Default configs, release build, one thread of candle.

use std::time::Instant;

#[path = "../../askai/tests/support/score.rs"]
mod score;

use homeai_ml::Quiet;
use homeai_ml::forecast::{self, ForecastConfig, ForecastModel};
use homeai_ml::home_type::{self, HomeTypeConfig, HomeTypeModel};
use homeai_ml::intent::{self, IntentConfig, IntentModel};
use homeai_synth::{HouseholdSpec, HouseholdType, household};

/// Median of `runs` timings of `f`, in milliseconds.
fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

fn main() {
    let home = HouseholdSpec::new(31, HouseholdType::Family, 28);
    let events = household(&home);
    let keys: Vec<_> = events
        .iter()
        .map(|e| (e.entity_id.as_str(), e.time_fired))
        .collect();

    let c = HomeTypeConfig::default();
    let s = Instant::now();
    let Ok(Some(t)) = home_type::train(&c, &mut Quiet) else {
        eprintln!("home_type training failed");
        return;
    };
    let train_s = s.elapsed().as_secs_f64();
    let Ok(model) = HomeTypeModel::from_bytes(&t.model) else {
        return;
    };
    let infer = median_ms(21, || {
        let _ = model.classify(&keys, home.time_zone);
    });
    println!(
        "| Model | Data (synthetic) | Training (wall, incl. data) | Epochs run | Held-out metric | Inference (one home, 28 days, {} events) |",
        keys.len()
    );
    println!("|---|---|---|---|---|---|");
    println!(
        "| home_type (softmax regression) | {} homes/type × {} days | {:.2} s | {} | accuracy {:.3} on {} homes | {:.2} ms (median of 21) |",
        c.homes_per_type,
        c.days,
        train_s,
        t.metrics["epochs_run"],
        t.metrics["accuracy"].as_f64().unwrap_or(f64::NAN),
        t.metrics["validation_homes"],
        infer
    );

    let c = ForecastConfig::default();
    let s = Instant::now();
    let Ok(Some(t)) = forecast::train(&c, &mut Quiet) else {
        eprintln!("forecast training failed");
        return;
    };
    let train_s = s.elapsed().as_secs_f64();
    let Ok(model) = ForecastModel::from_bytes(&t.model) else {
        return;
    };
    let infer = median_ms(21, || {
        let _ = model.anomalies(&keys, home.time_zone, 5.0);
    });
    let m = &t.metrics;
    let f = |k: &str| m[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "| forecast (linear regression) | {} homes × {} days | {:.2} s | {} | MAE {:.2} / RMSE {:.2} / MAPE {:.0}% on {} hours (same hour yesterday: MAE {:.2} / RMSE {:.2}) | {:.2} ms for the 504 forecast hours + anomaly check |",
        c.homes,
        c.days,
        train_s,
        m["epochs_run"],
        f("mae"),
        f("rmse"),
        f("mape") * 100.0,
        m["validation_hours"],
        f("baseline_mae_same_hour_yesterday"),
        f("baseline_rmse_same_hour_yesterday"),
        infer
    );

    let c = IntentConfig::default();
    let s = Instant::now();
    let (train, validation) = intent::dataset(&c);
    let Ok(Some(t)) = intent::train(&c, &train, &validation, &mut Quiet) else {
        eprintln!("intent training failed");
        return;
    };
    let train_s = s.elapsed().as_secs_f64();
    let Ok(model) = IntentModel::from_bytes(&t.model) else {
        return;
    };
    let request = "When movement is picked up in the garage illuminate the garage light";
    let infer = median_ms(201, || {
        let _ = model.reading("bench", request);
    });
    let m = &t.metrics;
    let f = |k: &str| m[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "| intent (word tagger + request classifier, hashed features, 2^{} buckets) | {} made-up homes × {} requests | {:.2} s | {} | {:.3} of held-out requests tagged exactly (tags {:.3}, intent {:.3}) on {} requests for {} unseen homes | {:.3} ms per request (median of 201, a 12-word request) |",
        c.hash_bits,
        c.homes,
        c.queries_per_home,
        train_s,
        m["epochs_run"],
        f("exact"),
        f("tag_accuracy"),
        f("intent_accuracy"),
        m["validation_requests"],
        (f64::from(c.homes) * c.validation_share).round(),
        infer
    );

    ask_ai_scores(model);
}

/// The development and paraphrase sets through Ask AI's engine without and with the model
/// just trained, scored by the shared score.py.
fn ask_ai_scores(model: IntentModel) {
    let dir = score::data_dir();
    let Ok(home) = std::fs::read_to_string(dir.join("home.json"))
        .map_err(|e| e.to_string())
        .and_then(|t| homeai_askai::Home::from_json(&t).map_err(|e| e.to_string()))
    else {
        eprintln!("no development home");
        return;
    };
    let rules = homeai_askai::Engine::new(home.clone());
    let with = homeai_askai::Engine::new(home).with_model(std::sync::Arc::new(intent::Named {
        name: "intent model (bench)".into(),
        model,
    }));
    let paraphrases = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../askai/tests/data/paraphrases.jsonl");
    let Ok(tmp) = tempfile::tempdir() else { return };
    println!();
    println!(
        "| Ask AI set | rules alone: exact | rules + intent model: exact | valid or clarify (both) |"
    );
    println!("|---|---|---|---|");
    for (set, expected) in [
        ("development (70)", dir.join("dev.jsonl")),
        ("paraphrase (30)", paraphrases),
    ] {
        let mut row = Vec::new();
        for engine in [&rules, &with] {
            let results = tmp.path().join("results.jsonl");
            if std::fs::write(&results, score::answer_all(&expected, |q| engine.ask(q))).is_err() {
                return;
            }
            let (_, exact, valid) = score::score_file(&dir, &expected, &results);
            row.push((exact, valid));
        }
        println!(
            "| {set} | {:.3} | {:.3} | {:.3} / {:.3} |",
            row[0].0, row[1].0, row[0].1, row[1].1
        );
    }
}
