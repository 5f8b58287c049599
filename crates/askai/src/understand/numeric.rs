//! Readings against a number: "the temperature in the bedroom above 25", "below 5 W for 3
//! minutes" become a numeric state of the one sensor that measures it (the room's, or the
//! one beside the things named).

use super::*;

impl Reader<'_> {
    pub(super) fn numeric(
        &mut self,
        c: &Clause,
        things: &[Mention],
        above: Option<f64>,
        below: Option<f64>,
        measure: Option<Measure>,
        for_: Option<i64>,
    ) -> Option<Fact> {
        let class_of = |m: &Mention| match m.kind {
            MentionKind::Class(c) | MentionKind::AreaClass(_, c) => Some(c),
            _ => None,
        };
        let measure_class = things.iter().find_map(class_of).and_then(|c| match c {
            Class::Temperature => Some(Measure::Temperature),
            Class::Humidity => Some(Measure::Humidity),
            Class::Illuminance => Some(Measure::Illuminance),
            Class::Power => Some(Measure::Power),
            _ => None,
        });
        let measure = measure_class.or(measure);
        let fits = move |e: &Entity| {
            e.domain() == "sensor" && measure.is_none_or(|m| e.class() == Some(m.device_class()))
        };
        let loose = |e: &Entity| e.domain() == "sensor";
        let mut subject = things
            .iter()
            .find(|m| !matches!(m.kind, MentionKind::Class(_)))
            .cloned();
        if subject.is_none() && self.has_pronoun(c) {
            subject = self.antecedent(c.start);
        }
        if subject.is_none() {
            subject = things.first().cloned();
        }
        let subject = subject.filter(|m| {
            !matches!(m.kind, MentionKind::Class(_)) || {
                let n = self.home.entities.iter().filter(|e| fits(e)).count();
                n == 1
            }
        });
        let Some(subject) = subject else {
            // no subject: the one sensor of the kind, or the one in the room of what is named
            let mut ids: Vec<String> = self
                .home
                .entities
                .iter()
                .filter(|e| fits(e))
                .map(|e| e.entity_id.clone())
                .collect();
            if ids.len() > 1 {
                let near = self.near(&ids);
                if near.len() == 1 {
                    ids = near;
                }
            }
            if ids.len() == 1 {
                return Some(Fact::Numeric {
                    entity: ids[0].clone(),
                    above,
                    below,
                    for_,
                });
            }
            let options = ids
                .iter()
                .map(|id| Choice {
                    value: id.clone(),
                    label: self.entity_name(id),
                })
                .collect();
            let about = measure.map_or("reading", |m| m.device_class());
            self.ask(
                QuestionKind::Entity,
                about,
                &format!("Which {about} sensor?"),
                options,
            );
            return None;
        };
        let target = match self.resolve(&subject, &fits, "do you mean") {
            Some(TargetPart::Entities(ids))
                if ids.iter().all(|id| self.home.entity(id).is_some_and(loose)) =>
            {
                ids
            }
            Some(_) => {
                // the thing itself is no sensor: its area's sensor of that kind
                let area = match &subject.kind {
                    MentionKind::Entities(c) => c
                        .first()
                        .and_then(|(e, _)| self.home.entities[*e].area_id.clone()),
                    _ => None,
                };
                let ids: Vec<String> = self
                    .home
                    .entities
                    .iter()
                    .filter(|e| fits(e) && e.area_id.is_some() && e.area_id == area)
                    .map(|e| e.entity_id.clone())
                    .collect();
                if ids.len() != 1 {
                    return None;
                }
                ids
            }
            None => return None,
        };
        let entity = target.into_iter().next()?;
        Some(Fact::Numeric {
            entity,
            above,
            below,
            for_,
        })
    }

    /// Of `ids`, those in the rooms of the other things the request names.
    pub(super) fn near(&self, ids: &[String]) -> Vec<String> {
        let mut areas: Vec<String> = Vec::new();
        for m in &self.mentions {
            let area = match &m.kind {
                MentionKind::Entities(c) => c
                    .first()
                    .and_then(|(e, _)| self.home.entities[*e].area_id.clone()),
                MentionKind::AreaClass(a, _) | MentionKind::Area(a) => {
                    Some(self.home.areas[*a].area_id.clone())
                }
                _ => None,
            };
            if let Some(a) = area
                && !areas.contains(&a)
            {
                areas.push(a);
            }
        }
        ids.iter()
            .filter(|id| {
                self.home
                    .entity(id)
                    .and_then(|e| e.area_id.as_ref())
                    .is_some_and(|a| areas.contains(a))
            })
            .cloned()
            .collect()
    }
}
