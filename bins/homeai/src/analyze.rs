//! `homeai analyze`: one full analysis of the configured database, with a summary.

use homeai_db::repo;
use homeai_pattern::analysis::Analyzer;
use homeai_web::Settings;

pub async fn run() -> anyhow::Result<()> {
    let settings = Settings::load()?;
    homeai_web::telemetry::init(&settings.log);
    let db_settings = settings.database.clone();
    let db = tokio::task::spawn_blocking(move || db_settings.open()).await??;
    let ha = settings
        .ha
        .client()
        .map_err(|e| anyhow::anyhow!("Home Assistant: {e}"))?;
    let analyzer = Analyzer::new(db.clone(), None, ha, settings.analysis.clone());
    let run = analyzer.run("manual").await?;
    let stats = db.run(repo::patterns::stats).await?;
    println!(
        "analysis {}: {} events, {} patterns in {} ms",
        run.status,
        run.events_analysed,
        run.patterns_detected,
        run.duration_ms.unwrap_or_default()
    );
    for (kind, count) in &stats.by_kind {
        println!("  {kind}: {count}");
    }
    for error in &run.errors {
        eprintln!("error: {error}");
    }
    if run.status != "completed" {
        anyhow::bail!("the analysis failed");
    }
    Ok(())
}
