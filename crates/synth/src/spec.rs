use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;

/// What home to make.
#[derive(Debug, Clone)]
pub struct HomeSpec {
    /// Same seed, same home and history.
    pub seed: u64,
    /// First local day of the history.
    pub start: NaiveDate,
    pub days: u32,
    /// The home's time zone: habits follow local time across DST changes.
    pub time_zone: Tz,
    pub latitude: f64,
    pub longitude: f64,
    /// Plant the habits ([`crate::planted`]); without them only noise is generated.
    pub habits: bool,
    /// Extra power sensors (for benchmark-sized homes), each reporting every
    /// `extra_sensor_interval_min` minutes on average.
    pub extra_sensors: usize,
    pub extra_sensor_interval_min: u32,
    /// Chance that a weekday is a holiday (lived like a weekend day).
    pub holiday_chance: f64,
}

impl Default for HomeSpec {
    /// 75 days from 1 March 2026 in Berlin: spring, with the DST change of 29 March inside.
    fn default() -> Self {
        Self {
            seed: 1,
            start: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default(),
            days: 75,
            time_zone: chrono_tz::Europe::Berlin,
            latitude: 52.52,
            longitude: 13.40,
            habits: true,
            extra_sensors: 0,
            extra_sensor_interval_min: 8,
            holiday_chance: 0.05,
        }
    }
}

impl HomeSpec {
    pub fn with_seed(seed: u64) -> Self {
        Self {
            seed,
            ..Self::default()
        }
    }

    /// The last date the heating habit is lived (the seasonal habit's season ends here).
    pub fn heating_season_end(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start.year(), 4, 15).unwrap_or(self.start)
    }
}
