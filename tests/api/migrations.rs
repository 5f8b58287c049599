use std::time::Duration;

use crate::helpers::*;

#[tokio::test]
async fn homeai_migrate_applies_everything_once() {
    let dir = tempfile::tempdir().unwrap();
    let env = base_env(&dir.path().join("homeai.db"));
    let mut first = Proc::spawn("homeai", &["migrate"], &env);
    assert!(
        first.wait_exit(Duration::from_secs(30)).success(),
        "{}",
        first.log_text()
    );
    assert!(
        first.log_text().contains("7 migration(s) applied:"),
        "{}",
        first.log_text()
    );
    let mut second = Proc::spawn("homeai", &["migrate"], &env);
    assert!(second.wait_exit(Duration::from_secs(30)).success());
    assert!(
        second
            .log_text()
            .contains("0 migration(s) applied (already up to date)"),
        "{}",
        second.log_text()
    );
}

#[tokio::test]
async fn four_services_starting_at_once_on_a_new_file_all_come_up() {
    let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let env = base_env(&dir.path().join("homeai.db"));
    // all four race to migrate the same new file
    let mut procs: Vec<Proc> = SERVICES
        .iter()
        .map(|s| Proc::spawn(&format!("homeai-{s}"), &[], &env))
        .collect();
    let client = client();
    for (proc, service) in procs.iter_mut().zip(SERVICES) {
        let port = proc.port_of(service);
        let ready = client
            .get(format!("http://127.0.0.1:{port}/health/ready"))
            .send()
            .await
            .unwrap();
        assert_eq!(ready.status(), 200, "{service}: {}", proc.log_text());
    }
    let applied: usize = procs
        .iter()
        .map(|p| {
            p.log_text()
                .lines()
                .filter(|l| l.contains("applied database migrations"))
                .count()
        })
        .sum();
    assert_eq!(applied, 1, "exactly one process applied the migrations");
}
