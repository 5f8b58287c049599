//! Trigger and condition clauses: the facts about the home they state (a thing in a state,
//! a reading above or below a number, motion, people coming and going).

use super::*;

impl Reader<'_> {
    pub(super) fn facts(&mut self, c: &Clause) -> Vec<Fact> {
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
        // a room being empty or in use: its motion (occupancy) sensor
        if presence.is_none()
            && let Some(state) = occupancy(&words, negated)
            && things
                .iter()
                .any(|m| matches!(m.kind, MentionKind::Area(_) | MentionKind::AreaClass(..)))
        {
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
        if let Some(state) = presence {
            let state = if negated { flip(state) } else { state };
            let nobody = words.iter().any(|w| matches!(*w, "nobody" | "noone"))
                || words.windows(2).any(|w| w == ["no", "one"]);
            let everyone = words
                .iter()
                .any(|w| matches!(*w, "everyone" | "everybody" | "we" | "us" | "last"))
                || words.windows(2).any(|w| {
                    w[0] == "all"
                        && matches!(w[1], "of" | "people" | "persons" | "residents" | "family")
                });
            // "leave the house": the home zone is where they go from, not a thing watched
            let things: Vec<Mention> = things
                .iter()
                .filter(|m| !self.names_home_zone(m))
                .cloned()
                .collect();
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
        let sensed = words.iter().any(|w| {
            matches!(
                *w,
                "detected" | "detects" | "detect" | "triggered" | "triggers" | "tripped" | "trips"
            )
        });
        let motion_mention = things.iter().any(|m| match &m.kind {
            MentionKind::Class(Class::Motion) | MentionKind::AreaClass(_, Class::Motion) => true,
            // "when garden motion is detected": a motion sensor named as such
            MentionKind::Entities(c) => {
                sensed
                    && c.first()
                        .and_then(|(e, _)| self.home.entities.get(*e))
                        .is_some_and(|e| Class::Motion.fits(e))
            }
            _ => false,
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

        // "left open", "stays unlocked": a state held for a while, not the change to it
        if for_.is_none()
            && let Some(held) = left_in_state(&words)
        {
            let options = [5, 10, 30]
                .into_iter()
                .map(|m| Choice {
                    value: format!("for {m} minutes"),
                    label: format!("{m} minutes"),
                })
                .collect();
            self.ask(
                QuestionKind::Threshold,
                &held,
                &format!(
                    "How long must {} be {held} before this happens?",
                    things.first().map_or("it", |m| m.text.as_str())
                ),
                options,
            );
            return Vec::new();
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
            // "the window" beside a bedroom trigger: the bedroom's window
            if let MentionKind::Class(class) = subject.kind {
                let all: Vec<String> = self
                    .home
                    .entities
                    .iter()
                    .filter(|e| class.fits(e) && accept(e))
                    .map(|e| e.entity_id.clone())
                    .collect();
                let near = self.near(&all);
                if all.len() > 1 && near.len() == 1 {
                    self.entities.extend(near.iter().cloned());
                    ids.extend(near);
                    continue;
                }
            }
            if let Some(TargetPart::Entities(found) | TargetPart::Area(_, found)) =
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

    pub(super) fn me(&mut self, state: &str, for_: Option<i64>) -> Option<Fact> {
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

    pub(super) fn motion_sensors(&mut self, things: &[Mention]) -> Vec<String> {
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

    pub(super) fn numeric(
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
    pub(super) fn near(&self, ids: &[String]) -> Vec<String> {
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
                    // someone is away = not everyone is home; rare, kept simple
                    parts.conditions.push(ConditionPart::AnyHome(persons));
                }
            }
        }
    }

    // ------------------------------------------------------------------------- actions

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

/// The state an entity of `domain` is in for a state word.
/// "left open", "stays unlocked", "remains on": the state words after the holding verb.
fn left_in_state(words: &[&str]) -> Option<String> {
    words.windows(2).find_map(|w| {
        let holds = matches!(
            w[0],
            "left" | "stays" | "stay" | "remains" | "remain" | "kept" | "staying" | "remaining"
        );
        let state = matches!(
            w[1],
            "open" | "unlocked" | "on" | "running" | "closed" | "locked" | "off" | "ajar"
        );
        (holds && state).then(|| w[1].to_owned())
    })
}

/// "empty", "unoccupied", "nobody in": a room not in use (`off`); "occupied", "someone in":
/// in use (`on`). `None` when the words say neither.
fn occupancy(words: &[&str], negated: bool) -> Option<&'static str> {
    let vacant = words.iter().any(|w| {
        matches!(
            *w,
            "unoccupied" | "vacant" | "empty" | "nobody" | "noone" | "unused"
        )
    }) || words.windows(2).any(|w| w == ["no", "one"]);
    let used = words.iter().any(|w| {
        matches!(
            *w,
            "occupied" | "someone" | "somebody" | "anyone" | "anybody" | "occupancy"
        )
    });
    match (vacant, used) {
        (true, _) => Some(if negated { "on" } else { "off" }),
        (false, true) => Some(if negated { "off" } else { "on" }),
        _ => None,
    }
}

impl Reader<'_> {
    /// Whether a mention is the home zone ("the house", "home").
    fn names_home_zone(&self, m: &Mention) -> bool {
        match &m.kind {
            MentionKind::Entities(c) => c
                .first()
                .and_then(|(e, _)| self.home.entities.get(*e))
                .is_some_and(|e| e.domain() == "zone"),
            _ => false,
        }
    }
}

pub(super) fn state_value(sw: StateWord, domain: &str, negated: bool) -> String {
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
