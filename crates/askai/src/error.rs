//! The one error type of this crate.

/// Why a request could not be read at all (an unclear request is a question, not an error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AskError {
    #[error("the request is empty")]
    Empty,
    #[error("the request is {0} characters long; the limit is {MAX_QUERY_CHARS}")]
    TooLong(usize),
    #[error("{0}")]
    BadAnswer(String),
    #[error("the registry snapshot cannot be read: {0}")]
    Home(String),
}

/// The longest request taken (characters).
pub const MAX_QUERY_CHARS: usize = 2000;
