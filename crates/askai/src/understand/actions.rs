//! Action clauses: the verb, what it acts on (resolved under the verb's role), its values,
//! and the service calls and waits they make.

use serde_json::{Map, json};

use super::*;

impl Reader<'_> {
    pub(super) fn verb_of(&self, c: &Clause) -> Option<(Verb, usize)> {
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
                    // "power down the TV" is off, not a cover going down
                    Some("down") if w == "power" => Verb::Off,
                    Some("up") if w == "power" => Verb::On,
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
                ("pull" | "roll", _) => match particle(k) {
                    Some("up") => Verb::Open,
                    Some("down") => Verb::Close,
                    _ => continue,
                },
                ("fire", _) if self.word(k + 1) != "up" => continue,
                ("let", _) if !free.iter().any(|&j| self.word(j) == "know") => continue,
                _ => v,
            };
            return Some((v, k));
        }
        // "coffee maker on", "blinds down", "heater should go off"
        // "… and off at 11pm": the order of the step before, the other way
        if let Some(&k) = free.first()
            && self.last_targets.is_some()
        {
            match self.word(k) {
                "on" => return Some((Verb::On, k)),
                "off" => return Some((Verb::Off, k)),
                _ => {}
            }
        }
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
                // "keep the fan going for an hour"
                Some("going" | "running") => Verb::On,
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

    pub(super) fn action(&mut self, c: &Clause) -> Vec<StepPart> {
        let Some((mut verb, at)) = self.verb_of(c) else {
            // "and then automatically": filler cut off before the order it belongs to
            let filler = (c.start..c.end).all(|k| {
                !self.is_free(k)
                    || coverage::FILLER.contains(&self.word(k))
                    || matches!(self.word(k), "then" | "and" | "please" | ",")
            });
            if filler && self.mentions_in(c).is_empty() && self.slots_in(c).is_empty() {
                return Vec::new();
            }
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
        self.action_verbs.push((c.start, c.end, at, verb));
        // "don't turn off the porch light at midnight": an order not to, which no call does
        if (c.start..at)
            .any(|k| self.is_free(k) && matches!(self.word(k), "not" | "never" | "dont"))
        {
            let text = self.span_text(c.start, c.end);
            self.ask(
                QuestionKind::Action,
                "not",
                &format!("\"{text}\" says what should not happen, and an automation can only do things. What should it do instead (for example turn it back on when it turns off)?"),
                Vec::new(),
            );
            return Vec::new();
        }
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
        if self.ask_change_by_amount(c) {
            return Vec::new();
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
                    // "the lamp's brightness to 20": a percentage, not degrees
                    let brightness = words
                        .iter()
                        .any(|w| matches!(w.as_str(), "brightness" | "bright" | "dim" | "level"));
                    if brightness && (0.0..=100.0).contains(&n) {
                        percent = Some(n);
                    } else {
                        degrees = Some(n);
                    }
                    self.taken[k + 1] = true;
                }
            }
        }
        let volume = words.iter().any(|w| w == "volume");
        for k in c.start..c.end {
            if self.word(k) == "volume" && self.is_free(k) {
                self.taken[k] = true;
            }
        }
        let colourish = data.contains_key("color_name") || data.contains_key("color_temp_kelvin");
        if self.dimmed_to_off(c) {
            verb = Verb::Off;
        }
        let flash = self.flash(c, verb);
        if let Some(f) = flash {
            data.insert("flash".into(), json!(f));
        }
        if !colourish && verb != Verb::Off && self.ask_brightness(c, percent) {
            return Vec::new();
        }
        let moded = self.mode_word(c).is_some();
        if verb == Verb::Set && !colourish && percent.is_none() && degrees.is_none() && !moded {
            // "make the garage door closed", "set the heater off": the state said is the order
            verb = words
                .iter()
                .find_map(|w| match w.as_str() {
                    "closed" | "shut" | "down" => Some(Verb::Close),
                    "open" | "opened" | "up" => Some(Verb::Open),
                    "off" => Some(Verb::Off),
                    "locked" => Some(Verb::Lock),
                    "unlocked" => Some(Verb::Unlock),
                    _ => None,
                })
                .unwrap_or(Verb::On);
        }
        let accept: Box<dyn Fn(&Entity) -> bool> = match verb {
            _ if flash.is_some() => Box::new(|e: &Entity| e.domain() == "light"),
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
            Verb::Set | Verb::Open | Verb::Close if volume => {
                Box::new(|e: &Entity| e.domain() == "media_player")
            }
            Verb::Set if colourish || percent.is_some() => Box::new(|e: &Entity| {
                matches!(e.domain(), "light" | "cover" | "fan" | "media_player")
            }),
            Verb::Set if moded && degrees.is_none() => {
                Box::new(|e: &Entity| e.domain() == "climate")
            }
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
            Verb::Pause => Box::new(|e: &Entity| matches!(e.domain(), "media_player" | "vacuum")),
            Verb::Play | Verb::Mute | Verb::Next => {
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
        // "set the temperature to 19 degrees": the set-point, which a thermostat holds
        let targets_mentions: Vec<Mention> = if verb == Verb::Set && degrees.is_some() {
            targets_mentions
                .into_iter()
                .map(|m| super::settings::set_point_of(m, self.home))
                .collect()
        } else {
            targets_mentions
        };
        let mut targets: Vec<TargetPart> = Vec::new();
        let mut unresolved = false;
        if let Some(list) = self.kind_list_in(c) {
            match self.kind_targets(&list, &*accept) {
                Some(t) => targets.extend(t),
                None => return Vec::new(),
            }
        } else if self.ask_everything(c) {
            return Vec::new();
        }
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
            } else if self.names_nothing(c, at) && self.last_targets.is_some() {
                // "… and set the volume to 30%": the thing of the step before
                if let Some((t, _)) = self.last_targets.clone() {
                    targets.push(t);
                }
            } else {
                self.unknown_thing(c, at, &*accept);
                return Vec::new();
            }
        }
        if targets.is_empty() {
            return Vec::new();
        }
        // "start the dishwasher" when the dishwasher is only a power sensor: nothing to act on
        let passive: Vec<String> = targets
            .iter()
            .flat_map(|t| match t {
                TargetPart::Entities(ids) => ids.clone(),
                _ => Vec::new(),
            })
            .filter(|id| {
                matches!(
                    id.split('.').next(),
                    Some(
                        "sensor"
                            | "binary_sensor"
                            | "person"
                            | "zone"
                            | "sun"
                            | "device_tracker"
                            | "weather"
                    )
                )
            })
            .collect();
        if !passive.is_empty() {
            let names: Vec<String> = passive.iter().map(|id| self.entity_name(id)).collect();
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
            let about = targets_mentions
                .first()
                .map(|m| m.text.clone())
                .unwrap_or_default();
            self.ask(
                QuestionKind::UnknownDevice,
                &about,
                &format!(
                    "{} only reports; it cannot be switched. Which device do you mean?",
                    names.join(", ")
                ),
                options,
            );
            return Vec::new();
        }
        let mut steps = Vec::new();
        if let Some(d) = later {
            steps.push(StepPart::Delay(d));
        }
        if let Some(set) = self.media_source(c, verb, &targets) {
            if let Some(t) = targets.into_iter().next() {
                self.last_targets = Some((t, String::new()));
            }
            return set;
        }
        if let Some(set) = self.climate_mode(c, verb, &targets) {
            if set.is_empty() {
                return Vec::new();
            }
            steps.extend(set);
            if degrees.is_some() {
                steps.extend(self.calls(verb, &targets, &data, percent, degrees, volume));
            }
            if let Some(t) = targets.into_iter().next() {
                self.last_targets = Some((t, String::new()));
            }
            return steps;
        }
        let calls = self.calls(verb, &targets, &data, percent, degrees, volume);
        if self.ask_number_untaken(&calls, degrees) {
            return Vec::new();
        }
        let called = calls
            .iter()
            .filter(|s| matches!(s, StepPart::Call { .. }))
            .count();
        if called < self.call_groups(&targets) {
            // a verb some target cannot do ("then pause" after a light): ask, never swap it
            let w = self.word(at).to_owned();
            self.ask(
                QuestionKind::Action,
                &w,
                &format!(
                    "\"{w}\" does not fit what it would act on here. What should \"{w}\" act on?"
                ),
                Vec::new(),
            );
            return Vec::new();
        }
        steps.extend(calls.iter().cloned());
        // "turn on X for 10 minutes", "run the pump for 15 minutes": on, wait, off
        if let Some(d) = hold.filter(|_| matches!(verb, Verb::On | Verb::Activate)) {
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

    /// Whether an action clause names nothing after its verb ("set the volume to 30%").
    pub(super) fn names_nothing(&self, c: &Clause, at: usize) -> bool {
        let skip = [
            "the",
            "a",
            "an",
            "to",
            "on",
            "off",
            "up",
            "down",
            "it",
            "volume",
            "brightness",
            "level",
            "please",
            "also",
            "then",
            "and",
        ];
        ((at + 1).max(c.start)..c.end)
            .filter(|&k| self.is_free(k))
            .map(|k| self.word(k))
            .all(|w| skip.contains(&w) || grammar::verb(w).is_some())
    }

    /// A thing the home does not have: ask, naming what there is.
    pub(super) fn unknown_thing(
        &mut self,
        c: &Clause,
        at: usize,
        accept: &dyn Fn(&Entity) -> bool,
    ) {
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
}

/// "turn the lights off in the kitchen": a kind and an area apart in one clause are the kind in
/// that area.
pub(super) fn with_area(mentions: Vec<Mention>) -> Vec<Mention> {
    let area = mentions.iter().find_map(|m| match m.kind {
        MentionKind::Area(a) => Some(a),
        _ => None,
    });
    let has_class = mentions
        .iter()
        .any(|m| matches!(m.kind, MentionKind::Class(_)));
    if let Some(a) = area
        && !has_class
    {
        // "the hallway and stairs lights": the kind said once, for both
        let said = mentions.iter().find_map(|m| {
            let last = m.text.split_whitespace().last()?;
            (last.ends_with('s') && m.plural)
                .then(|| crate::resolve::Class::from_stem(&crate::text::stem(last)))
                .flatten()
        });
        if let Some(c) = said {
            return mentions
                .into_iter()
                .map(|m| match m.kind {
                    MentionKind::Area(x) if x == a => Mention {
                        kind: MentionKind::AreaClass(a, c),
                        plural: true,
                        ..m
                    },
                    _ => m,
                })
                .collect();
        }
    }
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
