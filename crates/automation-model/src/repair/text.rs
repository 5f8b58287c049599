//! Text clean-up before the YAML reader: what language models wrap around an automation.
//! Run only when the text as given is not YAML.

/// The cleaned text and what was done to it, in words.
pub(crate) struct Cleaned {
    pub(crate) text: String,
    pub(crate) notes: Vec<String>,
}

/// Keys that begin an automation's top level (used to find where a lead-in sentence ends).
const TOP_KEYS: [&str; 17] = [
    "id",
    "alias",
    "description",
    "mode",
    "max",
    "max_exceeded",
    "variables",
    "trigger_variables",
    "trace",
    "initial_state",
    "triggers",
    "trigger",
    "conditions",
    "condition",
    "actions",
    "action",
    "automation",
];

pub(crate) fn clean(text: &str) -> Cleaned {
    let mut notes = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut text = match fenced_block(text) {
        Some((block, lead_in, trailing)) => {
            let mut note = String::from("took the automation out of its ``` code fence");
            if lead_in {
                note.push_str(", dropping the sentence before it");
            }
            if trailing {
                note.push_str(" and the text after it");
            }
            notes.push(note);
            block
        }
        None => text.to_owned(),
    };
    if let Some(fixed) = tabs_to_spaces(&text) {
        notes.push("replaced tab indentation with two spaces per tab".into());
        text = fixed;
    }
    if let Some((fixed, dropped)) = cut_lead_in(&text) {
        notes.push(format!(
            "dropped the text before the automation (\"{dropped}\")"
        ));
        text = fixed;
    }
    if let Some((fixed, dropped)) = cut_trailing_prose(&text) {
        notes.push(format!(
            "dropped the prose after the automation (\"{dropped}\")"
        ));
        text = fixed;
    }
    Cleaned { text, notes }
}

fn is_fence(line: &str) -> bool {
    line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~")
}

/// The first fenced block: its content, whether text came before it, and after it.
fn fenced_block(text: &str) -> Option<(String, bool, bool)> {
    let lines: Vec<&str> = text.lines().collect();
    let open = lines.iter().position(|l| is_fence(l))?;
    let close = lines[open + 1..]
        .iter()
        .position(|l| is_fence(l))
        .map(|i| open + 1 + i);
    let end = close.unwrap_or(lines.len());
    let block = lines[open + 1..end].join("\n") + "\n";
    let lead_in = lines[..open].iter().any(|l| !l.trim().is_empty());
    let trailing = close.is_some_and(|c| lines[c + 1..].iter().any(|l| !l.trim().is_empty()));
    Some((block, lead_in, trailing))
}

/// Each tab in a line's indentation becomes two spaces; `None` when there are none.
fn tabs_to_spaces(text: &str) -> Option<String> {
    let mut changed = false;
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        let indent_len = line.len() - line.trim_start_matches([' ', '\t']).len();
        let (indent, rest) = line.split_at(indent_len);
        if indent.contains('\t') {
            changed = true;
            out.push_str(&indent.replace('\t', "  "));
        } else {
            out.push_str(indent);
        }
        out.push_str(rest);
    }
    changed.then_some(out)
}

/// Whether a line at column 0 starts with `key:` (a top-level mapping key).
fn is_top_key_line(line: &str) -> bool {
    let Some((key, rest)) = line.split_once(':') else {
        return false;
    };
    let key = key.trim_end().trim_matches(['"', '\'']);
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && (rest.is_empty() || rest.starts_with([' ', '\t']))
}

fn is_yaml_line(line: &str) -> bool {
    let t = line.trim_end();
    t.is_empty()
        || t.starts_with([' ', '\t', '#', '-'])
        || t == "---"
        || t == "..."
        || is_top_key_line(t)
}

/// Lines before the first automation key, when they are prose.
fn cut_lead_in(text: &str) -> Option<(String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty())?;
    if is_yaml_line(lines[first]) {
        return None;
    }
    let start = lines.iter().position(|l| {
        is_top_key_line(l)
            && TOP_KEYS
                .iter()
                .any(|k| l.split_once(':').is_some_and(|(key, _)| key.trim() == *k))
    })?;
    let dropped = summary(&lines[..start]);
    Some((lines[start..].join("\n") + "\n", dropped))
}

/// Lines from the first one at column 0 that cannot be part of the top-level mapping.
fn cut_trailing_prose(text: &str) -> Option<(String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let first_yaml = lines.iter().position(|l| is_top_key_line(l))?;
    let cut = lines[first_yaml..]
        .iter()
        .position(|l| !is_yaml_line(l))
        .map(|i| first_yaml + i)?;
    let dropped = summary(&lines[cut..]);
    let kept = lines[..cut].join("\n");
    Some((kept.trim_end().to_owned() + "\n", dropped))
}

/// The first words of some lines, for a note.
fn summary(lines: &[&str]) -> String {
    let joined = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut words: String = joined.chars().take(60).collect();
    if joined.chars().count() > 60 {
        words.push('…');
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_fenced_block() {
        let cleaned = clean("Here you go:\n\n```yaml\nalias: x\n```\nEnjoy!\n");
        assert_eq!(cleaned.text, "alias: x\n");
        assert_eq!(cleaned.notes.len(), 1);
    }

    #[test]
    fn turns_leading_tabs_into_spaces() {
        let cleaned = clean("a:\n\t- b: 1\n\t\tc: \"\t\"\n");
        assert_eq!(cleaned.text, "a:\n  - b: 1\n    c: \"\t\"\n");
    }

    #[test]
    fn cuts_prose_after_the_mapping() {
        let cleaned = clean("alias: x\ntriggers:\n  - trigger: sun\n\nThis is why.\nMore.\n");
        assert_eq!(cleaned.text, "alias: x\ntriggers:\n  - trigger: sun\n");
    }

    #[test]
    fn a_sentence_after_the_mapping_is_prose_even_with_a_colon() {
        let cleaned = clean("alias: x\nactions: []\n\nNote: change the time if you like.\n");
        assert_eq!(cleaned.text, "alias: x\nactions: []\n");
    }

    #[test]
    fn cuts_a_lead_in_sentence() {
        let cleaned = clean("Sure, this should work\nalias: x\n");
        assert_eq!(cleaned.text, "alias: x\n");
    }
}
