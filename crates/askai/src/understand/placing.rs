//! Facts into the automation: each one a trigger (what starts it) or a condition (what must
//! hold), and a question for a condition clause nothing could be read from.

use super::*;

impl Reader<'_> {
    pub(super) fn place(&mut self, f: Fact, trigger: bool, parts: &mut Parts) {
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
                    // "if someone is away": no condition of this engine says it (it read it
                    // as someone home before); ask instead
                    self.ask(
                        QuestionKind::Person,
                        "someone away",
                        "Should it be when everyone is away, or when a particular person is away?",
                        Vec::new(),
                    );
                }
            }
        }
    }

    /// A condition read as nothing ("if it's raining"): ask rather than drop it, unless the
    /// clause held only slots (a window, weekdays) or filler.
    pub(super) fn unknown_condition(&mut self, c: &Clause) {
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
}
