//! Spawning services and brokers, and talking to them.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

pub const SERVICES: [&str; 4] = ["query", "pattern", "automation", "training"];
pub const TOKEN: &str = "test-token-0123456789";

/// Where cargo put the binaries: beside the `deps/` folder this test runs from.
pub fn bin_path(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let dir = exe.parent().and_then(Path::parent).expect("target dir");
    let path = dir.join(name);
    assert!(
        path.exists(),
        "{} is missing: build the binaries first (cargo build --workspace --bins, or just test)",
        path.display()
    );
    path
}

/// A running binary whose stdout (JSON logs) is collected.
pub struct Proc {
    pub child: Child,
    pub logs: Arc<Mutex<Vec<String>>>,
    pub name: String,
}

impl Proc {
    pub fn spawn(bin: &str, args: &[&str], env: &[(String, String)]) -> Proc {
        let mut cmd = Command::new(bin_path(bin));
        cmd.args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOMEAI_LOG_FORMAT", "json")
            .env("HOMEAI_LOG", "info,rumqttd=warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap_or_else(|e| panic!("spawn {bin}: {e}"));
        let logs = Arc::new(Mutex::new(Vec::new()));
        let show = std::env::var("TEST_LOG").is_ok();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let logs = Arc::clone(&logs);
            let tag = bin.to_owned();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if show {
                        eprintln!("[{tag}] {line}");
                    }
                    logs.lock().unwrap().push(line);
                }
            });
        }
        Proc {
            child,
            logs,
            name: bin.to_owned(),
        }
    }

    pub fn log_text(&self) -> String {
        self.logs.lock().unwrap().join("\n")
    }

    /// Waits for the `listening` line of `service` and returns its port.
    pub fn port_of(&mut self, service: &str) -> u16 {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            for line in self.logs.lock().unwrap().iter() {
                if let Ok(v) = serde_json::from_str::<Value>(line)
                    && v["message"] == "listening"
                    && v["service"] == service
                {
                    return v["port"].as_u64().unwrap() as u16;
                }
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(50));
                panic!(
                    "{} exited with {status} before listening:\n{}",
                    self.name,
                    self.log_text()
                );
            }
            assert!(
                Instant::now() < deadline,
                "{} did not listen in 30 s:\n{}",
                self.name,
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// SIGTERM, then wait (at most 15 s) for a clean exit.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "{} ignored SIGTERM", self.name);
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the process to exit by itself (e.g. a CLI command).
    pub fn wait_exit(&mut self, timeout: Duration) -> std::process::ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(50)); // let the log threads drain
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "{} did not exit:\n{}",
                self.name,
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The environment of a service under test: a fresh database, the token, every port 0.
pub fn base_env(db: &Path) -> Vec<(String, String)> {
    let mut env = vec![
        ("HOMEAI_DATABASE".to_owned(), db.display().to_string()),
        ("HOMEAI_API_TOKEN".to_owned(), TOKEN.to_owned()),
    ];
    for s in SERVICES {
        env.push((format!("HOMEAI_{}_PORT", s.to_uppercase()), "0".to_owned()));
    }
    env
}

/// One lone service, spawned from its own binary.
pub struct TestService {
    pub proc: Proc,
    pub port: u16,
    /// Keeps the database directory alive as long as the service.
    pub _dir: Arc<tempfile::TempDir>,
}

impl TestService {
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

/// Spawns `homeai-<service>` on port 0 with its own fresh database.
pub fn spawn_service(service: &str) -> TestService {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    spawn_service_in(service, &dir, &[])
}

/// Spawns `homeai-<service>` on the database in `dir`, with extra environment.
pub fn spawn_service_in(
    service: &str,
    dir: &Arc<tempfile::TempDir>,
    extra: &[(String, String)],
) -> TestService {
    let mut env = base_env(&dir.path().join("homeai.db"));
    env.extend_from_slice(extra);
    let mut proc = Proc::spawn(&format!("homeai-{service}"), &[], &env);
    let port = proc.port_of(service);
    TestService {
        proc,
        port,
        _dir: Arc::clone(dir),
    }
}

/// GET `url` and decode its JSON body.
pub async fn get_json(url: impl AsRef<str>) -> Value {
    let res = client().get(url.as_ref()).send().await.unwrap();
    res.json().await.unwrap()
}

/// POSTs JSON with the bearer token: the status and the body (null when not JSON).
pub async fn post_token(url: String, body: Value) -> (u16, Value) {
    let res = client()
        .post(url)
        .bearer_auth(TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// A real mosquitto on a free loopback port, stopped on drop.
pub struct Mosquitto {
    child: Child,
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl Mosquitto {
    pub fn start() -> Mosquitto {
        let binary = ["/usr/sbin/mosquitto", "/usr/bin/mosquitto"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .expect("mosquitto is not installed: run scripts/test.sh (it installs it) or apt-get install mosquitto");
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let user = std::env::var("USER").unwrap_or_else(|_| "root".into());
        let conf = dir.path().join("mosquitto.conf");
        std::fs::write(
            &conf,
            format!(
                "listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nuser {user}\n"
            ),
        )
        .unwrap();
        let child = Command::new(binary)
            .arg("-c")
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "mosquitto did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        Mosquitto {
            child,
            port,
            _dir: dir,
        }
    }

    pub fn url(&self) -> String {
        format!("mqtt://127.0.0.1:{}", self.port)
    }
}

impl Drop for Mosquitto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// When a benchmark ran, as its recipe stamped it (`HOMEAI_BENCH_DATE`, set by the justfile from
/// `date -u`): the benchmarks never read the wall clock themselves.
#[allow(dead_code)]
pub fn bench_date() -> String {
    std::env::var("HOMEAI_BENCH_DATE").unwrap_or_else(|_| "(date not given)".to_owned())
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Polls `check` until it returns `Some`, or panics after `timeout` with `what`.
pub async fn eventually<T, F, Fut>(timeout: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The real Home Assistant the test script started: (url, token).
pub fn real_ha() -> (String, String) {
    let url = std::env::var("HOMEAI_TEST_HA_URL").unwrap_or_default();
    let token_file = std::env::var("HOMEAI_TEST_HA_TOKEN_FILE").unwrap_or_default();
    assert!(
        !url.is_empty() && !token_file.is_empty(),
        "HOMEAI_TEST_HA_URL / HOMEAI_TEST_HA_TOKEN_FILE are not set: run the tests with scripts/test.sh \
         (or just test), which starts a real Home Assistant"
    );
    let token = std::fs::read_to_string(&token_file)
        .unwrap()
        .trim()
        .to_owned();
    (url, token)
}

/// The environment that points a service at the real Home Assistant, with a short backfill
/// delay (the test HA's recorder commits every second).
pub fn ha_env() -> Vec<(String, String)> {
    let (url, _) = real_ha();
    vec![
        ("HOMEAI_HA_URL".into(), url),
        (
            "HOMEAI_HA_TOKEN_FILE".into(),
            std::env::var("HOMEAI_TEST_HA_TOKEN_FILE").unwrap(),
        ),
        ("HOMEAI_INGEST__BACKFILL_DELAY_MS".into(), "2000".into()),
        ("HOMEAI_INGEST__BATCH_MAX_DELAY_MS".into(), "50".into()),
    ]
}

/// Calls a Home Assistant service over REST as the owner.
pub async fn ha_call(domain: &str, service: &str, data: Value) {
    let (url, token) = real_ha();
    let res = client()
        .post(format!("{url}/api/services/{domain}/{service}"))
        .bearer_auth(token)
        .json(&data)
        .send()
        .await
        .unwrap();
    assert!(
        res.status().is_success(),
        "{domain}.{service}: {}",
        res.status()
    );
}

/// GET on Home Assistant's REST API as the owner; `None` when HA answers 404.
pub async fn ha_get_if_any(path: &str) -> Option<Value> {
    let (url, token) = real_ha();
    let res = client()
        .get(format!("{url}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    if res.status() == 404 {
        return None;
    }
    assert!(res.status().is_success(), "{path}: {}", res.status());
    Some(res.json().await.unwrap())
}

/// GET on Home Assistant's REST API as the owner.
pub async fn ha_get(path: &str) -> Value {
    let (url, token) = real_ha();
    let res = client()
        .get(format!("{url}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{path}: {}", res.status());
    res.json().await.unwrap()
}

/// Home Assistant's own clock, read from the `Date` header of its answer (whole seconds, rounded
/// down): the reference for the times HA stamps on states. A test compares those with HA's clock,
/// never with its own wall clock, so it passes whatever clock the test process runs on.
pub async fn ha_now() -> chrono::DateTime<chrono::Utc> {
    let (url, token) = real_ha();
    let res = client()
        .get(format!("{url}/api/"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let date = res.headers()["date"].to_str().unwrap().to_owned();
    chrono::DateTime::parse_from_rfc2822(&date)
        .unwrap_or_else(|e| panic!("HA's Date header {date:?}: {e}"))
        .with_timezone(&chrono::Utc)
}

/// A pattern service on `dir`'s database that has taken in a synthetic home (seed 31, `days`
/// days) through `POST /api/v1/events` and started its analysis; when that ends it asks the
/// automation service at `automation_url` for drafts.
pub async fn pattern_with_synthetic_home(
    dir: &Arc<tempfile::TempDir>,
    automation_url: &str,
    days: u32,
    extra: &[(String, String)],
) -> TestService {
    let spec = homeai_synth::HomeSpec {
        days,
        ..homeai_synth::HomeSpec::with_seed(31)
    };
    let mut env = vec![
        (
            "HOMEAI_ANALYSIS__TIME_ZONE".to_owned(),
            spec.time_zone.name().to_owned(),
        ),
        (
            "HOMEAI_ANALYSIS__LATITUDE".to_owned(),
            spec.latitude.to_string(),
        ),
        (
            "HOMEAI_ANALYSIS__LONGITUDE".to_owned(),
            spec.longitude.to_string(),
        ),
        (
            "HOMEAI_AUTOMATION_URL".to_owned(),
            automation_url.to_owned(),
        ),
    ];
    env.extend_from_slice(extra);
    let pattern = spawn_service_in("pattern", dir, &env);
    for chunk in homeai_synth::generate(&spec).events.chunks(10_000) {
        let res = client()
            .post(pattern.url("/api/v1/events"))
            .bearer_auth(TOKEN)
            .json(&serde_json::json!({ "events": chunk }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let res = client()
        .post(pattern.url("/api/analysis/trigger"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    pattern
}

/// Publishes one message (QoS 1) to the broker on `port` and waits for its acknowledgement.
pub async fn mqtt_publish(port: u16, topic: &str, payload: &str, retain: bool) {
    let mut options =
        rumqttc::MqttOptions::new(format!("test-pub-{}", free_port()), "127.0.0.1", port);
    options.set_keep_alive(Duration::from_secs(5));
    let (client, mut eventloop) = rumqttc::AsyncClient::new(options, 10);
    client
        .publish(
            topic,
            rumqttc::QoS::AtLeastOnce,
            retain,
            payload.as_bytes().to_vec(),
        )
        .await
        .unwrap();
    tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            if let Ok(rumqttc::Event::Incoming(rumqttc::Packet::PubAck(_))) = eventloop.poll().await
            {
                break;
            }
        }
    })
    .await
    .expect("publish acknowledged");
}

/// The port of the mosquitto the test script started (the one the real HA listens to).
pub fn test_mqtt_port() -> u16 {
    std::env::var("HOMEAI_TEST_MQTT_PORT")
        .expect("HOMEAI_TEST_MQTT_PORT is set by scripts/test.sh")
        .parse()
        .unwrap()
}

/// A config-id prefix of the test's own, so tests sharing the one HA never touch each other's.
pub fn test_prefix(test: &str) -> String {
    format!("homeai_t{}{test}_", std::process::id())
}

/// The environment of an automation service that deploys into the real HA under `prefix`,
/// waiting up to 20 s for HA to load what it writes.
pub fn automation_env(prefix: &str) -> Vec<(String, String)> {
    let mut env = ha_env();
    env.push(("HOMEAI_DEPLOY__ID_PREFIX".into(), prefix.into()));
    env.push(("HOMEAI_DEPLOY__APPEAR_TIMEOUT_MS".into(), "20000".into()));
    env
}

/// The state of `entity` in Home Assistant.
pub async fn ha_state(entity: &str) -> String {
    ha_get(&format!("/api/states/{entity}")).await["state"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Sends `req` with the bearer token: the status and the body (null when not JSON).
pub async fn send_token(req: reqwest::RequestBuilder) -> (u16, Value) {
    let res = req.bearer_auth(TOKEN).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}
