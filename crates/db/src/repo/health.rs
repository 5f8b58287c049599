use diesel::connection::SimpleConnection;
use diesel::sqlite::SqliteConnection;

use crate::DbError;

/// Proves the file can be read.
pub fn ping(conn: &mut SqliteConnection) -> Result<(), DbError> {
    conn.batch_execute("SELECT 1")?;
    Ok(())
}
