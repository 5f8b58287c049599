//! Who "I"/"me" is in a fact about people, and the motion sensors a fact about rooms (or
//! named sensors) watches: each room's or sensor's named, else the one the home has, else
//! the room of what the request acts on.

use super::*;

impl Reader<'_> {
    pub(super) fn me(&mut self, state: &str, for_: Option<i64>) -> Option<Fact> {
        if let Some(p) = &self.bindings.person {
            return Some(Fact::State {
                entity: p.clone(),
                state: state.into(),
                for_,
            });
        }
        if self.home.persons.len() == 1 {
            return Some(Fact::State {
                entity: self.home.persons[0].entity_id.clone(),
                state: state.into(),
                for_,
            });
        }
        let options = self.person_choices();
        self.ask(QuestionKind::Person, "i", "Who is \"I\" here?", options);
        None
    }

    /// Each person of the home as an option (their entity id, their name).
    pub(super) fn person_choices(&self) -> Vec<Choice> {
        self.home
            .persons
            .iter()
            .map(|p| Choice {
                value: p.entity_id.clone(),
                label: p.name.clone(),
            })
            .collect()
    }

    pub(super) fn motion_sensors(&mut self, things: &[Mention]) -> Vec<String> {
        let motion = |e: &Entity| Class::Motion.fits(e);
        // "motion in the kitchen or the hallway": every room's (or sensor's) named, not the first
        let mut found: Vec<String> = Vec::new();
        for m in things {
            let ids: Vec<String> = match &m.kind {
                MentionKind::Area(a) | MentionKind::AreaClass(a, _) => {
                    let area = &self.home.areas[*a].area_id;
                    self.home
                        .entities
                        .iter()
                        .filter(|e| e.area_id.as_deref() == Some(area.as_str()) && motion(e))
                        .map(|e| e.entity_id.clone())
                        .collect()
                }
                MentionKind::Entities(_) => match self.resolve(m, &motion, "do you mean") {
                    Some(TargetPart::Entities(ids))
                        if ids
                            .iter()
                            .all(|id| self.home.entity(id).is_some_and(motion)) =>
                    {
                        ids
                    }
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            for id in ids {
                if !found.contains(&id) {
                    found.push(id);
                }
            }
        }
        if !found.is_empty() {
            self.entities.extend(found.iter().cloned());
            return found;
        }
        let all: Vec<String> = self
            .home
            .entities
            .iter()
            .filter(|e| motion(e))
            .map(|e| e.entity_id.clone())
            .collect();
        if all.len() == 1 {
            return all;
        }
        // "turn on the garage light when there's motion": the room of what is named
        let near = self.near(&all);
        if near.len() == 1 {
            self.entities.extend(near.iter().cloned());
            return near;
        }
        let options = all
            .iter()
            .map(|id| Choice {
                value: id.clone(),
                label: self.entity_name(id),
            })
            .collect();
        self.ask(QuestionKind::Entity, "motion", "Motion where?", options);
        Vec::new()
    }

    // ------------------------------------------------------------------------- actions
}
