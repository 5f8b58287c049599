//! From words to [`Parts`]: the request is cut into clauses (what starts it, what must hold,
//! what to do), each clause is read with the slots and mentions inside it, and every name is
//! resolved under the role it plays ("close the garage door" is the cover, "if the garage
//! door is open" its contact sensor). What cannot be settled becomes a [`Question`].

use serde_json::{Map, Value, json};

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
    slots: Vec<Slot>,
    mentions: Vec<Mention>,
    questions: Vec<Question>,
    confidence: f64,
    entities: Vec<String>,
    /// Targets of the last action, for "turn it off".
    last_targets: Option<(TargetPart, String)>,
    needs_message: bool,
}

/// Reads a request against a home.
pub fn understand(home: &Home, index: &Index, text: &str, bindings: &Bindings) -> Understanding {
    let mut full = text.to_owned();
    for extra in &bindings.extra {
        full.push_str(", ");
        full.push_str(extra);
    }
    let toks = tokenize(&full);
    let (used, slots) = Tagger::new(&toks).run();
    let mentions = index.mentions(&toks, &used, home);
    let mut r = Reader {
        home,
        index,
        bindings,
        toks,
        used,
        slots,
        mentions,
        questions: Vec::new(),
        confidence: 0.95,
        entities: Vec::new(),
        last_targets: None,
        needs_message: false,
    };
    let clauses = r.clauses();
    let parts = r.read(&clauses);
    Understanding {
        parts,
        questions: r.questions,
        confidence: (r.confidence * 100.0).round() / 100.0,
        entities: r.entities,
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

    fn clauses(&self) -> Vec<Clause> {
        let n = self.toks.len();
        let words: Vec<&str> = self.toks.iter().map(|t| t.raw.as_str()).collect();
        let mut cuts: Vec<(usize, Option<Opener>, usize)> = vec![(0, None, 0)];
        let mut i = 0;
        while i < n {
            if words[i] == "," {
                cuts.push((i + 1, None, 0));
                i += 1;
                continue;
            }
            if let Some(m) = self.mentions.iter().find(|m| m.start == i) {
                let after = words.get(m.end).copied().unwrap_or("");
                let clause_start = cuts.last().map_or(0, |c| c.0);
                if m.start > clause_start
                    && matches!(after, "should" | "must" | "will" | "needs" | "shall")
                    && !matches!(words.get(i.wrapping_sub(1)).copied(), Some("the" | "a"))
                {
                    cuts.push((i, None, 0));
                } else if m.start > clause_start
                    && matches!(after, "should" | "must" | "will" | "needs" | "shall")
                {
                    cuts.push((i - 1, None, 0));
                }
                i = m.end;
                continue;
            }
            // "after 10 minutes of no motion in the bathroom": the duration opens the event
            if let Some(s) = self
                .slots
                .iter()
                .find(|s| s.start == i && matches!(s.kind, SlotKind::For(_)))
                && matches!(words.get(s.end), Some(&("of" | "without" | "with")))
                && self.is_free(s.end)
            {
                cuts.push((i, Some(Opener::When), 0));
                i = s.end + 1;
                continue;
            }
            if !self.is_free(i) {
                i += 1;
                continue;
            }
            if self.imperative_at(&words, i)
                && cuts.last().is_some_and(|c| c.1.is_some() && c.0 < i)
            {
                cuts.push((i, None, 0));
                i += 1;
                continue;
            }
            if let Some((op, len)) = grammar::connector(&words, i) {
                let split = match op {
                    Opener::And | Opener::Or => self.and_splits(&words, i + len),
                    _ => true,
                };
                if split {
                    cuts.push((i, Some(op), len));
                }
                i += len;
                continue;
            }
            i += 1;
        }
        let mut out: Vec<Clause> = Vec::new();
        for (k, &(start, opener, len)) in cuts.iter().enumerate() {
            let end = cuts.get(k + 1).map_or(n, |c| c.0);
            let end = if end > 0 && words.get(end - 1) == Some(&",") {
                end - 1
            } else {
                end
            };
            let body = start + len;
            if body >= end {
                continue;
            }
            out.push(Clause {
                start: body,
                end,
                opener,
                role: Role::Empty,
                negated: false,
            });
        }
        self.assign_roles(&mut out);
        out
    }

    /// An order in the middle of a clause ("if it gets hot turn on the fan"): a verb followed by
    /// what it acts on, not after "is"/"been".
    fn imperative_at(&self, words: &[&str], i: usize) -> bool {
        if grammar::verb(words[i]).is_none() || i == 0 {
            return false;
        }
        let prev = words[i - 1];
        if matches!(
            prev,
            "is" | "are" | "been" | "be" | "was" | "still" | "to" | "has" | "have" | "gets" | "get"
        ) {
            return false;
        }
        let next = words.get(i + 1).copied().unwrap_or("");
        matches!(
            next,
            "the"
                | "a"
                | "all"
                | "both"
                | "my"
                | "our"
                | "on"
                | "off"
                | "it"
                | "everyone"
                | "everybody"
                | "me"
                | "us"
                | "them"
                | "up"
                | "down"
        ) || self.mentions.iter().any(|m| m.start == i + 1)
    }

    /// Whether an "and" at `i` (the word after it) starts a new clause rather than a list.
    fn and_splits(&self, words: &[&str], j: usize) -> bool {
        let first = (j..words.len()).find(|&k| words[k] != "the");
        if let Some(k) = first
            && self.is_free(k)
            && (grammar::verb(words[k]).is_some() || grammar::connector(words, k).is_some())
        {
            return true;
        }
        // "Alice and Bob", "the front door or the back door": a list of the same kind of thing
        let before = self.mentions.iter().find(|m| m.end + 1 == j);
        let after = first.and_then(|k| self.mentions.iter().find(|m| m.start == k));
        if let (Some(a), Some(b)) = (before, after)
            && std::mem::discriminant(&a.kind) == std::mem::discriminant(&b.kind)
        {
            return false;
        }
        for k in j..words.len() {
            if words[k] == ","
                || (self.is_free(k) && grammar::connector(words, k).is_some() && k > j)
            {
                break;
            }
            if self.is_free(k) && grammar::is_state_verb(words[k]) {
                return true;
            }
            if self.used[k]
                && self
                    .slots
                    .iter()
                    .any(|s| s.start == k && matches!(s.kind, SlotKind::Dark | SlotKind::Daylight))
            {
                return true;
            }
        }
        false
    }

    fn starts_with_verb(&self, c: &Clause) -> bool {
        let fillers = [
            "can",
            "you",
            "please",
            "i",
            "would",
            "like",
            "want",
            "to",
            "we",
            "could",
            "also",
            "just",
            "then",
            "again",
            "automatically",
        ];
        for k in c.start..c.end {
            if !self.is_free(k) {
                return false;
            }
            let w = self.word(k);
            if grammar::verb(w).is_some() {
                return true;
            }
            if !fillers.contains(&w) {
                return false;
            }
        }
        false
    }

    /// A clause without a verb that still acts: "coffee maker on", "tv off", "blinds down".
    fn postfix_action(&self, c: &Clause) -> bool {
        self.mentions
            .iter()
            .filter(|m| m.start >= c.start && m.end <= c.end)
            .any(|m| {
                let next = (m.end..c.end)
                    .find(|&k| !self.used[k])
                    .map(|k| self.word(k));
                matches!(
                    next,
                    Some(
                        "on" | "off"
                            | "up"
                            | "down"
                            | "to"
                            | "volume"
                            | "should"
                            | "must"
                            | "will"
                            | "dimmed"
                            | "at"
                    )
                ) && !matches!(m.kind, MentionKind::Person(_))
            })
            || (c.start..c.end).any(|k| self.is_free(k) && grammar::verb(self.word(k)).is_some())
    }

    fn assign_roles(&self, clauses: &mut [Clause]) {
        let time_trigger = self.slots.iter().any(|s| {
            matches!(
                s.kind,
                SlotKind::At(_) | SlotKind::SunAt(..) | SlotKind::Every(..)
            )
        });
        let mut seen_trigger = false;
        let mut prev = Role::Empty;
        for c in clauses.iter_mut() {
            let has_words = (c.start..c.end).any(|k| !self.used[k]);
            let verb_first = self.starts_with_verb(c);
            let role = match c.opener {
                Some(Opener::When) => {
                    if time_trigger || seen_trigger {
                        Role::Condition
                    } else {
                        Role::Trigger
                    }
                }
                Some(Opener::OnlyIf | Opener::While) => Role::Condition,
                Some(Opener::Unless) => {
                    c.negated = true;
                    Role::Condition
                }
                Some(Opener::Then) => Role::Action,
                Some(Opener::And | Opener::Or) if verb_first => Role::Action,
                Some(Opener::Or) if prev == Role::Trigger => Role::Trigger,
                Some(Opener::And | Opener::Or) => match prev {
                    Role::Trigger | Role::Condition => Role::Condition,
                    _ => Role::Action,
                },
                None if verb_first => Role::Action,
                None if matches!(prev, Role::Trigger | Role::Condition)
                    && !self.postfix_action(c) =>
                {
                    prev
                }
                None => Role::Action,
            };
            c.role = if has_words { role } else { Role::Empty };
            if c.role == Role::Trigger {
                seen_trigger = true;
            }
            if c.role != Role::Empty {
                prev = c.role;
            }
        }
    }

    // ------------------------------------------------------------------------ reading

    fn read(&mut self, clauses: &[Clause]) -> Parts {
        let mut parts = Parts::default();
        for c in clauses {
            match c.role {
                Role::Action => {
                    let steps = self.action(c);
                    parts.steps.extend(steps);
                }
                Role::Trigger | Role::Condition => {
                    let facts = self.facts(c);
                    let asked = self.questions.len();
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
                Role::Empty => {}
            }
        }
        self.slot_parts(&mut parts);
        if parts.steps.is_empty() && self.questions.is_empty() {
            self.ask(QuestionKind::Action, "", "What should happen? For example: turn on a light, close the blinds, send a notification.", Vec::new());
        }
        if self.needs_message {
            let message = crate::describe::message(self.home, &parts);
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

    /// Times, sun events, repeats, weekdays and windows from the slots.
    fn slot_parts(&mut self, parts: &mut Parts) {
        let mut vague = None;
        for s in self.slots.clone() {
            match s.kind {
                SlotKind::At(t) => parts.triggers.push(TriggerPart::Time(t)),
                SlotKind::SunAt(ev, off) => parts.triggers.push(TriggerPart::Sun(ev, off)),
                SlotKind::Every(h, m) => parts.triggers.push(TriggerPart::Every(h, m)),
                SlotKind::Weekdays(d) => parts.conditions.push(ConditionPart::Weekdays(d)),
                SlotKind::After(t) => parts.conditions.push(ConditionPart::After(t)),
                SlotKind::Before(t) => parts.conditions.push(ConditionPart::Before(t)),
                SlotKind::SunAfter(ev) => parts.conditions.push(ConditionPart::SunAfter(ev)),
                SlotKind::SunBefore(ev) => parts.conditions.push(ConditionPart::SunBefore(ev)),
                SlotKind::Dark => parts.conditions.push(ConditionPart::SunDown),
                SlotKind::Daylight => parts.conditions.push(ConditionPart::SunUp),
                SlotKind::VagueTime(text) => vague = Some(text),
                SlotKind::VagueThreshold(m, up) => self.ask_threshold(m, up),
                _ => {}
            }
        }
        // "only at night" beside another trigger: while the sun is down
        if !parts.triggers.is_empty()
            && matches!(
                vague.as_deref(),
                Some("at night" | "in the night" | "tonight")
            )
            && !parts.conditions.contains(&ConditionPart::SunDown)
        {
            parts.conditions.push(ConditionPart::SunDown);
        }
        if parts.triggers.is_empty() {
            // "after sunset" / "after 10pm" / "when it gets dark" with nothing else to start it
            let mut promoted = Vec::new();
            parts.conditions.retain(|c| match c {
                ConditionPart::SunAfter(ev) => {
                    promoted.push(TriggerPart::Sun(*ev, 0));
                    false
                }
                ConditionPart::After(t) => {
                    promoted.push(TriggerPart::Time(*t));
                    false
                }
                ConditionPart::SunDown => {
                    promoted.push(TriggerPart::Sun(
                        homeai_automation_model::SunEvent::Sunset,
                        0,
                    ));
                    false
                }
                _ => true,
            });
            if promoted.len() == 1 {
                self.confidence *= 0.85;
                parts.triggers.extend(promoted);
            }
        }
        if parts.triggers.is_empty()
            && !self
                .questions
                .iter()
                .any(|q| q.kind == QuestionKind::Threshold || q.kind == QuestionKind::Person)
        {
            let (text, options) = match vague.as_deref() {
                Some(v @ ("at night" | "tonight" | "in the night" | "at bedtime")) => (
                    format!("What time \"{v}\"?"),
                    vec![("at 22:00", "at 22:00"), ("at 23:00", "at 23:00"), ("at sunset", "at sunset")],
                ),
                Some(v @ ("in the morning" | "when i wake up" | "when we wake up")) => (
                    format!("What time is \"{v}\"?"),
                    vec![("at 06:30", "at 06:30"), ("at 07:00", "at 07:00"), ("at sunrise", "at sunrise")],
                ),
                Some(v) => (
                    format!("What time is \"{v}\"?"),
                    vec![("at 18:00", "at 18:00"), ("at 19:00", "at 19:00"), ("at sunset", "at sunset")],
                ),
                None => (
                    "When should this happen? Give a time, a sun event or something in the home that starts it.".to_owned(),
                    vec![("at 07:00", "at 07:00"), ("at sunset", "at sunset"), ("at sunrise", "at sunrise")],
                ),
            };
            let options = options
                .into_iter()
                .map(|(v, l)| Choice {
                    value: v.into(),
                    label: l.into(),
                })
                .collect();
            let about = vague.unwrap_or_default();
            self.ask(QuestionKind::When, &about, &text, options);
        }
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
            Resolved::Area(area, _, ids) => {
                self.entities.extend(ids);
                Some(TargetPart::Area(area))
            }
            Resolved::All(_) => Some(TargetPart::All),
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

    fn has_pronoun(&self, c: &Clause) -> bool {
        (c.start..c.end).any(|k| {
            self.is_free(k) && matches!(self.word(k), "it" | "its" | "they" | "them" | "itself")
        })
    }

    // -------------------------------------------------------------- triggers, conditions

    fn facts(&mut self, c: &Clause) -> Vec<Fact> {
        let words: Vec<String> = self
            .free_words(c.start, c.end)
            .into_iter()
            .map(str::to_owned)
            .collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let negated = c.negated ^ words.iter().any(|w| matches!(*w, "not" | "never"));
        let slots = self.slots_in(c);
        let for_ = slots.iter().find_map(|s| {
            if let SlotKind::For(d) = s {
                Some(*d)
            } else {
                None
            }
        });
        let mentions = self.mentions_in(c);
        let persons: Vec<usize> = mentions
            .iter()
            .filter_map(|m| {
                if let MentionKind::Person(p) = m.kind {
                    Some(p)
                } else {
                    None
                }
            })
            .collect();
        let things: Vec<Mention> = mentions
            .iter()
            .filter(|m| !matches!(m.kind, MentionKind::Person(_)))
            .cloned()
            .collect();
        let flip = |s: &'static str| -> &'static str {
            match s {
                "home" => "not_home",
                "not_home" => "home",
                other => other,
            }
        };

        // people
        let presence = grammar::presence(&words);
        if let Some(state) = presence {
            let state = if negated { flip(state) } else { state };
            let nobody = words.iter().any(|w| matches!(*w, "nobody" | "noone"))
                || words.windows(2).any(|w| w == ["no", "one"]);
            let everyone = words
                .iter()
                .any(|w| matches!(*w, "everyone" | "everybody" | "we" | "us" | "last"))
                || words.windows(2).any(|w| w == ["all", "of"]);
            let anyone = words
                .iter()
                .any(|w| matches!(*w, "someone" | "somebody" | "anyone" | "anybody"));
            if nobody {
                return vec![Fact::Everyone(state)];
            }
            if !persons.is_empty() && things.is_empty() {
                return persons
                    .iter()
                    .map(|p| Fact::State {
                        entity: self.home.persons[*p].entity_id.clone(),
                        state: state.into(),
                        for_,
                    })
                    .collect();
            }
            if everyone && things.is_empty() {
                return vec![if words.contains(&"we") && state == "home" {
                    Fact::Anyone(state)
                } else {
                    Fact::Everyone(state)
                }];
            }
            if anyone && things.is_empty() {
                return vec![Fact::Anyone(state)];
            }
            if words.iter().any(|w| matches!(*w, "i" | "me")) && things.is_empty() {
                return self.me(state, for_).into_iter().collect();
            }
        }

        // a reading above or below a number
        if let Some((above, below, measure)) = slots.iter().find_map(|s| match s {
            SlotKind::Threshold {
                above,
                below,
                measure,
            } => Some((*above, *below, *measure)),
            _ => None,
        }) {
            return self
                .numeric(c, &things, above, below, measure, for_)
                .into_iter()
                .collect();
        }
        if slots
            .iter()
            .any(|s| matches!(s, SlotKind::VagueThreshold(..)))
        {
            return Vec::new();
        }

        // motion
        let motion_word = words
            .iter()
            .any(|w| matches!(*w, "motion" | "movement" | "moves" | "moving" | "occupied"));
        let motion_mention = things.iter().any(|m| {
            matches!(
                m.kind,
                MentionKind::Class(Class::Motion) | MentionKind::AreaClass(_, Class::Motion)
            )
        });
        if motion_word || motion_mention {
            let none = words.iter().any(|w| {
                matches!(
                    *w,
                    "no" | "stops" | "clear" | "clears" | "nobody" | "without"
                )
            }) || words.windows(2).any(|w| w == ["not", "detected"]);
            let state = if none ^ negated { "off" } else { "on" };
            let ids = self.motion_sensors(&things);
            return ids
                .into_iter()
                .map(|entity| Fact::State {
                    entity,
                    state: state.into(),
                    for_,
                })
                .collect();
        }

        // a thing in a state
        let sw = grammar::state_word(&words);
        let subjects: Vec<Mention> = if !things.is_empty() {
            things.clone()
        } else if self.has_pronoun(c) || sw.is_some() {
            self.antecedent(c.start).into_iter().collect()
        } else {
            Vec::new()
        };
        if subjects.is_empty() {
            return Vec::new();
        }
        let Some(sw) = sw else {
            return Vec::new();
        };
        if sw == StateWord::Done {
            return Vec::new();
        }
        let accept: Box<dyn Fn(&Entity) -> bool> = match sw {
            StateWord::Open | StateWord::Closed => Box::new(|e: &Entity| {
                e.domain() == "binary_sensor"
                    && matches!(
                        e.class(),
                        Some("door" | "window" | "garage_door" | "opening" | "garage")
                    )
            }),
            StateWord::Locked | StateWord::Unlocked => Box::new(|e: &Entity| e.domain() == "lock"),
            StateWord::Playing | StateWord::Paused | StateWord::Idle => {
                Box::new(|e: &Entity| e.domain() == "media_player")
            }
            StateWord::On | StateWord::Off | StateWord::Done => {
                Box::new(|e: &Entity| !matches!(e.domain(), "sensor" | "scene"))
            }
        };
        let mut ids = Vec::new();
        for subject in &subjects {
            if let Some(TargetPart::Entities(found)) =
                self.resolve(subject, &*accept, "do you mean")
            {
                ids.extend(found);
            }
        }
        ids.into_iter()
            .map(|entity| {
                let domain = entity.split('.').next().unwrap_or_default().to_owned();
                let state = state_value(sw, &domain, negated);
                Fact::State {
                    entity,
                    state,
                    for_,
                }
            })
            .collect()
    }

    fn me(&mut self, state: &str, for_: Option<i64>) -> Option<Fact> {
        if let Some(p) = &self.bindings.person {
            return Some(Fact::State {
                entity: p.clone(),
                state: state.into(),
                for_,
            });
        }
        if self.home.persons.len() == 1 {
            return Some(Fact::State {
                entity: self.home.persons[0].entity_id.clone(),
                state: state.into(),
                for_,
            });
        }
        let options = self
            .home
            .persons
            .iter()
            .map(|p| Choice {
                value: p.entity_id.clone(),
                label: p.name.clone(),
            })
            .collect();
        self.ask(QuestionKind::Person, "i", "Who is \"I\" here?", options);
        None
    }

    fn motion_sensors(&mut self, things: &[Mention]) -> Vec<String> {
        let motion = |e: &Entity| Class::Motion.fits(e);
        for m in things {
            let ids: Vec<String> = match &m.kind {
                MentionKind::Area(a) | MentionKind::AreaClass(a, _) => {
                    let area = &self.home.areas[*a].area_id;
                    self.home
                        .entities
                        .iter()
                        .filter(|e| e.area_id.as_deref() == Some(area.as_str()) && motion(e))
                        .map(|e| e.entity_id.clone())
                        .collect()
                }
                MentionKind::Entities(_) => match self.resolve(m, &motion, "do you mean") {
                    Some(TargetPart::Entities(ids))
                        if ids
                            .iter()
                            .all(|id| self.home.entity(id).is_some_and(motion)) =>
                    {
                        ids
                    }
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            if !ids.is_empty() {
                self.entities.extend(ids.iter().cloned());
                return ids;
            }
        }
        let all: Vec<String> = self
            .home
            .entities
            .iter()
            .filter(|e| motion(e))
            .map(|e| e.entity_id.clone())
            .collect();
        if all.len() == 1 {
            return all;
        }
        // "turn on the garage light when there's motion": the room of what is named
        let near = self.near(&all);
        if near.len() == 1 {
            self.entities.extend(near.iter().cloned());
            return near;
        }
        let options = all
            .iter()
            .map(|id| Choice {
                value: id.clone(),
                label: self.entity_name(id),
            })
            .collect();
        self.ask(QuestionKind::Entity, "motion", "Motion where?", options);
        Vec::new()
    }

    fn numeric(
        &mut self,
        c: &Clause,
        things: &[Mention],
        above: Option<f64>,
        below: Option<f64>,
        measure: Option<Measure>,
        for_: Option<i64>,
    ) -> Option<Fact> {
        let class_of = |m: &Mention| match m.kind {
            MentionKind::Class(c) | MentionKind::AreaClass(_, c) => Some(c),
            _ => None,
        };
        let measure_class = things.iter().find_map(class_of).and_then(|c| match c {
            Class::Temperature => Some(Measure::Temperature),
            Class::Humidity => Some(Measure::Humidity),
            Class::Illuminance => Some(Measure::Illuminance),
            Class::Power => Some(Measure::Power),
            _ => None,
        });
        let measure = measure_class.or(measure);
        let fits = move |e: &Entity| {
            e.domain() == "sensor" && measure.is_none_or(|m| e.class() == Some(m.device_class()))
        };
        let loose = |e: &Entity| e.domain() == "sensor";
        let mut subject = things
            .iter()
            .find(|m| !matches!(m.kind, MentionKind::Class(_)))
            .cloned();
        if subject.is_none() && self.has_pronoun(c) {
            subject = self.antecedent(c.start);
        }
        if subject.is_none() {
            subject = things.first().cloned();
        }
        let subject = subject.filter(|m| {
            !matches!(m.kind, MentionKind::Class(_)) || {
                let n = self.home.entities.iter().filter(|e| fits(e)).count();
                n == 1
            }
        });
        let Some(subject) = subject else {
            // no subject: the one sensor of the kind, or the one in the room of what is named
            let mut ids: Vec<String> = self
                .home
                .entities
                .iter()
                .filter(|e| fits(e))
                .map(|e| e.entity_id.clone())
                .collect();
            if ids.len() > 1 {
                let near = self.near(&ids);
                if near.len() == 1 {
                    ids = near;
                }
            }
            if ids.len() == 1 {
                return Some(Fact::Numeric {
                    entity: ids[0].clone(),
                    above,
                    below,
                    for_,
                });
            }
            let options = ids
                .iter()
                .map(|id| Choice {
                    value: id.clone(),
                    label: self.entity_name(id),
                })
                .collect();
            let about = measure.map_or("reading", |m| m.device_class());
            self.ask(
                QuestionKind::Entity,
                about,
                &format!("Which {about} sensor?"),
                options,
            );
            return None;
        };
        let target = match self.resolve(&subject, &fits, "do you mean") {
            Some(TargetPart::Entities(ids))
                if ids.iter().all(|id| self.home.entity(id).is_some_and(loose)) =>
            {
                ids
            }
            Some(_) => {
                // the thing itself is no sensor: its area's sensor of that kind
                let area = match &subject.kind {
                    MentionKind::Entities(c) => c
                        .first()
                        .and_then(|(e, _)| self.home.entities[*e].area_id.clone()),
                    _ => None,
                };
                let ids: Vec<String> = self
                    .home
                    .entities
                    .iter()
                    .filter(|e| fits(e) && e.area_id.is_some() && e.area_id == area)
                    .map(|e| e.entity_id.clone())
                    .collect();
                if ids.len() != 1 {
                    return None;
                }
                ids
            }
            None => return None,
        };
        let entity = target.into_iter().next()?;
        Some(Fact::Numeric {
            entity,
            above,
            below,
            for_,
        })
    }

    /// Of `ids`, those in the rooms of the other things the request names.
    fn near(&self, ids: &[String]) -> Vec<String> {
        let mut areas: Vec<String> = Vec::new();
        for m in &self.mentions {
            let area = match &m.kind {
                MentionKind::Entities(c) => c
                    .first()
                    .and_then(|(e, _)| self.home.entities[*e].area_id.clone()),
                MentionKind::AreaClass(a, _) | MentionKind::Area(a) => {
                    Some(self.home.areas[*a].area_id.clone())
                }
                _ => None,
            };
            if let Some(a) = area
                && !areas.contains(&a)
            {
                areas.push(a);
            }
        }
        ids.iter()
            .filter(|id| {
                self.home
                    .entity(id)
                    .and_then(|e| e.area_id.as_ref())
                    .is_some_and(|a| areas.contains(a))
            })
            .cloned()
            .collect()
    }

    fn place(&mut self, f: Fact, trigger: bool, parts: &mut Parts) {
        let persons: Vec<String> = self
            .home
            .persons
            .iter()
            .map(|p| p.entity_id.clone())
            .collect();
        match (f, trigger) {
            (
                Fact::State {
                    entity,
                    state,
                    for_,
                },
                true,
            ) => parts.triggers.push(TriggerPart::State {
                entity,
                to: state,
                for_,
            }),
            (Fact::State { entity, state, .. }, false) => parts
                .conditions
                .push(ConditionPart::State { entity, state }),
            (
                Fact::Numeric {
                    entity,
                    above,
                    below,
                    for_,
                },
                true,
            ) => parts.triggers.push(TriggerPart::Numeric {
                entity,
                above,
                below,
                for_,
            }),
            (
                Fact::Numeric {
                    entity,
                    above,
                    below,
                    ..
                },
                false,
            ) => parts.conditions.push(ConditionPart::Numeric {
                entity,
                above,
                below,
            }),
            (Fact::Everyone(state), true) => {
                for p in &persons {
                    parts.triggers.push(TriggerPart::State {
                        entity: p.clone(),
                        to: state.into(),
                        for_: None,
                    });
                    parts.conditions.push(ConditionPart::State {
                        entity: p.clone(),
                        state: state.into(),
                    });
                }
            }
            (Fact::Everyone(state), false) => {
                for p in &persons {
                    parts.conditions.push(ConditionPart::State {
                        entity: p.clone(),
                        state: state.into(),
                    });
                }
            }
            (Fact::Anyone(state), true) => {
                for p in &persons {
                    parts.triggers.push(TriggerPart::State {
                        entity: p.clone(),
                        to: state.into(),
                        for_: None,
                    });
                }
            }
            (Fact::Anyone(state), false) => {
                if state == "home" {
                    parts.conditions.push(ConditionPart::AnyHome(persons));
                } else {
                    // someone is away = not everyone is home; rare, kept simple
                    parts.conditions.push(ConditionPart::AnyHome(persons));
                }
            }
        }
    }

    // ------------------------------------------------------------------------- actions

    fn verb_of(&self, c: &Clause) -> Option<(Verb, usize)> {
        let free: Vec<usize> = (c.start..c.end).filter(|&k| self.is_free(k)).collect();
        let particle = |from: usize| -> Option<&str> {
            free.iter()
                .copied()
                .filter(|&k| k > from)
                .map(|k| self.word(k))
                .find(|w| matches!(*w, "on" | "off" | "up" | "down"))
        };
        for &k in &free {
            let w = self.word(k);
            let Some(v) = grammar::verb(w) else { continue };
            let v = match (w, v) {
                ("turn" | "switch" | "flip" | "power" | "put", _) => match particle(k) {
                    Some("on") => Verb::On,
                    Some("off") => Verb::Off,
                    Some("up") => Verb::Open,
                    Some("down") => Verb::Close,
                    _ if self.word(k + 1) == "to" || self.word(k + 1) == "into" => Verb::Activate,
                    _ => Verb::Set,
                },
                ("shut", _) => match particle(k) {
                    Some("down" | "off") | None => Verb::Off,
                    _ => Verb::Close,
                },
                ("set" | "make", _) => match particle(k) {
                    Some("on") if self.word(k + 1) != "on" => Verb::On,
                    Some("off") => Verb::Off,
                    _ => Verb::Set,
                },
                ("let", _) if !free.iter().any(|&j| self.word(j) == "know") => continue,
                _ => v,
            };
            return Some((v, k));
        }
        // "coffee maker on", "blinds down", "heater should go off"
        for m in self
            .mentions
            .iter()
            .filter(|m| m.start >= c.start && m.end <= c.end)
        {
            let next: Vec<&str> = (m.end..c.end)
                .filter(|&k| self.is_free(k))
                .map(|k| self.word(k))
                .collect();
            let v = match next.first().copied() {
                Some("on") => Verb::On,
                Some("off") => Verb::Off,
                Some("up") => Verb::Open,
                Some("down") => Verb::Close,
                Some("to" | "at" | "volume" | "dimmed") => Verb::Set,
                Some("should" | "must" | "will" | "needs" | "shall") => match next
                    .iter()
                    .find(|w| matches!(**w, "on" | "off" | "open" | "closed" | "close" | "locked"))
                {
                    Some(&"on") => Verb::On,
                    Some(&"off") => Verb::Off,
                    Some(&"open") => Verb::Open,
                    Some(&"locked") => Verb::Lock,
                    Some(_) => Verb::Close,
                    None => continue,
                },
                _ => continue,
            };
            return Some((v, m.start));
        }
        None
    }

    fn action(&mut self, c: &Clause) -> Vec<StepPart> {
        let Some((mut verb, at)) = self.verb_of(c) else {
            let text: Vec<&str> = (c.start..c.end).map(|k| self.word(k)).collect();
            let text = text.join(" ");
            self.ask(
                QuestionKind::Action,
                &text,
                &format!("What should happen with \"{text}\"?"),
                Vec::new(),
            );
            return Vec::new();
        };
        let slots = self.slots_in(c);
        let words: Vec<String> = self
            .free_words(c.start, c.end)
            .into_iter()
            .map(str::to_owned)
            .collect();
        if verb == Verb::Notify {
            return self.notify(c);
        }
        let mut data = Map::new();
        let mut percent = None;
        let mut degrees = None;
        let mut later = None;
        let mut hold = None;
        for s in &slots {
            match s {
                SlotKind::Percent(p) => percent = Some(*p),
                SlotKind::Degrees(d) => degrees = Some(*d),
                SlotKind::Color(name) => {
                    data.insert("color_name".into(), json!(name));
                }
                SlotKind::Kelvin(k) => {
                    data.insert("color_temp_kelvin".into(), json!(*k as i64));
                }
                SlotKind::Halfway => percent = Some(50.0),
                SlotKind::Later(d) => later = Some(*d),
                SlotKind::For(d) => hold = Some(*d),
                _ => {}
            }
        }
        // "to 21" with no unit
        if degrees.is_none() && percent.is_none() {
            for k in c.start..c.end {
                if self.is_free(k)
                    && matches!(self.word(k), "to" | "at")
                    && let Some(n) = self
                        .toks
                        .get(k + 1)
                        .filter(|_| !self.used[k + 1])
                        .and_then(Token::number)
                {
                    degrees = Some(n);
                }
            }
        }
        let volume = words.iter().any(|w| w == "volume");
        let colourish = data.contains_key("color_name") || data.contains_key("color_temp_kelvin");
        if verb == Verb::Set && !colourish && percent.is_none() && degrees.is_none() {
            verb = Verb::On;
        }
        let accept: Box<dyn Fn(&Entity) -> bool> = match verb {
            Verb::On | Verb::Off | Verb::Toggle => Box::new(move |e: &Entity| {
                matches!(
                    e.domain(),
                    "light"
                        | "switch"
                        | "fan"
                        | "media_player"
                        | "climate"
                        | "input_boolean"
                        | "cover"
                        | "script"
                        | "siren"
                        | "humidifier"
                        | "vacuum"
                ) || (verb == Verb::On && e.domain() == "scene")
            }),
            Verb::Set if volume => Box::new(|e: &Entity| e.domain() == "media_player"),
            Verb::Set if colourish || percent.is_some() => Box::new(|e: &Entity| {
                matches!(e.domain(), "light" | "cover" | "fan" | "media_player")
            }),
            Verb::Set => Box::new(|e: &Entity| {
                matches!(
                    e.domain(),
                    "climate" | "light" | "cover" | "input_number" | "scene"
                )
            }),
            Verb::Open | Verb::Close => {
                Box::new(|e: &Entity| matches!(e.domain(), "cover" | "valve"))
            }
            Verb::Lock | Verb::Unlock => Box::new(|e: &Entity| e.domain() == "lock"),
            Verb::Pause | Verb::Play | Verb::Mute | Verb::Next => {
                Box::new(|e: &Entity| e.domain() == "media_player")
            }
            Verb::Stop => Box::new(|e: &Entity| {
                matches!(
                    e.domain(),
                    "media_player" | "cover" | "switch" | "fan" | "vacuum"
                )
            }),
            Verb::Activate => Box::new(|e: &Entity| {
                matches!(
                    e.domain(),
                    "scene" | "script" | "input_boolean" | "switch" | "light" | "fan" | "vacuum"
                )
            }),
            Verb::Notify => Box::new(|_: &Entity| false),
        };
        let targets_mentions: Vec<Mention> = self
            .mentions_in(c)
            .into_iter()
            .filter(|m| !matches!(m.kind, MentionKind::Person(_)) && m.end > at.min(c.start))
            .collect();
        let targets_mentions = with_area(targets_mentions);
        let mut targets: Vec<TargetPart> = Vec::new();
        let mut unresolved = false;
        for m in &targets_mentions {
            match self.resolve(m, &*accept, "do you mean") {
                Some(t) => targets.push(t),
                None => unresolved = true,
            }
        }
        if targets.is_empty() && !unresolved {
            if self.has_pronoun(c) || words.iter().any(|w| w == "again") {
                if let Some((t, _)) = self.last_targets.clone() {
                    targets.push(t);
                } else if let Some(m) = self.antecedent(c.start) {
                    // "if the garage is open at 10pm close it"
                    let t = self.resolve(&m, &*accept, "do you mean");
                    targets.extend(t);
                }
            } else {
                self.unknown_thing(c, at, &*accept);
                return Vec::new();
            }
        }
        if targets.is_empty() {
            return Vec::new();
        }
        let mut steps = Vec::new();
        if let Some(d) = later {
            steps.push(StepPart::Delay(d));
        }
        let calls = self.calls(verb, &targets, &data, percent, degrees, volume);
        steps.extend(calls.iter().cloned());
        if let Some(d) = hold.filter(|_| verb == Verb::On) {
            steps.push(StepPart::Delay(d));
            for call in calls {
                if let StepPart::Call {
                    service, target, ..
                } = call
                {
                    let off = service.replace("turn_on", "turn_off");
                    if off != service {
                        steps.push(StepPart::Call {
                            service: off,
                            target,
                            data: Map::new(),
                        });
                    }
                }
            }
        }
        if let Some(t) = targets.into_iter().next() {
            self.last_targets = Some((t, String::new()));
        }
        steps
    }

    /// A condition read as nothing ("if it's raining"): ask rather than drop it, unless the
    /// clause held only slots (a window, weekdays) or filler.
    fn unknown_condition(&mut self, c: &Clause) {
        if self
            .slots
            .iter()
            .any(|s| s.start >= c.start && s.end <= c.end)
        {
            return;
        }
        let filler = [
            "it", "is", "still", "the", "a", "only", "also", "just", "please", "then", "so",
            "that", "there",
        ];
        let words: Vec<&str> = self
            .free_words(c.start, c.end)
            .into_iter()
            .filter(|w| !filler.contains(w) && *w != ",")
            .collect();
        if words.is_empty() {
            return;
        }
        let about: Vec<&str> = (c.start..c.end).map(|k| self.word(k)).collect();
        let about = about.join(" ");
        let options = self
            .home
            .entities
            .iter()
            .filter(|e| e.domain() == "input_boolean")
            .chain(
                self.home
                    .entities
                    .iter()
                    .filter(|e| e.domain() == "binary_sensor"),
            )
            .take(6)
            .map(|e| Choice {
                value: format!("if {} is on", e.name.to_lowercase()),
                label: format!("{} is on", e.name),
            })
            .collect();
        self.ask(
            QuestionKind::UnknownDevice,
            &about,
            &format!("I cannot tell \"{about}\" from this home's devices. What should it check?"),
            options,
        );
    }

    /// A thing the home does not have: ask, naming what there is.
    fn unknown_thing(&mut self, c: &Clause, at: usize, accept: &dyn Fn(&Entity) -> bool) {
        let skip = [
            "the", "a", "an", "my", "our", "on", "off", "to", "up", "down", "please", "all",
        ];
        let words: Vec<&str> = ((at + 1).max(c.start)..c.end)
            .filter(|&k| self.is_free(k))
            .map(|k| self.word(k))
            .filter(|w| !skip.contains(w) && grammar::verb(w).is_none())
            .collect();
        let about = words.join(" ");
        let options: Vec<Choice> = self
            .home
            .entities
            .iter()
            .filter(|e| accept(e))
            .take(8)
            .map(|e| Choice {
                value: e.entity_id.clone(),
                label: e.name.clone(),
            })
            .collect();
        let text = if about.is_empty() {
            "Which device should it act on?".to_owned()
        } else {
            format!("This home has no \"{about}\". Which device do you mean?")
        };
        self.ask(QuestionKind::UnknownDevice, &about, &text, options);
    }

    fn calls(
        &self,
        verb: Verb,
        targets: &[TargetPart],
        data: &Map<String, Value>,
        percent: Option<f64>,
        degrees: Option<f64>,
        volume: bool,
    ) -> Vec<StepPart> {
        let mut out: Vec<StepPart> = Vec::new();
        for t in targets {
            // one call per domain
            let groups: Vec<(String, TargetPart)> = match t {
                TargetPart::Entities(ids) => {
                    let mut g: Vec<(String, Vec<String>)> = Vec::new();
                    for id in ids {
                        let d = id.split('.').next().unwrap_or_default().to_owned();
                        match g.iter_mut().find(|(x, _)| *x == d) {
                            Some((_, v)) => v.push(id.clone()),
                            None => g.push((d, vec![id.clone()])),
                        }
                    }
                    g.into_iter()
                        .map(|(d, v)| (d, TargetPart::Entities(v)))
                        .collect()
                }
                TargetPart::Area(a) => vec![(self.area_domain(a), t.clone())],
                TargetPart::All => vec![("light".to_owned(), TargetPart::All)],
                TargetPart::None => Vec::new(),
            };
            for (domain, target) in groups {
                let Some((service, d)) = service_for(verb, &domain, data, percent, degrees, volume)
                else {
                    continue;
                };
                let service = format!("{domain}.{service}");
                // merge with a call of the same service and data
                if let Some(StepPart::Call {
                    service: s,
                    target: TargetPart::Entities(ids),
                    data: dd,
                }) = out.last_mut()
                    && *s == service
                    && *dd == d
                    && let TargetPart::Entities(more) = &target
                {
                    ids.extend(more.iter().cloned());
                    continue;
                }
                out.push(StepPart::Call {
                    service,
                    target,
                    data: d,
                });
            }
        }
        out
    }

    fn area_domain(&self, _area: &str) -> String {
        "light".to_owned()
    }

    fn notify(&mut self, c: &Clause) -> Vec<StepPart> {
        let words: Vec<String> = (c.start..c.end).map(|k| self.word(k).to_owned()).collect();
        let mut persons: Vec<String> = self
            .mentions_in(c)
            .iter()
            .filter_map(|m| {
                if let MentionKind::Person(p) = m.kind {
                    Some(self.home.persons[p].entity_id.clone())
                } else {
                    None
                }
            })
            .collect();
        let all = words.iter().any(|w| {
            matches!(
                w.as_str(),
                "both" | "everyone" | "everybody" | "us" | "all" | "phones" | "family"
            )
        });
        if persons.is_empty() && all {
            persons = self
                .home
                .persons
                .iter()
                .map(|p| p.entity_id.clone())
                .collect();
        }
        if persons.is_empty()
            && words
                .iter()
                .any(|w| matches!(w.as_str(), "me" | "i" | "my"))
        {
            if let Some(p) = self.bindings.person.clone() {
                persons.push(p);
            } else if self.home.persons.len() == 1 {
                persons.push(self.home.persons[0].entity_id.clone());
            }
        }
        if persons.is_empty() {
            let mut options: Vec<Choice> = self
                .home
                .persons
                .iter()
                .map(|p| Choice {
                    value: p.entity_id.clone(),
                    label: p.name.clone(),
                })
                .collect();
            if self.home.persons.len() > 1 {
                options.push(Choice {
                    value: "everyone".into(),
                    label: "Everyone".into(),
                });
            }
            self.ask(
                QuestionKind::Person,
                "notify",
                "Who should be notified?",
                options,
            );
            return Vec::new();
        }
        self.needs_message = true;
        persons
            .iter()
            .filter_map(|p| self.home.notify_service_of(p))
            .map(|service| StepPart::Call {
                service,
                target: TargetPart::None,
                data: Map::new(),
            })
            .collect()
    }
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

/// The state an entity of `domain` is in for a state word.
fn state_value(sw: StateWord, domain: &str, negated: bool) -> String {
    let sensor_like = matches!(
        domain,
        "binary_sensor" | "input_boolean" | "switch" | "light" | "fan" | "media_player"
    );
    let (yes, no) = match (sw, domain) {
        (StateWord::Open, "cover") | (StateWord::Closed, "cover") => ("open", "closed"),
        (StateWord::Open | StateWord::Closed, "lock") => ("unlocked", "locked"),
        (StateWord::Open | StateWord::Closed, _) if sensor_like => ("on", "off"),
        (StateWord::Locked | StateWord::Unlocked, _) => ("locked", "unlocked"),
        (StateWord::Playing, _) => ("playing", "idle"),
        (StateWord::Paused, _) => ("paused", "playing"),
        (StateWord::Idle, _) => ("idle", "playing"),
        _ => ("on", "off"),
    };
    let positive = matches!(
        sw,
        StateWord::Open
            | StateWord::Locked
            | StateWord::Playing
            | StateWord::Paused
            | StateWord::Idle
            | StateWord::On
            | StateWord::Done
    );
    let value = if positive ^ negated { yes } else { no };
    value.to_owned()
}

/// The service for a verb on a domain, and its data.
fn service_for(
    verb: Verb,
    domain: &str,
    data: &Map<String, Value>,
    percent: Option<f64>,
    degrees: Option<f64>,
    volume: bool,
) -> Option<(&'static str, Map<String, Value>)> {
    let mut d = Map::new();
    let num = |n: f64| {
        if n.fract() == 0.0 {
            json!(n as i64)
        } else {
            json!(n)
        }
    };
    let s = match (domain, verb) {
        ("scene", _) => "turn_on",
        ("light", Verb::Off) => "turn_off",
        ("light", Verb::Toggle) => "toggle",
        ("light", _) => {
            d.extend(data.clone());
            if let Some(p) = percent {
                d.insert("brightness_pct".into(), num(p));
            }
            "turn_on"
        }
        ("climate", Verb::Off) => "turn_off",
        ("climate", Verb::On) if degrees.is_none() => "turn_on",
        ("climate", _) => {
            d.insert("temperature".into(), num(degrees?));
            "set_temperature"
        }
        ("cover", Verb::Open | Verb::On) if percent.is_none() => "open_cover",
        ("cover", Verb::Close | Verb::Off) => "close_cover",
        ("cover", Verb::Stop) => "stop_cover",
        ("cover", Verb::Toggle) => "toggle",
        ("cover", _) => {
            d.insert("position".into(), num(percent?));
            "set_cover_position"
        }
        ("lock", Verb::Unlock | Verb::Open) => "unlock",
        ("lock", _) => "lock",
        ("media_player", Verb::Pause) => "media_pause",
        ("media_player", Verb::Play) => "media_play",
        ("media_player", Verb::Stop) => "media_stop",
        ("media_player", Verb::Next) => "media_next_track",
        ("media_player", Verb::Mute) => {
            d.insert("is_volume_muted".into(), json!(true));
            "volume_mute"
        }
        ("media_player", Verb::Set) if volume || percent.is_some() => {
            d.insert("volume_level".into(), json!(percent? / 100.0));
            "volume_set"
        }
        ("media_player", Verb::Off) => "turn_off",
        ("media_player", Verb::Toggle) => "toggle",
        ("media_player", _) => "turn_on",
        (_, Verb::Off | Verb::Stop) => "turn_off",
        (_, Verb::Toggle) => "toggle",
        (_, _) => "turn_on",
    };
    Some((s, d))
}

/// "turn the lights off in the kitchen": a kind and an area apart in one clause are the kind in
/// that area.
fn with_area(mentions: Vec<Mention>) -> Vec<Mention> {
    let area = mentions.iter().find_map(|m| match m.kind {
        MentionKind::Area(a) => Some(a),
        _ => None,
    });
    let has_class = mentions
        .iter()
        .any(|m| matches!(m.kind, MentionKind::Class(_)));
    let Some(area) = area.filter(|_| has_class) else {
        return mentions;
    };
    mentions
        .into_iter()
        .filter(|m| !matches!(m.kind, MentionKind::Area(_)))
        .map(|m| match m.kind {
            MentionKind::Class(c) => Mention {
                kind: MentionKind::AreaClass(area, c),
                ..m
            },
            _ => m,
        })
        .collect()
}
