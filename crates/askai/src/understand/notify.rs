//! Notification orders: who is told (a person named, "me" through the conversation's person,
//! everyone), through their phone's notify service; the message is filled in once the whole
//! request is read.

use serde_json::Map;

use super::*;

impl Reader<'_> {
    pub(super) fn notify(&mut self, c: &Clause) -> Vec<StepPart> {
        let words: Vec<String> = (c.start..c.end).map(|k| self.word(k).to_owned()).collect();
        let mut persons: Vec<String> = self
            .mentions_in(c)
            .iter()
            .filter_map(|m| {
                if let MentionKind::Person(p) = m.kind {
                    Some(self.home.persons[p].entity_id.clone())
                } else {
                    None
                }
            })
            .collect();
        let all = words.iter().any(|w| {
            matches!(
                w.as_str(),
                "both" | "everyone" | "everybody" | "us" | "all" | "phones" | "family"
            )
        });
        if persons.is_empty() && all {
            persons = self
                .home
                .persons
                .iter()
                .map(|p| p.entity_id.clone())
                .collect();
        }
        if persons.is_empty()
            && words
                .iter()
                .any(|w| matches!(w.as_str(), "me" | "i" | "my"))
        {
            if let Some(p) = self.bindings.person.clone() {
                persons.push(p);
            } else if self.home.persons.len() == 1 {
                persons.push(self.home.persons[0].entity_id.clone());
            }
        }
        if persons.is_empty() {
            let mut options = self.person_choices();
            if self.home.persons.len() > 1 {
                options.push(Choice {
                    value: "everyone".into(),
                    label: "Everyone".into(),
                });
            }
            self.ask(
                QuestionKind::Person,
                "notify",
                "Who should be notified?",
                options,
            );
            return Vec::new();
        }
        self.needs_message = true;
        persons
            .iter()
            .filter_map(|p| self.home.notify_service_of(p))
            .map(|service| StepPart::Call {
                service,
                target: TargetPart::None,
                data: Map::new(),
            })
            .collect()
    }
}
