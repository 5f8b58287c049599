//! The one error type of this crate.

/// Why a request could not be read at all (an unclear request is a question, not an error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AskError {
    #[error("the request is empty")]
    Empty,
    #[error(
        "the request is {0} characters long; the limit is {MAX_QUERY_CHARS} ({MAX_SPEC_CHARS} for a markdown spec)"
    )]
    TooLong(usize),
    #[error("{0}")]
    BadAnswer(String),
    #[error("the registry snapshot cannot be read: {0}")]
    Home(String),
}

/// The longest request taken (characters).
pub const MAX_QUERY_CHARS: usize = 2000;

/// The longest markdown spec taken (characters): a title, a problem statement, examples, an
/// inputs table and prose are longer than a one-line request.
pub const MAX_SPEC_CHARS: usize = 8000;

/// The longest request taken for this text: [`MAX_SPEC_CHARS`] for markdown, else
/// [`MAX_QUERY_CHARS`].
pub fn max_chars(text: &str) -> usize {
    if crate::spec::looks_like_markdown(text) {
        MAX_SPEC_CHARS
    } else {
        MAX_QUERY_CHARS
    }
}
