//! The query service's `[askai]` section and its optional language model, `[askai.llm]`.

use std::path::PathBuf;

use secrecy::SecretString;
use serde::Deserialize;

/// `[askai]`: the query service's Ask AI.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AskAiSettings {
    /// A registry snapshot (`home.json`) to resolve names against instead of the registries the
    /// pattern service stores (for a home without a synced registry, and for trials).
    #[serde(default)]
    pub home_file: Option<PathBuf>,
    #[serde(default)]
    pub llm: LlmSettings,
}

/// `[askai.llm]`: an optional language model behind any OpenAI-compatible chat-completions
/// endpoint (Ollama, llama.cpp, vLLM, …). Off by default; its answers go through the same
/// parser, repair and validation, and a timeout or a bad answer falls back to the local engine.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LlmSettings {
    #[serde(default)]
    pub enabled: bool,
    /// e.g. `http://127.0.0.1:11434/v1` (the path `/chat/completions` is added).
    #[serde(default)]
    pub base_url: String,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub api_key: Option<SecretString>,
    #[serde(default = "default_llm_timeout_ms")]
    pub timeout_ms: u64,
}

impl Default for LlmSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            base_url: String::new(),
            model: String::new(),
            api_key: None,
            timeout_ms: default_llm_timeout_ms(),
        }
    }
}

fn default_llm_timeout_ms() -> u64 {
    4_000
}
