//! `homeai worker --server URL`: a remote training worker (e.g. on a machine with a GPU).

use std::time::Duration;

use homeai_training::remote_worker::{WorkerOptions, run};
use homeai_web::Settings;
use secrecy::ExposeSecret;

/// Command-line options of `homeai worker`.
#[derive(Debug, clap::Args)]
pub struct WorkerArgs {
    /// The training service, e.g. http://nuc.local:8022
    #[arg(long)]
    server: String,
    /// This worker's name in job records (default: worker-<process id>).
    #[arg(long)]
    name: Option<String>,
    /// How often to ask for a job when idle, in milliseconds.
    #[arg(long, default_value_t = 1000)]
    poll_ms: u64,
    /// Exit after one job.
    #[arg(long)]
    once: bool,
}

pub async fn run_worker(args: WorkerArgs) -> anyhow::Result<()> {
    let settings = Settings::load()?;
    homeai_web::telemetry::init(&settings.log);
    let token = match (&settings.api.token, &settings.api.token_file) {
        (Some(t), _) => t.expose_secret().to_owned(),
        (None, Some(file)) => std::fs::read_to_string(file)?.trim().to_owned(),
        (None, None) => anyhow::bail!(
            "the worker needs the server's API token: set HOMEAI_API_TOKEN or HOMEAI_API_TOKEN_FILE"
        ),
    };
    let options = WorkerOptions {
        server: args.server,
        name: args
            .name
            .unwrap_or_else(|| format!("worker-{}", std::process::id())),
        token,
        poll: Duration::from_millis(args.poll_ms.max(50)),
        once: args.once,
    };
    run(options, async {
        let signal = homeai_web::shutdown_signal().await;
        tracing::info!(%signal, "remote worker stopping");
    })
    .await?;
    Ok(())
}
