//! The planted habits, the patterns the analysis should find: the kitchen light and coffee
//! on weekday mornings, the bedroom lamp at night, the blinds, the hallway light following
//! motion, the living-room lamp after sunset, morning heating in the heating season.

use chrono::Duration;
use homeai_domain::event::EventCause;
use rand::Rng;

use super::Sim;
use crate::clock::Day;
use crate::truth::hm;

impl Sim<'_> {
    /// The planted habits. Times that are not habits (switching off "some time in the
    /// morning") are spread over two hours or more, so they are not habits by accident.
    pub(super) fn habits(&mut self, day: &Day) {
        use EventCause::User;
        let weekday = !day.is_weekend();
        if weekday && self.chance(0.9) {
            let on = hm(6, 45) + self.gauss(4.0);
            self.push(day.at(on), "light.kitchen_ceiling", "on", User);
            let off = self.rng.random_range(hm(7, 20)..hm(9, 30));
            self.push(day.at(off), "light.kitchen_ceiling", "off", User);
        }
        if weekday && self.chance(0.85) {
            let on = hm(6, 50) + self.gauss(3.0);
            let off = on + 30.0 + self.gauss(3.0);
            self.push(day.at(on), "switch.coffee_maker", "on", User);
            self.push(day.at(off), "switch.coffee_maker", "off", User);
        }
        if self.chance(0.8) {
            let on = self.rng.random_range(hm(20, 45)..hm(22, 45));
            self.push(day.at(on), "light.bedroom_lamp", "on", User);
        }
        if self.chance(0.9) {
            let off = hm(23, 0) + self.gauss(8.0);
            self.push(day.at(off), "light.bedroom_lamp", "off", User);
        }
        if !weekday && self.chance(0.9) {
            let open = hm(9, 0) + self.gauss(8.0);
            self.push(day.at(open), "cover.living_room_blinds", "open", User);
        }
        let close = self.rng.random_range(hm(18, 0)..hm(23, 0));
        self.push(day.at(close), "cover.living_room_blinds", "closed", User);

        // hallway: the light follows motion by a few seconds, and goes off ~2 min after it stops
        let visits = self.rng.random_range(6..=10);
        for _ in 0..visits {
            let minute = self.rng.random_range(hm(7, 0)..hm(23, 0));
            let Some(motion_on) = day.at(minute) else {
                continue;
            };
            let motion_off = motion_on + Duration::seconds(self.rng.random_range(30..=90));
            self.push(
                Some(motion_on),
                "binary_sensor.hallway_motion",
                "on",
                EventCause::Device,
            );
            self.push(
                Some(motion_off),
                "binary_sensor.hallway_motion",
                "off",
                EventCause::Device,
            );
            if self.chance(0.85) {
                let light_on = motion_on + Duration::seconds(self.rng.random_range(3..=15));
                let after = (120.0 + self.gauss(15.0)).max(30.0) as i64;
                self.push(Some(light_on), "light.hallway_light", "on", User);
                self.push(
                    Some(motion_off + Duration::seconds(after)),
                    "light.hallway_light",
                    "off",
                    User,
                );
            }
        }

        if self.chance(0.9)
            && let Some(sunset) = day.sunset
        {
            let delay = 15.0 + self.gauss(4.0);
            self.push(
                Some(sunset + Duration::seconds((delay * 60.0) as i64)),
                "light.living_room_lamp",
                "on",
                User,
            );
            let off = self.rng.random_range(hm(21, 45)..hm(23, 59));
            self.push(day.at(off), "light.living_room_lamp", "off", User);
        }

        if weekday && day.date <= self.spec.heating_season_end() && self.chance(0.9) {
            let on = hm(6, 30) + self.gauss(5.0);
            self.push(day.at(on), "climate.living_room", "heat", User);
            let off = self.rng.random_range(hm(7, 45)..hm(10, 0));
            self.push(day.at(off), "climate.living_room", "off", User);
        }
    }
}
