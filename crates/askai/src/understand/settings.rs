//! Settings named in words rather than numbers: a thermostat's HVAC mode ("heat mode",
//! "switch the thermostat to cool", "put it in auto") or preset ("eco preset"), and brightness
//! words ("dim", "brighten"). A mode the device lacks, or a brightness word with no level, is
//! asked about: never a bare `climate.turn_on` for a mode, never a plain `light.turn_on` for
//! "dim".

use serde_json::{Map, json};

use super::*;

/// A setting word of an action clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ModeWord {
    /// An HVAC mode as Home Assistant names it (`heat`, `cool`, `heat_cool`…).
    Hvac(&'static str),
    /// A preset (`eco`, `away`…), as written.
    Preset(String),
}

/// Presets people name; "away"/"home"/"sleep" only count beside the word "preset".
const PRESETS: &[&str] = &[
    "eco", "comfort", "boost", "away", "home", "sleep", "activity", "none",
];

impl Reader<'_> {
    /// The mode or preset an action clause names, with the words it takes.
    pub(super) fn mode_word(&self, c: &Clause) -> Option<(ModeWord, Vec<usize>)> {
        let free: Vec<usize> = (c.start..c.end).filter(|&k| self.is_free(k)).collect();
        let said = |w: &str| free.iter().copied().find(|&k| self.word(k) == w);
        let preset = said("preset");
        // "change the heating mode to off": the mode after "mode to"
        if let Some(m) = said("mode")
            && self.word(m + 1) == "to"
        {
            let k = m + 2;
            let mode = match self.word(k) {
                "off" => Some("off"),
                "heat" | "heating" => Some("heat"),
                "cool" | "cooling" => Some("cool"),
                "auto" | "automatic" => Some("auto"),
                "dry" => Some("dry"),
                "fan_only" => Some("fan_only"),
                "heat_cool" => Some("heat_cool"),
                _ => None,
            };
            if let Some(mode) = mode.filter(|_| k < c.end) {
                return Some((ModeWord::Hvac(mode), vec![m, m + 1, k]));
            }
        }
        // "to heating mode": "heating" may be held by the thermostat's name
        if let Some(m) = said("mode")
            && m > c.start
            && self.word(m + 1) != "to"
        {
            match self.word(m - 1) {
                "heating" => return Some((ModeWord::Hvac("heat"), vec![m])),
                "cooling" => return Some((ModeWord::Hvac("cool"), vec![m])),
                _ => {}
            }
        }
        for &k in &free {
            let w = self.word(k);
            let next = self.word(k + 1);
            let mut took = vec![k];
            if let Some(p) = preset
                && PRESETS.contains(&w)
            {
                took.push(p);
                return Some((ModeWord::Preset(w.to_owned()), took));
            }
            if matches!(w, "eco" | "comfort" | "boost") {
                took.extend(preset.or_else(|| said("mode")));
                return Some((ModeWord::Preset(w.to_owned()), took));
            }
            let mode = match (w, next) {
                ("heat", "cool") | ("heat_cool", _) => {
                    if next == "cool" {
                        took.push(k + 1);
                    }
                    "heat_cool"
                }
                ("fan", "only") | ("fan_only", _) => {
                    if next == "only" {
                        took.push(k + 1);
                    }
                    "fan_only"
                }
                ("heat", _) => "heat",
                ("heating" | "cooling", "mode") => {
                    if w == "heating" {
                        "heat"
                    } else {
                        "cool"
                    }
                }
                ("cool" | "cooling", _) => "cool",
                ("auto" | "automatic", _) => "auto",
                ("dry" | "dehumidify" | "dehumidifying", _) => "dry",
                _ => continue,
            };
            took.extend(said("mode"));
            return Some((ModeWord::Hvac(mode), took));
        }
        None
    }

    /// The steps that set a climate entity's mode or preset, or a question when it has no such
    /// mode. `None` when the clause names no mode or acts on no thermostat.
    pub(super) fn climate_mode(
        &mut self,
        c: &Clause,
        verb: Verb,
        targets: &[TargetPart],
    ) -> Option<Vec<StepPart>> {
        if matches!(verb, Verb::Off | Verb::Toggle) {
            return None;
        }
        let (mode, took) = self.mode_word(c)?;
        let ids: Vec<String> = targets
            .iter()
            .flat_map(|t| match t {
                TargetPart::Entities(ids) | TargetPart::Area(_, ids) => ids.clone(),
                _ => Vec::new(),
            })
            .collect();
        let mut climates: Vec<Entity> = ids
            .iter()
            .filter_map(|id| self.home.entity(id))
            .filter(|e| e.domain() == "climate")
            .cloned()
            .collect();
        // "the thermostat … heating": two names of one thermostat
        let mut seen: Vec<String> = Vec::new();
        climates.retain(|e| {
            let first = !seen.contains(&e.entity_id);
            seen.push(e.entity_id.clone());
            first
        });
        if climates.is_empty() {
            return None;
        }
        for k in took {
            self.taken[k] = true;
        }
        let mut steps = Vec::new();
        for e in &climates {
            let (service, key, value, known) = match &mode {
                ModeWord::Hvac(m) => ("set_hvac_mode", "hvac_mode", (*m).to_owned(), &e.hvac_modes),
                ModeWord::Preset(p) => {
                    ("set_preset_mode", "preset_mode", p.clone(), &e.preset_modes)
                }
            };
            if !known.contains(&value) {
                let what = if key == "hvac_mode" { "mode" } else { "preset" };
                let has = if known.is_empty() {
                    format!("I do not know which {what}s {} has", e.name)
                } else {
                    format!("{} has the {what}s {}", e.name, known.join(", "))
                };
                let options = known
                    .iter()
                    .map(|m| Choice {
                        value: format!("{m} {what}"),
                        label: m.clone(),
                    })
                    .collect();
                self.ask(
                    QuestionKind::Action,
                    &value,
                    &format!(
                        "{has}; \"{value}\" is not one of them. Which {what} should it be set to?"
                    ),
                    options,
                );
                return Some(Vec::new());
            }
            let mut data = Map::new();
            data.insert(key.into(), json!(value));
            steps.push(StepPart::Call {
                service: format!("climate.{service}"),
                target: TargetPart::Entities(vec![e.entity_id.clone()]),
                data,
            });
        }
        Some(steps)
    }

    /// "dim the office lights to off": off, not a level.
    pub(super) fn dimmed_to_off(&mut self, c: &Clause) -> bool {
        let dim = (c.start..c.end).any(|k| {
            self.is_free(k) && matches!(self.word(k), "dim" | "dimmed" | "dims" | "fade" | "fades")
        });
        let to_off = (c.start + 1..c.end).find(|&k| {
            self.is_free(k) && self.word(k) == "off" && matches!(self.word(k - 1), "to" | "down")
        });
        match to_off {
            Some(k) if dim => {
                self.taken[k - 1] = true;
                true
            }
            _ => false,
        }
    }

    /// "flash the office lights", "blink the porch light": the light's `flash` (`short`, or
    /// `long` when said). `None` when the order is no flash.
    pub(super) fn flash(&mut self, c: &Clause, verb: Verb) -> Option<&'static str> {
        if verb != Verb::On {
            return None;
        }
        let k = (c.start..c.end).find(|&k| {
            self.is_free(k) && matches!(self.word(k), "flash" | "blink" | "flashes" | "blinks")
        })?;
        self.taken[k] = true;
        let long = (c.start..c.end).find(|&j| self.is_free(j) && self.word(j) == "long");
        if let Some(j) = long {
            self.taken[j] = true;
            return Some("long");
        }
        Some("short")
    }

    /// "dim the lamp", "brighten the kitchen lights" with no level: asks how bright. True when
    /// it asked.
    pub(super) fn ask_brightness(&mut self, c: &Clause, percent: Option<f64>) -> bool {
        if percent.is_some() {
            return false;
        }
        let Some(k) = (c.start..c.end).find(|&k| {
            self.is_free(k)
                && matches!(
                    self.word(k),
                    "dim"
                        | "dimmed"
                        | "dims"
                        | "dimmer"
                        | "brighten"
                        | "brightened"
                        | "brighter"
                        | "darken"
                        | "darkened"
                        | "darker"
                )
        }) else {
            return false;
        };
        let word = self.word(k).to_owned();
        let options = [10, 30, 50, 80]
            .into_iter()
            .map(|p| Choice {
                value: format!("{p}% brightness"),
                label: format!("{p} %"),
            })
            .collect();
        self.ask(
            QuestionKind::Action,
            &word,
            &format!("How bright should \"{word}\" be?"),
            options,
        );
        true
    }

    /// "switch the TV to Spotify", "set the TV to HDMI 1": a source of the media player's
    /// source list, selected. `None` when the clause names no source of its players.
    pub(super) fn media_source(
        &mut self,
        c: &Clause,
        verb: Verb,
        targets: &[TargetPart],
    ) -> Option<Vec<StepPart>> {
        if matches!(
            verb,
            Verb::Off | Verb::Toggle | Verb::Pause | Verb::Stop | Verb::Mute
        ) {
            return None;
        }
        let players: Vec<Entity> = targets
            .iter()
            .flat_map(|t| match t {
                TargetPart::Entities(ids) => ids.clone(),
                _ => Vec::new(),
            })
            .filter_map(|id| self.home.entity(&id).cloned())
            .filter(|e| e.domain() == "media_player" && !e.source_list.is_empty())
            .collect();
        let [player] = players.as_slice() else {
            return None;
        };
        for k in c.start..c.end {
            if !(self.is_free(k) && matches!(self.word(k), "to" | "input" | "source" | "play")) {
                continue;
            }
            for source in &player.source_list {
                let words: Vec<String> = crate::text::tokenize(source)
                    .into_iter()
                    .map(|t| t.raw)
                    .collect();
                let at = k + 1;
                let fits = !words.is_empty()
                    && words.iter().enumerate().all(|(j, w)| {
                        at + j < c.end && self.is_free(at + j) && self.word(at + j) == w
                    });
                if fits {
                    for j in k..at + words.len() {
                        self.taken[j] = true;
                    }
                    let mut data = Map::new();
                    data.insert("source".into(), json!(source));
                    return Some(vec![StepPart::Call {
                        service: "media_player.select_source".into(),
                        target: TargetPart::Entities(vec![player.entity_id.clone()]),
                        data,
                    }]);
                }
            }
        }
        None
    }
}

impl Reader<'_> {
    /// "lower the heating by 2 degrees", "dim it by 20%": a change by an amount, which no call
    /// here makes (they set a value): asked (`true`), never read as the value.
    pub(super) fn ask_change_by_amount(&mut self, c: &Clause) -> bool {
        let by_amount = self.slots.iter().any(|s| {
            s.start >= c.start
                && s.end <= c.end
                && matches!(s.kind, SlotKind::Degrees(_) | SlotKind::Percent(_))
                && s.start > 0
                && self.word(s.start - 1) == "by"
        });
        if !by_amount {
            return false;
        }
        let text = self.span_text(c.start, c.end);
        let question = format!(
            "\"{text}\" changes it by an amount; an automation here sets a value. What should \
             it be set to (for example \"to 19 degrees\", \"to 40%\")?"
        );
        self.ask(QuestionKind::Action, "by", &question, Vec::new());
        true
    }

    /// "set the lamp to 20": a number no call takes is asked about (`true`), never dropped.
    pub(super) fn ask_number_untaken(&mut self, calls: &[StepPart], degrees: Option<f64>) -> bool {
        let taken = |n: f64| {
            calls.iter().any(|s| {
                matches!(s, StepPart::Call { data, .. }
                    if data.values().any(|v| v.as_f64().is_some_and(|x| (x - n).abs() < 1e-9)))
            })
        };
        let Some(n) = degrees.filter(|n| !taken(*n)) else {
            return false;
        };
        let n = if n.fract() == 0.0 {
            format!("{}", n as i64)
        } else {
            n.to_string()
        };
        let question = format!(
            "I read \"{n}\" but nothing here takes it. Is it a brightness, a position, a volume \
             or a temperature?"
        );
        self.ask(QuestionKind::Action, &n, &question, Vec::new());
        true
    }
}

/// A temperature named as what is set ("set the temperature", "the living room temperature
/// to 19") is the thermostat's set-point: the climate kind, in the room named or the room of
/// the temperature sensor named.
pub(super) fn set_point_of(mut m: Mention, home: &Home) -> Mention {
    let room_of_sensor = |ents: &[(usize, f64)]| {
        let (top, _) = ents.first()?;
        let e = home.entities.get(*top)?;
        let area = e.area_id.as_deref()?;
        let climate_there = home
            .entities
            .iter()
            .any(|x| x.domain() == "climate" && x.area_id.as_deref() == Some(area));
        (Class::Temperature.fits(e) && climate_there)
            .then(|| home.areas.iter().position(|a| a.area_id == area))
            .flatten()
    };
    m.kind = match m.kind {
        MentionKind::Class(Class::Temperature) => MentionKind::Class(Class::Climate),
        MentionKind::AreaClass(a, Class::Temperature) => MentionKind::AreaClass(a, Class::Climate),
        MentionKind::Entities(ents) => match room_of_sensor(&ents) {
            Some(a) => MentionKind::AreaClass(a, Class::Climate),
            None => MentionKind::Entities(ents),
        },
        other => other,
    };
    m
}
