//! What the engine lets a trained intent model do: reword only requests the rules could not
//! read ([`could_not_read`]), and never in a way that overrules the words ([`overrules`]).

use crate::clarify::{Question, QuestionKind};

/// A question the rules ask because they could not read the words ("What should happen with
/// …?", no trigger found at all), not one about a fact the request leaves out.
pub(crate) fn could_not_read(q: &Question) -> bool {
    match q.kind {
        QuestionKind::Action => true,
        // "When should this happen?" with nothing read as a trigger, not "What time is 'at
        // night'?" (about the words it asks about)
        QuestionKind::When => q.about.is_empty(),
        _ => false,
    }
}

/// Whether a model's rewording overrules what the words say rather than rewording them:
/// it drops a joining or negating word ("TV and Xbox" → "TV Xbox"), reads an absence as a
/// presence ("inactivity" → "motion is detected"), or makes up a sensor event where the
/// request names no room or thing to sense ("when someone approaches"). `changes` are the
/// rewording's `(as written, as read)` spans; `names_where`: the request names a room or a
/// sensor.
pub(crate) fn overrules(changes: &[(String, String)], names_where: bool) -> bool {
    const JOINS: &[&str] = &[
        "and", "or", "not", "no", "never", "except", "but", "without",
    ];
    const ABSENT: &[&str] = &[
        "no",
        "not",
        "nobody",
        "without",
        "inactivity",
        "inactive",
        "stops",
        "stopped",
        "empty",
        "vacant",
        "idle",
        "clear",
    ];
    let words = |text: &str| -> Vec<String> {
        crate::text::tokenize(text)
            .into_iter()
            .map(|t| t.raw)
            .collect()
    };
    let sensed = |text: &str| {
        let w = words(text);
        w.iter().any(|x| x == "detected" || x == "motion")
            && !w.iter().any(|x| ABSENT.contains(&x.as_str()))
    };
    let drops_join = changes.iter().any(|(written, read)| {
        read.trim().is_empty() && words(written).iter().any(|w| JOINS.contains(&w.as_str()))
    });
    let flips = changes.iter().any(|(written, read)| {
        words(written).iter().any(|w| ABSENT.contains(&w.as_str())) && sensed(read)
    });
    let invents_sensor = !names_where
        && changes
            .iter()
            .any(|(written, read)| sensed(read) && !sensed(written));
    drops_join || flips || invents_sensor
}
