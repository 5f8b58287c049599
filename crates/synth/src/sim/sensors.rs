//! The sensors' readings through a day: temperatures, light, humidity and the extra power
//! sensors, and the bedroom fan that follows the bedroom temperature.

use chrono::Duration;
use homeai_domain::event::EventCause;
use rand::Rng;

use super::Sim;
use crate::clock::Day;
use crate::layout::extra_sensor_id;

impl Sim<'_> {
    /// Temperatures, light and humidity every few minutes; the bedroom fan follows the bedroom
    /// temperature (the state-conditioned habit).
    pub(super) fn sensors(&mut self, day: &Day, progress: f64) {
        let mut fan_on = self
            .states
            .get("switch.bedroom_fan")
            .is_some_and(|s| s == "on");
        let mut previous: Option<f64> = None;
        let mut minute = self.rng.random_range(0.0..10.0);
        while minute < 1440.0 {
            let hour = minute / 60.0;
            let daily = (std::f64::consts::TAU * (hour - 10.0) / 24.0).sin();
            let bedroom = 15.0 + 12.0 * progress + 4.0 * daily + self.gauss(0.3);
            let at = day.at(minute);
            self.push_value(at, "sensor.bedroom_temperature", bedroom, "°C");
            let kitchen = 19.0 + 4.0 * progress + 2.0 * daily + self.gauss(0.3);
            self.push_value(at, "sensor.kitchen_temperature", kitchen, "°C");
            let outdoor = 3.0 + 14.0 * progress + 6.0 * daily + self.gauss(0.5);
            self.push_value(at, "sensor.outdoor_temperature", outdoor, "°C");
            if self.spec.habits
                && let (Some(before), Some(at)) = (previous, at)
            {
                if !fan_on && before <= 25.0 && bedroom > 25.0 && self.chance(0.9) {
                    let delay = self.rng.random_range(120..=600);
                    self.push(
                        Some(at + Duration::seconds(delay)),
                        "switch.bedroom_fan",
                        "on",
                        EventCause::User,
                    );
                    fan_on = true;
                } else if fan_on && bedroom < 24.0 {
                    let delay = self.rng.random_range(300..=1200);
                    self.push(
                        Some(at + Duration::seconds(delay)),
                        "switch.bedroom_fan",
                        "off",
                        EventCause::User,
                    );
                    fan_on = false;
                }
            }
            previous = Some(bedroom);
            minute += self.rng.random_range(7.0..13.0);
        }
        let mut minute = self.rng.random_range(0.0..15.0);
        while minute < 1440.0 {
            let at = day.at(minute);
            let lux = match (at, day.sunrise, day.sunset) {
                (Some(t), Some(up), Some(down)) if t > up && t < down => {
                    let span = (down - up).num_seconds().max(1) as f64;
                    let x = (t - up).num_seconds() as f64 / span;
                    (800.0 * (std::f64::consts::PI * x).sin() + self.gauss(20.0)).max(1.0)
                }
                _ => 0.0,
            };
            self.push_value(at, "sensor.living_room_illuminance", lux, "lx");
            let humidity = 55.0 + self.gauss(6.0);
            self.push_value(
                at,
                "sensor.bathroom_humidity",
                humidity.clamp(20.0, 99.0),
                "%",
            );
            minute += 15.0;
        }
        let interval = f64::from(self.spec.extra_sensor_interval_min.max(1));
        for i in 0..self.spec.extra_sensors {
            let id = extra_sensor_id(i);
            let mut minute = self.rng.random_range(0.0..interval);
            while minute < 1440.0 {
                let step = self.gauss(15.0);
                let power = (self.extra_power[i] + step).clamp(0.0, 3000.0);
                self.extra_power[i] = power;
                self.push_value(day.at(minute), &id, power, "W");
                minute += self.rng.random_range(interval * 0.5..interval * 1.5);
            }
        }
    }
}
