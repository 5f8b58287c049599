//! What the detectors share: which changes count, local days, circular time statistics.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use homeai_domain::event::{EventCause, StateChange};

/// Sunrise and sunset of a day, when the sun rises and sets there.
pub type SunTimes = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// A measured amount (seconds, minutes) and when it happened.
pub type Timed = (f64, DateTime<Utc>);

/// Where the home is: its time zone (for local time), location (for the sun) and which area
/// each entity is in (a condition is looked for among sensors of the actuator's own area).
#[derive(Debug, Clone)]
pub struct HomeContext {
    pub time_zone: Tz,
    pub latitude: f64,
    pub longitude: f64,
    pub areas: std::collections::HashMap<String, String>,
    /// Each entity's device class (`motion`, `door`, `temperature`, …) where it has one.
    pub device_classes: std::collections::HashMap<String, String>,
}

impl HomeContext {
    /// Sunrise and sunset (UTC) of a local date.
    pub fn sun(&self, date: NaiveDate) -> SunTimes {
        match sunrise::Coordinates::new(self.latitude, self.longitude) {
            Some(c) => {
                let day = sunrise::SolarDay::new(c, date);
                (
                    day.event_time(sunrise::SolarEvent::Sunrise),
                    day.event_time(sunrise::SolarEvent::Sunset),
                )
            }
            None => (None, None),
        }
    }
}

/// Domains whose changes a person makes and an automation could make for them.
const ACTIONABLE: &[&str] = &[
    "light",
    "switch",
    "cover",
    "climate",
    "media_player",
    "lock",
    "fan",
    "input_boolean",
    "vacuum",
    "valve",
    "humidifier",
];

pub fn is_actionable(change: &StateChange) -> bool {
    ACTIONABLE.contains(&change.entity_id.domain())
}

/// A change a habit can be made of: a real state change (not attributes only), to a state,
/// made by a person or a device, never by an automation.
pub fn counts(change: &StateChange) -> bool {
    change.cause != EventCause::Automation
        && !change.attributes_only
        && change
            .new_state
            .as_deref()
            .is_some_and(|s| s != "unavailable" && s != "unknown")
}

/// Local date and minute of the day of an instant.
pub fn local(t: DateTime<Utc>, tz: Tz) -> (NaiveDate, f64) {
    let l = t.with_timezone(&tz);
    (
        l.date_naive(),
        f64::from(l.hour() * 60 + l.minute()) + f64::from(l.second()) / 60.0,
    )
}

/// Which days a habit may belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayType {
    Weekdays,
    Weekends,
    EveryDay,
}

impl DayType {
    pub fn as_str(self) -> &'static str {
        match self {
            DayType::Weekdays => "weekdays",
            DayType::Weekends => "weekends",
            DayType::EveryDay => "every_day",
        }
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        match self {
            DayType::Weekdays => !weekend,
            DayType::Weekends => weekend,
            DayType::EveryDay => true,
        }
    }

    /// How many days of this type lie in `from..=until`.
    pub fn count(self, from: NaiveDate, until: NaiveDate) -> u32 {
        from.iter_days()
            .take_while(|d| *d <= until)
            .filter(|d| self.contains(*d))
            .count() as u32
    }
}

const DAY: f64 = 1440.0;

/// Circular mean and standard deviation (minutes) of minutes of the day.
pub fn circular_stats(minutes: &[f64]) -> (f64, f64) {
    if minutes.is_empty() {
        return (0.0, 0.0);
    }
    let (mut s, mut c) = (0.0, 0.0);
    for m in minutes {
        let a = m / DAY * std::f64::consts::TAU;
        s += a.sin();
        c += a.cos();
    }
    let n = minutes.len() as f64;
    let mean = s.atan2(c).rem_euclid(std::f64::consts::TAU) / std::f64::consts::TAU * DAY;
    let r = ((s / n).powi(2) + (c / n).powi(2)).sqrt().clamp(1e-12, 1.0);
    let std = (-2.0 * r.ln()).sqrt() / std::f64::consts::TAU * DAY;
    (mean, std)
}

/// The distance between two minutes of the day, around midnight.
pub fn circular_distance(a: f64, b: f64) -> f64 {
    let d = (a - b).abs() % DAY;
    d.min(DAY - d)
}

/// `HH:MM` of a minute of the day.
pub fn clock(minute: f64) -> String {
    let m = minute.rem_euclid(DAY).round() as u32 % 1440;
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// The median and interquartile range of a non-empty sample.
pub fn median_iqr(values: &mut [f64]) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.75) - at(0.25))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_around_midnight_average_to_midnight() {
        let (mean, std) = circular_stats(&[1435.0, 5.0]);
        assert!(circular_distance(mean, 0.0) < 0.01, "{mean}");
        assert!(std < 6.0, "{std}");
        assert_eq!(circular_distance(1435.0, 5.0), 10.0);
        assert_eq!(clock(1439.9), "00:00");
        assert_eq!(clock(405.0), "06:45");
    }
}
