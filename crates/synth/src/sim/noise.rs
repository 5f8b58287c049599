//! What is not a habit: people switching things at random, motion, the front door and a
//! window, and Home Assistant's own automations (regular, but never a habit).

use chrono::Duration;
use homeai_domain::event::EventCause;
use rand::Rng;

use super::Sim;
use crate::clock::Day;
use crate::truth::hm;

/// Entities people switch at random (noise, not habits).
const NOISE_ENTITIES: &[(&str, &str, &str)] = &[
    ("light.kitchen_counter", "on", "off"),
    ("light.living_room_ceiling", "on", "off"),
    ("light.bedroom_ceiling", "on", "off"),
    ("light.bathroom_light", "on", "off"),
    ("light.office_desk", "on", "off"),
    ("switch.office_monitor", "on", "off"),
    ("switch.bathroom_fan", "on", "off"),
    ("media_player.living_room_tv", "on", "off"),
];

impl Sim<'_> {
    pub(super) fn noise(&mut self, day: &Day) {
        let toggles = self.rng.random_range(6..=10);
        for _ in 0..toggles {
            let (entity, on, off) = NOISE_ENTITIES[self.rng.random_range(0..NOISE_ENTITIES.len())];
            let minute = self.rng.random_range(hm(6, 0)..hm(23, 50));
            let state = if self.chance(0.5) { on } else { off };
            self.push(day.at(minute), entity, state, EventCause::User);
        }
        for motion in [
            "binary_sensor.kitchen_motion",
            "binary_sensor.living_room_motion",
        ] {
            let n = self.rng.random_range(5..=15);
            for _ in 0..n {
                let minute = self.rng.random_range(hm(6, 0)..hm(23, 30));
                let Some(at) = day.at(minute) else { continue };
                let off = at + Duration::seconds(self.rng.random_range(30..=180));
                self.push(Some(at), motion, "on", EventCause::Device);
                self.push(Some(off), motion, "off", EventCause::Device);
            }
        }
        if !day.is_weekend() {
            let leave = self.rng.random_range(hm(7, 45)..hm(9, 15));
            let back = self.rng.random_range(hm(16, 30)..hm(19, 0));
            for (minute, person, door) in [(leave, "not_home", "on"), (back, "home", "on")] {
                let Some(at) = day.at(minute) else { continue };
                self.push(
                    Some(at),
                    "binary_sensor.front_door",
                    door,
                    EventCause::Device,
                );
                self.push(
                    Some(at + Duration::seconds(20)),
                    "binary_sensor.front_door",
                    "off",
                    EventCause::Device,
                );
                self.push(
                    Some(at + Duration::seconds(60)),
                    "person.resident",
                    person,
                    EventCause::Device,
                );
            }
        }
        if self.chance(0.3) {
            let minute = self.rng.random_range(hm(8, 0)..hm(22, 0));
            self.push(
                day.at(minute),
                "binary_sensor.bedroom_window",
                "on",
                EventCause::Device,
            );
            let close = minute + self.rng.random_range(10.0..120.0);
            self.push(
                day.at(close),
                "binary_sensor.bedroom_window",
                "off",
                EventCause::Device,
            );
        }
    }

    /// What Home Assistant automations do: regular, but never a habit.
    pub(super) fn automations(&mut self, day: &Day) {
        self.push(
            day.at(hm(22, 0)),
            "light.porch",
            "on",
            EventCause::Automation,
        );
        self.push(
            day.at(hm(6, 0)),
            "light.porch",
            "off",
            EventCause::Automation,
        );
    }
}
