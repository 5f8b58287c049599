//! `homeai ask "…"`: a request in plain language → the automation's YAML and its explanation
//! (or the questions to answer first); `homeai ask SPEC.md` reads a request written as a
//! markdown spec and prints the blueprint's YAML when it asks for one.
//! `homeai ask --home HOME.json --batch QUERIES.jsonl` answers a file of `{"id", "query"}`
//! lines, one JSON line per query on standard output: `{"id", "automation"}`, `{"id",
//! "clarify": true, "questions"}`, `{"id", "blueprint", "blueprint_yaml"}` (a markdown spec
//! asking for a blueprint) or `{"id", "error"}`.
//!
//! Both use the configured database's active intent model (the one `homeai up` trains for the
//! home), as the query service does, when that database exists and has one; `--no-model` asks
//! the rules alone. Which one answered is said on standard error.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use homeai_askai::{Answer, Engine, Home, result_line};
use homeai_automation_model::{Dialect, blueprint_to_yaml, to_yaml};
use homeai_web::Settings;

pub struct AskArgs {
    pub query: Option<String>,
    pub home: Option<PathBuf>,
    pub batch: Option<PathBuf>,
    /// Ask the rules alone, without the database's active intent model.
    pub no_model: bool,
}

pub async fn run(args: AskArgs) -> anyhow::Result<()> {
    let home = match &args.home {
        Some(path) => read_home(path)?,
        None => configured_home().await?,
    };
    let mut engine = Engine::new(home);
    if !args.no_model {
        match active_intent_model().await {
            Ok(Some((model, version, db))) => {
                eprintln!("# Ask AI with the intent model v{version} of {db}");
                engine = engine.with_model(Arc::new(model));
            }
            Ok(None) => eprintln!("# Ask AI with the rules alone (no active intent model)"),
            Err(e) => eprintln!("# Ask AI with the rules alone (the intent model: {e})"),
        }
    }
    match (&args.batch, &args.query) {
        (Some(file), _) => batch(&engine, file),
        (None, Some(q)) => {
            // `homeai ask SPEC.md`: a request written as a markdown file
            let path = Path::new(q);
            let text = if q.ends_with(".md") && path.is_file() {
                std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{q}: {e}"))?
            } else {
                q.clone()
            };
            one(&engine, &text);
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

/// The configured database's active intent model, its version and the database's path; none
/// when the database file does not exist (it is never created here) or has no active version.
async fn active_intent_model()
-> anyhow::Result<Option<(homeai_query::ask::intent::ActiveIntent, i64, String)>> {
    let settings = Settings::load()?;
    let db_settings = settings.database.clone();
    if !db_settings.path.exists() {
        return Ok(None);
    }
    let path = db_settings.path.display().to_string();
    let db = tokio::task::spawn_blocking(move || db_settings.open()).await??;
    let model = homeai_query::ask::intent::ActiveIntent::new();
    let version = model.0.reload(&db).await.map_err(|e| anyhow::anyhow!(e))?;
    Ok(version.map(|v| (model, v, path)))
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
        Ok(Answer::Blueprint(b)) => {
            // a markdown spec asking for a blueprint: the file to import into Home Assistant
            println!(
                "{}",
                blueprint_to_yaml(&b.blueprint, Dialect::Modern).trim_end()
            );
            println!();
            println!("# {}", b.description);
            for r in &b.readings {
                println!("#   {} — from '{}'", r.part, r.from);
            }
            for o in &b.overruled {
                println!("# overruled '{}': {}", o.sentence, o.reason);
            }
            println!("# confidence {:.2} (rules engine)", b.confidence);
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
