//! Synthetic requests for any home, each word tagged with what it means, to train the intent
//! model (the training service's `intent` jobs); and homes of varied names to make them for.
//!
//! A request is a trigger clause and an action clause in one of several orders, the devices,
//! areas and people taken from the home's registries, each trigger and action worded in one of
//! the ways [`bank::READINGS`] lists (with the odd typo). Words of a wording carry its label
//! (`B-on`, `I-on`, …); every other word is `O`. [`rewrite`] turns a tagged request back into
//! the canonical words the rules read.

pub mod bank;

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::home::{Area, Entity, Home, NotifyService, Person};

/// One generated request: its words, a tag per word, and what it asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Labelled {
    pub words: Vec<String>,
    pub tags: Vec<String>,
    /// The action's reading (`on`, `off`, `open`, `close`, `lock`, `unlock`, `notify`).
    pub intent: String,
}

impl Labelled {
    pub fn text(&self) -> String {
        self.words.join(" ")
    }
}

/// The intents (action readings), in a fixed order.
pub const INTENTS: &[&str] = &["on", "off", "open", "close", "lock", "unlock", "notify"];

/// Every tag, in a fixed order: `O`, then `B-`/`I-` of each reading.
pub fn tags() -> Vec<String> {
    let mut out = vec!["O".to_owned()];
    for r in bank::READINGS {
        out.push(format!("B-{}", r.label));
        out.push(format!("I-{}", r.label));
    }
    out
}

/// The words of a request as the model reads them: lower case, split on white space, with
/// trailing punctuation as words of their own.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.split_whitespace() {
        let lower = raw.to_lowercase();
        let body = lower.trim_end_matches([',', '.', '!', '?', ';']);
        if !body.is_empty() {
            out.push(body.to_owned());
        }
        for c in lower[body.len()..].chars() {
            out.push(c.to_string());
        }
    }
    out
}

/// What a tagged request becomes: the words with each tagged span replaced by its reading's
/// canonical words, and the spans that changed (`(as written, as read)`).
pub fn rewrite(words: &[String], tags: &[String]) -> (String, Vec<(String, String)>) {
    let mut out: Vec<String> = Vec::new();
    let mut changes = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let tag = tags.get(i).map_or("O", String::as_str);
        let label = tag
            .strip_prefix("B-")
            .or_else(|| tag.strip_prefix("I-"))
            .and_then(bank::reading);
        let Some(reading) = label else {
            out.push(words[i].clone());
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < words.len()
            && tags.get(j).map(String::as_str) == Some(&format!("I-{}", reading.label))
        {
            j += 1;
        }
        let span = words[i..j].join(" ");
        if span != reading.canonical {
            changes.push((span, reading.canonical.to_owned()));
        }
        if !reading.canonical.is_empty() {
            out.push(reading.canonical.to_owned());
        }
        i = j;
    }
    (out.join(" "), changes)
}

/// Whether an automation does what an intent says (one of its service calls is of that kind).
pub fn does(automation: &homeai_automation_model::Automation, intent: &str) -> bool {
    fn calls(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    if (k == "action" || k == "service")
                        && let Some(s) = x.as_str()
                    {
                        out.push(s.to_owned());
                    }
                    calls(x, out);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| calls(x, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    calls(
        &homeai_automation_model::to_json(automation, homeai_automation_model::Dialect::Modern),
        &mut found,
    );
    found.iter().any(|call| {
        let service = call.split('.').nth(1).unwrap_or_default();
        match intent {
            "on" => service == "turn_on",
            "off" => service == "turn_off",
            "open" => service == "open_cover" || service == "set_cover_position",
            "close" => service == "close_cover",
            "lock" => service == "lock",
            "unlock" => service == "unlock",
            "notify" => call.starts_with("notify."),
            _ => true,
        }
    })
}

/// Generates `n` tagged requests for `home` (reproducible from `seed`). Empty when the home
/// has nothing to act on.
pub fn generate(home: &Home, n: usize, seed: u64) -> Vec<Labelled> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let parts = Parts::of(home);
    if parts.actions.is_empty() {
        return Vec::new();
    }
    (0..n).filter_map(|_| parts.request(&mut rng)).collect()
}

/// Words with tags, built up clause by clause.
#[derive(Default)]
struct Builder {
    words: Vec<String>,
    tags: Vec<String>,
}

impl Builder {
    /// Plain words (tag `O`).
    fn plain(&mut self, text: &str) {
        for w in words(text) {
            self.words.push(w);
            self.tags.push("O".into());
        }
    }

    /// A wording of a reading (tagged `B-`/`I-`), sometimes with a typo.
    fn reading(&mut self, rng: &mut ChaCha8Rng, label: &str) {
        let Some(r) = bank::reading(label) else {
            return;
        };
        let Some(phrase) = r.phrasings.choose(rng) else {
            return;
        };
        for (k, w) in words(phrase).into_iter().enumerate() {
            let w = if rng.random_bool(0.08) {
                typo(rng, &w)
            } else {
                w
            };
            self.words.push(w);
            self.tags
                .push(format!("{}-{label}", if k == 0 { "B" } else { "I" }));
        }
    }

    fn append(&mut self, other: Builder) {
        self.words.extend(other.words);
        self.tags.extend(other.tags);
    }
}

/// One slip of the keyboard: a letter dropped, doubled or swapped with the next.
fn typo(rng: &mut ChaCha8Rng, word: &str) -> String {
    let mut c: Vec<char> = word.chars().collect();
    if c.len() < 4 {
        return word.to_owned();
    }
    let i = rng.random_range(1..c.len() - 1);
    match rng.random_range(0..3) {
        0 => {
            c.remove(i);
        }
        1 => c.insert(i, c[i]),
        _ => c.swap(i, i + 1),
    }
    c.into_iter().collect()
}

/// What a home offers the generator.
struct Parts<'a> {
    /// (reading, the thing's name)
    actions: Vec<(&'static str, String)>,
    doors: Vec<String>,
    motion_areas: Vec<String>,
    people: Vec<&'a str>,
}

fn name_of(e: &Entity, rng_pick_alias: bool) -> String {
    if rng_pick_alias && let Some(a) = e.aliases.first() {
        return a.clone();
    }
    e.name.clone()
}

impl<'a> Parts<'a> {
    fn of(home: &'a Home) -> Self {
        let mut actions = Vec::new();
        let mut doors = Vec::new();
        let mut motion_areas = Vec::new();
        for e in &home.entities {
            let name = name_of(e, false);
            match e.domain() {
                "light" | "switch" | "fan" | "input_boolean" => {
                    actions.push(("on", name.clone()));
                    actions.push(("off", name));
                }
                "cover" => {
                    actions.push(("open", name.clone()));
                    actions.push(("close", name));
                }
                "lock" => {
                    actions.push(("lock", name.clone()));
                    actions.push(("unlock", name));
                }
                "binary_sensor" => match e.class() {
                    Some("door" | "window" | "garage_door" | "opening") => doors.push(name),
                    Some("motion" | "occupancy" | "presence") => {
                        if let Some(area) = e.area_id.as_deref().and_then(|a| home.area(a)) {
                            motion_areas.push(area.name.clone());
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        let people: Vec<&str> = home.persons.iter().map(|p| p.name.as_str()).collect();
        for p in &home.persons {
            if home.notify_service_of(&p.entity_id).is_some() {
                actions.push(("notify", p.name.clone()));
            }
        }
        motion_areas.sort();
        motion_areas.dedup();
        Self {
            actions,
            doors,
            motion_areas,
            people,
        }
    }

    fn action(&self, rng: &mut ChaCha8Rng) -> Option<(Builder, &'static str)> {
        let (label, name) = self.actions.choose(rng)?;
        let mut b = Builder::default();
        if rng.random_bool(0.1) {
            b.reading(rng, "drop");
        }
        b.reading(rng, label);
        if *label == "notify" {
            b.plain(name);
        } else {
            b.plain(if rng.random_bool(0.8) { "the" } else { "my" });
            b.plain(name);
        }
        Some((b, label))
    }

    /// A trigger clause, and whether it reads as "when …" (so it may lead the request).
    fn trigger(&self, rng: &mut ChaCha8Rng) -> Builder {
        let mut b = Builder::default();
        let kinds = [
            (0, true),
            (1, true),
            (2, !self.doors.is_empty()),
            (3, !self.motion_areas.is_empty()),
            (4, !self.people.is_empty()),
        ];
        let usable: Vec<u8> = kinds.iter().filter(|k| k.1).map(|k| k.0).collect();
        match usable.choose(rng).copied().unwrap_or(0) {
            0 => {
                let h = rng.random_range(1..=12);
                let text = match rng.random_range(0..4) {
                    0 => format!("at {h} pm"),
                    1 => format!("at {h} am"),
                    2 => format!("at {h}:{:02}", rng.random_range(0..4) * 15),
                    _ => format!(
                        "at {}:{:02}",
                        rng.random_range(13..=23),
                        rng.random_range(0..12) * 5
                    ),
                };
                b.plain(&text);
            }
            1 => {
                b.plain(if rng.random_bool(0.8) { "at" } else { "around" });
                let sun = if rng.random_bool(0.5) {
                    "sunset"
                } else {
                    "sunrise"
                };
                b.reading(rng, sun);
            }
            2 => {
                b.plain("when the");
                b.plain(self.doors.choose(rng).map_or("door", String::as_str));
                let change = if rng.random_bool(0.6) {
                    "opens"
                } else {
                    "closes"
                };
                b.reading(rng, change);
            }
            3 => {
                b.plain("when");
                b.reading(rng, "motion");
                b.plain(if rng.random_bool(0.7) { "in the" } else { "in" });
                b.plain(
                    self.motion_areas
                        .choose(rng)
                        .map_or("kitchen", String::as_str),
                );
            }
            _ => {
                b.plain("when");
                b.plain(self.people.choose(rng).copied().unwrap_or("someone"));
                let way = if rng.random_bool(0.5) {
                    "arrives"
                } else {
                    "leaves"
                };
                b.reading(rng, way);
            }
        }
        b
    }

    fn request(&self, rng: &mut ChaCha8Rng) -> Option<Labelled> {
        let (action, intent) = self.action(rng)?;
        let trigger = self.trigger(rng);
        let mut b = Builder::default();
        if rng.random_bool(0.5) {
            b.append(action);
            b.append(trigger);
        } else {
            b.append(trigger);
            if rng.random_bool(0.5) {
                b.plain(",");
            }
            b.append(action);
        }
        Some(Labelled {
            words: b.words,
            tags: b.tags,
            intent: intent.to_owned(),
        })
    }
}

/// A home of made-up names (reproducible from `seed`): a few areas, each with lights, a
/// switch, blinds, a door contact and a motion sensor or not, a lock or two, and people with
/// phones. For training on more than the one home an installation has.
pub fn home(seed: u64) -> Home {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut home = Home::default();
    let n_areas = rng.random_range(3..=7);
    let areas: Vec<&str> = bank::AREAS
        .choose_multiple(&mut rng, n_areas)
        .copied()
        .collect();
    for area in areas {
        let area_id = slug(area);
        home.areas.push(Area {
            area_id: area_id.clone(),
            name: area.to_owned(),
            aliases: Vec::new(),
        });
        let mut add = |domain: &str, name: String, class: Option<&str>| {
            let entity_id = format!("{domain}.{}", slug(&name));
            if home.entities.iter().any(|e| e.entity_id == entity_id) {
                return;
            }
            home.entities.push(Entity {
                entity_id,
                name,
                area_id: Some(area_id.clone()),
                domain: domain.to_owned(),
                device_class: class.map(str::to_owned),
                ..Entity::default()
            });
        };
        let lights = rng.random_range(1..=2);
        for light in bank::LIGHT_NAMES.choose_multiple(&mut rng, lights) {
            add("light", format!("{area} {light}"), None);
        }
        if rng.random_bool(0.6) {
            let s = bank::SWITCH_NAMES
                .choose(&mut rng)
                .copied()
                .unwrap_or("Plug");
            add("switch", format!("{area} {s}"), Some("outlet"));
        }
        if rng.random_bool(0.5) {
            let c = bank::COVER_NAMES
                .choose(&mut rng)
                .copied()
                .unwrap_or("Blinds");
            add("cover", format!("{area} {c}"), Some("blind"));
        }
        if rng.random_bool(0.4) {
            let d = bank::DOOR_NAMES.choose(&mut rng).copied().unwrap_or("Door");
            add(
                "binary_sensor",
                format!("{area} {d}"),
                Some(if d == "Window" { "window" } else { "door" }),
            );
        }
        if rng.random_bool(0.6) {
            add("binary_sensor", format!("{area} Motion"), Some("motion"));
        }
        if rng.random_bool(0.25) {
            let l = bank::LOCK_NAMES
                .choose(&mut rng)
                .copied()
                .unwrap_or("Door Lock");
            add("lock", format!("{area} {l}"), None);
        }
    }
    let people = rng.random_range(1..=3);
    for name in bank::PEOPLE.choose_multiple(&mut rng, people) {
        let id = slug(name);
        let service = format!("notify.mobile_app_{id}_phone");
        home.persons.push(Person {
            entity_id: format!("person.{id}"),
            name: (*name).to_owned(),
            aliases: Vec::new(),
            notify: Some(service.clone()),
        });
        home.services.push(NotifyService {
            service,
            name: Some(format!("{name}'s phone")),
            person: Some(format!("person.{id}")),
        });
    }
    home.zones.push("zone.home".into());
    home
}

fn slug(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_generated_request_rewrites_to_words_the_rules_read() {
        let home = home(3);
        let made = generate(&home, 300, 9);
        assert_eq!(made.len(), 300);
        let tags = tags();
        for l in &made {
            assert_eq!(l.words.len(), l.tags.len(), "{l:?}");
            assert!(l.tags.iter().all(|t| tags.contains(t)), "{l:?}");
            assert!(INTENTS.contains(&l.intent.as_str()));
            let (text, _) = rewrite(&l.words, &l.tags);
            assert!(!text.is_empty());
        }
        // the same seed makes the same requests; another seed others
        assert_eq!(generate(&home, 20, 9), made[..20].to_vec());
        assert_ne!(generate(&home, 20, 10), made[..20].to_vec());
    }

    #[test]
    fn rewrite_replaces_each_tagged_span_by_its_canonical_words() {
        let w = words("Please illuminate the Porch Light at dusk.");
        let t: Vec<String> = ["B-drop", "B-on", "O", "O", "O", "O", "B-sunset", "O"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let (text, changes) = rewrite(&w, &t);
        assert_eq!(text, "turn on the porch light at sunset .");
        assert_eq!(changes.len(), 3);
        assert_eq!(changes[1], ("illuminate".to_owned(), "turn on".to_owned()));
    }
}
