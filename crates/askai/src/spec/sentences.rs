//! One sentence of a written request → the plain words the engine reads: input keys and
//! references to inputs ("the specified duration") become what stands for them, "Create a
//! blueprint automation to" and "The automation should" are dropped, passives become orders
//! ("the fan should be turned off" → "turn off the fan"), and three shapes are set apart:
//! "When triggered, …" (the steps of the trigger said before), "or after a 2 minute
//! timeout" (a time limit) and "should not … if it is already on" (a guard).

use super::inputs::InputKind;
use super::limits::{guards, timeout};
use super::placeholder_home::Stand;

/// A sentence made plain.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plain {
    /// As written.
    pub written: String,
    /// The words the engine reads (empty for a guard alone).
    pub text: String,
    /// "When triggered, …": the steps belong to the trigger said before.
    pub follows: bool,
    /// "or after a 2 minute timeout": seconds.
    pub timeout: Option<i64>,
    /// "should not turn the fan on if it is already on": (the order, the state it must not
    /// already be in).
    pub guards: Vec<(String, String)>,
    /// Words left out, and why.
    pub dropped: Vec<String>,
}

/// Participles of orders, and the order ("turned" → "turn").
const PARTICIPLES: &[(&str, &str)] = &[
    ("turned", "turn"),
    ("switched", "switch"),
    ("shut", "turn"),
    ("stopped", "stop"),
    ("paused", "pause"),
    ("started", "start"),
    ("opened", "open"),
    ("closed", "close"),
    ("locked", "lock"),
    ("unlocked", "unlock"),
    ("played", "play"),
    ("dimmed", "dim"),
    ("activated", "activate"),
    ("deactivated", "deactivate"),
    ("notified", "notify"),
    ("sent", "send"),
    ("muted", "mute"),
    ("raised", "raise"),
    ("lowered", "lower"),
    ("armed", "arm"),
    ("disarmed", "disarm"),
    ("toggled", "toggle"),
    ("set", "set"),
];

/// Replaces each backticked input key by what stands for it, and other backticked words by
/// the words (`binary_sensor` → "binary sensor").
fn untick(sentence: &str, stands: &[Stand]) -> String {
    let mut out = String::new();
    for (i, part) in sentence.split('`').enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
            continue;
        }
        match stands.iter().find(|s| s.input.key == part.trim()) {
            Some(s) if !s.words.starts_with("the ") => {
                // "below the `threshold`": a number or a duration takes no article
                let trimmed = out.trim_end();
                if trimmed.to_lowercase().ends_with(" the") {
                    out.truncate(trimmed.len() - 4);
                    out.push(' ');
                }
                out.push_str(&s.words);
            }
            Some(s) => {
                let words = s.words.as_str();
                // "the `humidity_sensor` level": the article is written already
                let bare = words.strip_prefix("the ").unwrap_or(words);
                let has_article = out.trim_end().to_lowercase().ends_with(" the")
                    || out.trim_end().eq_ignore_ascii_case("the");
                out.push_str(if has_article { bare } else { words });
            }
            None => out.push_str(&part.replace('_', " ")),
        }
    }
    out
}

/// "the specified duration", "the desired level", "the selected media", "the binary
/// sensor": the one input they can mean.
fn references(text: &str, stands: &[Stand]) -> String {
    let mut words: Vec<String> = text.split(' ').map(str::to_owned).collect();
    let adjectives = [
        "specified",
        "selected",
        "desired",
        "given",
        "configured",
        "chosen",
        "set",
        "target",
    ];
    let mut i = 0;
    while i + 1 < words.len() {
        let lower = |w: &str| {
            w.to_lowercase()
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_owned()
        };
        let w0 = lower(&words[i]);
        // "the threshold", "the duration": the one number or duration input
        if w0 == "the" {
            let noun = lower(&words[i + 1]);
            let tail: String = words[i + 1]
                .chars()
                .skip_while(|c| c.is_alphanumeric())
                .collect();
            let matching: Vec<&Stand> = stands
                .iter()
                .filter(|s| match s.input.kind {
                    InputKind::Duration => {
                        matches!(noun.as_str(), "duration" | "timeout" | "delay")
                    }
                    InputKind::Number => {
                        matches!(noun.as_str(), "threshold" | "setpoint" | "limit")
                    }
                    _ => false,
                })
                .collect();
            if let [one] = matching.as_slice() {
                words.splice(i..i + 2, [format!("{}{tail}", one.words)]);
                i += 1;
                continue;
            }
        }
        // "the <adjective> <noun>"
        if w0 == "the" && i + 2 < words.len() && adjectives.contains(&lower(&words[i + 1]).as_str())
        {
            let noun = lower(&words[i + 2]);
            let tail: String = words[i + 2]
                .chars()
                .rev()
                .take_while(|c| !c.is_alphanumeric())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let fits = |s: &&Stand| match s.input.kind {
                InputKind::Duration => matches!(
                    noun.as_str(),
                    "duration" | "time" | "delay" | "period" | "timeout"
                ),
                InputKind::Number => matches!(
                    noun.as_str(),
                    "level" | "value" | "threshold" | "number" | "limit" | "setpoint"
                ),
                InputKind::Media => matches!(
                    noun.as_str(),
                    "media" | "sound" | "alert" | "message" | "audio"
                ),
                _ => s.input.key.split('_').any(|k| k == noun),
            };
            let matching: Vec<&Stand> = stands.iter().filter(fits).collect();
            if let [one] = matching.as_slice() {
                let bare = one.words.strip_prefix("the ").unwrap_or(&one.words);
                let with_article = one.words.starts_with("the ");
                let replacement = if with_article {
                    format!("the {bare}{tail}")
                } else {
                    format!("{bare}{tail}")
                };
                words.splice(i..i + 3, [replacement]);
                i += 1;
                continue;
            }
        }
        // "the binary sensor", "the media player": the one input of that domain
        if w0 == "the" && i + 2 < words.len() {
            let two = format!("{}_{}", lower(&words[i + 1]), lower(&words[i + 2]));
            let matching: Vec<&Stand> = stands
                .iter()
                .filter(|s| matches!(&s.input.kind, InputKind::Entity(d) | InputKind::Target(d) if *d == two))
                .collect();
            if let [one] = matching.as_slice() {
                let tail: String = words[i + 2]
                    .chars()
                    .skip_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                words.splice(i..i + 3, [format!("{}{tail}", one.words)]);
            }
        }
        i += 1;
    }
    words.join(" ")
}

/// Text without `( … )`; what was inside is returned too.
fn without_parentheses(text: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut inside = Vec::new();
    let mut depth = 0;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    inside.push(std::mem::take(&mut current));
                }
            }
            _ if depth > 0 => current.push(c),
            _ => out.push(c),
        }
    }
    (out.split_whitespace().collect::<Vec<_>>().join(" "), inside)
}

/// "<subject> should (also) be <participle> <rest>" → "<order> <rest particle> <subject>
/// <rest>".
fn active(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    for modal in [
        " should also be ",
        " should be ",
        " must be ",
        " will be ",
        " is to be ",
        " gets ",
        " should get ",
    ] {
        let Some(at) = lower.find(modal) else {
            continue;
        };
        // "When the window opens, the heater should be …": the clause before stays first
        let (lead, subject) = match text[..at].rfind(", ") {
            Some(k) => (&text[..k + 2], text[k + 2..at].trim()),
            None => ("", text[..at].trim()),
        };
        let rest = text[at + modal.len()..].trim();
        let mut words = rest.split_whitespace();
        let participle = words.next()?.to_lowercase();
        let participle = participle.trim_matches(|c: char| !c.is_alphanumeric());
        let (_, verb) = PARTICIPLES.iter().find(|(p, _)| *p == participle)?;
        let rest: Vec<&str> = words.collect();
        let (particle, rest) = match rest.first().map(|w| w.to_lowercase()) {
            Some(p) if matches!(p.trim_end_matches([',', '.']), "on" | "off" | "up" | "down") => {
                (format!(" {}", p.trim_end_matches([',', '.'])), &rest[1..])
            }
            _ => (String::new(), &rest[..]),
        };
        let subject = match subject.strip_prefix("The ") {
            Some(s) => format!("the {s}"),
            None if matches!(subject, "It" | "They" | "This" | "That") => subject.to_lowercase(),
            None => subject.to_owned(),
        };
        // "turned back on": "turn it back on"
        let (back, rest) = match rest.first().map(|w| w.to_lowercase()) {
            Some(b) if b == "back" && particle.is_empty() => match rest.get(1) {
                Some(p)
                    if matches!(p.trim_end_matches([',', '.']), "on" | "off" | "up" | "down") =>
                {
                    (
                        format!(" back {}", p.trim_end_matches([',', '.'])),
                        &rest[2..],
                    )
                }
                _ => (String::new(), rest),
            },
            _ => (String::new(), rest),
        };
        return Some(
            format!("{lead}{verb}{particle} {subject}{back} {}", rest.join(" "))
                .trim()
                .to_owned(),
        );
    }
    None
}

/// Makes a sentence plain.
pub fn plain(sentence: &str, stands: &[Stand]) -> Plain {
    let mut p = Plain {
        written: sentence.to_owned(),
        ..Plain::default()
    };
    let (text, inside) = without_parentheses(&untick(sentence, stands));
    for i in inside {
        p.dropped.push(format!("({i}): an aside, not an order"));
    }
    let mut text = references(&text, stands);
    text = text.trim().trim_end_matches(['.', '!']).to_owned();
    let guards = guards(&text);
    if !guards.is_empty() && text.to_lowercase().contains("already") {
        p.guards = guards;
        return p;
    }
    let lower = text.to_lowercase();
    for lead in [
        "when triggered, ",
        "when triggered ",
        "when it fires, ",
        "when the automation fires, ",
        "then ",
    ] {
        if lower.starts_with(lead) {
            text = text[lead.len()..].to_owned();
            p.follows = true;
            break;
        }
    }
    if let Some(t) = active(&text) {
        text = t;
    }
    // "Create a blueprint automation to …", "The automation should …"
    let lower = text.to_lowercase();
    for lead in [
        "create a blueprint automation to ",
        "create an blueprint automation to ",
        "create a blueprint to ",
        "create an automation to ",
        "create an automation that ",
        "create a blueprint that ",
        "i want an automation to ",
        "i want to ",
        "the blueprint should ",
        "the automation should ",
        "this automation should ",
        "the automation must ",
        "it should ",
    ] {
        if lower.starts_with(lead) {
            text = text[lead.len()..].to_owned();
            break;
        }
    }
    let lower = text.to_lowercase();
    for lead in [
        "trigger when ",
        "fire when ",
        "run when ",
        "start when ",
        "be triggered when ",
    ] {
        if lower.starts_with(lead) {
            text = format!("when {}", &text[lead.len()..]);
            break;
        }
    }
    // "When the sensor fires, the automation should turn off …": the same lead mid-sentence
    for lead in [
        ", the automation should ",
        ", the blueprint should ",
        ", it should ",
    ] {
        if let Some(at) = text.to_lowercase().find(lead) {
            text = format!("{}, {}", &text[..at], &text[at + lead.len()..]);
        }
    }
    // "… and can be resumed manually": a permission, not an order
    for modal in [" and can ", ", and can ", " and may ", " but can "] {
        if let Some(at) = text.to_lowercase().find(modal) {
            p.dropped.push(format!(
                "\"{}\": says what may be done, not an order",
                text[at..].trim_start_matches([',', ' '])
            ));
            text.truncate(at);
        }
    }
    if let Some((secs, rest)) = timeout(&text) {
        p.timeout = Some(secs);
        text = rest;
    }
    p.text = text.trim().trim_end_matches(',').to_owned();
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passives_become_orders() {
        assert_eq!(
            active("The heater should also be switched off when the window opens").as_deref(),
            Some("switch off the heater when the window opens")
        );
        assert_eq!(
            active("The blinds should be closed").as_deref(),
            Some("close the blinds")
        );
        assert_eq!(active("turn on the fan"), None);
        assert_eq!(
            active("When the window closes, it should be switched back on").as_deref(),
            Some("When the window closes, switch it back on")
        );
    }

    #[test]
    fn leads_asides_and_permissions_are_dropped() {
        let p = plain("The automation should trigger when the sensor fires.", &[]);
        assert_eq!(p.text, "when the sensor fires");
        let p = plain(
            "When triggered, the heater should be turned off (not paused) and can be turned on by hand.",
            &[],
        );
        assert_eq!(p.text, "turn off the heater");
        assert!(p.follows);
        assert_eq!(p.dropped.len(), 2);
    }
}
