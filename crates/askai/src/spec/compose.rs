//! The sentences of a written request → behaviours ([`Event`]s): each plain sentence is read
//! by the engine; a sentence that only says when ("The automation should trigger when …")
//! takes the steps of the next sentence that only says what ("When triggered, …"), or else
//! the problem statement's; "or after a 2 minute timeout" is the first behaviour's trigger
//! held that long; guards ("should not turn it on if it is already on") become conditions.

use crate::build::Event;
use crate::clarify::{Bindings, Question, QuestionKind};
use crate::home::Home;
use crate::parts::{ConditionPart, StepPart, TargetPart, TriggerPart};
use crate::resolve::Index;
use crate::understand::{Understanding, understand};

use super::placeholder_home::Stand;
use super::sentences::{Plain, plain};
use super::votes;

/// What the sentences were read as.
#[derive(Debug, Clone, Default)]
pub struct Composed {
    pub events: Vec<Event>,
    /// For each event, the sentence its steps come from.
    pub sources: Vec<String>,
    /// (sentence as written, what it was read as)
    pub used: Vec<(String, String)>,
    /// (sentence as written, why it was overruled)
    pub overruled: Vec<(String, String)>,
    /// (words, why they were left out)
    pub dropped: Vec<(String, String)>,
    /// Time limits read ("or after a 2 minute timeout"), seconds.
    pub timeouts: Vec<i64>,
    pub confidence: f64,
}

/// A sentence read.
struct Read {
    plain: Plain,
    u: Understanding,
}

impl Read {
    fn has_triggers(&self) -> bool {
        !self.u.parts.triggers.is_empty()
    }
    fn has_steps(&self) -> bool {
        !self.u.parts.steps.is_empty() || !self.u.parts.branches.is_empty()
    }
    /// Questions other than "when?" and "what should happen?".
    fn blocking(&self) -> Vec<&Question> {
        self.u
            .questions
            .iter()
            .filter(|q| {
                !(q.kind == QuestionKind::When
                    || q.kind == QuestionKind::Action && q.about.is_empty())
            })
            .collect()
    }
    fn events(&self) -> Vec<Event> {
        let p = &self.u.parts;
        if p.branches.is_empty() {
            return vec![Event {
                triggers: p.triggers.clone(),
                conditions: p.conditions.clone(),
                steps: p.steps.clone(),
            }];
        }
        p.branches
            .iter()
            .map(|(t, s)| Event {
                triggers: t.clone(),
                conditions: p.conditions.clone(),
                steps: s.clone(),
            })
            .collect()
    }
}

pub(super) fn read(home: &Home, index: &Index, text: &str) -> Understanding {
    understand(home, index, text, &Bindings::default())
}

/// The order of a sentence alone: the words before "when", "if", "based on"….
pub(super) fn order_words(text: &str) -> &str {
    let lower = text.to_lowercase();
    [
        " when ",
        " whenever ",
        " if ",
        " based on ",
        " as soon as ",
        " once ",
        " after ",
    ]
    .iter()
    .filter_map(|w| lower.find(w))
    .min()
    .map_or(text, |at| &text[..at])
}

/// The calls a text orders, read alone (a "when?" question is no matter).
pub(super) fn steps_of(home: &Home, index: &Index, text: &str) -> Vec<StepPart> {
    let u = read(home, index, text);
    if u.parts.steps.is_empty() {
        let order = order_words(text);
        if order != text {
            return read(home, index, order).parts.steps;
        }
    }
    u.parts.steps
}

/// The first behaviour's triggers, held for `secs`.
fn held(triggers: &[TriggerPart], secs: i64) -> Vec<TriggerPart> {
    triggers
        .iter()
        .filter_map(|t| match t {
            TriggerPart::State { entity, to, .. } => Some(TriggerPart::State {
                entity: entity.clone(),
                to: to.clone(),
                for_: Some(secs),
            }),
            TriggerPart::Numeric {
                entity,
                above,
                below,
                ..
            } => Some(TriggerPart::Numeric {
                entity: entity.clone(),
                above: *above,
                below: *below,
                for_: Some(secs),
            }),
            _ => None,
        })
        .collect()
}

fn opposite_state(state: &str) -> Option<&'static str> {
    Some(match state {
        "on" => "off",
        "off" => "on",
        "open" => "closed",
        "closed" => "open",
        "locked" => "unlocked",
        "unlocked" => "locked",
        _ => return None,
    })
}

fn entities(target: &TargetPart) -> Vec<String> {
    match target {
        TargetPart::Entities(ids) | TargetPart::Area(_, ids) => ids.clone(),
        _ => Vec::new(),
    }
}

/// Reads the problem statement and the prose. `Err` is the one question to ask.
pub fn compose(
    home: &Home,
    index: &Index,
    problem: &[String],
    prose: &[String],
    stands: &[Stand],
) -> Result<Composed, Question> {
    let mut out = Composed {
        confidence: 0.95,
        ..Composed::default()
    };
    // the problem statement first: a behaviour when it says a whole one (the prose may say it
    // again in more detail), else the order to fill a trigger said alone, and a vote
    let problem_text: Vec<Plain> = problem.iter().map(|s| plain(s, stands)).collect();
    let problem_reads: Vec<Read> = problem_text
        .into_iter()
        .filter(|p| !p.text.is_empty())
        .map(|p| Read {
            u: read(home, index, &p.text),
            plain: p,
        })
        .collect();
    let problem_steps: Vec<StepPart> = problem_reads
        .iter()
        .flat_map(|r| {
            if r.has_steps() {
                r.u.parts.steps.clone()
            } else {
                steps_of(home, index, &r.plain.text)
            }
        })
        .collect();
    for r in &problem_reads {
        if r.has_triggers() && r.has_steps() && r.u.questions.is_empty() {
            out.confidence = out.confidence.min(r.u.confidence);
            out.used
                .push((r.plain.written.clone(), r.plain.text.clone()));
            add(&mut out, r.events(), &r.plain.written);
        }
    }
    let from_problem = out.events.len();
    let mut pending: Option<(Event, String)> = None;
    let mut guards: Vec<(String, String, String)> = Vec::new();
    let mut unread: Vec<(String, Question)> = Vec::new();
    let mut loose_steps: Vec<(Vec<StepPart>, String)> = Vec::new();
    for sentence in prose {
        let p = plain(sentence, stands);
        for d in &p.dropped {
            out.dropped.push((sentence.clone(), d.clone()));
        }
        if !p.guards.is_empty() {
            for (order, state) in &p.guards {
                guards.push((order.clone(), state.clone(), sentence.clone()));
            }
            continue;
        }
        if p.text.is_empty() {
            continue;
        }
        let mut p = p;
        p.text = with_antecedent(home, &out.events, &p.text);
        let r = Read {
            u: read(home, index, &p.text),
            plain: p,
        };
        if let Some(q) = r.blocking().first() {
            unread.push((sentence.clone(), (*q).clone()));
            continue;
        }
        out.confidence = out.confidence.min(r.u.confidence);
        match (r.has_triggers(), r.has_steps()) {
            (true, true) => {
                let events = r.events();
                out.used.push((sentence.clone(), r.plain.text.clone()));
                if let Some(secs) = r.plain.timeout {
                    let Some(first) = out.events.first().or(events.first()) else {
                        continue;
                    };
                    let triggers = held(&first.triggers, secs);
                    if !triggers.is_empty() {
                        out.timeouts.push(secs);
                        out.used.push((
                            sentence.clone(),
                            format!("after {secs} s: the first trigger held that long"),
                        ));
                        add_prose(&mut out, events.clone(), sentence, from_problem);
                        add(
                            &mut out,
                            vec![Event {
                                triggers,
                                conditions: Vec::new(),
                                steps: events.iter().flat_map(|e| e.steps.clone()).collect(),
                            }],
                            sentence,
                        );
                        continue;
                    }
                }
                add_prose(&mut out, events, sentence, from_problem);
            }
            (true, false) => {
                if let Some((e, s)) = pending.take() {
                    loose_trigger(&mut out, e, s);
                }
                let e = Event {
                    triggers: r.u.parts.triggers.clone(),
                    conditions: r.u.parts.conditions.clone(),
                    steps: Vec::new(),
                };
                pending = Some((e, sentence.clone()));
                out.used.push((sentence.clone(), r.plain.text.clone()));
            }
            (false, true) => {
                let steps = r.u.parts.steps.clone();
                out.used.push((sentence.clone(), r.plain.text.clone()));
                match pending.take() {
                    Some((mut e, _)) => {
                        e.steps = steps;
                        e.conditions.extend(r.u.parts.conditions.clone());
                        add_prose(&mut out, vec![e], sentence, from_problem);
                    }
                    None => loose_steps.push((steps, sentence.clone())),
                }
            }
            (false, false) => {
                if let Some(q) = r.u.questions.first() {
                    unread.push((sentence.clone(), q.clone()));
                }
            }
        }
    }
    if let Some((mut e, sentence)) = pending.take() {
        let mut source = problem.join(" ");
        if let Some((steps, s)) = loose_steps.pop() {
            e.steps = steps;
            out.used
                .push((s.clone(), "the steps of the trigger said before".into()));
            source = s;
        } else if !problem_steps.is_empty() {
            e.steps = problem_steps.clone();
            out.used.push((
                problem.join(" "),
                "what to do when the trigger said alone fires".into(),
            ));
        }
        if e.steps.is_empty() {
            loose_trigger(&mut out, e, sentence);
        } else {
            add_prose(&mut out, vec![e], &source, from_problem);
        }
    }
    if out.events.is_empty() {
        let question = problem_reads
            .iter()
            .flat_map(|r| r.u.questions.iter())
            .chain(unread.iter().map(|(_, q)| q))
            .find(|q| !q.options.is_empty())
            .or_else(|| {
                problem_reads
                    .iter()
                    .flat_map(|r| r.u.questions.iter())
                    .next()
            })
            .cloned()
            .unwrap_or_else(|| Question {
                id: "q1".into(),
                kind: QuestionKind::Action,
                about: String::new(),
                text: "I could not find what should happen and when in this request. What \
                       should happen, and what starts it?"
                    .into(),
                options: Vec::new(),
            });
        return Err(Question {
            id: "q1".into(),
            ..question
        });
    }
    for (s, q) in unread {
        out.dropped.push((s, format!("not read: {}", q.text)));
        out.confidence = out.confidence.min(0.6);
    }
    votes::settle(home, index, &mut out, &problem_steps, problem, stands)?;
    apply_guards(home, index, &mut out, &guards);
    Ok(out)
}

/// "It should also be turned off at 23:00": a sentence read alone says whom "it" means by
/// the name of what the sentence before acted on.
fn with_antecedent(home: &Home, events: &[Event], text: &str) -> String {
    let Some(id) = events.last().and_then(|e| {
        e.steps.iter().find_map(|s| match s {
            StepPart::Call {
                target: TargetPart::Entities(ids),
                ..
            } => ids.first().cloned(),
            _ => None,
        })
    }) else {
        return text.to_owned();
    };
    let Some(name) = home.entity(&id).map(|e| format!("the {}", e.name)) else {
        return text.to_owned();
    };
    text.split(' ')
        .map(|w| match w {
            "it" | "them" => name.clone(),
            _ => w.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a behaviour watches and does: trigger entities, and each call's service and target.
fn shape(e: &Event) -> (Vec<String>, Vec<(String, TargetPart)>) {
    let mut watched: Vec<String> = e
        .triggers
        .iter()
        .filter_map(|t| match t {
            TriggerPart::State { entity, .. } | TriggerPart::Numeric { entity, .. } => {
                Some(entity.clone())
            }
            _ => None,
        })
        .collect();
    watched.sort();
    let calls = e
        .steps
        .iter()
        .filter_map(|s| match s {
            StepPart::Call {
                service, target, ..
            } => Some((service.clone(), target.clone())),
            StepPart::Delay(_) => None,
        })
        .collect();
    (watched, calls)
}

/// A behaviour of the prose: it replaces one of the problem statement's (the first
/// `from_problem` events) that watches and does the same, said again in more detail.
fn add_prose(out: &mut Composed, events: Vec<Event>, source: &str, from_problem: usize) {
    for e in events {
        let like =
            (0..from_problem.min(out.events.len())).find(|&i| shape(&out.events[i]) == shape(&e));
        match like {
            Some(i) => {
                out.events[i] = e;
                out.sources[i] = source.to_owned();
            }
            None => add(out, vec![e], source),
        }
    }
}

fn add(out: &mut Composed, events: Vec<Event>, source: &str) {
    for e in events {
        out.sources.push(source.to_owned());
        out.events.push(e);
    }
}

/// A trigger no sentence gave steps to.
fn loose_trigger(out: &mut Composed, _e: Event, sentence: String) {
    out.dropped.push((
        sentence,
        "says when, but no sentence says what to do then".into(),
    ));
    out.confidence = out.confidence.min(0.6);
}

/// "should not turn the fan on if it is already on": every behaviour that turns the fan on
/// does so only while it is off.
fn apply_guards(
    home: &Home,
    index: &Index,
    out: &mut Composed,
    guards: &[(String, String, String)],
) {
    for (order, state, sentence) in guards {
        let steps = steps_of(home, index, order);
        let Some(wanted) = opposite_state(state) else {
            out.dropped.push((
                sentence.clone(),
                format!("\"already {state}\": no opposite state to check"),
            ));
            continue;
        };
        let mut applied = false;
        for step in &steps {
            let StepPart::Call {
                service, target, ..
            } = step
            else {
                continue;
            };
            let ids = entities(target);
            for e in &mut out.events {
                let does = e.steps.iter().any(|s| {
                    matches!(s, StepPart::Call { service: s2, target: t2, .. }
                        if s2 == service && entities(t2).iter().any(|id| ids.contains(id)))
                });
                if !does {
                    continue;
                }
                for id in &ids {
                    let c = ConditionPart::State {
                        entity: id.clone(),
                        state: wanted.to_owned(),
                    };
                    if !e.conditions.contains(&c) {
                        e.conditions.push(c);
                        applied = true;
                    }
                }
            }
        }
        if applied {
            out.used.push((
                sentence.clone(),
                format!("\"{order}\" only while it is not {state}"),
            ));
        } else {
            out.dropped.push((
                sentence.clone(),
                format!("\"{order}\": no behaviour does that"),
            ));
        }
    }
}
