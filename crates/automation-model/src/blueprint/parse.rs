//! Reading a blueprint's YAML: the `blueprint:` block into typed fields, the rest as the body.
//!
//! What Home Assistant refuses when it loads a blueprint is refused here, every problem with
//! its path (`blueprint.input.door.selector`, `trigger[0].entity_id`): a missing name or
//! domain, an input that is neither an input nor a section, a selector that is not one kind,
//! an `!input` naming no declared input. Whether the selector kinds exist and the body is a
//! valid automation is [`super::Blueprint::check`]'s job.

use serde_json::{Map, Value};

use super::load::{self, Node};
use super::{Blueprint, BlueprintInput, InputSection, refs};
use crate::error::{ParseError, Problem, ProblemKind};
use crate::parse::Path;

const BLOCK_KEYS: &str = "name, description, domain, source_url, author, homeassistant, input";
const INPUT_KEYS: &str = "name, description, default, selector";
const SECTION_KEYS: &str = "name, icon, description, collapsed, input";
/// The domains Home Assistant has blueprints for.
const DOMAINS: [&str; 3] = ["automation", "script", "template"];

/// Whether the text has a top-level `blueprint:` key (looked at line by line, without
/// parsing: cheap enough to route pasted text).
pub fn looks_like_blueprint(text: &str) -> bool {
    text.lines().any(|line| {
        line.strip_prefix("blueprint")
            .map(str::trim_start)
            .is_some_and(|rest| rest.starts_with(':'))
    }) || text.trim_start().starts_with("{\"blueprint\"")
}

/// Read a blueprint from YAML text (JSON is YAML too, with `{"!input": key}` read as a
/// reference as well).
pub fn parse_blueprint_yaml(text: &str) -> Result<Blueprint, ParseError> {
    let node = load::load(text).map_err(ParseError::Yaml)?;
    let mut problems = Vec::new();
    let blueprint = blueprint(&node, &mut problems);
    match blueprint {
        Some(b) if problems.is_empty() => Ok(b),
        _ => Err(ParseError::Invalid(problems)),
    }
}

pub(crate) fn problem(path: &Path, kind: ProblemKind, message: impl Into<String>) -> Problem {
    Problem {
        path: path.as_str().to_owned(),
        message: message.into(),
        kind,
    }
}

fn blueprint(node: &Node, problems: &mut Vec<Problem>) -> Option<Blueprint> {
    let root = Path::root();
    let Node::Map(entries) = node else {
        problems.push(problem(
            &root,
            ProblemKind::BadValue,
            "a blueprint is a mapping with a `blueprint:` block and an automation",
        ));
        return None;
    };
    let Some((_, block)) = entries.iter().find(|(k, _)| k == "blueprint") else {
        problems.push(problem(
            &root.key("blueprint"),
            ProblemKind::Missing,
            "no `blueprint:` block: add one with at least `name` and `domain`",
        ));
        return None;
    };
    let mut blueprint = block_fields(block, &root.key("blueprint"), problems)?;
    let body: Map<String, Value> = entries
        .iter()
        .filter(|(k, _)| k != "blueprint")
        .map(|(k, v)| (k.clone(), v.to_value()))
        .collect();
    blueprint.body = Value::Object(body);
    bad_inputs(node, &root, problems);
    problems.extend(undeclared(&blueprint));
    Some(blueprint)
}

/// The `blueprint:` block.
fn block_fields(node: &Node, path: &Path, problems: &mut Vec<Problem>) -> Option<Blueprint> {
    let Node::Map(entries) = node else {
        problems.push(problem(path, ProblemKind::BadValue, "expected a mapping"));
        return None;
    };
    let mut b = Blueprint {
        name: String::new(),
        description: None,
        domain: String::new(),
        source_url: None,
        author: None,
        min_version: None,
        inputs: Vec::new(),
        sections: Vec::new(),
        body: Value::Null,
    };
    let (mut name, mut domain) = (None, None);
    for (key, value) in entries {
        let here = path.key(key);
        match key.as_str() {
            "name" => name = text(value, &here, problems),
            "description" => b.description = text(value, &here, problems),
            "domain" => domain = text(value, &here, problems),
            "source_url" => b.source_url = text(value, &here, problems),
            "author" => b.author = text(value, &here, problems),
            "homeassistant" => b.min_version = homeassistant(value, &here, problems),
            "input" => inputs(value, &here, None, &mut b, problems),
            other => problems.push(unknown(&here, "the `blueprint:` block", other, BLOCK_KEYS)),
        }
    }
    match name {
        Some(n) => b.name = n,
        None if !entries.iter().any(|(k, _)| k == "name") => problems.push(problem(
            path,
            ProblemKind::Missing,
            "a blueprint needs `name`",
        )),
        None => {}
    }
    match domain {
        Some(d) if DOMAINS.contains(&d.as_str()) => b.domain = d,
        Some(d) => problems.push(problem(
            &path.key("domain"),
            ProblemKind::BadValue,
            format!("`{d}` is no blueprint domain; use automation, script or template"),
        )),
        None if !entries.iter().any(|(k, _)| k == "domain") => problems.push(problem(
            path,
            ProblemKind::Missing,
            "a blueprint needs `domain` (automation)",
        )),
        None => {}
    }
    Some(b)
}

fn unknown(path: &Path, what: &str, key: &str, allowed: &str) -> Problem {
    problem(
        path,
        ProblemKind::UnknownKey,
        format!("{what} has no key `{key}`; it takes {allowed}"),
    )
}

fn text(node: &Node, path: &Path, problems: &mut Vec<Problem>) -> Option<String> {
    match node {
        Node::Scalar(Value::String(s)) => Some(s.clone()),
        Node::Scalar(Value::Number(n)) => Some(n.to_string()),
        _ => {
            problems.push(problem(path, ProblemKind::BadValue, "expected text"));
            None
        }
    }
}

/// `homeassistant: {min_version: 2024.6.0}`
fn homeassistant(node: &Node, path: &Path, problems: &mut Vec<Problem>) -> Option<String> {
    let Node::Map(entries) = node else {
        problems.push(problem(
            path,
            ProblemKind::BadValue,
            "expected `{min_version: …}`",
        ));
        return None;
    };
    let mut version = None;
    for (key, value) in entries {
        if key == "min_version" {
            version = text(value, &path.key(key), problems);
        } else {
            problems.push(unknown(
                &path.key(key),
                "`homeassistant`",
                key,
                "min_version",
            ));
        }
    }
    version
}

/// `input:`, or a section's `input:` when `section` is set.
fn inputs(
    node: &Node,
    path: &Path,
    section: Option<&str>,
    b: &mut Blueprint,
    problems: &mut Vec<Problem>,
) {
    let entries = match node {
        Node::Map(entries) => entries.as_slice(),
        Node::Scalar(Value::Null) => &[],
        _ => {
            problems.push(problem(
                path,
                ProblemKind::BadValue,
                "expected a mapping of inputs",
            ));
            return;
        }
    };
    for (key, value) in entries {
        let here = path.key(key);
        if b.inputs.iter().any(|i| i.key == *key) || b.sections.iter().any(|s| s.key == *key) {
            problems.push(problem(
                &here,
                ProblemKind::Conflict,
                format!("`{key}` is declared twice; input and section keys must be unique"),
            ));
            continue;
        }
        let mut input = BlueprintInput::new(key.clone(), Value::Null);
        input.section = section.map(str::to_owned);
        match value {
            Node::Scalar(Value::Null) => b.inputs.push(input),
            Node::Map(fields) if fields.iter().any(|(k, _)| k == "input") => {
                if section.is_some() {
                    problems.push(problem(
                        &here,
                        ProblemKind::BadValue,
                        "sections cannot be nested; move these inputs up one level",
                    ));
                } else {
                    section_fields(key, fields, &here, b, problems);
                }
            }
            Node::Map(fields) => {
                input_fields(&mut input, fields, &here, problems);
                b.inputs.push(input);
            }
            _ => problems.push(problem(
                &here,
                ProblemKind::BadValue,
                "an input is a mapping (name, description, default, selector)",
            )),
        }
    }
}

fn section_fields(
    key: &str,
    fields: &[(String, Node)],
    path: &Path,
    b: &mut Blueprint,
    problems: &mut Vec<Problem>,
) {
    let mut section = InputSection {
        key: key.to_owned(),
        fields: Map::new(),
    };
    let mut inner = None;
    for (k, v) in fields {
        match k.as_str() {
            "input" => inner = Some(v),
            "name" | "icon" | "description" | "collapsed" => {
                section.fields.insert(k.clone(), v.to_value());
            }
            other => problems.push(unknown(&path.key(k), "a section", other, SECTION_KEYS)),
        }
    }
    b.sections.push(section);
    if let Some(inner) = inner {
        inputs(inner, &path.key("input"), Some(key), b, problems);
    }
}

fn input_fields(
    input: &mut BlueprintInput,
    fields: &[(String, Node)],
    path: &Path,
    problems: &mut Vec<Problem>,
) {
    for (key, value) in fields {
        let here = path.key(key);
        match key.as_str() {
            "name" => input.name = text(value, &here, problems),
            "description" => input.description = text(value, &here, problems),
            "default" => input.default = Some(value.to_value()),
            "selector" => input.selector = selector(value, &here, problems),
            other => problems.push(unknown(&here, "an input", other, INPUT_KEYS)),
        }
    }
}

/// One kind with its options; `kind:` with nothing after it reads as `{kind: {}}`.
fn selector(node: &Node, path: &Path, problems: &mut Vec<Problem>) -> Value {
    match node {
        Node::Map(entries) if entries.len() == 1 => {
            let (kind, options) = &entries[0];
            let options = match options.to_value() {
                Value::Null => Value::Object(Map::new()),
                v @ Value::Object(_) => v,
                _ => {
                    problems.push(problem(
                        &path.key(kind),
                        ProblemKind::BadValue,
                        "a selector's options are a mapping",
                    ));
                    return Value::Null;
                }
            };
            let mut map = Map::new();
            map.insert(kind.clone(), options);
            Value::Object(map)
        }
        Node::Scalar(Value::Null) => Value::Null,
        _ => {
            problems.push(problem(
                path,
                ProblemKind::BadValue,
                "a selector is a mapping of one kind to its options (`entity: {domain: light}`)",
            ));
            Value::Null
        }
    }
}

/// `!input` on a mapping, list or null.
fn bad_inputs(node: &Node, path: &Path, problems: &mut Vec<Problem>) {
    match node {
        Node::BadInput(what) => problems.push(problem(
            path,
            ProblemKind::BadValue,
            format!("`!input` takes the key of an input, not {what}"),
        )),
        Node::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                bad_inputs(item, &path.index(i), problems);
            }
        }
        Node::Map(entries) => {
            for (k, v) in entries {
                bad_inputs(v, &path.key(k), problems);
            }
        }
        Node::Scalar(_) | Node::Input(_) => {}
    }
}

/// An `!input` naming no declared input, as Home Assistant reports when loading.
pub(crate) fn undeclared(b: &Blueprint) -> Vec<Problem> {
    refs::references(&b.body, &Path::root())
        .into_iter()
        .filter_map(|(path, key)| {
            let key = key?;
            (b.input(key).is_none()).then(|| {
                problem(
                    &path,
                    ProblemKind::BadValue,
                    format!(
                        "`!input {key}` names no input; declare `{key}` under `blueprint.input` \
                         or use one of: {}",
                        declared(b)
                    ),
                )
            })
        })
        .collect()
}

fn declared(b: &Blueprint) -> String {
    if b.inputs.is_empty() {
        return "(none declared)".into();
    }
    let keys: Vec<&str> = b.inputs.iter().map(|i| i.key.as_str()).collect();
    keys.join(", ")
}
