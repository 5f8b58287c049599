use diesel::prelude::*;
use homeai_domain::preferences::Preferences;

use crate::DbError;
use crate::schema::preferences::dsl as p;

pub fn get(conn: &mut SqliteConnection) -> Result<Preferences, DbError> {
    let (max_suggestions, min_confidence, analysis_hour) = p::preferences
        .filter(p::id.eq(1))
        .select((p::max_suggestions, p::min_confidence, p::analysis_hour))
        .first::<(i32, f64, i32)>(conn)?;
    let to_u32 = |v: i32| u32::try_from(v).map_err(|e| DbError::Corrupt(e.to_string()));
    Ok(Preferences {
        max_suggestions: to_u32(max_suggestions)?,
        min_confidence,
        analysis_hour: to_u32(analysis_hour)?,
    })
}

/// Replaces the settings; the caller has validated them (the table's CHECKs stand behind it).
pub fn put(conn: &mut SqliteConnection, prefs: &Preferences) -> Result<Preferences, DbError> {
    let to_i32 = |v: u32| i32::try_from(v).map_err(|e| DbError::Corrupt(e.to_string()));
    diesel::update(p::preferences.filter(p::id.eq(1)))
        .set((
            p::max_suggestions.eq(to_i32(prefs.max_suggestions)?),
            p::min_confidence.eq(prefs.min_confidence),
            p::analysis_hour.eq(to_i32(prefs.analysis_hour)?),
            p::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    get(conn)
}
