//! `homeai demo`: the whole product on a simulated home, in one command. Starts the simulated
//! home (a month of history with planted habits, a fast clock), the four services in this
//! process pointed at it, runs the first analysis as soon as the history is backfilled, and
//! says where to look; after the first suggestions it trains, at the queue's lowest priority,
//! the models this home can use (`background_training`). Ctrl-C stops everything.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use homeai_domain::ServiceName;
use homeai_simhome::SimOptions;
use homeai_web::Settings;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use crate::all_in_one;
use crate::background_training::{DEMO_MODELS, Services};

/// How long the first analysis may take before the demo stops waiting for it.
const FIRST_SUGGESTIONS_WITHIN: Duration = Duration::from_secs(180);

#[derive(clap::Args)]
pub struct DemoArgs {
    /// Keep the database of the last demo run (default: start from an empty one).
    #[arg(long, conflicts_with = "fresh")]
    resume: bool,
    /// Start from an empty database (the default).
    #[arg(long)]
    fresh: bool,
    /// Simulated seconds per real second (60: an hour of the home's life per minute).
    #[arg(long, default_value_t = 60.0)]
    speed: f64,
    /// Where the demo's database and tokens go.
    #[arg(long, default_value = "data")]
    data_dir: PathBuf,
    /// Port of the simulated home's HA API (0: any free port).
    #[arg(long, default_value_t = 8124)]
    ha_port: u16,
}

pub async fn run(args: DemoArgs) -> anyhow::Result<()> {
    let began = Instant::now();
    let mut settings = Settings::load()?;
    homeai_web::telemetry::init(&settings.log);

    std::fs::create_dir_all(&args.data_dir)?;
    let db = args.data_dir.join("demo.db");
    if !args.resume {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = db.clone().into_os_string();
            path.push(suffix);
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
    }

    let sim_token = uuid::Uuid::new_v4().simple().to_string();
    let options = SimOptions {
        port: args.ha_port,
        token: sim_token.clone(),
        speed: args.speed,
        ..SimOptions::default()
    };
    let sim = homeai_simhome::start(&options)?;
    // where the simulated home is and its token, for tools and tests that talk to it directly
    std::fs::write(args.data_dir.join("simhome-token"), &sim_token)?;
    std::fs::write(args.data_dir.join("simhome-url"), &sim.url)?;

    settings.database.path = db.clone();
    settings.ha.url = Some(sim.url.clone());
    settings.ha.token = Some(SecretString::from(sim_token));
    settings.ha.token_file = None;
    settings.ingest.enabled = true;
    settings.ingest.backfill_delay_ms = 0;
    settings.ingest.backfill_max_days = settings
        .ingest
        .backfill_max_days
        .max(options.history_days + 1);

    let started = all_in_one::start(settings).await?;
    let url = |service| {
        format!(
            "http://127.0.0.1:{}",
            started.settings.service(service).port
        )
    };
    let (query, pattern, automation, training) = (
        url(ServiceName::Query),
        url(ServiceName::Pattern),
        url(ServiceName::Automation),
        url(ServiceName::Training),
    );
    let token = started.token.secret().expose_secret().to_owned();
    println!(
        "\nhomeai demo: a SIMULATED home (not a real Home Assistant), its clock at {}× real time\n\
         \n  the simulated home     {}/\n  homeai web page        {query}/\n  \
         API docs               docs/api.md (query {query}, pattern {pattern}, automation {automation})\n  \
         habits found           {pattern}/api/v1/patterns/list\n  \
         suggestions            {automation}/api/suggestions/list\n  \
         API token              {} (in {})\n  \
         first question         HOMEAI_DATABASE={} homeai ask \"turn on the kitchen lights when motion is detected in the kitchen\"\n  \
         or over HTTP           curl -s -X POST {query}/api/v1/ask-ai/query -H 'Authorization: Bearer {token}' \\\n                           \
         -H 'Content-Type: application/json' -d '{{\"query\": \"turn on the kitchen lights when motion is detected in the kitchen\"}}'\n\
         \nThe first analysis starts once the month of history is in; then the demo trains, in the\n\
         background, the models this home can use (the Training page: {query}/ui/training).\n\
         Ctrl-C stops everything.\n",
        options.speed,
        sim.url,
        token,
        args.data_dir.join("api-token").display(),
        db.display(),
    );

    tokio::spawn(async move {
        first_analysis(pattern, automation, token.clone(), began).await;
        // after the first suggestions (or after giving up on them), never before: training
        // takes the CPU the backfill and the analysis need
        let services = Services {
            http: reqwest::Client::new(),
            query: String::new(),
            training: training.clone(),
            token,
        };
        let queued = services.queue_untrained(&DEMO_MODELS).await;
        if !queued.is_empty() {
            println!(
                "homeai demo: training in the background at the lowest priority: {} ({training}/api/v1/training/jobs)",
                queued.join(", ")
            );
        }
    });
    let result = all_in_one::run_until_stopped(started.apps).await;
    sim.stop().await;
    result?;
    Ok(())
}

/// Waits for the backfill, triggers the analysis and reports when the first suggestions are
/// there (the figure the README states).
async fn first_analysis(pattern: String, automation: String, token: String, began: Instant) {
    let http = reqwest::Client::new();
    let get = |url: String| {
        let http = http.clone();
        async move {
            let resp = http.get(url).send().await.ok()?;
            resp.json::<Value>().await.ok()
        }
    };
    let deadline = began + FIRST_SUGGESTIONS_WITHIN;
    loop {
        let status = get(format!("{pattern}/api/v1/ingest/status")).await;
        if status.is_some_and(|s| !s["last_backfill"].is_null()) {
            break;
        }
        if Instant::now() > deadline {
            tracing::warn!("demo: the history was not backfilled in time; no analysis triggered");
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tracing::info!(
        elapsed_ms = began.elapsed().as_millis() as u64,
        "demo: history backfilled; analysing"
    );
    let triggered = http
        .post(format!("{pattern}/api/analysis/trigger"))
        .bearer_auth(&token)
        .send()
        .await;
    if let Err(e) = triggered {
        tracing::warn!(error = %e, "demo: could not trigger the analysis");
        return;
    }
    loop {
        let list = get(format!("{automation}/api/suggestions/list?limit=1")).await;
        let total = list.as_ref().and_then(|l| l["total"].as_i64()).unwrap_or(0);
        if total > 0 {
            let secs = began.elapsed().as_secs_f64();
            println!(
                "homeai demo: first suggestions after {secs:.1} s: {automation}/api/suggestions/list"
            );
            tracing::info!(seconds = secs, "demo: first suggestions");
            return;
        }
        if Instant::now() > deadline {
            tracing::warn!("demo: no suggestions yet; see {pattern}/api/analysis/status");
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
