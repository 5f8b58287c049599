//! Ask AI in the query service: the engine for the home (rebuilt when the registry may have
//! changed), the optional language model in front of it, and the answer as the API shows it.

pub mod blueprint;
pub mod intent;
pub mod llm;
pub mod registry;

use std::sync::Arc;
use std::time::{Duration, Instant};

use homeai_askai::{Answer, Bindings, Engine, EngineKind};
use homeai_automation_model::{Dialect, to_json, to_yaml};
use homeai_web::{ApiError, ServiceContext};
use serde_json::{Value, json};
use tokio::sync::RwLock;

use llm::{LlmProvider, OpenAiCompatible};

/// How long a built engine is used before the registry is read again.
const ENGINE_TTL: Duration = Duration::from_secs(30);

/// Ask AI's state, shared by the handlers.
pub struct AskAi {
    engine: RwLock<Option<(Instant, Arc<Engine>)>>,
    llm: Option<Arc<dyn LlmProvider>>,
    /// The trained intent model, when a version is active.
    pub intent: intent::ActiveIntent,
    /// The dialect blueprints are written in.
    pub dialect: blueprint::HomeDialect,
}

impl AskAi {
    pub fn new(ctx: &ServiceContext) -> Self {
        let settings = &ctx.settings.askai.llm;
        let llm: Option<Arc<dyn LlmProvider>> = if settings.enabled {
            match OpenAiCompatible::new(settings) {
                Ok(c) => Some(Arc::new(c)),
                Err(e) => {
                    tracing::warn!(error = %e, "askai.llm is enabled but cannot be set up; using the local engine");
                    None
                }
            }
        } else {
            None
        };
        Self {
            engine: RwLock::new(None),
            llm,
            intent: intent::ActiveIntent::new(),
            dialect: blueprint::HomeDialect::default(),
        }
    }

    /// The engine for the home as it is now (cached for a short while).
    pub async fn engine(&self, ctx: &ServiceContext) -> Result<Arc<Engine>, ApiError> {
        if let Some((at, e)) = self.engine.read().await.as_ref()
            && at.elapsed() < ENGINE_TTL
        {
            return Ok(Arc::clone(e));
        }
        let home = registry::load(ctx).await?;
        let engine = Arc::new(Engine::new(home).with_model(Arc::new(self.intent.clone())));
        *self.engine.write().await = Some((Instant::now(), Arc::clone(&engine)));
        Ok(engine)
    }

    /// Answers a request: the language model first when one is configured, the local engine
    /// when it is not, fails, times out or answers badly.
    pub async fn answer(
        &self,
        engine: &Engine,
        query: &str,
        bindings: &Bindings,
    ) -> Result<Answer, ApiError> {
        if let Some(llm) = &self.llm
            && bindings.entities.is_empty()
            && bindings.extra.is_empty()
        {
            let system = llm::system_prompt(engine.home());
            match llm
                .complete(&system, query)
                .await
                .and_then(|text| llm::read_answer(engine, &text))
            {
                Ok(s) => {
                    tracing::info!(model = llm.name(), "answered by the language model");
                    return Ok(Answer::Automation(Box::new(s)));
                }
                Err(e) => {
                    tracing::warn!(error = %e, "language model answer unusable; the local engine answers")
                }
            }
        }
        engine
            .ask_with(query, bindings)
            .map_err(|e| ApiError::BadRequest(format!("query: {e}")))
    }
}

/// A suggestion as the API shows it; `readings` is how each part was read from the request
/// (`[{part, from}]`), so a person sees a misreading before deploying.
pub fn suggestion_json(
    suggestion_id: &str,
    automation: &Value,
    description: &str,
    confidence: f64,
    engine: &str,
    readings: &Value,
) -> Value {
    let yaml = homeai_automation_model::parse_json(automation)
        .map(|a| to_yaml(&a, Dialect::Modern))
        .unwrap_or_default();
    json!({
        "suggestion_id": suggestion_id,
        "description": description,
        "automation": automation,
        "automation_yaml": yaml,
        "confidence": confidence,
        "engine": engine,
        "readings": if readings.is_array() { readings.clone() } else { json!([]) },
        "status": "draft",
    })
}

/// How each part of an answer's automation was read (`[{part, from}]`; empty for a question).
pub fn readings_value(answer: &Answer) -> Value {
    match answer {
        Answer::Automation(s) => serde_json::to_value(&s.readings).unwrap_or_else(|_| json!([])),
        Answer::Blueprint(b) => serde_json::to_value(&b.readings).unwrap_or_else(|_| json!([])),
        Answer::Clarify(_) => json!([]),
    }
}

/// The automation of an answer as Home Assistant config JSON.
pub fn automation_value(answer: &Answer) -> Option<(Value, String, f64, EngineKind)> {
    match answer {
        Answer::Automation(s) => Some((
            to_json(&s.automation, Dialect::Modern),
            s.description.clone(),
            s.confidence,
            s.engine.clone(),
        )),
        Answer::Clarify(_) | Answer::Blueprint(_) => None,
    }
}

/// `query-` + 8 hex digits, as the reference names them.
pub fn new_id(prefix: &str) -> String {
    let hex = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}-{}", &hex[..8])
}

/// The suggestion id of a query's one suggestion.
pub fn suggestion_id_of(query_id: &str) -> String {
    format!("ask-ai-{}", query_id.trim_start_matches("query-"))
}
