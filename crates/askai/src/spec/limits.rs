//! Two shapes a spec's sentence may have besides its order: a time limit ("or after a 2
//! minute timeout") and guards ("should not turn the fan on if it is already on, and should
//! not turn it off when it is already off").

const NUMBER_WORDS: &[(&str, i64)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("ten", 10),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
];

/// "or after a 2 minute timeout", "or after 5 minutes": the seconds and the text without it.
pub fn timeout(text: &str) -> Option<(i64, String)> {
    let lower = text.to_lowercase();
    let at = lower.find(" or after ")?;
    let tail = &lower[at + " or after ".len()..];
    let words: Vec<&str> = tail
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    let mut k = 0;
    if matches!(words.first(), Some(&"a") | Some(&"an")) {
        k = 1;
    }
    let number = words.get(k)?;
    let n = number.parse::<i64>().ok().or_else(|| {
        NUMBER_WORDS
            .iter()
            .find(|(w, _)| w == number)
            .map(|(_, n)| *n)
    })?;
    let unit = words.get(k + 1)?.trim_end_matches([',', '.']);
    let secs = match unit {
        "second" | "seconds" | "sec" | "secs" => n,
        "minute" | "minutes" | "min" | "mins" => n * 60,
        "hour" | "hours" => n * 3600,
        _ => return None,
    };
    // the rest after the unit ("timeout", "of inactivity") belongs to it
    let mut end = k + 2;
    while let Some(w) = words.get(end) {
        if matches!(
            w.trim_end_matches([',', '.']),
            "timeout" | "time" | "limit" | "delay"
        ) {
            end += 1;
        } else {
            break;
        }
    }
    let rest = words[end..].join(" ");
    Some((
        secs,
        format!(
            "{}{}{}",
            &text[..at],
            if rest.is_empty() { "" } else { " " },
            rest
        ),
    ))
}

/// "should not (try to) <order> if|when it is already <state>", one or more joined by "and".
pub fn guards(text: &str) -> Vec<(String, String)> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    for piece in lower.split("not ").skip(1) {
        let piece = piece
            .trim_start_matches("try to ")
            .trim_start_matches("attempt to ");
        let Some(at) = piece.find(" already ") else {
            continue;
        };
        let head = &piece[..at];
        let order = head
            .rsplit_once(" if ")
            .or_else(|| head.rsplit_once(" when "))
            .map(|(o, _)| o.trim().to_owned());
        let state = piece[at + " already ".len()..]
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default()
            .to_owned();
        if let Some(order) = order
            && !state.is_empty()
        {
            out.push((order, state));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_and_guards_are_set_apart() {
        assert_eq!(
            timeout("turn off the lamp when the motion stops or after a 5-minute timeout"),
            Some((300, "turn off the lamp when the motion stops".to_owned()))
        );
        assert_eq!(
            guards(
                "it should not try to open the valve if it is already open, and should not close it when it is already closed"
            ),
            vec![
                ("open the valve".to_owned(), "open".to_owned()),
                ("close it".to_owned(), "closed".to_owned())
            ]
        );
    }
}
