//! The wordings the generator draws from: for each reading (label), the phrasings that mean it.
//! The first phrasing of each label is the canonical one the rules read; the model learns to
//! map the others onto it.

/// A reading and the words the rules understand for it.
pub struct Reading {
    pub label: &'static str,
    pub canonical: &'static str,
    pub phrasings: &'static [&'static str],
}

const fn r(
    label: &'static str,
    canonical: &'static str,
    phrasings: &'static [&'static str],
) -> Reading {
    Reading {
        label,
        canonical,
        phrasings,
    }
}

/// Every reading. `drop` removes its words (politeness the rules need not read).
pub const READINGS: &[Reading] = &[
    r(
        "on",
        "turn on",
        &[
            "turn on",
            "switch on",
            "illuminate",
            "light up",
            "fire up",
            "power up",
            "power on",
            "activate",
            "enable",
            "put on",
            "flip on",
            "kick on",
            "start up",
            "energise",
            "energize",
        ],
    ),
    r(
        "off",
        "turn off",
        &[
            "turn off",
            "switch off",
            "shut off",
            "extinguish",
            "kill",
            "power down",
            "power off",
            "deactivate",
            "disable",
            "cut",
            "douse",
            "put out",
            "flip off",
            "shut down",
            "de-energise",
        ],
    ),
    r(
        "open",
        "open",
        &["open", "raise", "lift", "roll up", "pull up", "draw back"],
    ),
    r(
        "close",
        "close",
        &["close", "lower", "shut", "roll down", "pull down", "draw"],
    ),
    r(
        "lock",
        "lock",
        &["lock", "secure", "bolt", "latch", "lock up"],
    ),
    r(
        "unlock",
        "unlock",
        &["unlock", "unbolt", "unlatch", "unsecure"],
    ),
    r(
        "notify",
        "notify",
        &[
            "notify",
            "alert",
            "ping",
            "text",
            "warn",
            "inform",
            "message",
            "send a notification to",
            "send a message to",
        ],
    ),
    r(
        "sunset",
        "sunset",
        &["sunset", "dusk", "nightfall", "sundown", "twilight"],
    ),
    r(
        "sunrise",
        "sunrise",
        &["sunrise", "dawn", "daybreak", "sunup", "first light"],
    ),
    r(
        "motion",
        "motion is detected",
        &[
            "motion is detected",
            "movement is detected",
            "movement is sensed",
            "motion is sensed",
            "someone moves",
            "somebody moves",
            "there is movement",
            "there is motion",
            "activity is detected",
            "movement is picked up",
            "motion is picked up",
            "someone walks",
        ],
    ),
    r(
        "opens",
        "opens",
        &[
            "opens",
            "is opened",
            "gets opened",
            "swings open",
            "is ajar",
            "comes open",
            "is pulled open",
        ],
    ),
    r(
        "closes",
        "closes",
        &[
            "closes",
            "is closed",
            "gets closed",
            "shuts",
            "is shut",
            "swings shut",
            "slams shut",
        ],
    ),
    r(
        "arrives",
        "gets home",
        &[
            "gets home",
            "arrives home",
            "comes home",
            "gets back",
            "returns home",
            "comes back",
            "is back",
            "pulls in",
            "walks in",
        ],
    ),
    r(
        "leaves",
        "leaves home",
        &[
            "leaves home",
            "leaves",
            "goes out",
            "departs",
            "heads out",
            "goes away",
            "is gone",
            "takes off",
        ],
    ),
    r(
        "drop",
        "",
        &[
            "please",
            "kindly",
            "could you",
            "can you",
            "would you",
            "i'd like you to",
            "make sure to",
            "go ahead and",
            "remember to",
        ],
    ),
];

/// The reading of a label.
pub fn reading(label: &str) -> Option<&'static Reading> {
    READINGS.iter().find(|r| r.label == label)
}

/// Names for the generator's homes: areas, and per kind of device the names it may have.
pub const AREAS: &[&str] = &[
    "Kitchen",
    "Living Room",
    "Lounge",
    "Den",
    "Study",
    "Office",
    "Bedroom",
    "Master Bedroom",
    "Guest Room",
    "Nursery",
    "Kids Room",
    "Hallway",
    "Landing",
    "Bathroom",
    "Garage",
    "Utility Room",
    "Laundry",
    "Attic",
    "Basement",
    "Dining Room",
    "Conservatory",
    "Porch",
    "Garden",
    "Patio",
];

pub const LIGHT_NAMES: &[&str] = &[
    "Ceiling Light",
    "Lamp",
    "Spotlights",
    "Floor Lamp",
    "Pendant",
    "Strip",
    "Wall Light",
    "Reading Light",
    "Chandelier",
    "Downlights",
];
pub const SWITCH_NAMES: &[&str] = &[
    "Kettle",
    "Heater",
    "Fan",
    "Dehumidifier",
    "Radio",
    "Fountain",
    "Christmas Tree",
    "Plug",
    "Towel Rail",
    "Humidifier",
];
pub const COVER_NAMES: &[&str] = &["Blinds", "Shutters", "Curtains", "Shades", "Awning"];
pub const LOCK_NAMES: &[&str] = &["Door Lock", "Back Door Lock", "Gate Lock", "Side Door Lock"];
pub const DOOR_NAMES: &[&str] = &["Door", "Back Door", "Patio Door", "Window", "Side Door"];
pub const PEOPLE: &[&str] = &[
    "Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory",
    "Oscar", "Peggy", "Trent", "Victor", "Wendy", "Sam", "Noor", "Lena", "Mo",
];
