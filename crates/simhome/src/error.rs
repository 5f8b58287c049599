//! [`SimError`]: what can go wrong in the simulated home.

/// The simulated home's one error type.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The port could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    /// A service call Home Assistant would refuse (unknown service, bad data).
    #[error("{0}")]
    Service(String),
    /// An automation config the model cannot read ("Message malformed" in HA).
    #[error("Message malformed: {0}")]
    Malformed(String),
    /// No such automation, entity or resource.
    #[error("{0}")]
    NotFound(String),
}
