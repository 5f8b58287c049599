/// Why a value was refused by a validating constructor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// A field holds a value the domain does not accept.
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    /// A lifecycle transition that is not allowed (e.g. a completed job cannot be paused).
    #[error("cannot go from {from} to {to}")]
    Transition { from: String, to: String },
}

impl DomainError {
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            reason: reason.into(),
        }
    }
}
