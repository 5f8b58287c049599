//! The words the engine understands by their role: clause connectors, action verbs, state
//! words, people words. Kept apart from the home's names so a typo is never "corrected" into a
//! grammar word, and a grammar word is never taken for a name.

/// What an action clause asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    On,
    Off,
    Toggle,
    Set,
    Open,
    Close,
    Lock,
    Unlock,
    Pause,
    Play,
    Stop,
    Mute,
    Next,
    Notify,
    Activate,
}

/// A clause's opening word and what it makes the clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opener {
    /// when, whenever, if, once, as soon as
    When,
    /// only if, but only if, only when, provided
    OnlyIf,
    /// unless
    Unless,
    /// while, as long as
    While,
    /// then, and then, after that
    Then,
    And,
    Or,
}

const CONNECTORS: &[(&[&str], Opener)] = &[
    // "…, but not if it is already on": unless it is
    (&["but", "not", "if"], Opener::Unless),
    (&["but", "not", "when"], Opener::Unless),
    (&["but", "only", "if"], Opener::OnlyIf),
    (&["but", "only", "when"], Opener::OnlyIf),
    (&["only", "if"], Opener::OnlyIf),
    (&["only", "when"], Opener::OnlyIf),
    (&["but", "only"], Opener::OnlyIf),
    (&["provided", "that"], Opener::OnlyIf),
    (&["provided"], Opener::OnlyIf),
    (&["as", "soon", "as"], Opener::When),
    (&["as", "long", "as"], Opener::While),
    (&["and", "then"], Opener::Then),
    (&["after", "that"], Opener::Then),
    (&["whenever"], Opener::When),
    (&["when"], Opener::When),
    (&["if"], Opener::When),
    (&["once"], Opener::When),
    (&["unless"], Opener::Unless),
    // "…, but not on weekends": what follows limits what came before
    (&["but"], Opener::OnlyIf),
    (&["except", "when"], Opener::Unless),
    (&["except", "if"], Opener::Unless),
    (&["while"], Opener::While),
    // "5 minutes after the door closes": the tagger took the duration; "after" opens the event
    (&["after"], Opener::When),
    (&["then"], Opener::Then),
    (&["and"], Opener::And),
    (&["or"], Opener::Or),
];

/// The connector starting at `i`, if any: (what it opens, how many words).
pub fn connector(words: &[&str], i: usize) -> Option<(Opener, usize)> {
    CONNECTORS.iter().find_map(|(p, o)| {
        let fits = p
            .iter()
            .enumerate()
            .all(|(k, w)| words.get(i + k) == Some(w));
        fits.then_some((*o, p.len()))
    })
}

/// The verb a word is, when it opens an action ("turn" needs its particle to say on or off).
pub fn verb(word: &str) -> Option<Verb> {
    Some(match word {
        "turn" | "switch" | "flip" | "power" | "put" => Verb::On,
        "shut" | "kill" | "deactivate" | "disable" | "douse" | "extinguish" => Verb::Off,
        "fire" | "flash" | "blink" => Verb::On,
        "toggle" | "invert" | "swap" | "flip-flop" => Verb::Toggle,
        "set" | "make" | "change" | "adjust" | "dim" | "dimmed" | "brighten" => Verb::Set,
        "open" | "raise" | "lift" => Verb::Open,
        "close" | "lower" | "draw" => Verb::Close,
        "lock" | "secure" | "bolt" => Verb::Lock,
        // "pull down the blinds", "roll up the shutters": their particle says which way
        "pull" | "roll" => Verb::Close,
        "unlock" => Verb::Unlock,
        "pause" => Verb::Pause,
        "play" | "resume" | "unpause" => Verb::Play,
        "stop" => Verb::Stop,
        "mute" => Verb::Mute,
        "skip" => Verb::Next,
        "notify" | "tell" | "alert" | "message" | "text" | "remind" | "warn" | "ping" | "send"
        | "let" | "inform" | "push" => Verb::Notify,
        "activate" | "enable" | "start" | "run" | "trigger" | "recall" | "apply" | "launch"
        | "begin" => Verb::Activate,
        _ => return None,
    })
}

/// Words that describe a state or a change of one (they make an "and …" a new clause).
pub fn is_state_verb(word: &str) -> bool {
    matches!(
        word,
        "is" | "are"
            | "was"
            | "has"
            | "have"
            | "gets"
            | "get"
            | "goes"
            | "go"
            | "drops"
            | "falls"
            | "rises"
            | "stays"
            | "turns"
            | "opens"
            | "closes"
            | "arrives"
            | "leaves"
            | "left"
            | "comes"
            | "starts"
            | "stops"
            | "becomes"
            | "reaches"
            | "exceeds"
            | "detects"
            | "detected"
            | "changes"
            | "home"
            | "away"
            | "dark"
            | "plays"
            | "finishes"
    )
}

/// Words of presence: (state a person is in afterwards).
pub fn presence(words: &[&str]) -> Option<&'static str> {
    let home = [
        "arrive",
        "arrives",
        "arriving",
        "arrived",
        "return",
        "returns",
        "returning",
        "returned",
        "home",
        "back",
    ];
    let away = [
        "leave", "leaves", "leaving", "left", "depart", "departs", "away", "out", "gone", "goes",
    ];
    // "nobody"/"no one" make it away; "not" is read by the caller with the rest of the clause
    let negated = words
        .iter()
        .any(|w| matches!(*w, "no" | "nobody" | "noone"));
    let leaves = words.iter().any(|w| away.contains(w));
    let comes = words.iter().any(|w| home.contains(w));
    if leaves && !words.contains(&"arrives") {
        return Some("not_home");
    }
    if comes {
        return Some(if negated { "not_home" } else { "home" });
    }
    None
}

/// Words that are the grammar's own: never read as a misspelt name.
pub fn is_grammar_word(word: &str) -> bool {
    verb(word).is_some()
        || is_state_verb(word)
        || matches!(
            word,
            "when"
                | "whenever"
                | "if"
                | "then"
                | "once"
                | "unless"
                | "while"
                | "only"
                | "but"
                | "and"
                | "or"
                | "the"
                | "turn"
                | "off"
                | "on"
                | "open"
                | "close"
                | "closed"
                | "opened"
                | "after"
                | "before"
                | "between"
                | "every"
                | "someone"
                | "somebody"
                | "anyone"
                | "anybody"
                | "nobody"
                | "everyone"
                | "everybody"
                | "there"
                | "again"
                | "still"
                | "more"
                | "than"
                | "above"
                | "below"
                | "under"
                | "over"
                | "degree"
                | "minute"
                | "hour"
                | "second"
                | "please"
                | "would"
                | "like"
                | "should"
                | "could"
                | "want"
                | "need"
                | "also"
                | "instead"
                | "make"
                | "with"
                | "from"
                | "into"
                | "this"
                | "that"
                | "those"
                | "these"
                | "them"
                | "they"
                | "their"
                | "both"
                | "notification"
                | "phone"
                | "know"
                | "about"
                | "locked"
                | "unlocked"
                | "playing"
                | "paused"
                | "brightness"
                | "volume"
                | "level"
                | "color"
                | "colour"
                | "mode"
                | "scene"
                | "time"
                | "night"
                | "morning"
                | "evening"
                | "down"
                | "up"
                | "too"
                | "hot"
                | "cold"
                | "warm"
                | "cool"
                | "kelvin"
                | "percent"
                | "move"
                | "moving"
                | "here"
                | "house"
                | "come"
                | "coming"
                | "later"
                | "soon"
                | "going"
                | "gone"
                | "done"
                | "finish"
        )
}

/// The state word of a clause, for an entity that can be in it: (state, accepts) where
/// `accepts` says which entities read that state.
pub fn state_word(words: &[&str]) -> Option<StateWord> {
    for (k, w) in words.iter().enumerate() {
        let next = words.get(k + 1).copied().unwrap_or("");
        let s = match *w {
            "open" | "opens" | "opened" | "opening" | "ajar" => StateWord::Open,
            "close" | "closes" | "closed" | "shut" => StateWord::Closed,
            "unlocked" | "unlocks" => StateWord::Unlocked,
            "locked" | "locks" => StateWord::Locked,
            "playing" | "plays" => StateWord::Playing,
            "play" if k > 0 && matches!(words[k - 1], "to" | "starts") => StateWord::Playing,
            "paused" | "pauses" => StateWord::Paused,
            "on" if !matches!(next, "weekdays" | "weekends") => StateWord::On,
            "off" | "clear" | "clears" | "cleared" => StateWord::Off,
            "activated" | "enabled" | "active" | "starts" | "started" | "running" | "runs"
            | "fires" | "fired" | "trips" | "tripped" | "cleaning"
            // "when the leak sensor detects water", "when the doorbell is pressed"
            | "detects" | "detected" | "senses" | "pressed" | "rings" | "rang"
                if next != "playing" =>
            {
                StateWord::On
            }
            "deactivated" | "disabled" | "inactive" | "finishes" | "finished" | "done" | "ends" => {
                StateWord::Done
            }
            // "when the motion stops": the end of what the sensor detects
            "stops" | "stopped" | "ceases" if !matches!(next, "playing" | "at" | "for") => {
                StateWord::Done
            }
            "idle" => StateWord::Idle,
            _ => continue,
        };
        return Some(s);
    }
    None
}

/// A state named in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateWord {
    Open,
    Closed,
    Locked,
    Unlocked,
    Playing,
    Paused,
    Idle,
    On,
    Off,
    /// "finishes", "is done": the end of something running
    Done,
}
