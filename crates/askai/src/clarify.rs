//! Questions back to the person asking, with concrete options, and their answers.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// What a question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Several entities fit a name.
    Entity,
    /// "I"/"me" when more than one person lives here.
    Person,
    /// No time or event says when it should happen.
    When,
    /// "too hot" without a number.
    Threshold,
    /// A thing the home does not have.
    UnknownDevice,
    /// Nothing to do was recognised.
    Action,
}

/// One option: the value to answer with and what it means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    /// The words of the request it is about ("bedside lamp").
    pub about: String,
    pub text: String,
    pub options: Vec<Choice>,
}

/// An answer to one question: an option's value or words of one's own ("at 7am").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub question_id: String,
    pub value: String,
}

/// What earlier answers settled, for a request asked again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Bindings {
    /// Words of the request → the entity ids they mean.
    #[serde(default)]
    pub entities: HashMap<String, Vec<String>>,
    /// Who "I"/"me" is.
    #[serde(default)]
    pub person: Option<String>,
    /// Words to add to the request (a time, a threshold).
    #[serde(default)]
    pub extra: Vec<String>,
}

impl Bindings {
    /// Adds the answers to `questions`; answers to unknown question ids are an error naming it.
    pub fn apply(&mut self, questions: &[Question], answers: &[Answer]) -> Result<(), String> {
        for a in answers {
            let q = questions
                .iter()
                .find(|q| q.id == a.question_id)
                .ok_or_else(|| format!("there is no question `{}`", a.question_id))?;
            let value = a.value.trim().to_owned();
            if value.is_empty() {
                return Err(format!("the answer to `{}` is empty", q.id));
            }
            match q.kind {
                QuestionKind::Entity | QuestionKind::UnknownDevice => {
                    let ids: Vec<String> = value.split(',').map(|s| s.trim().to_owned()).collect();
                    if ids.iter().all(|id| id.contains('.')) {
                        self.entities.insert(q.about.clone(), ids);
                    } else {
                        self.extra.push(value);
                    }
                }
                QuestionKind::Person => self.person = Some(value),
                QuestionKind::When | QuestionKind::Threshold | QuestionKind::Action => {
                    self.extra.push(value)
                }
            }
        }
        Ok(())
    }
}
