//! Requests written as markdown specs ("# Title", "## Problem statement", examples, an
//! inputs table, prose): a blueprint when the spec asks for one (an inputs table, the word
//! "blueprint"), an automation for the home otherwise. Headings, table rows and example
//! bullets are never read as orders: the problem statement and the prose are, sentence by
//! sentence ([`compose`]), against a home whose entities are the inputs
//! ([`placeholder_home`]); the automation written for it becomes the blueprint.

mod compose;
mod inputs;
mod limits;
mod markdown;
mod notify;
mod placeholder_home;
mod sentences;
mod votes;

use homeai_automation_model::{
    Dialect, Duration, InputBinding, Placeholder, blueprint_from_automation,
};
use serde_json::{Map, json};

use crate::answer::{
    Answer, BlueprintSuggestion, Clarification, EngineKind, Overruled, Suggestion,
};
use crate::build::{Event, automation_of_events};
use crate::clarify::{Bindings, Question, QuestionKind};
use crate::home::Home;
use crate::parts::{StepPart, TargetPart};
use crate::resolve::Index;
use crate::understand::PartReading;

pub use markdown::looks_like_markdown;

use inputs::InputKind;
use placeholder_home::Stand;

fn question(text: String) -> Question {
    Question {
        id: "q1".into(),
        kind: QuestionKind::Action,
        about: String::new(),
        text,
        options: Vec::new(),
    }
}

fn clarify(q: Question, confidence: f64) -> Answer {
    Answer::Clarify(Clarification {
        questions: vec![q],
        entities: Vec::new(),
        confidence,
    })
}

/// The sentences of some paragraphs.
fn sentences_of(paragraphs: &[String]) -> Vec<String> {
    paragraphs
        .iter()
        .flat_map(|p| markdown::sentences(p))
        .collect()
}

/// A media input's placeholder player plays the input's media: its calls become
/// `media_player.play_media`, whose data the input's value is.
fn play_media(events: &mut [Event], stands: &[Stand]) {
    for stand in stands {
        let (InputKind::Media, Some(id)) = (&stand.input.kind, &stand.entity_id) else {
            continue;
        };
        for e in events.iter_mut() {
            for s in &mut e.steps {
                if let StepPart::Call {
                    service,
                    target: TargetPart::Entities(ids),
                    data,
                } = s
                    && ids.contains(id)
                    && service.starts_with("media_player.")
                {
                    *service = "media_player.play_media".into();
                    *data = Map::new();
                }
            }
        }
    }
}

/// The blueprint's description: the problem statement without "Create a blueprint automation
/// to" ("Turn on a light when the door opens.").
fn summary(problem: &[String]) -> String {
    problem
        .iter()
        .map(|p| {
            let lower = p.to_lowercase();
            let rest = [
                "create a blueprint automation to ",
                "create an blueprint automation to ",
                "create a blueprint automation that ",
                "create a blueprint to ",
                "create a blueprint that ",
            ]
            .iter()
            .find(|lead| lower.starts_with(*lead))
            .map_or(p.as_str(), |lead| &p[lead.len()..]);
            let mut c = rest.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn readings(c: &compose::Composed) -> Vec<PartReading> {
    let mut out: Vec<PartReading> = c
        .used
        .iter()
        .map(|(s, r)| PartReading {
            part: format!("read as: {r}"),
            from: s.clone(),
        })
        .collect();
    out.extend(c.overruled.iter().map(|(s, r)| PartReading {
        part: format!("overruled: {r}"),
        from: s.clone(),
    }));
    out.extend(c.dropped.iter().map(|(s, r)| PartReading {
        part: format!("left out: {r}"),
        from: s.clone(),
    }));
    out
}

fn description(home: &Home, events: &[Event]) -> String {
    events
        .iter()
        .map(|e| crate::describe::explain(home, &e.parts()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Answers a markdown request: a blueprint, an automation for `home`, or one question.
/// Answers to its earlier question (`bindings.extra`, "for 10 minutes") are read as sentences
/// added to the prose.
pub fn answer(home: &Home, index: &Index, text: &str, bindings: &Bindings) -> Answer {
    let doc = markdown::parse(text);
    let mut inputs: Vec<inputs::SpecInput> = doc
        .input_tables()
        .iter()
        .flat_map(|t| inputs::read_table(t))
        .collect();
    if inputs.is_empty() {
        inputs = inputs::read_table(&doc.input_bullets());
    }
    let problem = sentences_of(&doc.problem());
    let mut prose = sentences_of(&doc.prose());
    prose.extend(bindings.extra.iter().cloned());
    if inputs.is_empty() {
        return automation_answer(home, index, &problem, &prose);
    }
    if let Some(odd) = inputs
        .iter()
        .find(|i| matches!(i.kind, InputKind::Other(_)))
    {
        let mut q = question(format!(
            "What kind of value is the input `{}` (\"{}\")? I can make blueprints with \
             entity, target, number, duration and media inputs.",
            odd.key, odd.description
        ));
        q.about = odd.key.clone();
        q.options = ["an entity", "a number", "a duration", "media"]
            .iter()
            .map(|o| crate::clarify::Choice {
                value: format!("`{}` is {o}", odd.key),
                label: (*o).to_owned(),
            })
            .collect();
        return clarify(q, 0.3);
    }
    let (placeholder, stands) = placeholder_home::build(&inputs, text);
    let pindex = Index::new(&placeholder);
    let mut composed = match compose::compose(&placeholder, &pindex, &problem, &prose, &stands) {
        Ok(c) => c,
        Err(q) => return clarify(q, 0.3),
    };
    play_media(&mut composed.events, &stands);
    let description = description(&placeholder, &composed.events);
    let title = doc.title.clone().unwrap_or_else(|| "Blueprint".to_owned());
    let mut automation = automation_of_events(&composed.events, title.clone(), description.clone());
    for stand in &stands {
        if stand.input.kind == InputKind::NotifyDevice {
            let key = &stand.input.key;
            notify::to_device_actions(
                &mut automation,
                &notify::service_of(key),
                &notify::device_id_of(key),
                &title,
            );
        }
    }
    let mut bindings: Vec<InputBinding> = stands.iter().map(placeholder_home::binding).collect();
    for secs in &composed.timeouts {
        let key = ["timeout", "light_timeout", "time_limit"]
            .iter()
            .find(|k| !bindings.iter().any(|b| b.key == **k))
            .copied()
            .unwrap_or("timeout_duration");
        let Some(d) = Duration::from_secs(*secs) else {
            continue;
        };
        bindings.push(InputBinding {
            key: key.to_owned(),
            name: Some("Timeout".to_owned()),
            description: Some("How long until it is undone even if nothing else happens.".into()),
            selector: json!({"duration": {}}),
            default: Some(json!(format!(
                "{:02}:{:02}:{:02}",
                secs / 3600,
                secs / 60 % 60,
                secs % 60
            ))),
            placeholder: Placeholder::Duration(d),
        });
    }
    let summary = summary(&problem);
    let blueprint = match blueprint_from_automation(
        &title,
        (!summary.is_empty()).then_some(summary.as_str()),
        &automation,
        &bindings,
        Dialect::Modern,
    ) {
        Ok(b) => b,
        Err(why) => {
            let unused = stands
                .iter()
                .find(|s| why.contains(&format!("`{}`", s.input.key)));
            let text = match unused {
                Some(s) => format!(
                    "No sentence says what the input `{}` (\"{}\") does in the automation. What \
                     should happen with it, and when?",
                    s.input.key, s.input.description
                ),
                None => format!(
                    "I could not write the blueprint ({why}). What should happen, and when?"
                ),
            };
            return clarify(question(text), 0.3);
        }
    };
    // a sentinel left in a text (a message naming the number) would stay in every automation
    let text = homeai_automation_model::blueprint_to_json(&blueprint)["actions"].to_string();
    if let Some(s) = stands.iter().find(|s| {
        matches!(s.input.kind, InputKind::Number | InputKind::Duration) && text.contains(&s.words)
    }) {
        return clarify(
            question(format!(
                "A text of the automation would name the input `{}` by a stand-in value. What \
                 should that text say?",
                s.input.key
            )),
            0.3,
        );
    }
    let mut readings = readings(&composed);
    for i in &inputs {
        readings.push(PartReading {
            part: format!("input `{}`: {}", i.key, placeholder_home::selector(&i.kind)),
            from: i.row.clone(),
        });
    }
    Answer::Blueprint(Box::new(BlueprintSuggestion {
        blueprint,
        automation,
        description,
        confidence: (composed.confidence * 100.0).round() / 100.0,
        readings,
        used: composed.used.iter().map(|(s, _)| s.clone()).collect(),
        overruled: composed
            .overruled
            .iter()
            .map(|(s, r)| Overruled {
                sentence: s.clone(),
                reason: r.clone(),
            })
            .collect(),
        examples: doc.examples(),
    }))
}

/// A markdown request without inputs: an automation for the home.
fn automation_answer(home: &Home, index: &Index, problem: &[String], prose: &[String]) -> Answer {
    let composed = match compose::compose(home, index, problem, prose, &[]) {
        Ok(c) => c,
        Err(q) => return clarify(q, 0.3),
    };
    let description = description(home, &composed.events);
    let alias = composed
        .events
        .first()
        .map(|e| crate::describe::alias(home, &e.parts()))
        .unwrap_or_default();
    let parts: Vec<_> = composed.events.iter().map(Event::parts).collect();
    let problems: Vec<String> = parts
        .iter()
        .flat_map(|p| crate::check::problems(home, p))
        .collect();
    if !problems.is_empty() {
        return clarify(
            question(format!(
                "I could not write a complete automation ({}). What should happen, and when?",
                problems.join("; ")
            )),
            0.3,
        );
    }
    let automation = automation_of_events(&composed.events, alias, description.clone());
    let mut entities: Vec<String> = Vec::new();
    for e in &composed.events {
        for s in &e.steps {
            if let StepPart::Call {
                target: TargetPart::Entities(ids),
                ..
            } = s
            {
                entities.extend(ids.iter().cloned());
            }
        }
    }
    entities.dedup();
    Answer::Automation(Box::new(Suggestion {
        automation,
        description,
        confidence: composed.confidence,
        entities,
        engine: EngineKind::Rules,
        read_by_model: None,
        readings: readings(&composed),
    }))
}

/// A one-line request whose second behaviour has a time limit ("turn on the light when the
/// door opens, and turn it off when it closes or after 2 minutes"): the two behaviours the
/// engine finds, the limit being the first one's trigger held that long. `None` when the
/// request has no "or after …" or is not two behaviours the engine reads whole.
pub fn with_time_limit(home: &Home, index: &Index, q: &str) -> Option<Answer> {
    let (secs, rest) = limits::timeout(q)?;
    let u = compose::read(home, index, &rest);
    let two = u
        .questions
        .iter()
        .find(|x| x.options.len() == 2 && x.text.starts_with("This asks for two things"))?;
    let prose = [
        two.options[0].value.clone(),
        format!("{} or after {secs} seconds", two.options[1].value),
    ];
    match automation_answer(home, index, &[], &prose) {
        a @ Answer::Automation(_) => Some(a),
        _ => None,
    }
}
