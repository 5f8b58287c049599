//! Words from a request: lower case, contractions spelt out, possessives dropped, numbers and
//! clock times kept whole, letters and digits split (`11pm` → `11 pm`), punctuation reduced to
//! clause breaks.

/// One word, number or break.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// As written, in lower case (`lights`, `6:45`, `,`).
    pub raw: String,
    /// The singular (`lights` → `light`), for matching names.
    pub stem: String,
}

impl Token {
    fn new(raw: String) -> Self {
        let stem = stem(&raw);
        Self { raw, stem }
    }

    pub fn is(&self, word: &str) -> bool {
        self.raw == word
    }

    pub fn is_break(&self) -> bool {
        self.raw == ","
    }

    /// A plain number (`21`, `20.5`), not a clock time.
    pub fn number(&self) -> Option<f64> {
        if self.raw.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && self.raw.bytes().next().is_some_and(|b| b.is_ascii_digit())
        {
            self.raw.parse().ok()
        } else {
            crate::numbers::word_number(&self.raw).map(f64::from)
        }
    }

    pub fn is_word(&self) -> bool {
        self.raw.bytes().all(|b| b.is_ascii_alphabetic())
    }
}

/// The singular of a word, by the plain English `-s` rule (enough for names of things).
pub fn stem(word: &str) -> String {
    let irregular = [("children", "child"), ("people", "person"), ("lux", "lux")];
    if let Some((_, s)) = irregular.iter().find(|(w, _)| *w == word) {
        return (*s).to_owned();
    }
    if word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
        && word.bytes().all(|b| b.is_ascii_alphabetic())
    {
        if let Some(base) = word.strip_suffix("ies")
            && base.len() > 2
        {
            return format!("{base}y");
        }
        return word[..word.len() - 1].to_owned();
    }
    word.to_owned()
}

const CONTRACTIONS: &[(&str, &str)] = &[
    ("it's", "it is"),
    ("there's", "there is"),
    ("theres", "there is"),
    ("that's", "that is"),
    ("what's", "what is"),
    ("who's", "who is"),
    ("nobody's", "nobody is"),
    ("noone's", "noone is"),
    ("everyone's", "everyone is"),
    ("everybody's", "everybody is"),
    ("someone's", "someone is"),
    ("somebody's", "somebody is"),
    ("anyone's", "anyone is"),
    ("i'd", "i would"),
    ("i'm", "i am"),
    ("i'll", "i will"),
    ("we're", "we are"),
    ("we've", "we have"),
    ("they're", "they are"),
    ("don't", "do not"),
    ("doesn't", "does not"),
    ("didn't", "did not"),
    ("isn't", "is not"),
    ("aren't", "are not"),
    ("wasn't", "was not"),
    ("hasn't", "has not"),
    ("haven't", "have not"),
    ("won't", "will not"),
    ("can't", "can not"),
    ("cannot", "can not"),
    ("let's", "let us"),
    ("o'clock", "oclock"),
];

/// Common misspellings of the words the grammar leans on (the home's own names are matched
/// with tolerance elsewhere).
const SPELLING: &[(&str, &str)] = &[
    ("wen", "when"),
    ("whn", "when"),
    ("wehn", "when"),
    ("whenver", "whenever"),
    ("tunr", "turn"),
    ("trun", "turn"),
    ("swich", "switch"),
    ("swtich", "switch"),
    ("ligth", "light"),
    ("ligths", "lights"),
    ("lihgt", "light"),
    ("lihgts", "lights"),
    ("moton", "motion"),
    ("motoin", "motion"),
    ("tempreature", "temperature"),
    ("temprature", "temperature"),
    ("temperatur", "temperature"),
    ("humidty", "humidity"),
    ("minuts", "minutes"),
    ("mins", "minutes"),
    ("min", "minute"),
    ("hrs", "hours"),
    ("hr", "hour"),
    ("secs", "seconds"),
    ("sec", "second"),
    ("hom", "home"),
    ("hme", "home"),
    ("arives", "arrives"),
    ("arrves", "arrives"),
    ("leavs", "leaves"),
    ("leves", "leaves"),
    ("tun", "turn"),
    ("trn", "turn"),
    ("swith", "switch"),
    ("notfy", "notify"),
    ("notifiy", "notify"),
    ("untill", "until"),
    ("tonite", "tonight"),
    ("nite", "night"),
    ("pls", "please"),
    ("plz", "please"),
    ("thru", "through"),
    ("tv's", "tv"),
    ("colour", "color"),
    ("ur", "your"),
    ("u", "you"),
];

/// The words of a request.
pub fn tokenize(text: &str) -> Vec<Token> {
    let lowered = text
        .to_lowercase()
        .replace(['\u{2019}', '\u{2018}', '`'], "'")
        // typographic double quotes are quotes: “Closed” is closed
        .replace(['\u{201c}', '\u{201d}', '\u{201e}'], "\"");
    let lowered = crate::phrases::specific_in_parentheses(&lowered);
    // "11:30 p.m.", "7 a.m": the dots are not clause breaks
    let lowered = lowered
        .replace("a.m.", "am")
        .replace("p.m.", "pm")
        .replace("a.m", "am")
        .replace("p.m", "pm");
    let mut words: Vec<String> = Vec::new();
    for chunk in split_raw(&lowered) {
        if let Some((_, full)) = CONTRACTIONS.iter().find(|(c, _)| *c == chunk) {
            words.extend(full.split(' ').map(str::to_owned));
            continue;
        }
        let chunk = chunk
            .strip_suffix("'s")
            .or_else(|| chunk.strip_suffix("s'").map(|_| &chunk[..chunk.len() - 1]))
            .unwrap_or(&chunk)
            .replace('\'', "");
        if chunk.is_empty() {
            continue;
        }
        if let Some((_, fixed)) = SPELLING.iter().find(|(w, _)| *w == chunk) {
            words.extend(fixed.split(' ').map(str::to_owned));
            continue;
        }
        words.push(chunk);
    }
    crate::phrases::fix_turn_of(&mut words);
    crate::phrases::fix_phrases(&mut words);
    words.into_iter().map(Token::new).collect()
}

/// Splits into raw chunks: words (with apostrophes), numbers (with `:` or `.` inside), `%`,
/// `,` for any clause break.
fn split_raw(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        if !cur.is_empty() {
            out.push(std::mem::take(cur));
        }
    };
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let next = chars.get(i + 1).copied();
        let digit_around =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        if c.is_alphanumeric() {
            // letters after digits (or digits after letters) start a new word: 11pm, 4000k
            if let Some(last) = cur.chars().last()
                && last.is_alphanumeric()
                && last.is_ascii_digit() != c.is_ascii_digit()
            {
                flush(&mut cur, &mut out);
            }
            cur.push(c);
        } else if ((c == ':' || c == '.') && digit_around)
            || (c == '\'' && prev.is_some_and(char::is_alphabetic))
        {
            cur.push(c);
        } else if c == '-'
            && prev.is_some_and(char::is_alphanumeric)
            && next.is_some_and(char::is_alphanumeric)
        {
            flush(&mut cur, &mut out);
        } else if c == '%' {
            flush(&mut cur, &mut out);
            out.push("%".into());
        } else if c == '°' {
            flush(&mut cur, &mut out);
            out.push("degrees".into());
        } else if matches!(
            c,
            ',' | ';' | '!' | '?' | '.' | '-' | '(' | ')' | ':' | '\u{2013}' | '\u{2014}'
        ) {
            flush(&mut cur, &mut out);
            if out.last().is_some_and(|l| l != ",") {
                out.push(",".into());
            }
        } else {
            flush(&mut cur, &mut out);
        }
    }
    flush(&mut cur, &mut out);
    while out.last().is_some_and(|l| l == ",") {
        out.pop();
    }
    out
}

/// The number starting at `i` and how many tokens it takes ("twenty five" is two).
pub(crate) fn number_at(tokens: &[Token], i: usize) -> Option<(f64, usize)> {
    let t = tokens.get(i)?;
    let first = t.number()?;
    if crate::numbers::TENS.contains(&t.raw.as_str())
        && let Some(next) = tokens.get(i + 1)
        && let Some(unit) = crate::numbers::UNITS.iter().position(|w| *w == next.raw)
        && (1..10).contains(&unit)
    {
        return Some((first + unit as f64, 2));
    }
    Some((first, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raws(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.raw).collect()
    }

    #[test]
    fn splits_times_units_and_contractions() {
        assert_eq!(
            raws("at 10:30pm, it's"),
            ["at", "10:30", "pm", ",", "it", "is"]
        );
        assert_eq!(raws("above 70%"), ["above", "70", "%"]);
        assert_eq!(raws("Bob's bedside lamp"), ["bob", "bedside", "lamp"]);
        assert_eq!(raws("at 5.45 in"), ["at", "5.45", "in"]);
        assert_eq!(raws("turn of the light"), ["turn", "off", "the", "light"]);
        assert_eq!(
            raws("under-cabinet lights - now"),
            ["under", "cabinet", "lights", ",", "now"]
        );
    }

    #[test]
    fn stems_plurals() {
        assert_eq!(stem("lights"), "light");
        assert_eq!(stem("blinds"), "blind");
        assert_eq!(stem("glass"), "glass");
        assert_eq!(stem("batteries"), "battery");
    }
}
