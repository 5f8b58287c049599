//! [`Blueprint::instantiate`]: the automation Home Assistant runs for
//! `use_blueprint: {path, input}`.

use serde_json::{Map, Value};

use super::check::input_path;
use super::parse::{problem, undeclared};
use super::{Blueprint, refs};
use crate::error::{ParseError, Problem, ProblemKind};
use crate::model::Automation;
use crate::parse::{Path, parse_json};

impl Blueprint {
    /// The automation Home Assistant would run for `use_blueprint: {path, input}`: each
    /// declared input takes the value given or else its default (a missing input without
    /// default is an error naming it), every `!input` is replaced by its value, and the body
    /// is parsed as an automation (problems in a substituted value say which input gave it).
    /// Values given for keys the blueprint does not declare are ignored, as Home Assistant
    /// does. Durations may be given as seconds, `"HH:MM:SS"` or `{hours, minutes, seconds}`.
    pub fn instantiate(&self, inputs: &Map<String, Value>) -> Result<Automation, ParseError> {
        if self.domain != "automation" {
            return Err(ParseError::Invalid(vec![problem(
                &Path::root().key("blueprint").key("domain"),
                ProblemKind::BadValue,
                format!(
                    "this is a `{}` blueprint, not an automation blueprint; only `domain: \
                     automation` makes an automation",
                    self.domain
                ),
            )]));
        }
        let mut problems = undeclared(self);
        let mut values = Map::new();
        for input in &self.inputs {
            match inputs.get(&input.key).or(input.default.as_ref()) {
                Some(v) => {
                    values.insert(input.key.clone(), v.clone());
                }
                None => problems.push(missing(
                    &input.key,
                    input.name.as_deref(),
                    &input_path(input),
                )),
            }
        }
        if !problems.is_empty() {
            return Err(ParseError::Invalid(problems));
        }
        let references = refs::references(&self.body, &Path::root());
        let body = refs::substitute(&self.body, &|key| values.get(key).cloned());
        parse_json(&body).map_err(|error| match error {
            ParseError::Invalid(problems) => ParseError::Invalid(
                problems
                    .into_iter()
                    .map(|p| name_the_input(p, &references))
                    .collect(),
            ),
            other => other,
        })
    }
}

fn missing(key: &str, name: Option<&str>, declared: &Path) -> Problem {
    let named = name.map(|n| format!(" ({n})")).unwrap_or_default();
    Problem {
        path: format!("input.{key}"),
        message: format!(
            "no value for the input `{key}`{named}, which has no default (declared at {declared})"
        ),
        kind: ProblemKind::Missing,
    }
}

/// A problem at or under a substituted value says which input the value came from.
fn name_the_input(mut p: Problem, references: &[(Path, Option<&str>)]) -> Problem {
    let from = references.iter().find_map(|(path, key)| {
        let path = path.as_str();
        let under = p.path == path
            || p.path
                .strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['));
        under.then_some(*key).flatten()
    });
    if let Some(key) = from {
        p.message = format!("{} (the value of the input `{key}`)", p.message);
    }
    p
}
