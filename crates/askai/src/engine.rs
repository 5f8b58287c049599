//! The local language engine: a request and a home in, an automation or questions out.

use std::sync::Arc;

use homeai_automation_model::Automation;
use serde::Serialize;

use crate::answer::{Answer, Clarification, EngineKind, Reading, Suggestion};
use crate::clarify::{Bindings, Question, QuestionKind};
use crate::error::AskError;
use crate::home::Home;
use crate::resolve::{Index, MentionKind};
use crate::understand::understand;
use crate::{build, describe};

/// A trained intent/slot model (the training service's `intent` jobs make them). The engine
/// asks it only when the rules cannot answer a request as written: it rewords the request
/// into words the rules read, or returns `None` when it changes nothing.
pub trait IntentModel: Send + Sync {
    fn read(&self, query: &str) -> Option<Reading>;
}

/// One thing named in a request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extracted {
    /// The words as written.
    pub text: String,
    /// `entity`, `area`, `person`, `area_kind` or `kind`.
    pub kind: &'static str,
    /// The entity ids (or the area / person id) they may mean, best first.
    pub candidates: Vec<String>,
}

/// The engine for one home.
#[derive(Clone)]
pub struct Engine {
    home: Home,
    index: Index,
    model: Option<Arc<dyn IntentModel>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("entities", &self.home.entities.len())
            .field("model", &self.model.is_some())
            .finish()
    }
}

fn check(query: &str) -> Result<&str, AskError> {
    let q = query.trim();
    if q.is_empty() {
        return Err(AskError::Empty);
    }
    let n = q.chars().count();
    if n > crate::error::max_chars(q) {
        return Err(AskError::TooLong(n));
    }
    Ok(q)
}

impl Engine {
    pub fn new(home: Home) -> Self {
        let index = Index::new(&home);
        Self {
            home,
            index,
            model: None,
        }
    }

    /// Lets a trained model reword what the rules cannot answer (answers it helps with say so).
    pub fn with_model(mut self, model: Arc<dyn IntentModel>) -> Self {
        self.model = Some(model);
        self
    }

    pub fn home(&self) -> &Home {
        &self.home
    }

    pub fn ask(&self, query: &str) -> Result<Answer, AskError> {
        self.ask_with(query, &Bindings::default())
    }

    /// Asks with what earlier answers settled.
    pub fn ask_with(&self, query: &str, bindings: &Bindings) -> Result<Answer, AskError> {
        let q = check(query)?;
        if crate::spec::looks_like_markdown(q) {
            // headings, tables and bullets are structure, never orders or questions
            return Ok(crate::spec::answer(&self.home, &self.index, q, bindings));
        }
        let answer = self.rules(q, bindings);
        let Some(model) = &self.model else {
            return Ok(answer);
        };
        // the model rewords only what the rules could not read: never a question the rules
        // asked on purpose (which device, who, how much, what time "at night" is, a thing the
        // home lacks), which a rewording would answer with a guess
        let Answer::Clarify(c) = &answer else {
            return Ok(answer);
        };
        if !c.questions.iter().all(crate::model_guard::could_not_read) {
            return Ok(answer);
        }
        let Some(reading) = model.read(q).filter(|r| !r.changes.is_empty()) else {
            return Ok(answer);
        };
        // a room, or a sensor, named in the request
        let names_where = self.extract(q).is_ok_and(|found| {
            found.iter().any(|x| {
                matches!(x.kind, "area" | "area_kind")
                    || x.candidates.first().is_some_and(|id| {
                        id.starts_with("binary_sensor.") || id.starts_with("sensor.")
                    })
            })
        });
        if crate::model_guard::overrules(&reading.changes, names_where) {
            return Ok(answer);
        }
        match self.rules(&reading.text, bindings) {
            Answer::Automation(mut s) => {
                if let Some(intent) = &reading.intent
                    && !crate::synthetic::does(&s.automation, intent)
                {
                    // the reworded request does something else than the model says it asks
                    return Ok(answer);
                }
                s.engine = EngineKind::Model;
                s.confidence = (s.confidence * reading.confidence).clamp(0.0, 1.0);
                s.description = format!(
                    "{} (read with {}: {})",
                    s.description,
                    reading.model,
                    reading
                        .changes
                        .iter()
                        .map(|(a, b)| if b.is_empty() {
                            format!("\"{a}\" left out")
                        } else {
                            format!("\"{a}\" as \"{b}\"")
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                s.automation.description = Some(s.description.clone());
                s.read_by_model = Some(reading);
                Ok(Answer::Automation(s))
            }
            Answer::Clarify(_) | Answer::Blueprint(_) => Ok(answer),
        }
    }

    /// The grammar and resolver alone, with entity ids typed in the request read as those
    /// entities.
    fn rules(&self, q: &str, bindings: &Bindings) -> Answer {
        let typed = crate::typed_ids::find(&self.home, q);
        if typed.is_empty() {
            return self.read(q, bindings);
        }
        let ask = |question: Question| {
            Answer::Clarify(Clarification {
                questions: vec![question],
                entities: Vec::new(),
                confidence: 0.3,
            })
        };
        if let Some(t) = typed.iter().find(|t| t.name.is_none()) {
            return ask(crate::typed_ids::unknown(&self.home, t));
        }
        let answer = self.read(&crate::typed_ids::with_names(q, &typed), bindings);
        let Answer::Automation(s) = &answer else {
            return answer;
        };
        // the answer must act on or watch exactly the entities typed
        let json = homeai_automation_model::to_json(
            &s.automation,
            homeai_automation_model::Dialect::Modern,
        );
        let mut ids = Vec::new();
        collect_entity_ids(&json, &mut ids);
        let areas = area_ids(&json);
        let text = json.to_string();
        let used = |id: &str| {
            ids.iter().any(|x| x == id)
                // a person is told through their phone
                || self
                    .home
                    .notify_service_of(id)
                    .is_some_and(|s| text.contains(&format!("\"{s}\"")))
                || self
                    .home
                    .entity(id)
                    .and_then(|e| e.area_id.as_deref())
                    .is_some_and(|a| areas.iter().any(|x| x == a))
        };
        match typed.iter().find(|t| !used(&t.id)) {
            Some(t) => ask(crate::typed_ids::not_used(t)),
            None => answer,
        }
    }

    /// Reads a request with the grammar and resolver.
    fn read(&self, q: &str, bindings: &Bindings) -> Answer {
        if bindings.extra.is_empty()
            && let Some(answer) = crate::spec::with_time_limit(&self.home, &self.index, q)
        {
            return answer;
        }
        let mut u = understand(&self.home, &self.index, q, bindings);
        // a condition said twice ("check if it is not locked. If it is unlocked, …") is one
        let mut seen = Vec::new();
        u.parts.conditions.retain(|c| {
            let new = !seen.contains(c);
            if new {
                seen.push(c.clone());
            }
            new
        });
        if !u.questions.is_empty() {
            return Answer::Clarify(Clarification {
                questions: u.questions,
                entities: u.entities,
                confidence: u.confidence.min(0.5),
            });
        }
        let problems = crate::check::problems(&self.home, &u.parts);
        if !problems.is_empty() {
            // never an automation Home Assistant would refuse: say what is missing instead
            let question = Question {
                id: "q1".into(),
                kind: QuestionKind::Action,
                about: String::new(),
                text: format!(
                    "I could not write a complete automation ({}). What should happen, and when?",
                    problems.join("; ")
                ),
                options: Vec::new(),
            };
            return Answer::Clarify(Clarification {
                questions: vec![question],
                entities: u.entities,
                confidence: 0.3,
            });
        }
        let description = describe::explain(&self.home, &u.parts);
        let alias = describe::alias(&self.home, &u.parts);
        let automation = build::automation(&u.parts, alias, description.clone());
        let mut entities = u.entities;
        entities.dedup();
        Answer::Automation(Box::new(Suggestion {
            automation,
            description,
            confidence: u.confidence,
            entities,
            engine: EngineKind::Rules,
            read_by_model: None,
            readings: u.readings,
        }))
    }

    /// Edits the automation of a conversation with a follow-up ("make it 8 instead").
    pub fn follow_up(&self, current: &Automation, text: &str) -> Result<crate::FollowUp, AskError> {
        let q = check(text)?;
        let mut out = crate::conversation::follow_up(&self.home, &self.index, current, q);
        if let crate::FollowUp::Edited(a, changes) = &mut out {
            let base = a.description.clone().unwrap_or_default();
            let base = base
                .split(" (changed: ")
                .next()
                .unwrap_or_default()
                .to_owned();
            a.description = Some(format!("{base} (changed: {})", changes.join("; ")));
        }
        Ok(out)
    }

    /// Entity ids an automation names that this home does not have (a language model's
    /// inventions); `all`, `sun.sun`, `zone.*` and the persons count as known.
    pub fn unknown_entities(&self, automation: &Automation) -> Vec<String> {
        let json =
            homeai_automation_model::to_json(automation, homeai_automation_model::Dialect::Modern);
        let mut ids = Vec::new();
        collect_entity_ids(&json, &mut ids);
        ids.retain(|id| {
            id != "all"
                && id != "sun.sun"
                && !id.starts_with("zone.")
                && self.home.entity(id).is_none()
                && !self.home.persons.iter().any(|p| &p.entity_id == id)
        });
        ids.sort();
        ids.dedup();
        ids
    }

    /// The things a request names, without building anything.
    pub fn extract(&self, query: &str) -> Result<Vec<Extracted>, AskError> {
        let q = check(query)?;
        let toks = crate::text::tokenize(q);
        let (used, _) = crate::slots::Tagger::new(&toks).run();
        let mentions = self.index.mentions(&toks, &used, &self.home);
        Ok(mentions
            .into_iter()
            .map(|m| {
                let (kind, candidates) = match &m.kind {
                    MentionKind::Entities(c) => {
                        let top = c.first().map_or(0.0, |x| x.1);
                        (
                            "entity",
                            c.iter()
                                .filter(|x| top - x.1 < 0.2)
                                .map(|x| self.home.entities[x.0].entity_id.clone())
                                .collect(),
                        )
                    }
                    MentionKind::Area(a) => ("area", vec![self.home.areas[*a].area_id.clone()]),
                    MentionKind::Person(p) => {
                        ("person", vec![self.home.persons[*p].entity_id.clone()])
                    }
                    MentionKind::AreaClass(a, c) => {
                        let area = &self.home.areas[*a].area_id;
                        (
                            "area_kind",
                            self.home
                                .entities
                                .iter()
                                .filter(|e| {
                                    e.area_id.as_deref() == Some(area.as_str()) && c.fits(e)
                                })
                                .map(|e| e.entity_id.clone())
                                .collect(),
                        )
                    }
                    MentionKind::Class(c) => (
                        "kind",
                        self.home
                            .entities
                            .iter()
                            .filter(|e| c.fits(e))
                            .map(|e| e.entity_id.clone())
                            .collect(),
                    ),
                };
                Extracted {
                    text: m.text,
                    kind,
                    candidates,
                }
            })
            .collect())
    }

    /// Entities whose names fit some words, best first (for search boxes).
    pub fn search(&self, text: &str, limit: usize) -> Vec<(String, String, f64)> {
        let needle = text.trim().to_lowercase();
        let mut scored: Vec<(String, String, f64)> = self
            .home
            .entities
            .iter()
            .map(|e| {
                let best = std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .chain(std::iter::once(&e.entity_id))
                    .map(|n| {
                        let n = n.to_lowercase();
                        if n.contains(&needle) {
                            1.0
                        } else {
                            strsim::jaro_winkler(&needle, &n)
                        }
                    })
                    .fold(0.0, f64::max);
                (
                    e.entity_id.clone(),
                    e.name.clone(),
                    (best * 1000.0).round() / 1000.0,
                )
            })
            .filter(|x| x.2 >= 0.75)
            .collect();
        scored.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        scored.truncate(limit);
        scored
    }
}

/// Every `area_id` an automation's JSON targets.
fn area_ids(v: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![v];
    while let Some(x) = stack.pop() {
        match x {
            serde_json::Value::Object(m) => {
                for (k, y) in m {
                    match (k.as_str(), y) {
                        ("area_id", serde_json::Value::String(s)) => out.push(s.clone()),
                        ("area_id", serde_json::Value::Array(a)) => {
                            out.extend(a.iter().filter_map(|e| e.as_str().map(str::to_owned)))
                        }
                        _ => stack.push(y),
                    }
                }
            }
            serde_json::Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
    out
}

fn collect_entity_ids(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k == "entity_id" {
                    match x {
                        serde_json::Value::String(s) => {
                            out.extend(s.split(',').map(|p| p.trim().to_owned()))
                        }
                        serde_json::Value::Array(a) => {
                            out.extend(a.iter().filter_map(|e| e.as_str().map(str::to_owned)))
                        }
                        _ => {}
                    }
                } else {
                    collect_entity_ids(x, out);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_entity_ids(x, out)),
        _ => {}
    }
}
