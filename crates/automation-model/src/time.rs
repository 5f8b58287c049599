//! Clock times and weekdays.

use std::fmt;
use std::str::FromStr;

/// Why a text is not a time of day.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a time of day; write \"HH:MM:SS\" (for example \"07:30:00\")")]
pub struct TimeError(String);

/// A time of day. Reads `H:MM`, `HH:MM` and `HH:MM:SS` as Home Assistant does; always renders
/// `HH:MM:SS` with leading zeros, so YAML 1.1 readers cannot take it for a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeOfDay {
    hour: u8,
    minute: u8,
    second: u8,
}

impl TimeOfDay {
    pub fn new(hour: u8, minute: u8, second: u8) -> Option<Self> {
        (hour < 24 && minute < 60 && second < 60).then_some(Self {
            hour,
            minute,
            second,
        })
    }

    pub fn hour(self) -> u8 {
        self.hour
    }

    pub fn minute(self) -> u8 {
        self.minute
    }

    pub fn second(self) -> u8 {
        self.second
    }

    /// Whether a text looks like a clock time at all (so that it is not taken for an entity).
    pub fn looks_like_time(text: &str) -> bool {
        let text = text.trim();
        !text.is_empty()
            && text.contains(':')
            && text.bytes().all(|b| b.is_ascii_digit() || b == b':')
    }
}

impl FromStr for TimeOfDay {
    type Err = TimeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || TimeError(text.to_owned());
        let mut parts = text.trim().split(':');
        let mut next = |required: bool| -> Result<u8, TimeError> {
            match parts.next() {
                None if !required => Ok(0),
                Some(p)
                    if !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    p.parse().map_err(|_| error())
                }
                _ => Err(error()),
            }
        };
        let hour = next(true)?;
        let minute = next(true)?;
        let second = next(false)?;
        if parts.next().is_some() {
            return Err(error());
        }
        Self::new(hour, minute, second).ok_or_else(error)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}:{:02}", self.hour, self.minute, self.second)
    }
}

/// A day of the week, as the time trigger and condition name them (`mon` … `sun`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Self; 7] = [
        Self::Mon,
        Self::Tue,
        Self::Wed,
        Self::Thu,
        Self::Fri,
        Self::Sat,
        Self::Sun,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mon => "mon",
            Self::Tue => "tue",
            Self::Wed => "wed",
            Self::Thu => "thu",
            Self::Fri => "fri",
            Self::Sat => "sat",
            Self::Sun => "sun",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_forms_and_renders_leading_zeros() {
        assert_eq!("7:00".parse::<TimeOfDay>().unwrap().to_string(), "07:00:00");
        assert_eq!(
            "12:30".parse::<TimeOfDay>().unwrap().to_string(),
            "12:30:00"
        );
        assert_eq!(
            "23:00:00".parse::<TimeOfDay>().unwrap().to_string(),
            "23:00:00"
        );
    }

    #[test]
    fn refuses_impossible_times() {
        for text in [
            "24:00",
            "12:60",
            "1",
            "a:b",
            "12:00:00:00",
            "-1:00",
            "",
            "1234:00",
        ] {
            assert!(text.parse::<TimeOfDay>().is_err(), "{text}");
        }
    }
}
