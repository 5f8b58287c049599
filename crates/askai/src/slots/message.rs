//! The words of a notification's message: "saying the laundry is done", "with the message
//! door open", "that says dinner is ready" — up to the words that open a trigger, a condition
//! or a time ("when", "if", "at 7pm", a comma), so those are still read as such.

use super::{SlotKind, Tagger};

/// What opens a message, longest first.
const OPENERS: &[&[&str]] = &[
    &["with", "the", "message"],
    &["with", "a", "message"],
    &["with", "message"],
    &["with", "the", "text"],
    &["that", "says"],
    &["which", "says"],
    &["saying"],
];

/// Words a message never runs past: they open the rest of the request.
fn ends_message(word: &str, next: &str) -> bool {
    let timeish = next.chars().next().is_some_and(|c| c.is_ascii_digit())
        || matches!(
            next,
            "sunset" | "sunrise" | "dusk" | "dawn" | "noon" | "midnight" | "night"
        );
    matches!(
        word,
        "," | "when"
            | "whenever"
            | "if"
            | "once"
            | "unless"
            | "while"
            | "until"
            | "every"
            | "each"
            | "then"
    ) || (matches!(word, "at" | "after" | "before" | "on") && timeish)
}

impl Tagger<'_> {
    /// Takes each message (at least one word) after its opener.
    pub(super) fn messages(&mut self) {
        let mut i = 0;
        while i < self.toks.len() {
            let Some(opener) = OPENERS.iter().find(|o| self.seq(i, o)) else {
                i += 1;
                continue;
            };
            let start = i + opener.len();
            let mut end = start;
            while end < self.toks.len()
                && self.free(end)
                && !ends_message(self.raw(end), self.raw(end + 1))
            {
                end += 1;
            }
            if end == start {
                i += 1;
                continue;
            }
            let text = (start..end)
                .map(|k| self.raw(k))
                .collect::<Vec<_>>()
                .join(" ");
            self.take(i, end, SlotKind::Message(capitalised(&text)));
            i = end;
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
