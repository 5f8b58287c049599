//! The benchmark Home Assistant: the fixture's entities and their sim helpers, deploying a
//! candidate (a blueprint with `use_blueprint`, or an automation), watching entities, and
//! moving HA's clock.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use homeai_ha::{HaClient, HaError, HaSettings, HaState, WsSession};
use serde_json::{Value, json};

/// The automation every check deploys (one at a time) and the folder of its blueprint.
pub const AUTOMATION_ID: &str = "hadatasets_check";
pub const BLUEPRINT_DIR: &str = "hadatasets";

/// The fixture's device entities with their initial states, as the checks assert them.
pub const FIXTURE: [(&str, &str); 8] = [
    ("binary_sensor.entry_door", "off"),
    ("media_player.smart_speaker", "off"),
    ("fan.bathroom_exhaust_fan", "off"),
    ("sensor.bathroom_exhaust_fan_humidity", "45"),
    ("binary_sensor.pantry_door", "off"),
    ("light.pantry_light", "off"),
    ("vacuum.vacuum_cleaner", "docked"),
    ("binary_sensor.rooftop_terrace_motion_sensor", "off"),
];

/// Besides the fixture, every entity of these domains is compared too (the test home's lights,
/// switches, sensors …): like the checks' `get_state()`, which holds the whole synthetic home,
/// a candidate that touches anything else fails.
const COMPARED_DOMAINS: [&str; 10] = [
    "binary_sensor",
    "sensor",
    "light",
    "switch",
    "fan",
    "media_player",
    "vacuum",
    "climate",
    "cover",
    "lock",
];

/// What a source offered for a task.
#[derive(Debug, Clone)]
pub enum Candidate {
    /// Blueprint YAML, as written.
    Blueprint(String),
    /// An automation (HA config JSON) instead of a blueprint; deployed as it is.
    Automation { config: Value, why: String },
    /// Nothing deployable: the reason every check of the task fails with.
    Nothing(String),
}

/// A check's verdict: `Err` holds the reason it failed.
pub type Verdict = Result<(), String>;

/// The states of the compared entities, by entity id.
pub type States = BTreeMap<String, String>;

pub struct Ha {
    client: HaClient,
    ws: WsSession,
    /// The libfaketime timestamp file hass reads (`FAKETIME_TIMESTAMP_FILE`), if it runs
    /// under libfaketime, and the offset written there so far, in seconds.
    clock_file: Option<PathBuf>,
    offset_s: AtomicU64,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// A REST request again when it went out on a pooled connection HA had closed: moving the
/// clock forward makes aiohttp's keep-alive timers fire, closing every idle connection.
async fn retried<T, F, Fut>(mut request: F) -> Result<T, HaError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, HaError>>,
{
    let mut tries = 0;
    loop {
        match request().await {
            Err(HaError::Unreachable(_)) if tries < 3 => tries += 1,
            other => return other,
        }
    }
}

impl Ha {
    /// `None` when `HOMEAI_HADATASETS_HA_URL` / `_TOKEN_FILE` are not set.
    pub async fn from_env() -> Option<Result<Ha, String>> {
        let url = env("HOMEAI_HADATASETS_HA_URL")?;
        let token_file = env("HOMEAI_HADATASETS_HA_TOKEN_FILE")?;
        Some(Self::connect(url, token_file.into()).await)
    }

    async fn connect(url: String, token_file: PathBuf) -> Result<Ha, String> {
        let settings = HaSettings {
            url: Some(url),
            token_file: Some(token_file),
            ..HaSettings::default()
        };
        let client = settings
            .client()
            .map_err(|e| e.to_string())?
            .ok_or("no HA settings")?;
        let ws = client.connect_ws().await.map_err(|e| e.to_string())?;
        let clock_file = env("HOMEAI_HADATASETS_FAKETIME_FILE").map(PathBuf::from);
        let mut offset = 0;
        if let Some(f) = &clock_file {
            let text = std::fs::read_to_string(f)
                .map_err(|e| format!("HOMEAI_HADATASETS_FAKETIME_FILE {}: {e}", f.display()))?;
            offset = text.trim().trim_start_matches('+').parse().unwrap_or(0);
        }
        Ok(Ha {
            client,
            ws,
            clock_file,
            offset_s: AtomicU64::new(offset),
        })
    }

    pub fn can_move_clock(&self) -> bool {
        self.clock_file.is_some()
    }

    pub fn url(&self) -> &str {
        self.client.base_url()
    }

    // ------------------------------------------------------------------------------ states

    pub async fn state(&self, entity_id: &str) -> Result<Option<HaState>, String> {
        retried(|| self.client.state(entity_id))
            .await
            .map_err(|e| format!("reading {entity_id}: {e}"))
    }

    /// The check's `get_state()`: the fixture plus the other compared entities.
    pub async fn get_state(&self) -> Result<States, String> {
        let all = retried(|| self.client.states())
            .await
            .map_err(|e| format!("reading states: {e}"))?;
        Ok(all
            .into_iter()
            .filter(|s| {
                let domain = s.entity_id.split('.').next().unwrap_or_default();
                COMPARED_DOMAINS.contains(&domain)
            })
            .map(|s| (s.entity_id, s.state))
            .collect())
    }

    /// `hass.states.async_set(entity, value)` of a check, done the real way: through the
    /// entity's sim helper, then waiting until the entity shows it.
    pub async fn set(&self, entity_id: &str, value: &str) -> Verdict {
        let (domain, service, data) = match entity_id {
            "sensor.bathroom_exhaust_fan_humidity" => (
                "input_number",
                "set_value",
                json!({"entity_id": "input_number.sim_hd_bathroom_humidity",
                       "value": value.parse::<f64>().map_err(|e| e.to_string())?}),
            ),
            _ => {
                let helper = match entity_id {
                    "binary_sensor.entry_door" => "input_boolean.sim_hd_entry_door",
                    "binary_sensor.pantry_door" => "input_boolean.sim_hd_pantry_door",
                    "binary_sensor.rooftop_terrace_motion_sensor" => {
                        "input_boolean.sim_hd_rooftop_terrace_motion"
                    }
                    other => return Err(format!("the harness cannot set {other}")),
                };
                let service = if value == "on" { "turn_on" } else { "turn_off" };
                ("input_boolean", service, json!({"entity_id": helper}))
            }
        };
        self.call(domain, service, data).await?;
        self.wait_for(entity_id, value, Duration::from_secs(5))
            .await
            .map_err(|e| format!("setting {entity_id} to {value}: {e}"))
    }

    /// A blocking service call (REST), as `hass.services.async_call(..., blocking=True)`.
    pub async fn call(&self, domain: &str, service: &str, data: Value) -> Verdict {
        retried(|| self.client.call_service(domain, service, data.clone()))
            .await
            .map(drop)
            .map_err(|e| format!("{domain}.{service}: {e}"))
    }

    /// `domain.service` on `entity_id`, then polls until it is `value` (a check putting a
    /// device in the state it starts from).
    pub async fn call_until(
        &self,
        domain: &str,
        service: &str,
        entity_id: &str,
        value: &str,
        timeout: Duration,
    ) -> Verdict {
        self.call(domain, service, json!({"entity_id": entity_id}))
            .await?;
        self.wait_for(entity_id, value, timeout).await
    }

    /// Polls until `entity_id` is `value`.
    pub async fn wait_for(&self, entity_id: &str, value: &str, timeout: Duration) -> Verdict {
        let deadline = Instant::now() + timeout;
        loop {
            let got = self.state(entity_id).await?.map(|s| s.state);
            if got.as_deref() == Some(value) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "{entity_id} is {} after {timeout:?}, not {value}",
                    got.as_deref().unwrap_or("missing")
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// A check's `async_track_state_change_event` fixture: set once the entity's state object
    /// changes (`last_updated`), cleared by [`Watch::clear`].
    pub async fn watch(&self, entity_id: &'static str) -> Result<Watch, String> {
        let since = self.last_updated(entity_id).await?;
        Ok(Watch { entity_id, since })
    }

    async fn last_updated(&self, entity_id: &str) -> Result<Option<DateTime<Utc>>, String> {
        Ok(self.state(entity_id).await?.map(|s| s.last_updated))
    }

    // ------------------------------------------------------------------------------- clock

    /// `async_fire_time_changed(hass, now + by)`: HA runs under libfaketime, whose offset
    /// (`FAKETIME_TIMESTAMP_FILE`, read on every clock call) moves both the wall clock and the
    /// monotonic clock asyncio schedules on; the next request wakes HA's event loop and every
    /// timer that fell due runs (`for:` of a trigger, `delay`, a `wait_for_trigger` timeout).
    pub async fn advance(&self, by: Duration) -> Verdict {
        let Some(file) = &self.clock_file else {
            return Err(format!(
                "the check moves HA's clock by {by:?}, and this HA does not run under libfaketime \
                 (HOMEAI_HADATASETS_FAKETIME_FILE is not set)"
            ));
        };
        let total = self.offset_s.fetch_add(by.as_secs(), Ordering::SeqCst) + by.as_secs();
        let tmp = file.with_extension("tmp");
        std::fs::write(&tmp, format!("+{total}\n"))
            .and_then(|()| std::fs::rename(&tmp, file))
            .map_err(|e| format!("writing {}: {e}", file.display()))?;
        // wake the event loop (it may sleep until a timer that is due only on the real clock)
        retried(|| self.client.api_status())
            .await
            .map_err(|e| format!("after moving the clock: {e}"))
    }

    // ------------------------------------------------------------------------------ set-up

    /// The fixture's initial states: no automation or blueprint of ours, the sim helpers reset.
    pub async fn reset(&self) -> Verdict {
        self.remove_automation().await?;
        let ours = self
            .ws
            .list_blueprints("automation")
            .await
            .map_err(|e| format!("blueprint/list: {e}"))?;
        for b in ours
            .iter()
            .filter(|b| b.path.starts_with(&format!("{BLUEPRINT_DIR}/")))
        {
            self.delete_blueprint(&b.path).await?;
        }
        let booleans = [
            "input_boolean.sim_hd_entry_door",
            "input_boolean.sim_hd_bathroom_exhaust_fan",
            "input_boolean.sim_hd_pantry_door",
            "input_boolean.sim_hd_pantry_light",
            "input_boolean.sim_hd_rooftop_terrace_motion",
        ];
        self.call("input_boolean", "turn_off", json!({"entity_id": booleans}))
            .await?;
        self.call(
            "input_number",
            "set_value",
            json!({"entity_id": "input_number.sim_hd_bathroom_humidity", "value": 45}),
        )
        .await?;
        for (helper, option) in [
            ("input_select.sim_hd_smart_speaker_state", "off"),
            ("input_select.sim_hd_vacuum_state", "docked"),
        ] {
            self.call(
                "input_select",
                "select_option",
                json!({"entity_id": helper, "option": option}),
            )
            .await?;
        }
        for (entity, initial) in FIXTURE {
            self.wait_for(entity, initial, Duration::from_secs(5))
                .await
                .map_err(|e| format!("resetting the fixture: {e}"))?;
        }
        Ok(())
    }

    async fn delete_blueprint(&self, path: &str) -> Verdict {
        // HA refuses while an automation still uses it: the reload after a delete is async
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match self.ws.delete_blueprint("automation", path).await {
                Ok(()) => return Ok(()),
                Err(e) if Instant::now() > deadline => {
                    return Err(format!("deleting blueprint {path}: {e}"));
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
    }

    async fn remove_automation(&self) -> Verdict {
        retried(|| self.client.delete_automation_config(AUTOMATION_ID))
            .await
            .map_err(|e| format!("deleting the automation: {e}"))?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.automation_entity().await?.is_some() {
            if Instant::now() > deadline {
                return Err("the deleted automation is still there after 10 s".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    /// The automation entity of ours (found by its `id` attribute, whatever its alias).
    async fn automation_entity(&self) -> Result<Option<HaState>, String> {
        let all = retried(|| self.client.states())
            .await
            .map_err(|e| format!("reading states: {e}"))?;
        Ok(all.into_iter().find(|s| {
            s.entity_id.starts_with("automation.")
                && s.attributes.get("id").and_then(Value::as_str) == Some(AUTOMATION_ID)
        }))
    }

    /// The checks' `automation` fixture: resets the home, then deploys `candidate` (a
    /// blueprint as `blueprints/automation/hadatasets/<task>.yaml` used by an automation with
    /// `alias` and `input`) and waits until the automation entity is `on`. `Err`: why not
    /// (HA's refusal, or the source's).
    pub async fn setup(
        &self,
        task: &str,
        candidate: &Candidate,
        alias: &str,
        input: &Value,
    ) -> Verdict {
        self.reset().await?;
        let config = match candidate {
            Candidate::Nothing(why) => return Err(why.clone()),
            Candidate::Blueprint(yaml) => {
                let (yaml, _) = to_legacy_yaml(yaml);
                let path = format!("{BLUEPRINT_DIR}/{task}.yaml");
                self.ws
                    .save_blueprint("automation", &path, &yaml, None, true)
                    .await
                    .map_err(|e| format!("HA refused the blueprint: {}", refusal(&e)))?;
                json!({
                    "id": AUTOMATION_ID,
                    "alias": alias,
                    "use_blueprint": {"path": path, "input": input},
                })
            }
            Candidate::Automation { config, .. } => {
                let mut config = to_legacy_json(config.clone(), true);
                if let Some(m) = config.as_object_mut() {
                    m.insert("id".into(), AUTOMATION_ID.into());
                    m.entry("alias").or_insert_with(|| alias.into());
                }
                config
            }
        };
        retried(|| self.client.save_automation_config(AUTOMATION_ID, &config))
            .await
            .map_err(|e| format!("HA refused the automation: {}", refusal(&e)))?;
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            match self.automation_entity().await? {
                Some(s) if s.state == "on" => return Ok(()),
                Some(s) if s.state == "unavailable" => {
                    return Err("HA could not load the automation (unavailable)".into());
                }
                _ if Instant::now() > deadline => {
                    return Err("the automation did not turn up as `on` in 15 s".into());
                }
                _ => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }
}

fn refusal(e: &HaError) -> String {
    match e {
        HaError::Rejected { message } => message.clone(),
        HaError::Command { code, message } => format!("{code}: {message}"),
        other => other.to_string(),
    }
}

/// A state-change watch of one entity (see [`Ha::watch`]).
pub struct Watch {
    entity_id: &'static str,
    since: Option<DateTime<Utc>>,
}

impl Watch {
    pub async fn is_set(&self, ha: &Ha) -> Result<bool, String> {
        Ok(ha.last_updated(self.entity_id).await? != self.since)
    }

    pub async fn clear(&mut self, ha: &Ha) -> Verdict {
        self.since = ha.last_updated(self.entity_id).await?;
        Ok(())
    }

    /// The check's initial assertions: the compared states now, each of `initial` at its
    /// value, and the watched entity not changed yet (`Err(changed)` otherwise).
    pub async fn quiet_start(
        &self,
        ha: &Ha,
        initial: &[(&str, &str)],
        changed: &str,
    ) -> Result<States, String> {
        let states = initial_states(ha, initial).await?;
        if self.is_set(ha).await? {
            return Err(changed.into());
        }
        Ok(states)
    }

    /// The same after the check changed the watched entity itself (a service call): it did
    /// change (`Err(unchanged)` otherwise), and the watch is cleared.
    pub async fn changed_start(
        &mut self,
        ha: &Ha,
        initial: &[(&str, &str)],
        unchanged: &str,
    ) -> Result<States, String> {
        let states = initial_states(ha, initial).await?;
        if !self.is_set(ha).await? {
            return Err(unchanged.into());
        }
        self.clear(ha).await?;
        Ok(states)
    }

    /// [`Watch::wait`], then `assert get_state() == {**states, entity: value, …}`.
    pub async fn wait_for_states(
        &self,
        ha: &Ha,
        timeout: Duration,
        what: &str,
        states: &States,
        changes: &[(&str, &str)],
    ) -> Verdict {
        self.wait(ha, timeout, what).await?;
        assert_states(ha, &with(states, changes)).await
    }

    /// `async with asyncio.timeout(t): await event.wait()`; `what` is the check's message.
    pub async fn wait(&self, ha: &Ha, timeout: Duration, what: &str) -> Verdict {
        let deadline = Instant::now() + timeout;
        while !self.is_set(ha).await? {
            if Instant::now() > deadline {
                return Err(format!("{what} ({} unchanged)", self.entity_id));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // the check's `async_block_till_done()`: let the automation's run finish
        tokio::time::sleep(Duration::from_millis(300)).await;
        Ok(())
    }
}

/// `assert get_state() == expected`, with the differences as the reason.
pub async fn assert_states(ha: &Ha, expected: &States) -> Verdict {
    let got = ha.get_state().await?;
    let mut diffs = Vec::new();
    for (id, want) in expected {
        match got.get(id) {
            Some(g) if g == want => {}
            Some(g) => diffs.push(format!("{id} is {g}, expected {want}")),
            None => diffs.push(format!("{id} is missing, expected {want}")),
        }
    }
    for (id, g) in &got {
        if !expected.contains_key(id) {
            diffs.push(format!("{id} ({g}) appeared"));
        }
    }
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("; "))
    }
}

/// `states = get_state()`, then `assert states.get(entity) == value` for each of `initial`.
async fn initial_states(ha: &Ha, initial: &[(&str, &str)]) -> Result<States, String> {
    let states = ha.get_state().await?;
    for (entity_id, value) in initial {
        expect(&states, entity_id, value)?;
    }
    Ok(states)
}

/// `{**states, entity: value, …}`.
pub fn with(states: &States, changes: &[(&str, &str)]) -> States {
    let mut s = states.clone();
    for (k, v) in changes {
        s.insert((*k).to_owned(), (*v).to_owned());
    }
    s
}

/// `assert states.get(entity) == value`.
pub fn expect(states: &States, entity_id: &str, value: &str) -> Verdict {
    match states.get(entity_id) {
        Some(v) if v == value => Ok(()),
        other => Err(format!(
            "initial state: {entity_id} is {}, the check expects {value}",
            other.map_or("missing", String::as_str)
        )),
    }
}

/// `BlueprintContent.validate_inputs_present`: the text is YAML (tags ignored, as PyYAML's
/// `BaseLoader`), with a `blueprint:` mapping whose `input:` holds every key.
pub fn validate_inputs_present(yaml: &str, keys: &[&str]) -> Verdict {
    let doc: Value = serde_saphyr::from_str(yaml).map_err(|e| {
        let e = e.to_string().replace('\n', " ");
        format!("Blueprint was not valid yaml: {e}")
    })?;
    let blueprint = doc
        .get("blueprint")
        .filter(|b| !is_falsy(b))
        .ok_or("Blueprint yaml did not contain 'blueprint:' key")?;
    let input = blueprint
        .get("input")
        .filter(|i| !is_falsy(i))
        .ok_or("assert input: the blueprint has no inputs")?;
    for key in keys {
        if input.get(key).is_none() {
            return Err(format!("Required input '{key}' missing from blueprint"));
        }
    }
    Ok(())
}

fn is_falsy(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

// ------------------------------------------------------------------------------ dialects

/// Home Assistant 2024.10 renamed `trigger:`/`condition:`/`action:` to their plurals,
/// `platform:` of a trigger to `trigger:` and (2024.8) `service:` of a call to `action:`,
/// keeping the old names working; the benchmark HA is 2024.3.3, which knows only the old
/// ones. The upstream checks run on a current HA, where both are the same automation, so a
/// blueprint in the new names is renamed back (nothing else changes). Returns the text and
/// what was renamed.
pub fn to_legacy_yaml(yaml: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(yaml.len());
    let mut renamed = Vec::new();
    let mut block_indent: Option<usize> = None; // inside a `|`/`>` block scalar deeper than this
    for line in yaml.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some(b) = block_indent {
            if body.trim().is_empty() || indent > b {
                out.push_str(line);
                continue;
            }
            block_indent = None;
        }
        // the key of the line, after any `- ` list markers
        let mut key_at = indent;
        while body[key_at..].starts_with("- ") {
            key_at += 2;
            key_at += body[key_at..].len() - body[key_at..].trim_start_matches(' ').len();
        }
        let rest = &body[key_at..];
        let key_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let (key, after) = rest.split_at(key_len);
        let Some(value) = after
            .strip_prefix(':')
            .filter(|v| v.is_empty() || v.starts_with(' '))
        else {
            out.push_str(line);
            continue;
        };
        let value = value.trim();
        if value.starts_with('|') || value.starts_with('>') {
            block_indent = Some(indent);
        }
        let new_key = legacy_key(key, value, key_at == 0);
        match new_key {
            Some(new) => {
                renamed.push(format!("{key}→{new}"));
                out.push_str(&line[..key_at]);
                out.push_str(new);
                out.push_str(&line[key_at + key.len()..]);
            }
            None => out.push_str(line),
        }
    }
    renamed.sort();
    renamed.dedup();
    (out, renamed)
}

/// The 2024.3 name of `key` (with its scalar `value`, empty for a mapping or list), if it is
/// one of the new names.
fn legacy_key(key: &str, value: &str, top: bool) -> Option<&'static str> {
    let value = value.trim_matches(['"', '\'']);
    match key {
        "triggers" if top => Some("trigger"),
        "conditions" if top => Some("condition"),
        "actions" if top => Some("action"),
        // `- trigger: state` in a trigger list (the old `trigger:` holds a list, never a word)
        "trigger" if is_word(value) => Some("platform"),
        // `- action: light.turn_on` (the old `action:` holds a list, never a service name)
        "action" if is_service(value) => Some("service"),
        _ => None,
    }
}

fn is_word(v: &str) -> bool {
    !v.is_empty() && v.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

fn is_service(v: &str) -> bool {
    v.split_once('.').is_some_and(|(d, s)| {
        is_word(d) && !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// [`to_legacy_yaml`] for an automation as JSON.
pub fn to_legacy_json(v: Value, top: bool) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let value = v.as_str().unwrap_or_default();
                    let key = legacy_key(&k, value, top).map_or(k, str::to_owned);
                    (key, to_legacy_json(v, false))
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(|v| to_legacy_json(v, false)).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_names_are_renamed_back_and_the_old_ones_kept() {
        let modern = "blueprint:\n  name: x\n  input:\n    trigger:\n      name: t\n\
                      triggers:\n  - trigger: state\n    entity_id: !input s\n\
                      conditions:\n  - condition: trigger\n    id: a\n\
                      actions:\n  - action: fan.turn_on\n  - choose:\n      - conditions: []\n\
                      \x20       sequence:\n          - service: light.turn_on\n\
                      description: |\n  triggers: no\n";
        let (legacy, renamed) = to_legacy_yaml(modern);
        assert_eq!(
            legacy,
            "blueprint:\n  name: x\n  input:\n    trigger:\n      name: t\n\
             trigger:\n  - platform: state\n    entity_id: !input s\n\
             condition:\n  - condition: trigger\n    id: a\n\
             action:\n  - service: fan.turn_on\n  - choose:\n      - conditions: []\n\
             \x20       sequence:\n          - service: light.turn_on\n\
             description: |\n  triggers: no\n"
        );
        assert_eq!(renamed.len(), 5, "{renamed:?}");
        let (same, none) = to_legacy_yaml(&legacy);
        assert_eq!(same, legacy);
        assert!(none.is_empty());
    }

    #[test]
    fn an_automation_in_the_new_names_is_renamed_back() {
        let modern = json!({"alias": "a",
            "triggers": [{"trigger": "state", "entity_id": "binary_sensor.x", "to": "on"}],
            "conditions": [{"condition": "trigger", "id": "t"}],
            "actions": [{"action": "light.turn_on", "target": {"entity_id": "light.y"}},
                        {"wait_for_trigger": [{"trigger": "state", "entity_id": "binary_sensor.x"}]}]});
        let legacy = json!({"alias": "a",
            "trigger": [{"platform": "state", "entity_id": "binary_sensor.x", "to": "on"}],
            "condition": [{"condition": "trigger", "id": "t"}],
            "action": [{"service": "light.turn_on", "target": {"entity_id": "light.y"}},
                       {"wait_for_trigger": [{"platform": "state", "entity_id": "binary_sensor.x"}]}]});
        assert_eq!(to_legacy_json(modern, true), legacy);
        assert_eq!(to_legacy_json(legacy.clone(), true), legacy);
    }

    #[test]
    fn inputs_are_read_with_tags_ignored() {
        let y = "blueprint:\n  input:\n    a: {}\n    b:\nx: !input a\n";
        assert_eq!(validate_inputs_present(y, &["a", "b"]), Ok(()));
        assert!(
            validate_inputs_present(y, &["c"])
                .unwrap_err()
                .contains("'c'")
        );
        assert!(validate_inputs_present("a: [", &["a"]).is_err());
    }
}
