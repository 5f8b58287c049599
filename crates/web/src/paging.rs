//! Checks shared by list endpoints: page bounds and shares.

use crate::ApiError;

/// `(limit, offset)` of a listing: `limit` defaults to `default` and must be 1..=`max`,
/// `offset` must not be negative.
pub fn page(
    limit: Option<i64>,
    offset: Option<i64>,
    default: i64,
    max: i64,
) -> Result<(i64, i64), ApiError> {
    let limit = limit.unwrap_or(default);
    if !(1..=max).contains(&limit) {
        return Err(ApiError::BadRequest(format!("limit must be 1..={max}")));
    }
    let offset = offset.unwrap_or(0);
    if offset < 0 {
        return Err(ApiError::BadRequest("offset must not be negative".into()));
    }
    Ok((limit, offset))
}

/// A share such as `min_confidence` must lie in 0..=1.
pub fn share(name: &str, value: Option<f64>) -> Result<Option<f64>, ApiError> {
    match value {
        Some(v) if !(0.0..=1.0).contains(&v) => Err(ApiError::BadRequest(format!(
            "{name} must be between 0 and 1"
        ))),
        other => Ok(other),
    }
}
