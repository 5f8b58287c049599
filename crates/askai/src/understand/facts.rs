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
        // a room being empty or in use: its motion (occupancy) sensor; the house: its people
        let occupied = occupancy(&words, negated).filter(|_| presence.is_none());
        let house = if things.is_empty() {
            words
                .iter()
                .any(|w| matches!(*w, "house" | "home" | "flat" | "apartment"))
        } else {
            things.iter().all(|m| self.names_home_zone(m))
        };
        match occupied {
            Some("off") if house => return vec![Fact::Everyone("not_home")],
            Some("on") if house => return vec![Fact::Anyone("home")],
            _ => {}
        }
        // "when it's empty", "when the room is empty": the room said before
        let room_said = things.is_empty()
            && (self.has_pronoun(c) || words.iter().any(|w| matches!(*w, "room" | "there")));
        let things: Vec<Mention> = if occupied.is_some() && room_said {
            self.antecedent(c.start).into_iter().collect()
        } else {
            things
        };
        if let Some(state) = occupied
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
            if self.ask_place_without_zone(&words) {
                return Vec::new();
            }
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
            // "unless someone is home" is nobody home: a negation swaps who as well
            let all = |s: &'static str| {
                if negated {
                    Fact::Anyone(s)
                } else {
                    Fact::Everyone(s)
                }
            };
            let some = |s: &'static str| {
                if negated {
                    Fact::Everyone(s)
                } else {
                    Fact::Anyone(s)
                }
            };
            if nobody {
                return vec![all(state)];
            }
            // "when Alice and Bob are both away": all of them, not either
            let mut named: Vec<usize> = persons.clone();
            named.sort_unstable();
            named.dedup();
            let either = words.iter().any(|w| matches!(*w, "or" | "either" | "any"));
            if named.len() > 1 && things.is_empty() && !either {
                // "both", "all", "are away": all of them; "come home": either, or both?
                let together = words
                    .iter()
                    .any(|w| matches!(*w, "both" | "all" | "together" | "are"));
                if together && named.len() == self.home.persons.len() && for_.is_none() {
                    return vec![all(state)];
                }
                self.ask(
                    QuestionKind::Person,
                    "all of them",
                    "Should it happen when all of them are, or when any one of them is?",
                    vec![
                        Choice {
                            value: "all of them".into(),
                            label: "All of them".into(),
                        },
                        Choice {
                            value: "any of them".into(),
                            label: "Any one of them".into(),
                        },
                    ],
                );
                return Vec::new();
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
                    some(state)
                } else {
                    all(state)
                }];
            }
            if anyone && things.is_empty() {
                return vec![some(state)];
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
            .any(|w| {
                matches!(
                    *w,
                    "motion" | "movement" | "moves" | "moving" | "occupied" | "inactivity"
                )
            })
            // "no activity in the kitchen", "without any activity"
            || (words.contains(&"activity")
                && words.iter().any(|w| matches!(*w, "no" | "without")));
        let sensed = words.iter().any(|w| {
            matches!(
                *w,
                "detected"
                    | "detects"
                    | "detect"
                    | "triggered"
                    | "triggers"
                    | "tripped"
                    | "trips"
                    // "when the motion stops": the end of what a motion sensor senses
                    | "stops"
                    | "stopped"
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
                    "no" | "stops"
                        | "stopped"
                        | "clear"
                        | "clears"
                        | "nobody"
                        | "without"
                        | "inactivity"
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

        if self.ask_finished_appliance(&words, &things, for_) {
            return Vec::new();
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
        let accept: Box<dyn Fn(&Entity) -> bool> = match sw {
            Some(StateWord::Open | StateWord::Closed) => Box::new(|e: &Entity| {
                e.domain() == "binary_sensor"
                    && matches!(
                        e.class(),
                        Some("door" | "window" | "garage_door" | "opening" | "garage")
                    )
            }),
            Some(StateWord::Locked | StateWord::Unlocked) => {
                Box::new(|e: &Entity| e.domain() == "lock")
            }
            Some(StateWord::Playing | StateWord::Paused | StateWord::Idle) => {
                Box::new(|e: &Entity| e.domain() == "media_player")
            }
            _ => Box::new(|e: &Entity| !matches!(e.domain(), "sensor" | "scene")),
        };
        // "when the leak sensor detects water": what is detected is no thing of the home
        let detected = |m: &Mention| {
            m.start > 0
                && matches!(
                    self.word(m.start - 1),
                    "detects" | "detect" | "senses" | "sense" | "measures"
                )
        };
        let things: Vec<Mention> = things.into_iter().filter(|m| !detected(m)).collect();
        if sw.is_some() && self.ask_unknown_subject(c, &words, &things) {
            return Vec::new();
        }
        let subjects: Vec<Mention> = if !things.is_empty() {
            things.clone()
        } else if self.has_pronoun(c) || sw.is_some() {
            // "… but only if it is playing": the last thing named that can be playing
            self.antecedent_fitting(c.start, &*accept)
                .or_else(|| self.antecedent(c.start))
                .into_iter()
                .collect()
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
                // "any window", "every door": all of them, not the one near
                if all.len() > 1 && near.len() == 1 && !subject.all {
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
        // "when the TV is not playing" / "stops playing": paused, idle and off all are; which?
        let stops = words.windows(2).any(|w| {
            matches!(w[0], "stops" | "stop" | "stopped" | "ends" | "quits")
                && matches!(w[1], "playing" | "play")
        });
        if (negated || stops)
            && !ids.is_empty()
            && matches!(sw, StateWord::Playing | StateWord::Paused | StateWord::Idle)
        {
            let options = ["paused", "idle", "off"]
                .into_iter()
                .map(|s| Choice {
                    value: format!("when it is {s}"),
                    label: s.to_owned(),
                })
                .collect();
            self.event_asked = true;
            self.ask(
                QuestionKind::Action,
                "not playing",
                "Which state should it be: paused, idle or off?",
                options,
            );
            return Vec::new();
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
    // "no longer occupied", "not in use anymore"
    let negated =
        negated ^ (words.windows(2).any(|w| w == ["no", "longer"]) || words.contains(&"anymore"));
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
        // a vacuum that runs is cleaning; one that does not is back on its dock
        (StateWord::On | StateWord::Off, "vacuum") => ("cleaning", "docked"),
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
