//! Kinds of things named by a common noun ("lights", "blinds", "motion"): which entities
//! are of a kind, and the domain a kind acts through.

use crate::home::Entity;

/// A kind of thing named by a common noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Light,
    Cover,
    Window,
    Door,
    Motion,
    Temperature,
    Humidity,
    Illuminance,
    Power,
    Speaker,
    Tv,
    Climate,
    Lock,
    Switch,
}

impl Class {
    pub fn from_stem(word: &str) -> Option<Self> {
        Some(match word {
            "light" | "lamp" | "lighting" | "bulb" => Self::Light,
            "blind" | "shade" | "curtain" | "shutter" => Self::Cover,
            "window" => Self::Window,
            "door" => Self::Door,
            "motion" | "movement" | "presence" | "occupancy" => Self::Motion,
            "temperature" | "temp" => Self::Temperature,
            "humidity" => Self::Humidity,
            "illuminance" | "lux" => Self::Illuminance,
            "power" | "consumption" => Self::Power,
            "speaker" | "radio" => Self::Speaker,
            "tv" | "television" | "telly" => Self::Tv,
            "thermostat" | "heating" => Self::Climate,
            "lock" | "deadbolt" => Self::Lock,
            "plug" | "socket" | "outlet" => Self::Switch,
            _ => return None,
        })
    }

    /// Whether an entity is of this kind.
    pub fn fits(self, e: &Entity) -> bool {
        let class = e.class().unwrap_or_default();
        match self {
            Self::Light => e.domain() == "light",
            Self::Cover => e.domain() == "cover" && !matches!(class, "garage" | "gate" | "door"),
            Self::Window => e.domain() == "binary_sensor" && class == "window",
            Self::Door => {
                e.domain() == "binary_sensor" && matches!(class, "door" | "garage_door" | "opening")
            }
            Self::Motion => {
                e.domain() == "binary_sensor"
                    && matches!(class, "motion" | "occupancy" | "presence")
            }
            Self::Temperature => e.domain() == "sensor" && class == "temperature",
            Self::Humidity => e.domain() == "sensor" && class == "humidity",
            Self::Illuminance => e.domain() == "sensor" && class == "illuminance",
            Self::Power => e.domain() == "sensor" && class == "power",
            Self::Speaker => e.domain() == "media_player" && class != "tv",
            Self::Tv => e.domain() == "media_player" && class == "tv",
            Self::Climate => e.domain() == "climate",
            Self::Lock => e.domain() == "lock",
            Self::Switch => e.domain() == "switch",
        }
    }

    pub fn domain(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Cover => "cover",
            Self::Window | Self::Door | Self::Motion => "binary_sensor",
            Self::Temperature | Self::Humidity | Self::Illuminance | Self::Power => "sensor",
            Self::Speaker | Self::Tv => "media_player",
            Self::Climate => "climate",
            Self::Lock => "lock",
            Self::Switch => "switch",
        }
    }
}
