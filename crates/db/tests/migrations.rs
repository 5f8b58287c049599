//! The schema: migrations apply once, revert cleanly, and `schema.rs` matches the file.

use homeai_db::{DatabaseSettings, migrate, revert_all};

fn settings(dir: &tempfile::TempDir) -> DatabaseSettings {
    DatabaseSettings::new(dir.path().join("homeai.db"))
}

#[test]
fn migrations_apply_once_and_a_second_run_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let s = settings(&dir);
    let first = migrate(&s).unwrap();
    assert!(first.applied.len() >= 6, "applied {:?}", first.applied);
    let schema_after_first = homeai_db::repo::health::schema_sql(&s).unwrap();
    let second = migrate(&s).unwrap();
    assert!(
        second.applied.is_empty(),
        "second run applied {:?}",
        second.applied
    );
    assert_eq!(
        homeai_db::repo::health::schema_sql(&s).unwrap(),
        schema_after_first
    );
}

#[test]
fn migrations_go_up_down_and_up_again() {
    let dir = tempfile::tempdir().unwrap();
    let s = settings(&dir);
    let up = migrate(&s).unwrap().applied.len();
    let schema = homeai_db::repo::health::schema_sql(&s).unwrap();
    assert_eq!(revert_all(&s).unwrap(), up);
    let user_tables = homeai_db::repo::health::schema_sql(&s)
        .unwrap()
        .into_iter()
        .filter(|sql| {
            !sql.contains("__diesel_schema_migrations") && !sql.contains("sqlite_sequence")
        })
        .count();
    assert_eq!(user_tables, 0, "down migrations left tables behind");
    assert_eq!(migrate(&s).unwrap().applied.len(), up);
    assert_eq!(homeai_db::repo::health::schema_sql(&s).unwrap(), schema);
}

#[test]
fn every_table_in_schema_rs_reads_from_the_migrated_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = settings(&dir).open().unwrap();
    let checked = homeai_db::repo::health::check_schema(&mut db.pool().get().unwrap()).unwrap();
    assert!(checked >= 24, "checked only {checked} tables");
}

#[test]
fn the_file_is_in_wal_mode_with_foreign_keys_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = settings(&dir).open().unwrap();
    let pragmas = homeai_db::repo::health::pragmas(&mut db.pool().get().unwrap()).unwrap();
    assert_eq!(pragmas.journal_mode, "wal");
    assert_eq!(pragmas.foreign_keys, 1);
    assert_eq!(pragmas.synchronous, 1, "NORMAL");
    assert!(pragmas.busy_timeout_ms >= 5000);
}

#[test]
fn a_database_from_a_newer_homeai_is_refused_with_the_reason() {
    use diesel::connection::SimpleConnection;
    use diesel::{Connection, SqliteConnection};

    let dir = tempfile::tempdir().unwrap();
    let s = settings(&dir);
    migrate(&s).unwrap();
    let mut conn = SqliteConnection::establish(&s.url()).unwrap();
    conn.batch_execute(
        "INSERT INTO __diesel_schema_migrations (version) VALUES ('20991231000000')",
    )
    .unwrap();
    drop(conn);
    let err = migrate(&s).unwrap_err().to_string();
    assert!(
        err.contains("newer homeai") && err.contains("20991231000000"),
        "{err}"
    );
    let err = s.open().err().expect("open refuses it too").to_string();
    assert!(err.contains("newer homeai"), "{err}");
}
