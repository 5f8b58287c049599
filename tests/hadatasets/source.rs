//! Where each task's blueprint comes from (`HOMEAI_HADATASETS_SOURCE`):
//!
//! * `solution`: the upstream reference `solution.yaml`, to prove the harness (12/12);
//! * `dir:<folder>`: `<folder>/<task>.yaml`, any blueprints to score (a missing file scores 0);
//! * `homeai` (default): homeai's Ask AI. The real `homeai-pattern` copies the benchmark HA's
//!   registries into a fresh SQLite file, then the real `homeai-query` on that file is asked
//!   each task's whole `DESCRIPTION.md` (`POST /api/v1/ask-ai/query`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::{Candidate, FIXTURE};
use crate::helpers::{TOKEN, TestService, client, eventually, get_json, spawn_service_in};

pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/hadatasets")
}

fn read(task: &str, file: &str) -> String {
    let path = data_dir().join(task).join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub enum Source {
    Solution,
    Dir(PathBuf),
    Homeai(Homeai),
}

impl Source {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Solution => "solution",
            Self::Dir(_) => "dir",
            Self::Homeai(_) => "homeai",
        }
    }

    /// From `HOMEAI_HADATASETS_SOURCE`; `homeai` spawns the services against the HA.
    pub async fn from_env(ha_url: &str, token_file: &Path) -> Source {
        match std::env::var("HOMEAI_HADATASETS_SOURCE").as_deref() {
            Ok("solution") => Self::Solution,
            Ok(d) if d.starts_with("dir:") => Self::Dir(PathBuf::from(&d["dir:".len()..])),
            Ok("homeai") | Ok("") | Err(_) => Self::Homeai(Homeai::start(ha_url, token_file).await),
            Ok(other) => {
                panic!("HOMEAI_HADATASETS_SOURCE={other}: use solution, homeai or dir:<folder>")
            }
        }
    }

    pub async fn candidate(&self, task: &str) -> Candidate {
        match self {
            Self::Solution => Candidate::Blueprint(read(task, "solution.yaml")),
            Self::Dir(dir) => {
                let path = dir.join(format!("{task}.yaml"));
                match std::fs::read_to_string(&path) {
                    Ok(yaml) => Candidate::Blueprint(yaml),
                    Err(e) => Candidate::Nothing(format!("{}: {e}", path.display())),
                }
            }
            Self::Homeai(h) => h.ask(&read(task, "DESCRIPTION.md")).await,
        }
    }
}

pub struct Homeai {
    _pattern: TestService,
    query: TestService,
}

impl Homeai {
    async fn start(ha_url: &str, token_file: &Path) -> Homeai {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let env = vec![
            ("HOMEAI_HA_URL".to_owned(), ha_url.to_owned()),
            (
                "HOMEAI_HA_TOKEN_FILE".to_owned(),
                token_file.display().to_string(),
            ),
        ];
        let pattern = spawn_service_in("pattern", &dir, &env);
        eventually(
            Duration::from_secs(60),
            "the pattern service's copy of HA's registries",
            || async {
                let body = get_json(pattern.url("/api/v1/entities")).await;
                let text = body.to_string();
                FIXTURE
                    .iter()
                    .all(|(id, _)| text.contains(&format!("\"{id}\"")))
                    .then_some(())
            },
        )
        .await;
        let query = spawn_service_in("query", &dir, &env);
        Homeai {
            _pattern: pattern,
            query,
        }
    }

    /// Asks Ask AI and reads the answer: a blueprint (`kind: "blueprint"`, `blueprint_yaml`),
    /// an automation, or questions.
    async fn ask(&self, description: &str) -> Candidate {
        let res = client()
            .post(self.query.url("/api/v1/ask-ai/query"))
            .bearer_auth(TOKEN)
            .json(&json!({ "query": description }))
            .send()
            .await
            .unwrap();
        let status = res.status();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            return Candidate::Nothing(format!("Ask AI answered HTTP {status}: {body}"));
        }
        answer_of(&body)
    }
}

fn answer_of(body: &Value) -> Candidate {
    let first = &body["suggestions"][0];
    let kind = body["kind"].as_str().or(first["kind"].as_str());
    let blueprint = body["blueprint_yaml"]
        .as_str()
        .or(first["blueprint_yaml"].as_str());
    if kind == Some("blueprint") {
        return match blueprint {
            Some(y) => Candidate::Blueprint(y.to_owned()),
            None => Candidate::Nothing("answered kind blueprint without blueprint_yaml".into()),
        };
    }
    let questions: Vec<String> = body["questions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|q| {
            q["question"]
                .as_str()
                .or(q["text"].as_str())
                .map_or_else(|| q.to_string(), str::to_owned)
        })
        .collect();
    if !questions.is_empty() || body["clarification_needed"] == true {
        return Candidate::Nothing(format!(
            "answered with questions: {}",
            questions.join(" | ")
        ));
    }
    let automation = &first["automation"];
    if automation.is_object() {
        let text = automation.to_string();
        let fixture = FIXTURE
            .iter()
            .any(|(id, _)| text.contains(&format!("\"{id}\"")));
        if fixture {
            return Candidate::Automation {
                config: automation.clone(),
                why: "answered with an automation, not a blueprint (its behaviour is scored: \
                      deployed as it is)"
                    .into(),
            };
        }
        return Candidate::Nothing(
            "answered with an automation, not a blueprint (for none of the fixture's entities)"
                .into(),
        );
    }
    Candidate::Nothing(format!(
        "answered neither a blueprint nor an automation: {body}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_read_as_a_blueprint_questions_or_an_automation() {
        let blueprint = json!({"kind": "blueprint", "blueprint_yaml": "blueprint: {}\n"});
        assert!(matches!(answer_of(&blueprint), Candidate::Blueprint(y) if y == "blueprint: {}\n"));
        let questions = json!({"clarification_needed": true, "suggestions": [],
                               "questions": [{"id": "q1", "text": "Which door?"}]});
        assert!(
            matches!(answer_of(&questions), Candidate::Nothing(w) if w == "answered with questions: Which door?")
        );
        let ours = json!({"suggestions": [{"automation": {"alias": "a",
            "triggers": [{"trigger": "state", "entity_id": "binary_sensor.pantry_door"}]}}]});
        assert!(matches!(answer_of(&ours), Candidate::Automation { .. }));
        let other = json!({"suggestions": [{"automation": {"alias": "a",
            "triggers": [{"trigger": "state", "entity_id": "binary_sensor.garage"}]}}]});
        assert!(
            matches!(answer_of(&other), Candidate::Nothing(w) if w.contains("none of the fixture"))
        );
    }
}
