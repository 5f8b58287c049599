//! Levels to set: "50%", "2700 kelvin", "21 degrees", "full brightness", "halfway",
//! "warm white", colour names.

use crate::text::number_at;

use super::{SlotKind, Tagger};

const COLORS: &[&str] = &[
    "red",
    "green",
    "blue",
    "white",
    "yellow",
    "orange",
    "purple",
    "violet",
    "pink",
    "cyan",
    "magenta",
    "gold",
    "turquoise",
    "teal",
    "navy",
    "indigo",
    "crimson",
    "coral",
    "amber",
    "lime",
    "lavender",
    "salmon",
    "aqua",
];

impl Tagger<'_> {
    pub(super) fn levels(&mut self) {
        for i in 0..self.toks.len() {
            if !self.free(i) {
                continue;
            }
            if let Some((n, nl)) = number_at(self.toks, i) {
                let k = i + nl;
                let next = if self.free(k) { self.raw(k) } else { "" };
                let mut end = k + 1;
                let kind = match next {
                    "%" | "percent" => {
                        if self.seq(end, &["brightness"]) {
                            end += 1;
                        }
                        SlotKind::Percent(n)
                    }
                    "kelvin" | "k" => SlotKind::Kelvin(n),
                    "degrees" | "degree" | "c" | "celsius" => SlotKind::Degrees(n),
                    _ => continue,
                };
                self.take(i, end, kind);
            }
        }
        for i in 0..self.toks.len() {
            if !self.free(i) {
                continue;
            }
            let w = self.raw(i);
            // brightness in words: "full brightness" is 100 %, "half brightness" 50 %
            let level = match w {
                "full" | "max" | "maximum" | "100%" => Some(100.0),
                "half" => Some(50.0),
                _ => None,
            };
            if let Some(p) = level
                && self.raw(i + 1) == "brightness"
                && self.free(i + 1)
            {
                self.take(i, i + 2, SlotKind::Percent(p));
                continue;
            }
            // "set the lamp to full", "turn the kitchen lights to max": all the way
            if level == Some(100.0)
                && i > 0
                && self.raw(i - 1) == "to"
                && !matches!(self.raw(i + 1), "power" | "speed" | "blast" | "volume")
            {
                self.take(i, i + 1, SlotKind::Percent(100.0));
                continue;
            }
            if self.seq(i, &["half", "way"]) {
                self.take(i, i + 2, SlotKind::Halfway);
            } else if w == "halfway" {
                self.take(i, i + 1, SlotKind::Halfway);
            } else if self.seq(i, &["warm", "white"]) {
                self.take(i, i + 2, SlotKind::Kelvin(2700.0));
            } else if self.seq(i, &["cool", "white"]) || self.seq(i, &["cold", "white"]) {
                self.take(i, i + 2, SlotKind::Kelvin(4000.0));
            } else if self.seq(i, &["daylight", "white"]) {
                self.take(i, i + 2, SlotKind::Kelvin(6500.0));
            } else if COLORS.contains(&w) {
                let name = w.to_owned();
                self.take(i, i + 1, SlotKind::Color(name));
            }
        }
    }
}
