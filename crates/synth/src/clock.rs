//! Local time and the sun.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use sunrise::{Coordinates, SolarDay, SolarEvent};

/// One local day of the home.
#[derive(Debug, Clone, Copy)]
pub struct Day {
    pub date: NaiveDate,
    pub tz: Tz,
    pub holiday: bool,
    pub sunrise: Option<DateTime<Utc>>,
    pub sunset: Option<DateTime<Utc>>,
}

impl Day {
    pub fn new(date: NaiveDate, tz: Tz, holiday: bool, latitude: f64, longitude: f64) -> Self {
        let (sunrise, sunset) = match Coordinates::new(latitude, longitude) {
            Some(c) => {
                let day = SolarDay::new(c, date);
                (
                    day.event_time(SolarEvent::Sunrise),
                    day.event_time(SolarEvent::Sunset),
                )
            }
            None => (None, None),
        };
        Self {
            date,
            tz,
            holiday,
            sunrise,
            sunset,
        }
    }

    /// Saturday or Sunday, or a holiday.
    pub fn is_weekend(&self) -> bool {
        self.holiday || matches!(self.date.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The instant of `minutes` after local midnight (fractional minutes allowed); in a DST gap
    /// the later instant.
    pub fn at(&self, minutes: f64) -> Option<DateTime<Utc>> {
        let minutes = minutes.clamp(0.0, 1439.99);
        let secs = (minutes * 60.0).round() as u32;
        let time = NaiveTime::from_num_seconds_from_midnight_opt(secs.min(86_399), 0)?;
        let local = self.date.and_time(time);
        self.tz
            .from_local_datetime(&local)
            .earliest()
            .or_else(|| {
                self.tz
                    .from_local_datetime(&(local + chrono::Duration::hours(1)))
                    .earliest()
            })
            .map(|t| t.with_timezone(&Utc))
    }
}
