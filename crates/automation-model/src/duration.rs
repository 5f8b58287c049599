//! Lengths of time as values: `"00:01:30"`, `90` and `{minutes: 1, seconds: 30}` are one
//! [`Duration`]. Offsets (sun, calendar, time-trigger) are signed durations.

use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value};

/// Why a text, number or mapping is not a duration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DurationError(String);

const MS_PER_SECOND: i64 = 1_000;
const MS_PER_MINUTE: i64 = 60 * MS_PER_SECOND;
const MS_PER_HOUR: i64 = 60 * MS_PER_MINUTE;
const MS_PER_DAY: i64 = 24 * MS_PER_HOUR;
/// About 285 years: far beyond any automation, small enough that no arithmetic overflows and
/// every value is exact in an `f64`.
const MAX_MS: i64 = 9_000_000_000_000;

/// A signed length of time in whole milliseconds. Renders as `[-]HH:MM:SS[.mmm]`, always with
/// leading zeros (hours may exceed 24: `"48:00:00"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Duration {
    millis: i64,
}

impl Duration {
    pub const ZERO: Self = Self { millis: 0 };

    /// `None` beyond about ±285 years.
    pub fn from_millis(millis: i64) -> Option<Self> {
        (millis.abs() <= MAX_MS).then_some(Self { millis })
    }

    pub fn from_secs(seconds: i64) -> Option<Self> {
        seconds
            .checked_mul(MS_PER_SECOND)
            .and_then(Self::from_millis)
    }

    pub fn from_hms(hours: i64, minutes: i64, seconds: i64) -> Option<Self> {
        let millis = hours
            .checked_mul(MS_PER_HOUR)?
            .checked_add(minutes.checked_mul(MS_PER_MINUTE)?)?
            .checked_add(seconds.checked_mul(MS_PER_SECOND)?)?;
        Self::from_millis(millis)
    }

    pub fn millis(self) -> i64 {
        self.millis
    }

    pub fn is_negative(self) -> bool {
        self.millis < 0
    }

    /// Seconds as a number (`90`, `0.75`, `-30`), as Home Assistant reads a bare number.
    pub fn from_seconds_f64(seconds: f64) -> Result<Self, DurationError> {
        let millis = seconds * 1000.0;
        if !millis.is_finite() || millis.abs() > MAX_MS as f64 {
            return Err(DurationError(format!(
                "{seconds} seconds is not a usable length of time"
            )));
        }
        Ok(Self {
            millis: millis.round() as i64,
        })
    }

    /// The mapping form `{days, hours, minutes, seconds, milliseconds}` with numbers (numeric
    /// text is read as a number, as Home Assistant does).
    pub fn from_mapping(map: &Map<String, Value>) -> Result<Self, DurationError> {
        if map.is_empty() {
            return Err(DurationError(
                "an empty mapping is no length of time; give hours, minutes or seconds".into(),
            ));
        }
        let mut total = 0.0_f64;
        for (key, value) in map {
            let unit = match key.as_str() {
                "days" => MS_PER_DAY,
                "hours" => MS_PER_HOUR,
                "minutes" => MS_PER_MINUTE,
                "seconds" => MS_PER_SECOND,
                "milliseconds" => 1,
                other => {
                    return Err(DurationError(format!(
                        "`{other}` is not a unit of time; use days, hours, minutes, seconds or \
                         milliseconds"
                    )));
                }
            };
            let number = match value {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse::<f64>().ok(),
                _ => None,
            }
            .filter(|n| n.is_finite())
            .ok_or_else(|| DurationError(format!("`{key}` must be a number")))?;
            total += number * unit as f64;
        }
        if !total.is_finite() || total.abs() > MAX_MS as f64 {
            return Err(DurationError("the length of time is far too large".into()));
        }
        Ok(Self {
            millis: total.round() as i64,
        })
    }

    /// `[+-]HH:MM[:SS[.fff]]` as Home Assistant's `time_period_str` reads it (`"01:30"` is one
    /// hour thirty), or a bare number of seconds in text (`"90"`), which Home Assistant also
    /// accepts.
    pub fn parse_text(text: &str) -> Result<Self, DurationError> {
        let trimmed = text.trim();
        if let Ok(seconds) = trimmed.parse::<f64>()
            && trimmed
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+')
        {
            return Self::from_seconds_f64(seconds);
        }
        parse_clock(trimmed).ok_or_else(|| {
            DurationError(format!(
                "`{text}` is not a length of time; write \"HH:MM:SS\" (for example \"00:01:30\")"
            ))
        })
    }

    /// Hours, minutes, seconds and milliseconds of the absolute value.
    fn parts(self) -> (u64, u64, u64, u64) {
        let ms = self.millis.unsigned_abs();
        let hours = ms / MS_PER_HOUR as u64;
        let minutes = (ms / MS_PER_MINUTE as u64) % 60;
        let seconds = (ms / MS_PER_SECOND as u64) % 60;
        (hours, minutes, seconds, ms % 1000)
    }
}

/// `[+-]H+:MM[:SS[.fff]]`, each part digits only.
fn parse_clock(text: &str) -> Option<Duration> {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let mut parts = rest.split(':');
    let hours = digits(parts.next()?)?;
    let minutes = digits(parts.next()?)?;
    let (seconds, millis) = match parts.next() {
        None => (0, 0),
        Some(sec) => seconds_with_fraction(sec)?,
    };
    if parts.next().is_some() {
        return None;
    }
    let magnitude = Duration::from_hms(hours, minutes, seconds)?
        .millis
        .checked_add(millis)?;
    Duration::from_millis(if negative { -magnitude } else { magnitude })
}

fn digits(text: &str) -> Option<i64> {
    if text.is_empty() || text.len() > 12 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `SS` or `SS.fff` (more fraction digits are cut to milliseconds).
fn seconds_with_fraction(text: &str) -> Option<(i64, i64)> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let seconds = digits(whole)?;
    if !fraction.bytes().all(|b| b.is_ascii_digit()) || fraction.len() > 9 {
        return None;
    }
    let mut millis = 0;
    for (i, b) in fraction.bytes().take(3).enumerate() {
        millis += i64::from(b - b'0') * 10_i64.pow(2 - i as u32);
    }
    Some((seconds, millis))
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (hours, minutes, seconds, millis) = self.parts();
        let sign = if self.millis < 0 { "-" } else { "" };
        write!(f, "{sign}{hours:02}:{minutes:02}:{seconds:02}")?;
        if millis != 0 {
            write!(f, ".{millis:03}")?;
        }
        Ok(())
    }
}

impl FromStr for Duration {
    type Err = DurationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_text(s)
    }
}

/// A length of time where Home Assistant also takes a template: `for`, `delay`, `timeout`.
#[derive(Debug, Clone, PartialEq)]
pub enum TimePeriod {
    Fixed(Duration),
    /// `"{{ states('input_number.hold') | int }}"`
    Template(String),
    /// The mapping form with templates in it (`{minutes: "{{ x }}"}`), kept as written.
    TemplateMap(Map<String, Value>),
}

impl From<Duration> for TimePeriod {
    fn from(value: Duration) -> Self {
        Self::Fixed(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_forms_of_ninety_seconds_are_equal() {
        let text = Duration::parse_text("00:01:30").unwrap();
        let number = Duration::from_seconds_f64(90.0).unwrap();
        let map: Map<String, Value> =
            serde_json::from_str(r#"{"minutes": 1, "seconds": 30}"#).unwrap();
        assert_eq!(text, number);
        assert_eq!(text, Duration::from_mapping(&map).unwrap());
        assert_eq!(Duration::parse_text("90").unwrap(), text);
    }

    #[test]
    fn renders_with_leading_zeros_sign_and_milliseconds() {
        assert_eq!(Duration::parse_text("1:2").unwrap().to_string(), "01:02:00");
        assert_eq!(
            Duration::parse_text("-00:15:00").unwrap().to_string(),
            "-00:15:00"
        );
        assert_eq!(
            Duration::parse_text("+00:15:00").unwrap().to_string(),
            "00:15:00"
        );
        assert_eq!(
            Duration::from_millis(750).unwrap().to_string(),
            "00:00:00.750"
        );
        assert_eq!(
            Duration::parse_text("48:00:00").unwrap().to_string(),
            "48:00:00"
        );
        assert_eq!(Duration::parse_text("00:00:01.5").unwrap().millis(), 1500);
    }

    #[test]
    fn refuses_what_is_no_duration() {
        for text in [
            "",
            "abc",
            "1:2:3:4",
            "1e999",
            "::",
            "-",
            "00:00:1.5.5",
            "١:٢",
        ] {
            assert!(Duration::parse_text(text).is_err(), "{text}");
        }
        assert!(Duration::from_seconds_f64(f64::MAX).is_err());
    }
}
