//! `homeai simhome`: the simulated home alone, a fake Home Assistant 2024.3.3 for development
//! and tests (`homeai demo` runs it together with the four services).

use std::path::PathBuf;

use homeai_simhome::SimOptions;
use homeai_web::Settings;

#[derive(clap::Args)]
pub struct SimhomeArgs {
    /// Port of the HA API (0: any free port).
    #[arg(long, default_value_t = 8124)]
    port: u16,
    /// Simulated seconds per real second.
    #[arg(long, default_value_t = 60.0)]
    speed: f64,
    /// The access token clients must present (default: a random one, written to --token-file).
    #[arg(long)]
    token: Option<String>,
    /// Where the token is written.
    #[arg(long, default_value = "data/simhome-token")]
    token_file: PathBuf,
}

pub async fn run(args: SimhomeArgs) -> anyhow::Result<()> {
    let settings = Settings::load()?;
    homeai_web::telemetry::init(&settings.log);
    let token = args
        .token
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    if let Some(dir) = args
        .token_file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&args.token_file, &token)?;
    let sim = homeai_simhome::start(&SimOptions {
        port: args.port,
        token,
        speed: args.speed,
        ..SimOptions::default()
    })?;
    println!(
        "a SIMULATED Home Assistant {} home at {} (token in {}); Ctrl-C stops it",
        homeai_simhome::HA_VERSION,
        sim.url,
        args.token_file.display()
    );
    tokio::signal::ctrl_c().await?;
    sim.stop().await;
    Ok(())
}
