use diesel::prelude::*;
use homeai_domain::alias::{AliasName, EntityAlias, NewAlias};

use crate::DbError;
use crate::models::AliasRow;
use crate::schema::entity_aliases::dsl as a;

/// Names an entity; a second alias of the same name for the same user is a unique violation.
pub fn insert(conn: &mut SqliteConnection, new: &NewAlias) -> Result<EntityAlias, DbError> {
    let row = diesel::insert_into(a::entity_aliases)
        .values((
            a::alias.eq(new.alias.as_str()),
            a::entity_id.eq(new.entity_id.as_str()),
            a::user_id.eq(&new.user_id),
        ))
        .returning(AliasRow::as_returning())
        .get_result(conn)?;
    Ok(row.into())
}

pub fn list(
    conn: &mut SqliteConnection,
    user_id: Option<&str>,
) -> Result<Vec<EntityAlias>, DbError> {
    let mut query = a::entity_aliases
        .select(AliasRow::as_select())
        .order(a::alias.asc())
        .into_boxed();
    if let Some(user) = user_id {
        query = query.filter(a::user_id.eq(user.to_owned()));
    }
    Ok(query.load(conn)?.into_iter().map(Into::into).collect())
}

/// Deletes one user's alias; `Ok(false)` when there was none.
pub fn delete(
    conn: &mut SqliteConnection,
    user_id: &str,
    alias: &AliasName,
) -> Result<bool, DbError> {
    let n = diesel::delete(
        a::entity_aliases
            .filter(a::user_id.eq(user_id))
            .filter(a::alias.eq(alias.as_str())),
    )
    .execute(conn)?;
    Ok(n > 0)
}
