//! Home Assistant automations as typed values: parse both dialects, render either, repair
//! what language models write, and tell which features a release lacks.
//!
//! Pure: no I/O, no framework. Nothing in homeai produces automation text by string
//! formatting; it builds an [`Automation`] and renders it with [`to_json`] (the config API's
//! body) or [`to_yaml`].
//!
//! ```
//! use homeai_automation_model::{parse_yaml, to_yaml, Dialect, ServiceKey};
//!
//! let modern = "triggers:\n  - trigger: state\n    entity_id: light.x\n    to: \"on\"\n\
//!               actions:\n  - action: light.turn_off\n    target:\n      entity_id: light.x\n";
//! let automation = parse_yaml(modern).unwrap();
//! let legacy = to_yaml(&automation, Dialect::Legacy { service_key: ServiceKey::Service });
//! assert!(legacy.contains("platform: state") && legacy.contains("service: light.turn_off"));
//! assert!(legacy.contains("to: \"on\""));
//! assert_eq!(parse_yaml(&legacy).unwrap(), automation);
//! ```
//!
//! Blueprints (automations with `!input` values) are in [`Blueprint`]: parse, check,
//! instantiate, render, and make one from an automation.
//!
//! Errors: [`ParseError`] from the parsers (every problem, each with its field path);
//! [`RejectError`] from [`repair`] when repairing would be a guess.

mod blueprint;
mod dialect;
mod duration;
mod error;
mod model;
mod parse;
mod render;
mod repair;
mod safety;
mod time;
mod yaml;

pub use blueprint::{
    Blueprint, BlueprintInput, INPUT_TAG, InputBinding, InputSection, Placeholder, SELECTOR_KINDS,
    blueprint_from_automation, blueprint_to_json, blueprint_to_yaml, looks_like_blueprint,
    parse_blueprint_yaml,
};
pub use dialect::{Dialect, ServiceKey, check_dialect, check_version};
pub use duration::{Duration, DurationError, TimePeriod};
pub use error::{ParseError, Problem, ProblemKind, RejectError};
pub use model::*;
pub use parse::{parse_json, parse_yaml};
pub use render::{to_json, to_yaml};
pub use repair::{Repaired, repair};
pub use safety::{Finding, SafetyReport, SafetySettings, Severity, safety_report};
pub use time::{TimeError, TimeOfDay, Weekday};
