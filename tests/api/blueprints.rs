//! Blueprints through the automation service against the real Home Assistant: a blueprint is
//! imported (checked, then saved with `blueprint/save`) and listed by HA; an invalid one is
//! refused with its reason and never reaches HA; an instance with the test home's entities is
//! deployed as `use_blueprint`, recorded, and fires (the simulated motion sensor turns the light
//! on); missing inputs, unknown keys and unknown entities are refused before anything is
//! written; mutations need the token. And from Ask AI to HA: a markdown spec's blueprint is
//! imported and instantiated.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use homeai_ha::{HaClient, HaSettings};
use serde_json::{Map, Value, json};

use crate::helpers::*;

fn bp_path(test: &str) -> String {
    format!("homeai/test_bp_{}_{test}.yaml", std::process::id())
}

fn ha() -> HaClient {
    let (url, _) = real_ha();
    let settings = HaSettings {
        url: Some(url),
        token_file: Some(std::env::var("HOMEAI_TEST_HA_TOKEN_FILE").unwrap().into()),
        ..HaSettings::default()
    };
    settings.client().unwrap().unwrap()
}

/// The automation blueprints HA lists, by path.
async fn ha_blueprint_paths() -> Vec<String> {
    let ws = ha().connect_ws().await.unwrap();
    ws.list_blueprints("automation")
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.path)
        .collect()
}

/// One test's automation service, deploying under a config-id prefix of the test's own, and
/// the blueprint path it uses (so tests sharing the one HA never touch each other's).
struct Case {
    prefix: String,
    path: String,
    dir: Arc<tempfile::TempDir>,
    svc: TestService,
}

fn case(test: &str, blueprint: &str) -> Case {
    let prefix = test_prefix(test);
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let svc = spawn_service_in("automation", &dir, &automation_env(&prefix));
    Case {
        prefix,
        path: bp_path(blueprint),
        dir,
        svc,
    }
}

impl Case {
    /// POST /api/v1/blueprints.
    async fn import(&self, body: Value) -> (u16, Value) {
        send_token(
            client()
                .post(self.svc.url("/api/v1/blueprints"))
                .json(&body),
        )
        .await
    }

    /// POST /api/v1/blueprints/instances of the blueprint at `path`.
    async fn instantiate(&self, path: &str, inputs: Value, alias: &str) -> (u16, Value) {
        send_token(
            client()
                .post(self.svc.url("/api/v1/blueprints/instances"))
                .json(&json!({"path": path, "inputs": inputs, "alias": alias})),
        )
        .await
    }

    /// DELETE /api/v1/blueprints/{path} of the test's blueprint.
    async fn delete_blueprint(&self) -> (u16, Value) {
        send_token(client().delete(self.svc.url(&format!("/api/v1/blueprints/{}", self.path))))
            .await
    }

    /// The test's blueprint as the service lists it.
    async fn listed(&self) -> Value {
        let listed = get_json(self.svc.url("/api/v1/blueprints")).await;
        listed["blueprints"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["path"] == self.path.as_str())
            .unwrap_or_else(|| panic!("{} not listed: {listed}", self.path))
            .clone()
    }

    async fn assert_nothing_deployed(&self) {
        let deployed = get_json(self.svc.url("/api/deploy/automations")).await;
        assert_eq!(deployed["total"], 0, "{deployed}");
    }

    /// The config HA stores for the instance `made`, which uses the test's blueprint.
    async fn stored(&self, made: &Value) -> Value {
        let config_id = made["ha_config_id"].as_str().unwrap();
        let stored = ha_get(&format!("/api/config/automation/config/{config_id}")).await;
        assert_eq!(
            stored["use_blueprint"]["path"],
            self.path.as_str(),
            "{stored}"
        );
        stored
    }

    /// Deletes the instance `made` (gone from HA), then the blueprint (gone from HA's list).
    async fn clean_up(&self, made: &Value) {
        let (status, body) = send_token(client().delete(self.svc.url(&format!(
            "/api/deploy/automations/{}",
            made["automation_id"]
        ))))
        .await;
        assert_eq!(status, 200, "{body}");
        let config_id = made["ha_config_id"].as_str().unwrap();
        assert!(
            ha_get_if_any(&format!("/api/config/automation/config/{config_id}"))
                .await
                .is_none()
        );
        let (status, body) = self.delete_blueprint().await;
        assert_eq!(status, 200, "{body}");
        assert!(!ha_blueprint_paths().await.contains(&self.path));
    }
}

/// Written in the modern dialect: the service saves it in the dialect of the test HA
/// (2024.3, legacy).
const MOTION_LIGHT: &str = "blueprint:
  name: Light on motion (homeai api test)
  description: Turns a light on when a motion sensor sees movement.
  domain: automation
  input:
    motion:
      name: Motion sensor
      selector:
        entity:
          domain: binary_sensor
          device_class: motion
    light:
      name: Light
      selector:
        target:
          entity:
            domain: light
triggers:
  - trigger: state
    entity_id: !input motion
    to: \"on\"
actions:
  - action: light.turn_on
    target: !input light
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blueprint_is_imported_instantiated_with_the_homes_entities_and_fires_in_the_real_ha() {
    let case = case("bp", "motion");
    let (prefix, path, svc) = (&case.prefix, &case.path, &case.svc);
    let c = client();

    // nothing changes without the token
    for req in [
        c.post(svc.url("/api/v1/blueprints"))
            .json(&json!({"yaml": MOTION_LIGHT, "path": path})),
        c.post(svc.url("/api/v1/blueprints/instances"))
            .json(&json!({"path": path, "inputs": {}})),
        c.delete(svc.url(&format!("/api/v1/blueprints/{path}"))),
    ] {
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 401);
    }
    assert!(!ha_blueprint_paths().await.contains(path));

    // import: checked, saved in HA, listed by HA and by the service
    let (status, imported) = case
        .import(json!({"yaml": MOTION_LIGHT, "path": path}))
        .await;
    assert_eq!(status, 201, "{imported}");
    assert_eq!(imported["path"], path.as_str());
    assert_eq!(imported["name"], "Light on motion (homeai api test)");
    assert_eq!(imported["replaced"], false);
    assert_eq!(
        imported["rewritten_for_dialect"],
        imported["dialect"] != "modern",
        "{imported}"
    );
    let keys: Vec<&str> = imported["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["motion", "light"], "{imported}");
    assert_eq!(
        imported["inputs"][0]["selector"]["entity"]["domain"],
        "binary_sensor"
    );
    assert!(ha_blueprint_paths().await.contains(path));
    let ours = case.listed().await;
    assert_eq!(ours["name"], "Light on motion (homeai api test)");
    assert!(
        ours["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["required"] == true),
        "{ours}"
    );

    // a second import at the path is refused unless it overrides
    let (status, body) = case
        .import(json!({"yaml": MOTION_LIGHT, "path": path}))
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("override"),
        "{body}"
    );
    let (status, body) = case
        .import(json!({"yaml": MOTION_LIGHT, "path": path, "override": true}))
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["replaced"], true, "{body}");

    // an invalid blueprint: 400 with the reason at its path, and nothing in HA
    let bad_path = bp_path("bad");
    let bad = MOTION_LIGHT.replace("target: !input light", "target: !input lamp");
    let (status, body) = case.import(json!({"yaml": bad, "path": bad_path})).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].as_str().unwrap().contains("lamp"), "{body}");
    assert_eq!(body["written_to_home_assistant"], false);
    let fields = body["fields"].as_array().unwrap();
    assert!(
        fields.iter().any(
            |f| f["field"].as_str().unwrap().contains("actions[0].target")
                && f["message"].as_str().unwrap().contains("lamp")
        ),
        "{body}"
    );
    let (status, body) = case
        .import(
            json!({"yaml": "blueprint:\n  name: x\n  domain: automation\n  input: [", "path": bad_path}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    // what homeai cannot tell but HA refuses: HA's reason, as a 400
    let old_ha = MOTION_LIGHT.replace(
        "  domain: automation\n",
        "  domain: automation\n  homeassistant:\n    min_version: soon\n",
    );
    let (status, body) = case.import(json!({"yaml": old_ha, "path": bad_path})).await;
    assert_eq!(status, 400, "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("Home Assistant refused") && message.contains("min_version"),
        "{body}"
    );
    assert!(ha_blueprint_paths().await.iter().all(|p| *p != bad_path));

    // instances that do not fit: 400 naming what is wrong, and nothing deployed
    let good = json!({"motion": "binary_sensor.living_room_motion", "light": {"entity_id": "light.bedroom_ceiling"}});
    let alias = format!("Bedroom light on living room motion {}", std::process::id());
    let mut unknown_key = good.as_object().unwrap().clone();
    unknown_key.insert("colour".into(), json!("red"));
    let cases: [(Value, &str); 4] = [
        (
            json!({"motion": "binary_sensor.living_room_motion"}),
            "`light`",
        ),
        (
            json!({"motion": "binary_sensor.no_such_sensor", "light": {"entity_id": "light.bedroom_ceiling"}}),
            "binary_sensor.no_such_sensor",
        ),
        (
            json!({"motion": "binary_sensor.living_room_motion", "light": {"entity_id": "light.no_such_light"}}),
            "light.no_such_light",
        ),
        (Value::Object(unknown_key), "colour"),
    ];
    for (inputs, named) in cases {
        let (status, body) = case.instantiate(path, inputs.clone(), &alias).await;
        assert_eq!(status, 400, "{inputs}: {body}");
        assert!(
            body["message"].as_str().unwrap().contains(named),
            "{named}: {body}"
        );
    }
    let (status, body) = case
        .instantiate(&bp_path("never_imported"), good.clone(), &alias)
        .await;
    assert_eq!(status, 404, "{body}");
    case.assert_nothing_deployed().await;
    let all = ha_get("/api/states").await;
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .all(|s| !s["attributes"]["id"]
                .as_str()
                .is_some_and(|id| id.starts_with(prefix.as_str()))),
        "something with {prefix} is in HA"
    );

    // the instance: deployed as use_blueprint, recorded, on
    let (status, made) = case.instantiate(path, good.clone(), &alias).await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["validated_locally"], true, "{made}");
    let config_id = made["ha_config_id"].as_str().unwrap().to_owned();
    assert!(config_id.starts_with(prefix.as_str()), "{made}");
    let entity = made["entity_id"].as_str().unwrap().to_owned();
    assert!(entity.starts_with("automation."), "{made}");
    let stored = case.stored(&made).await;
    assert_eq!(
        stored["use_blueprint"]["input"]["motion"],
        "binary_sensor.living_room_motion"
    );
    assert_eq!(ha_state(&entity).await, "on");
    let deployed = get_json(svc.url("/api/deploy/automations")).await;
    let record = deployed["automations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["ha_config_id"] == config_id.as_str())
        .unwrap_or_else(|| panic!("not in the deployed list: {deployed}"));
    assert_eq!(record["entity_id"], entity.as_str());
    assert_eq!(record["alias"], alias.as_str());
    // the same alias again is a conflict, not a second automation
    let (status, body) = case.instantiate(path, good, &alias).await;
    assert_eq!(status, 409, "{body}");

    // it fires: motion in the living room turns the bedroom ceiling light on
    let sim = [
        ("input_boolean", "input_boolean.sim_living_room_motion"),
        ("light", "light.bedroom_ceiling"),
    ];
    for (domain, id) in sim {
        ha_call(domain, "turn_off", json!({"entity_id": id})).await;
    }
    eventually(Duration::from_secs(10), "light off", || async {
        (ha_state("light.bedroom_ceiling").await == "off").then_some(())
    })
    .await;
    ha_call(
        "input_boolean",
        "turn_on",
        json!({"entity_id": "input_boolean.sim_living_room_motion"}),
    )
    .await;
    eventually(
        Duration::from_secs(15),
        "the blueprint's automation turns the light on",
        || async { (ha_state("light.bedroom_ceiling").await == "on").then_some(()) },
    )
    .await;

    // clean up: HA keeps a blueprint in use; the automation first, then the blueprint
    let (status, body) = case.delete_blueprint().await;
    assert!((400..500).contains(&status), "{status}: {body}");
    assert!(ha_blueprint_paths().await.contains(path));
    case.clean_up(&made).await;
    for (domain, id) in sim {
        ha_call(domain, "turn_off", json!({"entity_id": id})).await;
    }
}

fn spec(task: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/askai/tests/data/specs-dev")
        .join(task)
        .join("DESCRIPTION.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A value from the test home for an input, by its selector: the kitchen's motion sensor for
/// a binary sensor, its ceiling light for a light.
fn home_value(input: &Value) -> Value {
    let selector = &input["selector"];
    let (kind, options) = selector
        .as_object()
        .and_then(|m| m.iter().next())
        .unwrap_or_else(|| panic!("no selector: {input}"));
    let filter = match kind.as_str() {
        "target" => &options["entity"],
        _ => options,
    };
    let domain = match &filter["domain"] {
        Value::Array(ds) => ds[0].clone(),
        other => other.clone(),
    };
    let entity = match domain.as_str() {
        Some("binary_sensor") => "binary_sensor.kitchen_motion",
        Some("light") => "light.kitchen_ceiling",
        _ => panic!("no entity of the test home fits {input}"),
    };
    match kind.as_str() {
        "target" => json!({"entity_id": entity}),
        "entity" if filter["multiple"] == true => json!([entity]),
        "entity" => json!(entity),
        _ => panic!("no entity of the test home fits {input}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ask_ai_blueprint_is_imported_and_instantiated_in_the_real_ha() {
    let case = case("askbp", "askai");
    let query = spawn_service_in("query", &case.dir, &ha_env());

    let (status, answer) = post_token(
        query.url("/api/v1/ask-ai/query"),
        json!({ "query": spec("motion_light") }),
    )
    .await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(answer["kind"], "blueprint", "{answer}");
    let yaml = answer["blueprint_yaml"].as_str().unwrap();

    let (status, imported) = case.import(json!({"yaml": yaml, "path": case.path})).await;
    assert_eq!(status, 201, "{imported}\n{yaml}");
    // Ask AI wrote it in the home's dialect already
    assert_eq!(imported["rewritten_for_dialect"], false, "{imported}");
    assert!(ha_blueprint_paths().await.contains(&case.path));

    let mut inputs = Map::new();
    for input in imported["inputs"].as_array().unwrap() {
        if input["required"] == true {
            inputs.insert(input["key"].as_str().unwrap().to_owned(), home_value(input));
        }
    }
    assert!(
        inputs.contains_key("motion_sensor") && inputs.contains_key("lights"),
        "{imported}"
    );
    let alias = format!("Kitchen motion light (Ask AI) {}", std::process::id());
    let (status, made) = case
        .instantiate(&case.path, Value::Object(inputs), &alias)
        .await;
    assert_eq!(status, 201, "{made}\n{yaml}");
    let entity = made["entity_id"].as_str().unwrap().to_owned();
    case.stored(&made).await;
    let state = ha_get(&format!("/api/states/{entity}")).await;
    assert_eq!(state["state"], "on", "{state}");
    assert_eq!(state["attributes"]["friendly_name"], alias.as_str());

    case.clean_up(&made).await;
}

/// Legacy dialect, as the test HA (2024.3) reads it; saved straight into HA, not through homeai.
const DOOR_LAMP: &str = "blueprint:
  name: Lamp after door (homeai api test)
  domain: automation
  input:
    door:
      selector: {entity: {domain: binary_sensor}}
    lamp:
      selector: {target: {entity: {domain: light}}}
    delay:
      default: 5
      selector: {number: {min: 0, max: 60}}
trigger:
  - platform: state
    entity_id: !input door
    to: \"on\"
    for:
      seconds: !input delay
action:
  - service: light.turn_on
    target: !input lamp
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blueprint_put_in_ha_elsewhere_is_instantiated_and_what_ha_refuses_is_explained() {
    let case = case("extbp", "external");
    let ws = ha().connect_ws().await.unwrap();
    ws.save_blueprint("automation", &case.path, DOOR_LAMP, None, true)
        .await
        .unwrap();

    // listed with its optional input
    let ours = case.listed().await;
    let delay = ours["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "delay")
        .unwrap();
    assert_eq!(delay["required"], false, "{ours}");
    assert_eq!(delay["default"], 5, "{ours}");

    // a value HA cannot use: HA refuses the write, homeai says why, nothing is kept
    let alias = format!("Bedroom lamp after front door {}", std::process::id());
    let inputs =
        json!({"door": "binary_sensor.front_door", "lamp": {"entity_id": "light.bedroom_lamp"}});
    let mut bad = inputs.as_object().unwrap().clone();
    bad.insert("delay".into(), json!("soon"));
    let (status, body) = case
        .instantiate(&case.path, Value::Object(bad), &alias)
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Home Assistant refused it"),
        "{body}"
    );
    case.assert_nothing_deployed().await;

    // good values: deployed, HA having validated it (homeai never read its automation)
    let (status, made) = case.instantiate(&case.path, inputs, &alias).await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["validated_locally"], false, "{made}");
    assert!(
        made["warnings"][0].as_str().unwrap().contains("inputs"),
        "{made}"
    );
    case.stored(&made).await;
    assert_eq!(ha_state(made["entity_id"].as_str().unwrap()).await, "on");

    case.clean_up(&made).await;
}
