//! Thresholds on a reading: "above 25 degrees", "between 15 and 25", "too hot".

use crate::text::number_at;

use super::{Measure, SlotKind, Tagger};

impl Tagger<'_> {
    fn unit_at(&self, k: usize) -> (Option<Measure>, usize) {
        match self.raw(k) {
            "%" | "percent" => (Some(Measure::Humidity), 1),
            "degrees" | "degree" | "c" | "celsius" => (Some(Measure::Temperature), 1),
            "w" | "watts" | "watt" => (Some(Measure::Power), 1),
            "lux" | "lx" => (Some(Measure::Illuminance), 1),
            _ => (None, 0),
        }
    }

    pub(super) fn thresholds(&mut self) {
        let above: &[&[&str]] = &[
            &["above"],
            &["over"],
            &["exceeds"],
            &["exceed"],
            &["exceeding"],
            &["more", "than"],
            &["greater", "than"],
            &["higher", "than"],
            &["warmer", "than"],
            &["hotter", "than"],
            &["brighter", "than"],
            &["at", "least"],
            &["reaches"],
            &["hits"],
            &["humid", "than"],
        ];
        let below: &[&[&str]] = &[
            &["below"],
            &["under"],
            &["less", "than"],
            &["lower", "than"],
            &["colder", "than"],
            &["cooler", "than"],
            &["darker", "than"],
            &["beneath"],
            &["dips", "below"],
        ];
        for i in 0..self.toks.len() {
            for (list, is_above) in [(above, true), (below, false)] {
                let Some(p) = list.iter().find(|p| self.seq(i, p)) else {
                    continue;
                };
                let k = i + p.len();
                let Some((n, nl)) = number_at(self.toks, k).filter(|_| self.free(k)) else {
                    continue;
                };
                if self.toks[k].raw.contains(':') {
                    continue;
                }
                let (mut measure, ul) = self.unit_at(k + nl);
                measure = match p[0] {
                    "warmer" | "hotter" | "colder" | "cooler" => Some(Measure::Temperature),
                    "brighter" | "darker" => Some(Measure::Illuminance),
                    "humid" => Some(Measure::Humidity),
                    _ => measure,
                };
                let kind = SlotKind::Threshold {
                    above: is_above.then_some(n),
                    below: (!is_above).then_some(n),
                    measure,
                };
                self.take(i, k + nl + ul, kind);
            }
            if self.seq(i, &["between"])
                && let Some((a, al)) = number_at(self.toks, i + 1)
                && self.raw(i + 1 + al) == "and"
                && let Some((b, bl)) = number_at(self.toks, i + 2 + al)
            {
                let end = i + 2 + al + bl;
                let (measure, ul) = self.unit_at(end);
                if (i..end + ul).all(|k| self.free(k)) {
                    self.take(
                        i,
                        end + ul,
                        SlotKind::Threshold {
                            above: Some(a.min(b)),
                            below: Some(a.max(b)),
                            measure,
                        },
                    );
                }
            }
        }
        let vague: &[(&[&str], Measure, bool)] = &[
            (&["too", "hot"], Measure::Temperature, true),
            (&["too", "warm"], Measure::Temperature, true),
            (&["too", "cold"], Measure::Temperature, false),
            (&["too", "humid"], Measure::Humidity, true),
            (&["too", "dark"], Measure::Illuminance, false),
            (&["gets", "hot"], Measure::Temperature, true),
            (&["gets", "cold"], Measure::Temperature, false),
            (&["is", "hot"], Measure::Temperature, true),
            (&["is", "cold"], Measure::Temperature, false),
        ];
        for i in 0..self.toks.len() {
            if let Some((p, m, up)) = vague.iter().find(|(p, _, _)| self.seq(i, p)) {
                self.take(i, i + p.len(), SlotKind::VagueThreshold(*m, *up));
            }
        }
    }
}
