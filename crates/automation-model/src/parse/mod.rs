//! Reading automations in either dialect (and mixtures of them, as Home Assistant 2024.10+
//! itself accepts) into the model.
//!
//! The parser accepts what Home Assistant accepts (`platform:` or `trigger:`, `service:` or
//! `action:`, a single item where a list is expected, `data_template`, `"90"` as seconds, `no`
//! in a boolean field) and notes each such reading. [`crate::repair`] runs the same parser in
//! repair mode, where it also fixes what Home Assistant would refuse, and reports the notes.

mod automation;
mod fields;
mod repair_rules;
mod values;

mod action;
mod condition;
mod trigger;

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde_json::Value;

use crate::error::{ParseError, Problem, ProblemKind};
use crate::model::Automation;

pub(crate) use fields::Obj;

/// Deepest nesting of steps and conditions read; deeper input is refused, not overflowed.
const MAX_DEPTH: usize = 48;

/// Read one automation from YAML text in either dialect.
pub fn parse_yaml(text: &str) -> Result<Automation, ParseError> {
    let loaded = crate::yaml::load(text).map_err(ParseError::Yaml)?;
    let mut ctx = Ctx::new(Mode::Strict);
    finish(&mut ctx, &loaded.value)
}

/// Read one automation from its JSON form (the config API's body) in either dialect.
pub fn parse_json(value: &Value) -> Result<Automation, ParseError> {
    let mut ctx = Ctx::new(Mode::Strict);
    finish(&mut ctx, value)
}

fn finish(ctx: &mut Ctx, value: &Value) -> Result<Automation, ParseError> {
    let automation = automation::automation(ctx, value);
    match automation {
        Some(a) if ctx.problems.is_empty() => Ok(a),
        _ => Err(ParseError::Invalid(std::mem::take(&mut ctx.problems))),
    }
}

/// Strict: read what Home Assistant accepts. Repair: also fix what it would refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Strict,
    Repair,
}

/// Where in the automation a value is: `actions[2].target.entity_id`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Path(String);

impl Path {
    pub(crate) fn root() -> Self {
        Self(String::new())
    }

    pub(crate) fn key(&self, key: &str) -> Self {
        if self.0.is_empty() {
            Self(key.to_owned())
        } else {
            Self(format!("{}.{key}", self.0))
        }
    }

    pub(crate) fn index(&self, index: usize) -> Self {
        Self(format!("{}[{index}]", self.0))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("the automation")
        } else {
            f.write_str(&self.0)
        }
    }
}

/// The state of one parse: its mode, what went wrong, and what was read leniently.
pub(crate) struct Ctx {
    pub(crate) mode: Mode,
    pub(crate) problems: Vec<Problem>,
    /// Each lenient reading or repair, in words, with its path.
    pub(crate) notes: Vec<String>,
    /// Paths of those scalars that were read as booleans (so they need no "quoted" note).
    pub(crate) read_as_bool: HashSet<String>,
    /// Paths whose content was dropped (the singular key when the plural is also given).
    pub(crate) dropped: Vec<String>,
    /// Whether the document's top level uses the plural (modern) keys.
    pub(crate) modern_document: Option<bool>,
    depth: usize,
}

impl Ctx {
    pub(crate) fn new(mode: Mode) -> Self {
        Self {
            mode,
            problems: Vec::new(),
            notes: Vec::new(),
            read_as_bool: HashSet::new(),
            dropped: Vec::new(),
            modern_document: None,
            depth: 0,
        }
    }

    pub(crate) fn repairing(&self) -> bool {
        self.mode == Mode::Repair
    }

    pub(crate) fn problem(&mut self, path: &Path, kind: ProblemKind, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.as_str().to_owned(),
            message: message.into(),
            kind,
        });
    }

    pub(crate) fn bad(&mut self, path: &Path, message: impl Into<String>) {
        self.problem(path, ProblemKind::BadValue, message);
    }

    pub(crate) fn note(&mut self, path: &Path, message: impl AsRef<str>) {
        self.notes.push(format!("{path}: {}", message.as_ref()));
    }

    /// Enter one level of nesting; `false` (with a problem) when too deep.
    pub(crate) fn enter(&mut self, path: &Path) -> bool {
        if self.depth >= MAX_DEPTH {
            self.bad(path, format!("nested more than {MAX_DEPTH} levels deep"));
            return false;
        }
        self.depth += 1;
        true
    }

    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

/// A parse in repair mode: the automation (if any), the problems and the notes.
pub(crate) struct RepairParse {
    pub(crate) automation: Option<Automation>,
    pub(crate) problems: Vec<Problem>,
    pub(crate) notes: Vec<String>,
    pub(crate) unquoted: Vec<(String, String)>,
}

/// Parse in repair mode; `plain` from the YAML loader.
pub(crate) fn parse_for_repair(value: &Value, plain: &HashMap<String, String>) -> RepairParse {
    let mut ctx = Ctx::new(Mode::Repair);
    let automation = automation::automation(&mut ctx, value);
    let mut unquoted: Vec<(String, String)> = plain
        .iter()
        .filter(|(path, _)| !ctx.read_as_bool.contains(*path))
        .filter(|(path, _)| !ctx.dropped.iter().any(|d| is_under(path, d)))
        .map(|(p, t)| (p.clone(), t.clone()))
        .collect();
    unquoted.sort();
    RepairParse {
        automation,
        problems: ctx.problems,
        notes: ctx.notes,
        unquoted,
    }
}

fn is_under(path: &str, prefix: &str) -> bool {
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}
