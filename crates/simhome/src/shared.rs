//! What the REST and WebSocket halves of the API share: the state every handler gets (the
//! home and the access token) and the context of a call made through the API.

use std::sync::Arc;

use homeai_ha::HaContext;

use crate::home::{Home, RESIDENT_USER_ID, context_id};

/// What every handler shares: the home and the access token.
pub struct Shared {
    pub home: Arc<Home>,
    pub token: String,
}

/// A REST call is a person's (the token's user).
pub fn user_context() -> HaContext {
    HaContext {
        id: context_id(),
        parent_id: None,
        user_id: Some(RESIDENT_USER_ID.into()),
    }
}
