//! The bearer token that guards every mutating call.

use std::io::Write;
use std::path::Path;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web;
use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;

use crate::ApiError;
use crate::settings::Settings;

/// The tokens this process accepts on mutating calls: the API token, and the admin's (who may
/// do everything anyone may, and more).
#[derive(Clone)]
pub struct ApiToken(SecretString, Option<SecretString>);

fn same(expected: &SecretString, presented: &str) -> bool {
    expected
        .expose_secret()
        .as_bytes()
        .ct_eq(presented.as_bytes())
        .into()
}

impl ApiToken {
    pub fn new(token: SecretString) -> Self {
        Self(token, None)
    }

    /// Also accepts the admin token (ignored when blank).
    pub fn with_admin(mut self, admin: Option<SecretString>) -> Self {
        self.1 = admin.filter(|a| !a.expose_secret().trim().is_empty());
        self
    }

    pub fn secret(&self) -> &SecretString {
        &self.0
    }

    fn accepts(&self, presented: &str) -> bool {
        same(&self.0, presented) || self.1.as_ref().is_some_and(|a| same(a, presented))
    }

    /// The configured token, or the one in the token file, or a new random one written to
    /// `api-token` beside the database (mode 0600) so all services sharing the file agree.
    pub fn resolve(settings: &Settings) -> Result<Self, String> {
        if let Some(t) = &settings.api.token
            && !t.expose_secret().trim().is_empty()
        {
            return Ok(Self::new(t.clone()));
        }
        let path = match &settings.api.token_file {
            Some(p) => p.clone(),
            None => settings
                .database
                .path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .join("api-token"),
        };
        if let Ok(existing) = std::fs::read_to_string(&path) {
            let existing = existing.trim();
            if existing.is_empty() {
                return Err(format!("the API token file {} is empty", path.display()));
            }
            return Ok(Self::new(SecretString::from(existing.to_owned())));
        }
        if settings.api.token_file.is_some() {
            return Err(format!("cannot read the API token file {}", path.display()));
        }
        let token: String = (0..32)
            .map(|_| format!("{:02x}", rand::random::<u8>()))
            .collect();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        match create_private(&path) {
            Ok(mut file) => {
                file.write_all(token.as_bytes())
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                tracing::info!(path = %path.display(), "made a new API token (HOMEAI_API_TOKEN not set)");
                Ok(Self::new(SecretString::from(token)))
            }
            // another service made it first: use theirs
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                std::thread::sleep(std::time::Duration::from_millis(50));
                let theirs = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                Ok(Self::new(SecretString::from(theirs.trim().to_owned())))
            }
            Err(e) => Err(format!("cannot create {}: {e}", path.display())),
        }
    }
}

fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Whether a request changes something and so needs the token.
pub fn is_mutating(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The bearer token a request presents, if any.
pub fn presented_token(headers: &header::HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
}

/// Whether the request presents the admin token (`api.admin_token`); never when none is set.
pub fn is_admin(req: &actix_web::HttpRequest, settings: &Settings) -> bool {
    match (&settings.api.admin_token, presented_token(req.headers())) {
        (Some(admin), Some(p)) if !admin.expose_secret().trim().is_empty() => same(admin, p),
        _ => false,
    }
}

/// Middleware: a mutating request without `Authorization: Bearer <token>` gets 401.
pub async fn require_token(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if is_mutating(req.method()) {
        let token = req
            .app_data::<web::Data<ApiToken>>()
            .ok_or_else(|| ApiError::Internal("no API token configured".into()))?;
        match presented_token(req.headers()) {
            Some(p) if token.accepts(p) => {}
            _ => return Err(ApiError::Unauthorized.into()),
        }
    }
    next.call(req).await
}
