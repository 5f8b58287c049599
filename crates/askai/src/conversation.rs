//! Follow-ups in a conversation: "make it 8 instead", "also on weekends".

use homeai_automation_model::Automation;

/// What a follow-up did.
#[derive(Debug, Clone, PartialEq)]
pub enum FollowUp {
    Edited(Box<Automation>, Vec<String>),
    NotAnEdit,
}

/// Edits `current` with a follow-up; `NotAnEdit` when it says nothing this can apply.
pub fn follow_up(_current: &Automation, _text: &str) -> FollowUp {
    FollowUp::NotAnEdit
}
