//! The lifecycle of an automation suggestion.

use crate::{DomainError, text_enum};

text_enum! {
    /// Where a suggestion is in its life.
    pub enum SuggestionStatus {
        Draft => "draft",
        Approved => "approved",
        Rejected => "rejected",
        Deployed => "deployed",
        RolledBack => "rolled_back",
    }
}

impl SuggestionStatus {
    /// Whether a suggestion may move from `self` to `next`.
    pub fn can_become(self, next: SuggestionStatus) -> bool {
        use SuggestionStatus::*;
        matches!(
            (self, next),
            (Draft, Approved)
                | (Draft, Rejected)
                | (Approved, Rejected)
                | (Approved, Deployed)
                | (Rejected, Draft)
                | (Deployed, RolledBack)
                | (Deployed, Deployed)
                | (RolledBack, Deployed)
        )
    }

    pub fn transition(self, next: SuggestionStatus) -> Result<SuggestionStatus, DomainError> {
        if self.can_become(next) {
            Ok(next)
        } else {
            Err(DomainError::Transition {
                from: self.to_string(),
                to: next.to_string(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SuggestionStatus::*;

    #[test]
    fn deploy_needs_approval_first() {
        assert!(Draft.transition(Deployed).is_err());
        assert_eq!(Approved.transition(Deployed).unwrap(), Deployed);
        assert!(Rejected.transition(Deployed).is_err());
    }
}
