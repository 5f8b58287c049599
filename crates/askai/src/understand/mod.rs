//! From words to [`Parts`]: the request is cut into clauses (what starts it, what must hold,
//! what to do), each clause is read with the slots and mentions inside it, and every name is
//! resolved under the role it plays ("close the garage door" is the cover, "if the garage
//! door is open" its contact sensor). What cannot be settled becomes a [`Question`].

mod actions;
mod clauses;
mod coverage;
mod day_parts;
mod facts;
mod kinds;
mod notify;
mod numeric;
mod people_and_motion;
mod placing;
mod references;
mod schedule;
mod services;
mod settings;
mod slot_use;
mod timing;
mod unreadable_facts;

pub use coverage::PartReading;

use serde_json::Value;

use crate::clarify::{Bindings, Choice, Question, QuestionKind};
use crate::grammar::{self, Opener, StateWord, Verb};
use crate::home::{Entity, Home};
use crate::parts::{ConditionPart, Parts, StepPart, TargetPart, TriggerPart};
use crate::resolve::{Class, Index, Mention, MentionKind, Resolved};
use crate::slots::{Measure, Slot, SlotKind, Tagger};
use crate::text::{Token, tokenize};

/// The outcome of reading one request.
#[derive(Debug, Clone, Default)]
pub struct Understanding {
    pub parts: Parts,
    pub questions: Vec<Question>,
    pub confidence: f64,
    /// Every entity the request was resolved to, in order of mention.
    pub entities: Vec<String>,
    /// How each time, duration and number of the request was read.
    pub readings: Vec<PartReading>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Trigger,
    Condition,
    Action,
    /// Only slots (a time, weekdays): nothing of its own to read.
    Empty,
}

#[derive(Debug, Clone)]
struct Clause {
    start: usize,
    end: usize,
    opener: Option<Opener>,
    role: Role,
    negated: bool,
}

/// A fact about the home in a trigger or condition clause.
#[derive(Debug, Clone)]
enum Fact {
    State {
        entity: String,
        state: String,
        for_: Option<i64>,
    },
    Numeric {
        entity: String,
        above: Option<f64>,
        below: Option<f64>,
        for_: Option<i64>,
    },
    /// Every person is (or has become) in this state.
    Everyone(&'static str),
    /// Someone is (or becomes) in this state.
    Anyone(&'static str),
}

struct Reader<'a> {
    home: &'a Home,
    index: &'a Index,
    bindings: &'a Bindings,
    toks: Vec<Token>,
    used: Vec<bool>,
    /// Words a reading took that no slot or mention holds ("to 21" after a thermostat).
    taken: Vec<bool>,
    slots: Vec<Slot>,
    mentions: Vec<Mention>,
    questions: Vec<Question>,
    confidence: f64,
    entities: Vec<String>,
    /// Targets of the last action, for "turn it off".
    last_targets: Option<(TargetPart, String)>,
    needs_message: bool,
    /// "all lights, switches and media players" (their words are taken).
    kind_lists: Vec<kinds::KindList>,
    /// Each action clause read: its words and the verb that leads it.
    action_verbs: Vec<(usize, usize, usize, Verb)>,
    /// A question about the event itself was asked (no "when?" on top of it).
    event_asked: bool,
}

/// Reads a request against a home.
pub fn understand(home: &Home, index: &Index, text: &str, bindings: &Bindings) -> Understanding {
    let mut full = text.to_owned();
    for extra in &bindings.extra {
        full.push_str(", ");
        full.push_str(extra);
    }
    let mut toks = tokenize(&full);
    let (mut used, slots) = Tagger::new(&toks).run();
    let kind_lists = kinds::kind_lists(&toks, &used);
    for l in &kind_lists {
        used[l.start..l.end].iter_mut().for_each(|u| *u = true);
    }
    let mut mentions = index.mentions(&toks, &used, home);
    if references::owner_named(&mut toks, &used, &mentions, home) {
        mentions = index.mentions(&toks, &used, home);
    }
    let mut r = Reader {
        home,
        index,
        bindings,
        toks,
        taken: vec![false; used.len()],
        used,
        slots,
        mentions,
        questions: Vec::new(),
        confidence: 0.95,
        entities: Vec::new(),
        last_targets: None,
        needs_message: false,
        kind_lists,
        action_verbs: Vec::new(),
        event_asked: false,
    };
    let clauses = r.clauses();
    let parts = r.read(&clauses);
    if r.questions.is_empty() {
        // a number, mode or time nothing took: ask rather than leave it out
        r.ask_leftovers(&parts);
    }
    let readings = r.readings();
    Understanding {
        parts,
        questions: r.questions,
        confidence: (r.confidence * 100.0).round() / 100.0,
        entities: r.entities,
        readings,
    }
}

fn mention_at(mentions: &[Mention], i: usize) -> Option<&Mention> {
    mentions.iter().find(|m| m.start <= i && i < m.end)
}

impl Reader<'_> {
    fn word(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.raw.as_str())
    }

    /// Free words (no slot, no mention) of a range.
    fn free_words(&self, start: usize, end: usize) -> Vec<&str> {
        (start..end)
            .filter(|&i| !self.used[i] && mention_at(&self.mentions, i).is_none())
            .map(|i| self.word(i))
            .collect()
    }

    fn is_free(&self, i: usize) -> bool {
        i < self.toks.len() && !self.used[i] && mention_at(&self.mentions, i).is_none()
    }

    // ------------------------------------------------------------------------- clauses

    fn read(&mut self, clauses: &[Clause]) -> Parts {
        let mut parts = Parts::default();
        if self.two_moments(clauses) {
            return parts;
        }
        let mut timed: Vec<(Vec<TriggerPart>, Vec<StepPart>)> = Vec::new();
        let mut wait: Option<i64> = None;
        for c in clauses {
            match c.role {
                Role::Action => {
                    let mut steps = self.action(c);
                    // "wait 2 minutes, then turn off the light": the wait said before it
                    if let Some(d) = wait.take()
                        && !steps.is_empty()
                    {
                        steps.insert(0, StepPart::Delay(d));
                    }
                    let times: Vec<TriggerPart> = self
                        .slots
                        .iter()
                        .filter(|s| s.start >= c.start && s.end <= c.end)
                        .filter_map(|s| match s.kind {
                            SlotKind::At(t) => Some(TriggerPart::Time(t)),
                            SlotKind::SunAt(ev, off) => Some(TriggerPart::Sun(ev, off)),
                            _ => None,
                        })
                        .collect();
                    timed.push((times, steps.clone()));
                    parts.steps.extend(steps);
                }
                Role::Trigger | Role::Condition => {
                    if let Some(l) = self.kind_list_in(c) {
                        // "when all lights and switches are off": not read yet
                        let text = self.span_text(l.start, l.end);
                        self.ask(
                            QuestionKind::Action,
                            &text,
                            &format!("I cannot yet watch \"{text}\" together. Which one device should it watch?"),
                            Vec::new(),
                        );
                        continue;
                    }
                    let asked = self.questions.len();
                    let facts = self.facts(c);
                    if facts.is_empty()
                        && c.role == Role::Condition
                        && self.questions.len() == asked
                    {
                        self.unknown_condition(c);
                    }
                    for f in facts {
                        self.place(f, c.role == Role::Trigger, &mut parts);
                    }
                }
                Role::Empty => {
                    // a wait alone ("wait 2 minutes,"): for the order after it
                    let later: Vec<i64> = self
                        .slots_in(c)
                        .iter()
                        .filter_map(|s| match s {
                            SlotKind::Later(d) => Some(*d),
                            _ => None,
                        })
                        .collect();
                    let other = self
                        .slots_in(c)
                        .iter()
                        .any(|s| !matches!(s, SlotKind::Later(_)));
                    if let [d] = later.as_slice()
                        && !other
                        && self.mentions_in(c).is_empty()
                    {
                        wait = Some(*d);
                    }
                }
            }
        }
        // "on for 10 minutes, then turn it off": the undo said twice is done once
        parts
            .steps
            .dedup_by(|b, a| matches!(a, StepPart::Call { .. }) && a == b);
        self.run_time_limit(&mut parts);
        self.slot_parts(&mut parts);
        self.undo_after_wait(&mut parts);
        // two orders, each at its own time: one branch per time
        let all_timed =
            timed.len() >= 2 && timed.iter().all(|(t, s)| !t.is_empty() && !s.is_empty());
        let times: usize = timed.iter().map(|(t, _)| t.len()).sum();
        if all_timed && times == parts.triggers.len() {
            parts.branches = timed;
            parts.steps.clear();
        }
        self.ask_on_until(&parts);
        if parts.steps.is_empty() && parts.branches.is_empty() && self.questions.is_empty() {
            self.ask(QuestionKind::Action, "", "What should happen? For example: turn on a light, close the blinds, send a notification.", Vec::new());
        }
        if self.needs_message {
            // the message the request says, else what happened, in words
            let said = self.slots.iter().find_map(|s| match &s.kind {
                SlotKind::Message(m) => Some(m.clone()),
                _ => None,
            });
            let message = said.unwrap_or_else(|| crate::describe::message(self.home, &parts));
            for s in &mut parts.steps {
                if let StepPart::Call { service, data, .. } = s
                    && service.starts_with("notify.")
                {
                    data.insert("message".into(), Value::String(message.clone()));
                }
            }
        }
        parts
    }

    fn ask(&mut self, kind: QuestionKind, about: &str, text: &str, options: Vec<Choice>) {
        if self
            .questions
            .iter()
            .any(|q| q.kind == kind && q.about == about)
        {
            return;
        }
        let id = format!("q{}", self.questions.len() + 1);
        self.questions.push(Question {
            id,
            kind,
            about: about.to_owned(),
            text: text.to_owned(),
            options,
        });
    }

    fn ask_threshold(&mut self, m: Measure, up: bool) {
        let (unit, values): (&str, [f64; 3]) = match m {
            Measure::Temperature => (
                "°C",
                if up {
                    [25.0, 26.0, 28.0]
                } else {
                    [16.0, 18.0, 5.0]
                },
            ),
            Measure::Humidity => ("%", [60.0, 70.0, 80.0]),
            Measure::Illuminance => ("lx", [20.0, 50.0, 100.0]),
            Measure::Power => ("W", [5.0, 100.0, 1000.0]),
        };
        let word = if up { "above" } else { "below" };
        let options = values
            .iter()
            .map(|v| Choice {
                value: format!("{word} {v} {}", unit_word(unit)),
                label: format!("{word} {v} {unit}"),
            })
            .collect();
        self.ask(
            QuestionKind::Threshold,
            m.device_class(),
            &format!(
                "At what {} should it happen ({word} how much)?",
                m.device_class()
            ),
            options,
        );
    }

    /// The words from `start` to `end`, as written.
    fn span_text(&self, start: usize, end: usize) -> String {
        (start..end)
            .map(|k| self.word(k).to_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn entity_name(&self, id: &str) -> String {
        self.home
            .entity(id)
            .map_or_else(|| id.to_owned(), |e| e.name.clone())
    }

    /// Resolves a mention for a role, asking when several fit.
    fn resolve(
        &mut self,
        m: &Mention,
        accept: &dyn Fn(&Entity) -> bool,
        what: &str,
    ) -> Option<TargetPart> {
        if let Some(ids) = self.bindings.entities.get(&m.text) {
            self.entities.extend(ids.iter().cloned());
            return Some(TargetPart::Entities(ids.clone()));
        }
        match self.index.resolve(m, self.home, accept) {
            Resolved::Entities(ids, score) => {
                self.confidence = self.confidence.min(0.5 + score * 0.45);
                self.entities.extend(ids.iter().cloned());
                Some(TargetPart::Entities(ids))
            }
            // an area target for lights ("the kitchen lights"); other kinds are listed, so
            // "the living room blinds" never reaches a garage door that shares a domain
            Resolved::Area(area, domain, ids) => {
                self.entities.extend(ids.iter().cloned());
                if domain == "light" {
                    Some(TargetPart::Area(area, ids))
                } else {
                    Some(TargetPart::Entities(ids))
                }
            }
            Resolved::All(domain) => Some(TargetPart::All(domain)),
            // "turn off the lights when everyone leaves": the whole house empties, so the
            // lights are all of them
            Resolved::Ambiguous(_)
                if m.plural
                    && m.kind == MentionKind::Class(Class::Light)
                    && self.house_empties() =>
            {
                Some(TargetPart::All("light".to_owned()))
            }
            Resolved::Ambiguous(ids) => {
                let options = ids
                    .iter()
                    .map(|id| Choice {
                        value: id.clone(),
                        label: self.entity_name(id),
                    })
                    .collect();
                self.ask(
                    QuestionKind::Entity,
                    &m.text,
                    &format!("Which {} {what}?", m.text),
                    options,
                );
                None
            }
            Resolved::Nothing => None,
        }
    }

    fn mentions_in(&self, c: &Clause) -> Vec<Mention> {
        self.mentions
            .iter()
            .filter(|m| m.start >= c.start && m.end <= c.end)
            .cloned()
            .collect()
    }

    fn slots_in(&self, c: &Clause) -> Vec<SlotKind> {
        self.slots
            .iter()
            .filter(|s| s.start >= c.start && s.end <= c.end)
            .map(|s| s.kind.clone())
            .collect()
    }

    /// The last thing named before a clause (for "it", "its").
    fn antecedent(&self, before: usize) -> Option<Mention> {
        self.mentions
            .iter()
            .rfind(|m| m.end <= before && !matches!(m.kind, MentionKind::Person(_)))
            .cloned()
    }

    /// The last thing named before a clause that some entity it may mean fits `accept` ("it"
    /// in "pause the TV when the doorbell rings if it is playing" is the TV).
    fn antecedent_fitting(
        &self,
        before: usize,
        accept: &dyn Fn(&Entity) -> bool,
    ) -> Option<Mention> {
        self.mentions
            .iter()
            .rfind(|m| {
                m.end <= before
                    && match &m.kind {
                        MentionKind::Entities(c) => c
                            .iter()
                            .any(|(e, _)| self.home.entities.get(*e).is_some_and(accept)),
                        MentionKind::Person(_) => false,
                        _ => true,
                    }
            })
            .cloned()
    }

    fn has_pronoun(&self, c: &Clause) -> bool {
        (c.start..c.end).any(|k| {
            self.is_free(k) && matches!(self.word(k), "it" | "its" | "they" | "them" | "itself")
        })
    }

    // -------------------------------------------------------------- triggers, conditions
}

fn unit_word(unit: &str) -> &str {
    match unit {
        "°C" => "degrees",
        "%" => "%",
        "lx" => "lux",
        "W" => "watts",
        other => other,
    }
}
