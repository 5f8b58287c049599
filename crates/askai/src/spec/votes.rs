//! When sentences disagree: the first behaviour's order ("When triggered, the fan should be
//! turned off") against the problem statement ("turn on the fan …") and the inputs table
//! ("A fan entity to turn on when the automation fires"). Each says on or off for the same
//! entity; the side more of them take wins and the sentence on the other side is overruled
//! (the answer says so); a tie is one question with both options.

use crate::clarify::{Choice, Question, QuestionKind};
use crate::home::Home;
use crate::parts::{StepPart, TargetPart};
use crate::resolve::Index;

use super::compose::{Composed, steps_of};
use super::placeholder_home::Stand;

/// `light.turn_on` ↔ `light.turn_off` and the like.
fn opposite(service: &str) -> Option<String> {
    let (domain, name) = service.split_once('.')?;
    let other = match name {
        "turn_on" => "turn_off",
        "turn_off" => "turn_on",
        "open_cover" => "close_cover",
        "close_cover" => "open_cover",
        "lock" => "unlock",
        "unlock" => "lock",
        "open_valve" => "close_valve",
        "close_valve" => "open_valve",
        _ => return None,
    };
    Some(format!("{domain}.{other}"))
}

fn ids(target: &TargetPart) -> Vec<String> {
    match target {
        TargetPart::Entities(ids) | TargetPart::Area(_, ids) => ids.clone(),
        _ => Vec::new(),
    }
}

/// Whether `steps` call `service` on one of `on`.
fn calls(steps: &[StepPart], service: &str, on: &[String]) -> bool {
    steps.iter().any(|s| {
        matches!(s, StepPart::Call { service: x, target, .. }
            if x == service && ids(target).iter().any(|id| on.contains(id)))
    })
}

/// The order an input's description gives ("to turn on when the automation fires" → "turn
/// on"), read on its placeholder.
fn table_steps(home: &Home, index: &Index, stand: &Stand) -> Vec<StepPart> {
    let d = stand.input.description.to_lowercase();
    let Some(at) = d.find(" to ") else {
        return Vec::new();
    };
    let rest = &d[at + 4..];
    let end = [" when ", " if ", ".", ","]
        .iter()
        .filter_map(|w| rest.find(w))
        .min()
        .unwrap_or(rest.len());
    let verb = rest[..end].trim();
    if verb.is_empty() || verb.split(' ').any(|w| w == "or") || verb.split(' ').count() > 3 {
        return Vec::new();
    }
    steps_of(home, index, &format!("{verb} {}", stand.words))
}

/// Settles the first behaviour's orders against the problem statement and the inputs table.
pub fn settle(
    home: &Home,
    index: &Index,
    out: &mut Composed,
    problem_steps: &[StepPart],
    problem: &[String],
    stands: &[Stand],
) -> Result<(), Question> {
    let Some(first) = out.events.first().cloned() else {
        return Ok(());
    };
    let source = out.sources.first().cloned().unwrap_or_default();
    let problem_is_source = problem.contains(&source) || problem.join(" ") == source;
    for (k, step) in first.steps.iter().enumerate() {
        let StepPart::Call {
            service, target, ..
        } = step
        else {
            continue;
        };
        let Some(other) = opposite(service) else {
            continue;
        };
        let on = ids(target);
        let (mut support, mut against) = (1, 0);
        let mut against_by = Vec::new();
        if !problem_is_source {
            if calls(problem_steps, &other, &on) {
                against += 1;
                against_by.push(format!("the problem statement (\"{}\")", problem.join(" ")));
            } else if calls(problem_steps, service, &on) {
                support += 1;
            }
        }
        for stand in stands {
            let Some(id) = &stand.entity_id else { continue };
            if !on.contains(id) {
                continue;
            }
            let said = table_steps(home, index, stand);
            if calls(&said, &other, &on) {
                against += 1;
                against_by.push(format!(
                    "the inputs table (`{}`: \"{}\")",
                    stand.input.key, stand.input.description
                ));
            } else if calls(&said, service, &on) {
                support += 1;
            }
        }
        if against > support {
            if let Some(StepPart::Call { service: s, .. }) =
                out.events.first_mut().and_then(|e| e.steps.get_mut(k))
            {
                *s = other.clone();
            }
            out.overruled.push((
                source.clone(),
                format!(
                    "it says {service} but {} say {other}; {against} against {support}",
                    against_by.join(" and ")
                ),
            ));
            out.confidence = (out.confidence - 0.1).max(0.3);
        } else if against > 0 && against == support {
            return Err(Question {
                id: "q1".into(),
                kind: QuestionKind::Action,
                about: source.clone(),
                text: format!(
                    "The request says both {service} and {other} for the same thing \
                     (\"{source}\" against {}). Which should happen?",
                    against_by.join(" and ")
                ),
                options: vec![
                    Choice {
                        value: service.clone(),
                        label: service.clone(),
                    },
                    Choice {
                        value: other.clone(),
                        label: other.clone(),
                    },
                ],
            });
        }
    }
    Ok(())
}
