//! `homeai ask "…"`: a request in plain language → the automation's YAML and its explanation
//! (or the questions to answer first). `homeai ask --home HOME.json --batch QUERIES.jsonl`
//! answers a file of `{"id", "query"}` lines, one JSON line per query on standard output:
//! `{"id", "automation"}`, `{"id", "clarify": true, "questions"}` or `{"id", "error"}`.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use homeai_askai::{Answer, Engine, Home, result_line};
use homeai_automation_model::{Dialect, to_yaml};
use homeai_web::Settings;

pub struct AskArgs {
    pub query: Option<String>,
    pub home: Option<PathBuf>,
    pub batch: Option<PathBuf>,
}

pub async fn run(args: AskArgs) -> anyhow::Result<()> {
    let home = match &args.home {
        Some(path) => read_home(path)?,
        None => configured_home().await?,
    };
    let engine = Engine::new(home);
    match (&args.batch, &args.query) {
        (Some(file), _) => batch(&engine, file),
        (None, Some(q)) => {
            one(&engine, q);
            Ok(())
        }
        (None, None) => anyhow::bail!("give a request in quotes, or --batch QUERIES.jsonl"),
    }
}

fn read_home(path: &Path) -> anyhow::Result<Home> {
    let text =
        std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Home::from_json(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// The home of the configured database (or `[askai] home_file`).
async fn configured_home() -> anyhow::Result<Home> {
    let settings = Settings::load()?;
    if let Some(path) = &settings.askai.home_file {
        return read_home(path);
    }
    let db_settings = settings.database.clone();
    let db = tokio::task::spawn_blocking(move || db_settings.open()).await??;
    let home = homeai_query::ask::registry::from_db(&db).await?;
    if home.entities.is_empty() {
        anyhow::bail!(
            "the database has no Home Assistant registry yet (the pattern service syncs it); \
             give --home HOME.json"
        );
    }
    Ok(home)
}

fn one(engine: &Engine, query: &str) {
    match engine.ask(query) {
        Ok(Answer::Automation(s)) => {
            println!("{}", to_yaml(&s.automation, Dialect::Modern).trim_end());
            println!();
            println!("# {}", s.description);
            for r in &s.readings {
                println!("#   {} — from '{}'", r.part, r.from);
            }
            println!(
                "# confidence {:.2} ({} engine)",
                s.confidence,
                s.engine.as_str()
            );
        }
        Ok(Answer::Clarify(c)) => {
            println!("Before I can write this automation:");
            for q in &c.questions {
                println!("- {}", q.text);
                for o in &q.options {
                    println!("    {} ({})", o.label, o.value);
                }
            }
        }
        Err(e) => eprintln!("error: {e}"),
    }
}

fn batch(engine: &Engine, file: &Path) -> anyhow::Result<()> {
    let reader: Box<dyn BufRead> = if file.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?,
        ))
    };
    let mut out = std::io::stdout().lock();
    for (n, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let row: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({"id": format!("line-{}", n + 1), "error": format!("not JSON: {e}")})
                )?;
                continue;
            }
        };
        let id = match &row["id"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => format!("line-{}", n + 1),
            other => other.to_string(),
        };
        let Some(query) = row["query"].as_str() else {
            writeln!(
                out,
                "{}",
                serde_json::json!({"id": id, "error": "no \"query\" text"})
            )?;
            continue;
        };
        writeln!(out, "{}", result_line(&id, &engine.ask(query)))?;
    }
    Ok(())
}
