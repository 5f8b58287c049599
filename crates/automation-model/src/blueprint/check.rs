//! [`Blueprint::check`] and [`Blueprint::sample_inputs`].

use serde_json::{Map, Value};

use super::parse::{problem, undeclared};
use super::selector::{is_known_kind, sample};
use super::{Blueprint, BlueprintInput, SELECTOR_KINDS, refs};
use crate::error::{ParseError, Problem, ProblemKind};
use crate::parse::Path;

/// Where an input is declared: `blueprint.input.door`, or
/// `blueprint.input.<section>.input.door` in a section.
pub(crate) fn input_path(input: &BlueprintInput) -> Path {
    let inputs = Path::root().key("blueprint").key("input");
    match &input.section {
        Some(section) => inputs.key(section).key("input").key(&input.key),
        None => inputs.key(&input.key),
    }
}

impl Blueprint {
    /// What Home Assistant refuses: every `!input` refers to a declared input, every selector
    /// kind is one Home Assistant knows, and the body is a valid automation once each input
    /// gets a sample value of its selector's shape ([`Blueprint::sample_inputs`]). For
    /// `script` and `template` blueprints the body is not checked. What HA accepts but is
    /// likely a slip is in [`Blueprint::warnings`].
    pub fn check(&self) -> Result<(), ParseError> {
        let mut problems = self.declaration_problems();
        problems.extend(undeclared(self));
        problems.extend(self.malformed_references());
        if problems.is_empty()
            && self.domain == "automation"
            && let Err(error) = self.instantiate(&self.sample_inputs())
        {
            problems.extend(error.problems().iter().cloned().map(|mut p| {
                p.message = format!("{} (with sample input values)", p.message);
                p
            }));
            if let ParseError::Yaml(message) = error {
                problems.push(problem(&Path::root(), ProblemKind::BadValue, message));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ParseError::Invalid(problems))
        }
    }

    /// A value of each input's selector's shape, by key: `light.blueprint_sample` for a light
    /// entity, `{"entity_id": …}` for a target, `{hours, minutes, seconds}` for a duration.
    pub fn sample_inputs(&self) -> Map<String, Value> {
        self.inputs
            .iter()
            .map(|input| (input.key.clone(), sample(input)))
            .collect()
    }

    fn declaration_problems(&self) -> Vec<Problem> {
        let block = Path::root().key("blueprint");
        let mut problems = Vec::new();
        if self.name.trim().is_empty() {
            problems.push(problem(
                &block.key("name"),
                ProblemKind::Missing,
                "a blueprint needs a name",
            ));
        }
        if !["automation", "script", "template"].contains(&self.domain.as_str()) {
            problems.push(problem(
                &block.key("domain"),
                ProblemKind::BadValue,
                format!("`{}` is no blueprint domain; use automation", self.domain),
            ));
        }
        for (i, input) in self.inputs.iter().enumerate() {
            let path = input_path(input);
            if self.inputs[..i].iter().any(|other| other.key == input.key) {
                problems.push(problem(
                    &path,
                    ProblemKind::Conflict,
                    format!("the input `{}` is declared twice", input.key),
                ));
            }
            if let Some(section) = &input.section
                && !self.sections.iter().any(|s| s.key == *section)
            {
                problems.push(problem(
                    &path,
                    ProblemKind::BadValue,
                    format!("the section `{section}` is not declared in `sections`"),
                ));
            }
            problems.extend(selector_problems(input, &path.key("selector")));
        }
        problems
    }

    /// `{"!input": …}` whose key is not text.
    fn malformed_references(&self) -> Vec<Problem> {
        refs::references(&self.body, &Path::root())
            .into_iter()
            .filter(|(_, key)| key.is_none())
            .map(|(path, _)| {
                problem(
                    &path,
                    ProblemKind::BadValue,
                    "`!input` takes the key of an input",
                )
            })
            .collect()
    }

    /// What Home Assistant accepts but is likely a slip, as `path: message`: an input without
    /// a default that no `!input` uses (HA would ask for a value that changes nothing).
    pub fn warnings(&self) -> Vec<String> {
        self.unused_required()
            .into_iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect()
    }

    fn unused_required(&self) -> Vec<Problem> {
        let used: Vec<Option<&str>> = refs::references(&self.body, &Path::root())
            .into_iter()
            .map(|(_, key)| key)
            .collect();
        self.inputs
            .iter()
            .filter(|input| input.default.is_none() && !used.contains(&Some(input.key.as_str())))
            .map(|input| {
                problem(
                    &input_path(input),
                    ProblemKind::BadValue,
                    format!(
                        "the input `{}` has no default and no `!input {}` uses it; use it in \
                         the automation or remove it",
                        input.key, input.key
                    ),
                )
            })
            .collect()
    }
}

fn selector_problems(input: &BlueprintInput, path: &Path) -> Vec<Problem> {
    match &input.selector {
        Value::Null => Vec::new(),
        Value::Object(map) if map.len() == 1 => {
            let Some((kind, options)) = map.iter().next() else {
                return Vec::new();
            };
            let mut problems = Vec::new();
            if !is_known_kind(kind) {
                problems.push(problem(
                    &path.key(kind),
                    ProblemKind::BadValue,
                    format!(
                        "`{kind}` is not a selector Home Assistant knows; use one of {}",
                        SELECTOR_KINDS.join(", ")
                    ),
                ));
            }
            if !options.is_object() {
                problems.push(problem(
                    &path.key(kind),
                    ProblemKind::BadValue,
                    "a selector's options are a mapping (`{}` for none)",
                ));
            }
            problems
        }
        _ => vec![problem(
            path,
            ProblemKind::BadValue,
            "a selector is a mapping of one kind to its options (`entity: {domain: light}`)",
        )],
    }
}
