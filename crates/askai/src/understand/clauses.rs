//! Cutting a request into clauses and telling what each is: what starts the automation,
//! what must hold, what to do.

use super::*;

impl Reader<'_> {
    pub(super) fn clauses(&self) -> Vec<Clause> {
        let n = self.toks.len();
        let words: Vec<&str> = self.toks.iter().map(|t| t.raw.as_str()).collect();
        let mut cuts: Vec<(usize, Option<Opener>, usize)> = vec![(0, None, 0)];
        let mut i = 0;
        while i < n {
            if words[i] == "," && !self.used[i] {
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
            // "and after 2 minutes turn it off": a wait before the order is the order's own
            let only_slots = cuts
                .last()
                .is_some_and(|c| c.0 + c.2 < i && (c.0 + c.2..i).all(|k| self.used[k]));
            if self.imperative_at(&words, i)
                && !only_slots
                && cuts.last().is_some_and(|c| c.1.is_some() && c.0 < i)
                && !self.subject_verb(&words, cuts.last().map_or(0, |c| c.0 + c.2), i)
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
    /// "when the kitchen lights turn on": the verb right after the clause's only thing, with
    /// nothing said about that thing yet, is what the thing does, not an order.
    pub(super) fn subject_verb(&self, words: &[&str], start: usize, i: usize) -> bool {
        if !self.mentions.iter().any(|m| m.end == i) {
            return false;
        }
        let said = (start..i).any(|k| {
            let w = words[k];
            let in_mention = self.mentions.iter().any(|m| m.start <= k && k < m.end);
            (!in_mention && self.used[k])
                || grammar::is_state_verb(w)
                || grammar::presence(&[w]).is_some()
                || matches!(w, "motion" | "movement" | "moves")
        });
        !said
    }

    pub(super) fn imperative_at(&self, words: &[&str], i: usize) -> bool {
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
    pub(super) fn and_splits(&self, words: &[&str], j: usize) -> bool {
        let first = (j..words.len()).find(|&k| words[k] != "the");
        if let Some(k) = first
            && self.is_free(k)
            && (grammar::verb(words[k]).is_some() || grammar::connector(words, k).is_some())
        {
            return true;
        }
        // "… and off again when it stops", "and back on": the order before, the other way
        if let Some(k) = first
            && self.is_free(k)
            && ((matches!(words[k], "on" | "off")
                && matches!(
                    words.get(k + 1).copied(),
                    Some("again" | "too" | "afterwards")
                ))
                || (words[k] == "back" && matches!(words.get(k + 1).copied(), Some("on" | "off"))))
        {
            return true;
        }
        // "… and after 2 minutes turn it off": a wait, then an order of its own
        if let Some(k) = first
            && let Some(s) = self
                .slots
                .iter()
                .find(|s| s.start == k && matches!(s.kind, SlotKind::Later(_)))
            && self.is_free(s.end)
            && grammar::verb(words.get(s.end).copied().unwrap_or("")).is_some()
        {
            return true;
        }
        // "on at sunset and off at 11pm": a particle and its own time make a new order
        if let Some(k) = first
            && matches!(words[k], "on" | "off")
            && self.is_free(k)
            && self.slots.iter().any(|s| {
                s.start > k
                    && s.start <= k + 2
                    && matches!(s.kind, SlotKind::At(_) | SlotKind::SunAt(..))
            })
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

    pub(super) fn starts_with_verb(&self, c: &Clause) -> bool {
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
            // "… and off again when …", "and back on": the order before, the other way
            if matches!(w, "on" | "off")
                && matches!(self.word(k + 1), "again" | "too" | "afterwards" | "later")
            {
                return true;
            }
            if w == "back" && matches!(self.word(k + 1), "on" | "off") {
                return true;
            }
            if !fillers.contains(&w) {
                return false;
            }
        }
        false
    }

    /// A clause without a verb that still acts: "coffee maker on", "tv off", "blinds down".
    pub(super) fn postfix_action(&self, c: &Clause) -> bool {
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

    pub(super) fn assign_roles(&self, clauses: &mut [Clause]) {
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
        self.change_starts_it(clauses);
    }

    /// "if the bedroom window is open when the heating turns on": of two "when/if" clauses,
    /// the one that says a change ("turns on") starts it and the one that says a state ("is
    /// open") must hold, whichever comes first.
    fn change_starts_it(&self, clauses: &mut [Clause]) {
        let change = |c: &Clause| {
            (c.start..c.end).any(|k| {
                self.is_free(k)
                    && matches!(
                        self.word(k),
                        "turns"
                            | "opens"
                            | "closes"
                            | "starts"
                            | "stops"
                            | "arrives"
                            | "leaves"
                            | "becomes"
                            | "gets"
                            | "goes"
                            | "comes"
                            | "rises"
                            | "drops"
                            | "falls"
                            | "detects"
                            | "unlocks"
                            | "locks"
                            | "detected"
                            | "triggered"
                            | "opened"
                            | "switched"
                            | "turned"
                            | "activated"
                    )
            })
        };
        let state = |c: &Clause| {
            !change(c)
                && (c.start..c.end).any(|k| self.is_free(k) && matches!(self.word(k), "is" | "are"))
                && !self.slots.iter().any(|s| {
                    s.start >= c.start && s.end <= c.end && matches!(s.kind, SlotKind::For(_))
                })
        };
        // "if it's after 22:00 and the front door opens": the clause of slots alone starts
        // nothing; the change after it does
        for t in 0..clauses.len() {
            let empty_event = clauses[t].role == Role::Trigger
                && clauses[t].opener == Some(Opener::When)
                && !self
                    .mentions
                    .iter()
                    .any(|m| m.start >= clauses[t].start && m.end <= clauses[t].end)
                && (clauses[t].start..clauses[t].end).any(|k| self.used[k]);
            if let Some(c) = clauses.get(t + 1)
                && empty_event
                && c.role == Role::Condition
                && c.opener == Some(Opener::And)
                && change(c)
            {
                clauses[t].role = Role::Condition;
                clauses[t + 1].role = Role::Trigger;
                return;
            }
        }
        let whens: Vec<usize> = (0..clauses.len())
            .filter(|&k| clauses[k].opener == Some(Opener::When))
            .filter(|&k| matches!(clauses[k].role, Role::Trigger | Role::Condition))
            .collect();
        let [a, b] = whens.as_slice() else { return };
        let (t, c) = match (clauses[*a].role, clauses[*b].role) {
            (Role::Trigger, Role::Condition) => (*a, *b),
            (Role::Condition, Role::Trigger) => (*b, *a),
            _ => return,
        };
        if state(&clauses[t]) && change(&clauses[c]) {
            clauses[t].role = Role::Condition;
            clauses[c].role = Role::Trigger;
        }
    }

    // ------------------------------------------------------------------------ reading

    /// A clause that says a change ("closes", "turns off", "leaves"), not a state.
    fn says_a_change(&self, c: &Clause) -> bool {
        (c.start..c.end).any(|k| {
            self.is_free(k)
                && matches!(
                    self.word(k),
                    "opens"
                        | "closes"
                        | "turns"
                        | "starts"
                        | "stops"
                        | "arrives"
                        | "leaves"
                        | "drops"
                        | "rises"
                        | "falls"
                        | "unlocks"
                        | "locks"
                        | "clears"
                )
        })
    }

    /// "turn on the light when the door opens and turn it off again when it closes": two
    /// orders, each with its own event. One automation of this engine has one event for all of
    /// its steps, so it asks which part this one is rather than run both at the first event.
    pub(super) fn two_moments(&mut self, clauses: &[Clause]) -> bool {
        let mut seq: Vec<(bool, usize)> = Vec::new();
        for (k, c) in clauses.iter().enumerate() {
            let event = match c.role {
                Role::Action => false,
                Role::Trigger => true,
                Role::Condition if c.opener == Some(Opener::When) => true,
                _ => continue,
            };
            if seq.last().is_none_or(|(e, _)| *e != event) {
                seq.push((event, k));
            }
        }
        // "when the door opens turn on the light and turn it off when the door closes": the
        // second order is said with its own event after it
        let trailing = seq.len() == 3
            && seq[0].0
            && seq.last().is_some_and(|(e, k)| {
                *e && clauses[*k].opener == Some(Opener::When) && self.says_a_change(&clauses[*k])
            });
        let half = if seq.len() >= 4 {
            seq[2].1
        } else if trailing {
            let last_event = seq[2].1;
            let actions: Vec<usize> = (seq[1].1..last_event)
                .filter(|&k| clauses[k].role == Role::Action)
                .collect();
            match actions.as_slice() {
                [_, .., last] => *last,
                _ => return false,
            }
        } else {
            return false;
        };
        // the words of the clauses with the openers between them ("when")
        let text = |cs: &[Clause]| -> String {
            let (Some(a), Some(b)) = (cs.first(), cs.last()) else {
                return String::new();
            };
            // "when the door opens …": the opener of a first clause that is an event stays
            let start = match a.start.checked_sub(1) {
                Some(k)
                    if a.opener.is_some()
                        && matches!(self.word(k), "when" | "if" | "once" | "whenever") =>
                {
                    k
                }
                _ => a.start,
            };
            (start..b.end)
                .map(|k| self.word(k).to_owned())
                .filter(|w| w != ",")
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (first, second) = (text(&clauses[..half]), text(&clauses[half..]));
        let options = [&first, &second]
            .into_iter()
            .map(|t| Choice {
                value: t.clone(),
                label: t.clone(),
            })
            .collect();
        self.ask(
            QuestionKind::Action,
            "two moments",
            &format!(
                "This asks for two things at two different moments (\"{first}\" and \"{second}\"). One automation does one of them: which should this be? Ask again for the other."
            ),
            options,
        );
        true
    }
}
