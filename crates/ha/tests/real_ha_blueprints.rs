//! Blueprints over the WebSocket API of a real Home Assistant 2024.3.3: save, list, refuse a
//! second save without override, replace, refuse an invalid one, delete. Same set-up as
//! `real_ha.rs` (`HOMEAI_TEST_HA_URL`, `HOMEAI_TEST_HA_TOKEN_FILE`).

// Test code: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use homeai_ha::{HaClient, HaError, HaSettings};

fn ha() -> HaClient {
    let env = |name: &str| {
        std::env::var(name)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| panic!("{name} is not set: see real_ha.rs for how to start HA"))
    };
    let settings = HaSettings {
        url: Some(env("HOMEAI_TEST_HA_URL")),
        token_file: Some(env("HOMEAI_TEST_HA_TOKEN_FILE").into()),
        ..HaSettings::default()
    };
    settings.client().unwrap().unwrap()
}

const LIGHT_ON_MOTION: &str = "blueprint:
  name: Light on motion (homeai-ha test)
  domain: automation
  input:
    motion:
      selector: {entity: {domain: binary_sensor}}
    light:
      selector: {target: {entity: {domain: light}}}
trigger:
  - platform: state
    entity_id: !input motion
    to: \"on\"
action:
  - service: light.turn_on
    target: !input light
";

#[tokio::test]
async fn a_blueprint_is_saved_listed_replaced_and_deleted_and_a_bad_one_is_refused() {
    let session = ha().connect_ws().await.unwrap();
    let path = format!("homeai/test_ha_{}.yaml", std::process::id());
    let replaced = session
        .save_blueprint("automation", &path, LIGHT_ON_MOTION, None, false)
        .await
        .unwrap();
    assert!(!replaced);
    let listed = session.list_blueprints("automation").await.unwrap();
    let ours = listed.iter().find(|b| b.path == path).expect("listed");
    let meta = ours.metadata.as_ref().unwrap();
    assert_eq!(meta["name"], "Light on motion (homeai-ha test)");
    assert!(meta["input"]["motion"].is_object(), "{meta}");

    let again = session
        .save_blueprint("automation", &path, LIGHT_ON_MOTION, None, false)
        .await
        .unwrap_err();
    assert!(
        matches!(&again, HaError::Command { code, .. } if code == "already_exists"),
        "{again:?}"
    );
    let replaced = session
        .save_blueprint(
            "automation",
            &path,
            LIGHT_ON_MOTION,
            Some("https://example.com/b.yaml"),
            true,
        )
        .await
        .unwrap();
    assert!(replaced);

    let bad = session
        .save_blueprint(
            "automation",
            "homeai/test_ha_bad.yaml",
            "blueprint:\n  name: x\n",
            None,
            true,
        )
        .await
        .unwrap_err();
    match bad {
        HaError::Command { code, message } => {
            assert_eq!(code, "invalid_format");
            assert!(message.contains("domain"), "{message}");
        }
        other => panic!("{other:?}"),
    }

    session.delete_blueprint("automation", &path).await.unwrap();
    let listed = session.list_blueprints("automation").await.unwrap();
    assert!(listed.iter().all(|b| b.path != path));
}
