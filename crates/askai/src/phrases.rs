//! Phrasings read as plainer ones before anything else reads the words: "make sure X is
//! closed" (close X), "it should go off" (turn it off), "check if", "Trigger at 9 pm",
//! "for example,", "after being turned on", "all devices (lights)", "turn of the light".

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
pub(crate) fn fix_phrases(words: &mut Vec<String>) {
    // "off 5 minutes after the last motion": after 5 minutes of no motion
    let mut i = 2;
    while i + 3 < words.len() {
        let last_motion = words[i] == "after"
            && words[i + 1] == "the"
            && words[i + 2] == "last"
            && matches!(words[i + 3].as_str(), "motion" | "movement");
        let unit = matches!(
            words[i - 1].as_str(),
            "minute" | "minutes" | "second" | "seconds" | "hour" | "hours"
        );
        if last_motion && unit {
            let amount = words[i - 2].clone();
            let unit = words[i - 1].clone();
            let read = ["after", &amount, &unit, "of", "no", "motion"].map(str::to_owned);
            words.splice(i - 2..i + 4, read);
        }
        i += 1;
    }
    // "turn back on the heating", "turn the heating back on": the order again, never the
    // Back Door
    let mut i = 0;
    while i + 1 < words.len() {
        // ("… and back off when it closes" opens an order of its own: left as it is)
        let opens_order = i == 0 || matches!(words[i - 1].as_str(), "and" | "," | "then" | "or");
        if words[i] == "back" && matches!(words[i + 1].as_str(), "on" | "off") && !opens_order {
            words.remove(i);
        }
        i += 1;
    }
    // "if time = 7pm", "when the time is 7pm": at 7pm
    let mut i = 0;
    while i + 2 < words.len() {
        let clock = words[i + 2]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit());
        if words[i] == "time" && matches!(words[i + 1].as_str(), "=" | "is" | "equals") && clock {
            let mut from = if i > 0 && words[i - 1] == "the" {
                i - 1
            } else {
                i
            };
            // "when the time is 7pm": the time itself is when
            if from > 0 && matches!(words[from - 1].as_str(), "when" | "if" | "once") {
                from -= 1;
            }
            words.splice(from..i + 2, ["at".to_owned()]);
        }
        i += 1;
    }
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
pub(crate) fn specific_in_parentheses(text: &str) -> String {
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
pub(crate) fn fix_turn_of(words: &mut [String]) {
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
