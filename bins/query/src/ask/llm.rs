//! An optional language model behind a trait: any OpenAI-compatible chat-completions endpoint
//! (Ollama, llama.cpp's server, vLLM, …), asked for JSON. Its answer goes through the same
//! repair and parser as any automation text, and must name only entities the home has; a
//! timeout, an error or a bad answer leaves the request to the local engine.

use std::time::Duration;

use futures_util::future::BoxFuture;
use homeai_askai::{Engine, EngineKind, Home, Suggestion};
use homeai_web::settings::LlmSettings;
use secrecy::ExposeSecret;
use serde_json::{Value, json};

/// Why a language model gave no usable answer.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("the language model did not answer: {0}")]
    Transport(String),
    #[error("the language model answered {0}")]
    Status(u16),
    #[error("the language model's answer is not usable: {0}")]
    BadAnswer(String),
}

/// A language model that completes a chat and answers with text (JSON asked for).
pub trait LlmProvider: Send + Sync {
    fn name(&self) -> &str;
    fn complete<'a>(
        &'a self,
        system: &'a str,
        user: &'a str,
    ) -> BoxFuture<'a, Result<String, LlmError>>;
}

/// The client of an OpenAI-compatible `/chat/completions` endpoint.
pub struct OpenAiCompatible {
    client: reqwest::Client,
    url: String,
    model: String,
    api_key: Option<String>,
}

impl OpenAiCompatible {
    pub fn new(settings: &LlmSettings) -> Result<Self, LlmError> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_millis(settings.timeout_ms))
            .build()
            .map_err(|e| LlmError::Transport(e.to_string()))?;
        Ok(Self {
            client,
            url: format!(
                "{}/chat/completions",
                settings.base_url.trim_end_matches('/')
            ),
            model: settings.model.clone(),
            api_key: settings
                .api_key
                .as_ref()
                .map(|k| k.expose_secret().to_owned()),
        })
    }
}

impl LlmProvider for OpenAiCompatible {
    fn name(&self) -> &str {
        &self.model
    }

    fn complete<'a>(
        &'a self,
        system: &'a str,
        user: &'a str,
    ) -> BoxFuture<'a, Result<String, LlmError>> {
        Box::pin(async move {
            let body = json!({
                "model": self.model,
                "temperature": 0,
                "response_format": {"type": "json_object"},
                "messages": [
                    {"role": "system", "content": system},
                    {"role": "user", "content": user},
                ],
            });
            let mut req = self.client.post(&self.url).json(&body);
            if let Some(key) = &self.api_key {
                req = req.bearer_auth(key);
            }
            let res = req
                .send()
                .await
                .map_err(|e| LlmError::Transport(e.to_string()))?;
            if !res.status().is_success() {
                return Err(LlmError::Status(res.status().as_u16()));
            }
            let v: Value = res
                .json()
                .await
                .map_err(|e| LlmError::BadAnswer(e.to_string()))?;
            v["choices"][0]["message"]["content"]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| LlmError::BadAnswer("no choices[0].message.content".into()))
        })
    }
}

/// The instructions and the home, in few words: ids, names, areas.
pub fn system_prompt(home: &Home) -> String {
    let mut lines = vec![
        "You turn a request about a Home Assistant home into one automation.".to_owned(),
        "Answer with a JSON object only: {\"automation\": {\"triggers\": [...], \"conditions\": [...], \"actions\": [...]}} \
         in Home Assistant's modern format (trigger: / action: keys), using only the entity ids below; \
         or {\"clarify\": [\"question\", ...]} when the request is ambiguous."
            .to_owned(),
        "Entities (id | name | area):".to_owned(),
    ];
    for e in &home.entities {
        lines.push(format!(
            "{} | {} | {}",
            e.entity_id,
            e.name,
            e.area_id.as_deref().unwrap_or("-")
        ));
    }
    for p in &home.persons {
        lines.push(format!(
            "{} | {} | notify: {}",
            p.entity_id,
            p.name,
            p.notify.as_deref().unwrap_or("-")
        ));
    }
    lines.join("\n")
}

/// The model's answer as a suggestion, or why not: repaired, parsed, and checked against the home.
pub fn read_answer(engine: &Engine, text: &str) -> Result<Suggestion, LlmError> {
    let v: Value = serde_json::from_str(text.trim())
        .map_err(|e| LlmError::BadAnswer(format!("not JSON: {e}")))?;
    let Some(automation) = v.get("automation") else {
        return Err(LlmError::BadAnswer("no automation in the answer".into()));
    };
    let repaired = homeai_automation_model::repair(&automation.to_string())
        .map_err(|e| LlmError::BadAnswer(e.to_string()))?;
    let unknown = engine.unknown_entities(&repaired.automation);
    if !unknown.is_empty() {
        return Err(LlmError::BadAnswer(format!(
            "it names entities this home lacks: {}",
            unknown.join(", ")
        )));
    }
    let mut a = repaired.automation;
    let description = a
        .description
        .clone()
        .unwrap_or_else(|| "Written by the language model".into());
    a.description = Some(description.clone());
    Ok(Suggestion {
        automation: a,
        description,
        confidence: 0.8,
        entities: Vec::new(),
        engine: EngineKind::Llm,
        read_by_model: None,
        readings: Vec::new(),
    })
}
