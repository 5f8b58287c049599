//! `homeai`: all four services in one process (for a small NUC), and the command line.

mod all_in_one;
mod analyze;
mod ask;
mod background_training;
mod demo;
mod import;
mod simhome;
mod worker;

use clap::{Parser, Subcommand, ValueEnum};
use homeai_domain::ServiceName;
use homeai_web::Settings;

#[derive(Parser)]
#[command(
    name = "homeai",
    version,
    about = "Learns a Home Assistant home's habits and writes its automations"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run all four services in this process (starts an embedded MQTT broker if HOMEAI_MQTT_URL is unset).
    Up,
    /// The whole product on a simulated home (no Home Assistant needed): the four services, a
    /// month of history with planted habits, the first analysis at once.
    Demo(demo::DemoArgs),
    /// Only the simulated home: a fake Home Assistant 2024.3.3 with a month of history.
    Simhome(simhome::SimhomeArgs),
    /// Run one service.
    Serve {
        #[arg(value_enum)]
        service: Service,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Run one full habit analysis on the configured database and print a summary.
    Analyze,
    /// Ask for an automation in plain language: prints its YAML and explanation, or the
    /// questions to answer first. With --batch, answers a JSONL file of {"id", "query"}.
    Ask {
        /// The request, in quotes.
        query: Option<String>,
        /// A registry snapshot (home.json) instead of the configured database's registry.
        #[arg(long)]
        home: Option<std::path::PathBuf>,
        /// A JSONL file of {"id", "query"} lines (`-` for standard input); one JSON line out each.
        #[arg(long)]
        batch: Option<std::path::PathBuf>,
        /// The rules alone, without the configured database's active intent model.
        #[arg(long)]
        no_model: bool,
    },
    /// Import a history export (JSON lines of Home Assistant state objects) into the database.
    Import {
        /// The file; `-` reads standard input.
        file: std::path::PathBuf,
    },
    /// Run training jobs for a training service on another machine (remote worker).
    Worker(worker::WorkerArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum Service {
    Query,
    Pattern,
    Automation,
    Training,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Up => all_in_one::run().await?,
        Command::Demo(args) => demo::run(args).await?,
        Command::Simhome(args) => simhome::run(args).await?,
        Command::Serve { service } => {
            let (name, setup): (ServiceName, homeai_web::Setup) = match service {
                Service::Query => (ServiceName::Query, homeai_query::setup),
                Service::Pattern => (ServiceName::Pattern, homeai_pattern::setup),
                Service::Automation => (ServiceName::Automation, homeai_automation::setup),
                Service::Training => (ServiceName::Training, homeai_training::setup),
            };
            homeai_web::run_service(name, setup).await?;
        }
        Command::Import { file } => import::run(&file).await?,
        Command::Analyze => analyze::run().await?,
        Command::Worker(args) => worker::run_worker(args).await?,
        Command::Ask {
            query,
            home,
            batch,
            no_model,
        } => {
            ask::run(ask::AskArgs {
                query,
                home,
                batch,
                no_model,
            })
            .await?
        }
        Command::Migrate => {
            let settings = Settings::load()?;
            homeai_web::telemetry::init(&settings.log);
            let report = homeai_db::migrate(&settings.database)?;
            println!(
                "{}: {} migration(s) applied{}",
                settings.database.path.display(),
                report.applied.len(),
                if report.applied.is_empty() {
                    " (already up to date)".to_owned()
                } else {
                    format!(": {}", report.applied.join(", "))
                }
            );
        }
    }
    Ok(())
}
