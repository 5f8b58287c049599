//! Every word of a request is accounted for: taken by a slot (a time, a duration, a number),
//! by a name of the home, by the grammar, or known filler. A word of a kind that changes what
//! an automation does (a number, a mode, a second verb) that nothing took means the request
//! was read only in part: the engine asks about it rather than hand over an automation that
//! leaves it out. Also what each slot was read as, for the answer's `readings`.

use serde::Serialize;

use super::slot_use::{slot_in, slot_part, used_ids};
use super::{Reader, mention_at};
use crate::clarify::QuestionKind;
use crate::grammar;
use crate::parts::Parts;
use crate::resolve::MentionKind;
use crate::slots::SlotKind;

/// How one part of an answer was read from the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartReading {
    /// The part as the automation has it (`at 20:30`, `for 15 minutes`).
    pub part: String,
    /// The words it was read from, as written (`8.30pm`).
    pub from: String,
}

/// Words that carry nothing of their own in a request.
pub(super) const FILLER: &[&str] = &[
    "a",
    "an",
    "the",
    "to",
    "of",
    "in",
    "at",
    "on",
    "by",
    "for",
    "is",
    "are",
    "be",
    "been",
    "it",
    "its",
    "it's",
    "my",
    "our",
    "me",
    "us",
    "i",
    "we",
    "you",
    "your",
    "can",
    "will",
    "just",
    "all",
    "any",
    "every",
    "each",
    "some",
    "so",
    "do",
    "does",
    "did",
    "not",
    "no",
    "don't",
    "has",
    "have",
    "had",
    "as",
    "than",
    "same",
    "there",
    "here",
    "now",
    "ok",
    "okay",
    "hey",
    "pls",
    "plz",
    "thanks",
    "thank",
    "kindly",
    "automatically",
    "automation",
    "create",
    "set",
    "up",
    "something",
    "that",
    "which",
    "who",
    "what",
    "whatever",
    "get",
    "got",
    "gets",
    "out",
    "way",
    "too",
    "very",
    "really",
    "also",
    "again",
];

/// A word that is neither filler nor the grammar's (its verbs and state verbs included): a
/// thing's name, known to the home or not.
pub(super) fn is_content_word(w: &str) -> bool {
    w.chars().all(char::is_alphabetic) && !FILLER.contains(&w) && !grammar::is_grammar_word(w)
}

/// Free words of these kinds change what an automation does: left over, they are asked about.
fn weighty(word: &str) -> Option<&'static str> {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    if w.is_empty() {
        return None;
    }
    if w.chars().any(|c| c.is_ascii_digit()) {
        return Some("number");
    }
    if crate::numbers::word_number(w).is_some()
        && !matches!(w, "one" | "a" | "an" | "once" | "second")
    {
        return Some("number");
    }
    match w {
        "heat" | "heating" | "cool" | "cooling" | "dry" | "auto" | "eco" | "boost" | "comfort"
        | "sleep" | "fan_only" | "heat_cool" | "preset" => Some("mode"),
        "am" | "pm" | "noon" | "midnight" | "o'clock" | "oclock" => Some("time"),
        "hour" | "hours" | "minute" | "minutes" | "min" | "mins" | "seconds" | "secs"
        | "quarter" | "half" => Some("duration"),
        // "all lights except the porch light": nothing reads exceptions yet
        "except" | "excluding" => Some("exception"),
        "pause" | "toggle" | "invert" | "swap" | "unlock" | "lock" | "dim" | "brighten"
        | "volume" | "position" | "speed" => Some("setting"),
        _ => None,
    }
}

impl Reader<'_> {
    /// Words of kinds that matter (numbers, modes, times…) that no reading took.
    pub(super) fn weighty_leftovers(&self) -> Vec<(usize, &'static str)> {
        let left =
            |i: usize| !self.used[i] && !self.taken[i] && mention_at(&self.mentions, i).is_none();
        (0..self.toks.len())
            .filter(|&i| left(i))
            .filter(|&i| !FILLER.contains(&self.word(i)))
            .filter_map(|i| {
                // "turbo mode", "night preset": a mode by name that nothing read
                let named_mode = matches!(self.word(i + 1), "mode" | "preset")
                    && i + 1 < self.toks.len()
                    && left(i + 1)
                    && !grammar::is_grammar_word(self.word(i));
                // "switch the TV to Netflix": what it is set to, that nothing read
                let set_to = i > 0
                    && self.word(i - 1) == "to"
                    && self.taken_or_free_to(i - 1)
                    && !grammar::is_grammar_word(self.word(i))
                    && self.word(i).chars().all(char::is_alphabetic)
                    // "notify Bob to cover the plants": the message's words
                    && !self.action_verbs.iter().any(|&(s, e, _, v)| {
                        v == grammar::Verb::Notify && s <= i && i < e
                    });
                weighty(self.word(i))
                    .or(named_mode.then_some("mode"))
                    .or(set_to.then_some("setting"))
                    .map(|k| (i, k))
            })
            .filter(|&(i, k)| !self.taken_by_grammar(i, k))
            .collect()
    }

    /// Whether the word at `i` is free or was taken by a reading (not a slot or a name).
    fn taken_or_free_to(&self, i: usize) -> bool {
        !self.used[i] && mention_at(&self.mentions, i).is_none()
    }

    /// Grammar that reads a word of a weighty kind in place ("on the hour", "every hour").
    fn taken_by_grammar(&self, i: usize, kind: &str) -> bool {
        let w = self.word(i);
        let prev = if i > 0 { self.word(i - 1) } else { "" };
        match kind {
            // a verb opens an action clause and is read there
            "setting" => grammar::verb(w).is_some(),
            "mode" => w == "heating" || (w == "cool" && prev != "to"),
            "duration" => matches!(prev, "every" | "an" | "the" | "a") && !self.number_before(i),
            _ => false,
        }
    }

    fn number_before(&self, i: usize) -> bool {
        i > 0 && weighty(self.word(i - 1)) == Some("number")
    }

    /// Asks about the first part of the request no reading took: a duration, number or
    /// threshold the automation leaves out, or a weighty word left over.
    pub(super) fn ask_leftovers(&mut self, parts: &Parts) {
        if let Some(s) = self.slots.iter().find(|s| !slot_in(s, parts)).cloned() {
            let from = self.span(s.start, s.end);
            let part = slot_part(&s).unwrap_or_else(|| from.clone());
            if matches!(s.kind, SlotKind::Threshold { .. }) {
                let text = format!(
                    "I read \"{from}\" but nothing in the automation watches it. If it is a second moment (\"… and off when {part}\"), one automation does one of them: which should this be? Ask again for the other."
                );
                self.ask(QuestionKind::Action, &from, &text, Vec::new());
                return;
            }
            if !matches!(s.kind, SlotKind::For(_) | SlotKind::Later(_)) {
                let text = format!(
                    "I read \"{from}\" as \"{part}\", but none of the actions takes it. What should be set to it (a brightness, a position, a fan speed, a volume, a temperature)?"
                );
                self.ask(QuestionKind::Action, &from, &text, Vec::new());
                return;
            }
            let text = format!(
                "I read \"{from}\" as \"{part}\", but could not tell what it applies to. Should it be how long the trigger must hold, a wait before the action, or how long the action lasts?"
            );
            let options = [
                ("trigger", "how long the trigger must hold"),
                ("wait", "a wait before the action"),
                ("lasts", "how long the action lasts, then undo it"),
            ]
            .into_iter()
            .map(|(v, l)| crate::clarify::Choice {
                value: format!("{v} {part}"),
                label: l.to_owned(),
            })
            .collect();
            self.ask(QuestionKind::Action, &from, &text, options);
            return;
        }
        if let Some((about, text)) = self.unplaced(parts) {
            self.ask(QuestionKind::Action, &about, &text, Vec::new());
            return;
        }
        let left = self.weighty_leftovers();
        let Some(&(i, kind)) = left.first() else {
            return;
        };
        let span = self.span(i.saturating_sub(2), (i + 3).min(self.toks.len()));
        let text = format!(
            "I could not tell what \"{}\" ({kind}) should do in \"…{span}…\". Could you say it another way, for example \"at 20:30\", \"for 15 minutes\" or \"set the heating to heat\"?",
            self.word(i)
        );
        let about = self.word(i).to_owned();
        self.ask(QuestionKind::Action, &about, &text, Vec::new());
    }

    /// A person, a room or a second order that the request names and the automation does not
    /// use: (what, the question).
    fn unplaced(&self, parts: &Parts) -> Option<(String, String)> {
        let used = used_ids(parts);
        let everyone = used.iter().any(|id| id == "zone.home");
        for m in &self.mentions {
            match m.kind {
                MentionKind::Person(p) => {
                    let Some(person) = self.home.persons.get(p) else {
                        continue;
                    };
                    let told = self
                        .home
                        .notify_service_of(&person.entity_id)
                        .is_some_and(|s| used.contains(&s));
                    if !everyone && !told && !used.contains(&person.entity_id) {
                        return Some((
                            m.text.clone(),
                            format!(
                                "I could not tell what {} has to do with this automation. Should it be when {} arrives or leaves, or a notification to {}?",
                                person.name, person.name, person.name
                            ),
                        ));
                    }
                }
                MentionKind::Area(a) | MentionKind::AreaClass(a, _) => {
                    let Some(area) = self.home.areas.get(a) else {
                        continue;
                    };
                    let here = used.iter().any(|id| {
                        id == &area.area_id
                            || self
                                .home
                                .entity(id)
                                .is_some_and(|e| e.area_id.as_deref() == Some(&area.area_id))
                    });
                    let all_lights = used.iter().any(|id| id == "all");
                    if !here && !all_lights {
                        return Some((
                            m.text.clone(),
                            format!(
                                "I could not place \"{}\" ({}) in the automation. What should happen there, or what there should start it?",
                                m.text, area.name
                            ),
                        ));
                    }
                }
                _ => {}
            }
        }
        // "turn off the TV and the Xbox": a second thing of a list the home has no name for
        if let Some(word) = self.unknown_in_list() {
            let text = if crate::resolve::Class::from_stem(&crate::text::stem(&word)).is_some()
                || super::kinds::is_kind_word(&word)
            {
                format!(
                    "I could not tell which {word} are meant, so the automation would leave them out. Which ones, or should it act on the rest alone?"
                )
            } else {
                format!(
                    "This home has no \"{word}\", so the automation would leave it out. Which device do you mean, or should it act on the rest alone?"
                )
            };
            return Some((word.clone(), text));
        }
        // a second order in one action clause that nothing read ("turn on the light dim")
        for &(start, end, at, verb) in &self.action_verbs {
            for k in start..end {
                if k == at || !self.is_free(k) || self.taken[k] {
                    continue;
                }
                let Some(other) = grammar::verb(self.word(k)) else {
                    continue;
                };
                let prev = if k > 0 { self.word(k - 1) } else { "" };
                // "send a message" is one order; "turn on … and after 2 minutes turn it off"
                // is two, though both verbs read the same
                let same = other == verb && verb == grammar::Verb::Notify;
                if same || matches!(prev, "to" | "is" | "are" | "be" | "been" | "was") {
                    continue;
                }
                let w = self.word(k).to_owned();
                return Some((
                    w.clone(),
                    format!(
                        "I read one order here but \"{w}\" looks like a second one. What should \"{w}\" do, and to what?"
                    ),
                ));
            }
        }
        None
    }

    /// A word after "and" (or a list's comma) that follows a thing of the home in an action
    /// clause and that nothing read: a thing the home does not have ("TV and Xbox").
    fn unknown_in_list(&self) -> Option<String> {
        for &(_, end, at, _) in &self.action_verbs {
            for k in at + 1..end {
                let joins = matches!(self.word(k), "and" | "&" | ",")
                    && self.mentions.iter().any(|m| m.end == k);
                if !joins {
                    continue;
                }
                let mut j = k + 1;
                while j < end && matches!(self.word(j), "the" | "my" | "our" | "a" | "an") {
                    j += 1;
                }
                let w = self.word(j);
                let unknown = j < end
                    && self.is_free(j)
                    && !self.taken[j]
                    && is_content_word(w)
                    && !matches!(w, "then" | "also" | "after" | "before" | "when" | "if");
                if unknown {
                    return Some(w.to_owned());
                }
            }
        }
        None
    }

    fn span(&self, start: usize, end: usize) -> String {
        (start..end)
            .map(|k| self.word(k).to_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// What each slot of the request was read as.
    pub(super) fn readings(&self) -> Vec<PartReading> {
        self.slots
            .iter()
            .filter_map(|s| {
                let part = slot_part(s)?;
                let from = (s.start..s.end)
                    .map(|k| self.word(k).to_owned())
                    .collect::<Vec<_>>()
                    .join(" ");
                Some(PartReading { part, from })
            })
            .collect()
    }
}
