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
    let lowered = specific_in_parentheses(&lowered);
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
    fix_turn_of(&mut words);
    fix_phrases(&mut words);
    words.into_iter().map(Token::new).collect()
}

/// "make sure the garage door is closed", "ensure the front door isn't left unlocked": the
/// order that brings the state about ("close the garage door", "lock the front door").
fn make_sure(words: &mut Vec<String>) {
    let mut i = 0;
    while i < words.len() {
        let opener = match (words[i].as_str(), words.get(i + 1).map(String::as_str)) {
            ("make", Some("sure")) => 2,
            ("ensure", _) => 1,
            _ => {
                i += 1;
                continue;
            }
        };
        let mut np = i + opener;
        if words.get(np).is_some_and(|w| w == "that") {
            np += 1;
        }
        // the thing, then "is"/"are", then "not"?, "left"/"still"/"kept"?, the state
        let Some(be) = (np + 1..(np + 7).min(words.len()))
            .find(|&k| matches!(words[k].as_str(), "is" | "are" | "stays" | "stay"))
        else {
            i += 1;
            continue;
        };
        let mut k = be + 1;
        let negated = words.get(k).is_some_and(|w| w == "not");
        if negated {
            k += 1;
        }
        while words
            .get(k)
            .is_some_and(|w| matches!(w.as_str(), "left" | "still" | "kept" | "always"))
        {
            k += 1;
        }
        let Some(state) = words.get(k) else {
            i += 1;
            continue;
        };
        let order: &[&str] = match (state.as_str(), negated) {
            ("closed" | "shut", false) | ("open", true) => &["close"],
            ("open", false) | ("closed" | "shut", true) => &["open"],
            ("locked", false) | ("unlocked", true) => &["lock"],
            ("unlocked", false) | ("locked", true) => &["unlock"],
            ("off", false) | ("on", true) => &["turn", "off"],
            ("on", false) | ("off", true) => &["turn", "on"],
            _ => {
                i += 1;
                continue;
            }
        };
        let thing: Vec<String> = words[np..be].to_vec();
        let replacement: Vec<String> = order.iter().map(|w| (*w).to_owned()).chain(thing).collect();
        let len = replacement.len();
        words.splice(i..=k, replacement);
        i += len;
    }
}

/// "it should go off at 11pm", "they must be turned on": the order said about a thing named
/// before ("turn it off at 11pm").
fn pronoun_should(words: &mut Vec<String>) {
    let mut i = 0;
    while i + 2 < words.len() {
        let pronoun = matches!(words[i].as_str(), "it" | "they" | "them");
        let modal = matches!(
            words[i + 1].as_str(),
            "should" | "must" | "will" | "shall" | "can"
        );
        if !(pronoun && modal) {
            i += 1;
            continue;
        }
        let mut k = i + 2;
        // "go", "be", "come", "get", "be turned", "be switched"
        if !matches!(
            words[k].as_str(),
            "go" | "be" | "come" | "get" | "turn" | "switch"
        ) {
            i += 1;
            continue;
        }
        k += 1;
        if words
            .get(k)
            .is_some_and(|w| matches!(w.as_str(), "turned" | "switched"))
        {
            k += 1;
        }
        let back = words.get(k).is_some_and(|w| w == "back");
        if back {
            k += 1;
        }
        let Some(state) = words
            .get(k)
            .filter(|w| matches!(w.as_str(), "on" | "off"))
            .cloned()
        else {
            i += 1;
            continue;
        };
        let pronoun = words[i].clone();
        let mut order = vec!["turn".to_owned(), pronoun];
        if back {
            order.push("back".to_owned());
        }
        order.push(state);
        let len = order.len();
        words.splice(i..=k, order);
        i += len;
    }
}

/// Phrasings read as plainer ones: a leading "for example," / "for instance," introduces the
/// request itself; "after being turned on" is "after it is turned on".
fn fix_phrases(words: &mut Vec<String>) {
    // "only on weekdays though": a word that never changes what an automation does
    words.retain(|w| w != "though");
    make_sure(words);
    pronoun_should(words);
    if words.len() > 2 && words[0] == "for" && matches!(words[1].as_str(), "example" | "instance") {
        let n = if words[2] == "," { 3 } else { 2 };
        words.drain(..n);
    }
    // "check if the door is unlocked": the condition itself
    let mut i = 0;
    while i + 1 < words.len() {
        if matches!(words[i].as_str(), "check" | "verify")
            && matches!(words[i + 1].as_str(), "if" | "whether")
        {
            words.remove(i);
            if words[i] == "whether" {
                words[i] = "if".to_owned();
            }
        }
        i += 1;
    }
    // "Trigger at 9 pm every day.", "run every hour": when, said about the automation itself
    let mut i = 0;
    while i + 1 < words.len() {
        let opens = i == 0 || words[i - 1] == ",";
        if opens
            && matches!(words[i].as_str(), "trigger" | "run" | "fire")
            && matches!(
                words[i + 1].as_str(),
                "at" | "every" | "each" | "daily" | "when" | "whenever"
            )
        {
            words.remove(i);
        }
        i += 1;
    }
    let mut i = 0;
    while i + 1 < words.len() {
        let passive = matches!(
            words[i + 1].as_str(),
            "turned" | "switched" | "opened" | "closed" | "locked" | "unlocked" | "started"
        );
        if words[i] == "being"
            && passive
            && i > 0
            && matches!(words[i - 1].as_str(), "after" | "since" | "of")
        {
            words.splice(i..=i, ["it".to_owned(), "is".to_owned()]);
            i += 1;
        }
        i += 1;
    }
}

/// "all devices (lights)": a generic noun made specific in the parenthesis after it is what the
/// parenthesis says ("all lights").
fn specific_in_parentheses(text: &str) -> String {
    const GENERIC: &[&str] = &[
        "devices",
        "device",
        "things",
        "everything",
        "stuff",
        "appliances",
    ];
    let mut out = text.to_owned();
    for generic in GENERIC {
        let open = format!("{generic} (");
        let Some(at) = out.find(&open) else {
            continue;
        };
        let inner_start = at + open.len();
        let Some(len) = out[inner_start..].find(')') else {
            continue;
        };
        let inner = out[inner_start..inner_start + len].trim().to_owned();
        let plain = !inner.is_empty()
            && inner.split_whitespace().count() <= 3
            && inner
                .chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == ',');
        if plain {
            // "everything (lights and switches)" is all of them
            let inner = if *generic == "everything" {
                format!("all {inner}")
            } else {
                inner
            };
            out.replace_range(at..inner_start + len + 1, &inner);
        }
    }
    out
}

/// "turn of the light" is a slip for "turn off".
fn fix_turn_of(words: &mut [String]) {
    for i in 1..words.len() {
        let verb = matches!(
            words[i - 1].as_str(),
            "turn"
                | "turned"
                | "turns"
                | "switch"
                | "switched"
                | "switches"
                | "shut"
                | "go"
                | "goes"
        );
        if verb && words[i] == "of" {
            words[i] = "off".to_owned();
        }
    }
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
