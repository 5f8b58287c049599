//! Home Assistant blueprints: automations with inputs.
//!
//! A blueprint is a YAML file with a `blueprint:` block (name, domain, inputs with their
//! selectors, optionally grouped in sections since Home Assistant 2024.6) and an automation
//! body in which `!input key` stands for the value given for an input. Here:
//!
//! * [`parse_blueprint_yaml`] reads one into a [`Blueprint`], whose `body` is JSON with each
//!   `!input key` held as `{"!input": "key"}`;
//! * [`Blueprint::check`] checks it as Home Assistant would, and more (every input used, the
//!   body a valid automation for sample values, see [`Blueprint::sample_inputs`]);
//! * [`Blueprint::instantiate`] is what Home Assistant runs for `use_blueprint: {path, input}`;
//! * [`blueprint_to_yaml`] / [`blueprint_to_json`] render it, the body in either dialect;
//! * [`blueprint_from_automation`] turns an automation written for placeholder entities and
//!   values into a blueprint.
//!
//! ```
//! use homeai_automation_model::{parse_blueprint_yaml, blueprint_to_yaml, Dialect};
//! use serde_json::json;
//!
//! let text = "blueprint:\n  name: Light on motion\n  domain: automation\n  input:\n    \
//!             motion:\n      selector: {entity: {domain: binary_sensor}}\n    \
//!             light:\n      selector: {target: {entity: {domain: light}}}\n\
//!             triggers:\n  - trigger: state\n    entity_id: !input motion\n    to: \"on\"\n\
//!             actions:\n  - action: light.turn_on\n    target: !input light\n";
//! let blueprint = parse_blueprint_yaml(text).unwrap();
//! blueprint.check().unwrap();
//! let inputs = json!({"motion": "binary_sensor.hall", "light": {"entity_id": "light.hall"}});
//! let automation = blueprint.instantiate(inputs.as_object().unwrap()).unwrap();
//! assert_eq!(automation.triggers.len(), 1);
//! let legacy = blueprint_to_yaml(&blueprint, Dialect::for_version(2024, 3));
//! assert!(legacy.contains("entity_id: !input motion") && legacy.contains("platform: state"));
//! assert_eq!(parse_blueprint_yaml(&legacy).unwrap().instantiate(inputs.as_object().unwrap()).unwrap(), automation);
//! ```

mod check;
mod dialect;
mod from_automation;
mod instantiate;
mod load;
mod parse;
mod refs;
mod render;
mod selector;

use serde_json::Value;

pub use from_automation::{InputBinding, Placeholder, blueprint_from_automation};
pub use parse::{looks_like_blueprint, parse_blueprint_yaml};
pub use render::{blueprint_to_json, blueprint_to_yaml};
pub use selector::SELECTOR_KINDS;

/// The YAML tag for an input, and the key of its JSON form `{"!input": key}`.
pub const INPUT_TAG: &str = "!input";

/// One blueprint: what the `blueprint:` block says, and the automation body.
#[derive(Debug, Clone, PartialEq)]
pub struct Blueprint {
    pub name: String,
    pub description: Option<String>,
    /// `automation`; `script` (and `template`) parse, but [`Blueprint::instantiate`] refuses
    /// them.
    pub domain: String,
    pub source_url: Option<String>,
    pub author: Option<String>,
    /// `homeassistant: {min_version}`
    pub min_version: Option<String>,
    /// In declaration order, sections flattened (each input names its section).
    pub inputs: Vec<BlueprintInput>,
    /// The sections, in declaration order (empty when the inputs are not grouped).
    pub sections: Vec<InputSection>,
    /// The automation part; every `!input key` is stored as `{"!input": "key"}`.
    pub body: Value,
}

/// One input a blueprint declares.
#[derive(Debug, Clone, PartialEq)]
pub struct BlueprintInput {
    pub key: String,
    pub name: Option<String>,
    pub description: Option<String>,
    /// One kind and its options: `{"entity": {"domain": "binary_sensor"}}`, `{"duration": {}}`
    /// (a selector written `media:` with nothing after it is `{"media": {}}`). `null` when the
    /// input has no selector (Home Assistant shows a text field).
    pub selector: Value,
    pub default: Option<Value>,
    /// The key of the section (Home Assistant 2024.6) holding the input, if any.
    pub section: Option<String>,
}

/// A section of inputs (Home Assistant 2024.6): its key and its own fields (`name`, `icon`,
/// `description`, `collapsed`) as written. Its inputs name it in [`BlueprintInput::section`].
#[derive(Debug, Clone, PartialEq)]
pub struct InputSection {
    pub key: String,
    pub fields: serde_json::Map<String, Value>,
}

impl BlueprintInput {
    /// An input with a key and a selector, nothing else.
    pub fn new(key: impl Into<String>, selector: Value) -> Self {
        Self {
            key: key.into(),
            name: None,
            description: None,
            selector,
            default: None,
            section: None,
        }
    }

    /// The selector's kind (`entity`), if it has one.
    pub fn selector_kind(&self) -> Option<&str> {
        self.selector
            .as_object()
            .and_then(|m| m.keys().next())
            .map(String::as_str)
    }
}

impl Blueprint {
    /// The input declared with `key`.
    pub fn input(&self, key: &str) -> Option<&BlueprintInput> {
        self.inputs.iter().find(|i| i.key == key)
    }
}
