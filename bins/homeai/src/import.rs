//! `homeai import FILE`: a history export into the configured database, streamed.

use std::path::Path;

use homeai_pattern::ingest::import::{Importer, LineSplitter};
use homeai_web::Settings;
use tokio::io::AsyncReadExt;

pub async fn run(file: &Path) -> anyhow::Result<()> {
    let settings = Settings::load()?;
    homeai_web::telemetry::init(&settings.log);
    let db_settings = settings.database.clone();
    let db = tokio::task::spawn_blocking(move || db_settings.open()).await??;

    let mut reader: Box<dyn tokio::io::AsyncRead + Unpin> = if file == Path::new("-") {
        Box::new(tokio::io::stdin())
    } else {
        Box::new(
            tokio::fs::File::open(file)
                .await
                .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", file.display()))?,
        )
    };
    let mut importer = Importer::new(db);
    let mut splitter = LineSplitter::default();
    let mut buffer = vec![0u8; 256 * 1024];
    loop {
        let n = reader.read(&mut buffer).await?;
        if n == 0 {
            break;
        }
        for line in splitter.feed(&buffer[..n]) {
            importer.line(&line).await?;
        }
    }
    if let Some(last) = splitter.rest() {
        importer.line(&last).await?;
    }
    let report = importer.finish().await?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    if report.error_count > 0 {
        eprintln!(
            "{} line(s) could not be imported (listed above); the rest was imported",
            report.error_count
        );
    }
    Ok(())
}
