//! Trigger and condition clauses the engine could only guess at, asked about instead: a place
//! the home has no zone for ("when Bob leaves work"), an appliance known only by its power
//! sensor finishing ("when the washer is done": below how many watts?), and a thing the home
//! lacks named as what is watched ("when the doorbell rings"). Each asks one question and
//! says so (`true`); the caller then reads no fact from the clause.

use super::*;

impl Reader<'_> {
    /// "leaves his internship location", "gets to work": a place other than home, which the
    /// home has no zone for; reading it as home would be a wrong automation.
    pub(super) fn ask_place_without_zone(&mut self, words: &[&str]) -> bool {
        let Some(place) = words.iter().find(|w| is_place_word(w)) else {
            return false;
        };
        self.ask(
            QuestionKind::UnknownDevice,
            place,
            &format!(
                "The home has no zone for \"{place}\" (Home Assistant knows only home here). Should it be when they leave or arrive home instead?"
            ),
            vec![Choice {
                value: "zone.home".into(),
                label: "Home".into(),
            }],
        );
        self.event_asked = true;
        true
    }

    /// "when the washer is done": an appliance known by its power sensor finishes when its
    /// power drops; how low is the question (unless the request says it anywhere: "… - its
    /// power stays below 5 W").
    pub(super) fn ask_finished_appliance(
        &mut self,
        words: &[&str],
        things: &[Mention],
        for_: Option<i64>,
    ) -> bool {
        let finished = words.iter().any(|w| {
            matches!(
                *w,
                "finished" | "finishes" | "done" | "complete" | "completes" | "completed" | "ends"
            )
        });
        let metered = things.iter().find_map(|m| match &m.kind {
            MentionKind::Entities(found) => found
                .first()
                .and_then(|(e, _)| self.home.entities.get(*e))
                .filter(|e| Class::Power.fits(e)),
            _ => None,
        });
        let threshold_said = self
            .slots
            .iter()
            .any(|s| matches!(s.kind, SlotKind::Threshold { .. }));
        let Some(meter) = metered.filter(|_| finished && for_.is_none() && !threshold_said) else {
            return false;
        };
        let name = meter.name.clone();
        let options = [2, 5, 10]
            .into_iter()
            .map(|w| Choice {
                value: format!("below {w} W"),
                label: format!("below {w} W"),
            })
            .collect();
        self.ask(
            QuestionKind::Threshold,
            &name,
            &format!("{name} only reports power. Below how many watts is it finished?"),
            options,
        );
        self.event_asked = true;
        true
    }

    /// "when the doorbell rings" in a home with no doorbell: a thing named that the home
    /// lacks, not the last thing named before ("it" still is).
    pub(super) fn ask_unknown_subject(
        &mut self,
        c: &Clause,
        words: &[&str],
        things: &[Mention],
    ) -> bool {
        if !things.is_empty() || self.has_pronoun(c) {
            return false;
        }
        let Some(thing) = words.iter().copied().find(|w| {
            w.len() > 2
                && super::coverage::is_content_word(w)
                && grammar::state_word(&[w]).is_none()
        }) else {
            return false;
        };
        self.ask(
            QuestionKind::UnknownDevice,
            thing,
            &format!("This home has no \"{thing}\" that I can watch. Which device do you mean?"),
            Vec::new(),
        );
        self.event_asked = true;
        true
    }
}

/// Words that name a place people go to or come from other than home: a zone the request
/// needs (presence is read against `zone.home` only).
fn is_place_word(w: &str) -> bool {
    matches!(
        w,
        "location"
            | "work"
            | "workplace"
            | "job"
            | "school"
            | "internship"
            | "gym"
            | "university"
            | "college"
            | "daycare"
            | "kindergarten"
            | "airport"
            | "station"
            | "store"
            | "shop"
            | "supermarket"
    )
}
