//! `datasets/automations/vacuum_pause/test_blueprint.py`, ported to the real HA.

use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::{Candidate, Ha, Verdict, assert_states, expect, with};
use crate::scoring::{Scores, inputs_check};

pub const TASK: &str = "vacuum_pause";
const VACUUM_ENTITY: &str = "vacuum.vacuum_cleaner";
// Use the motion sensor as a trigger
const BINARY_SENSOR_ENTITY: &str = "binary_sensor.rooftop_terrace_motion_sensor";
const WAIT_TIMEOUT: Duration = Duration::from_secs(5);
const ALIAS: &str = "Vacuum Pause during phone call";
const INPUT_KEYS: [&str; 2] = ["phone_call_sensor", "vacuum_entity"];

fn blueprint_input() -> Value {
    json!({
        "phone_call_sensor": BINARY_SENSOR_ENTITY,
        "vacuum_entity": VACUUM_ENTITY,
    })
}

pub async fn run(ha: &Ha, candidate: &Candidate, scores: &mut Scores) {
    scores.record(
        TASK,
        "test_blueprint_inputs",
        inputs_check(candidate, &INPUT_KEYS),
    );
    scores.record(
        TASK,
        "test_vacuum_running_and_paused",
        test_vacuum_running_and_paused(ha, candidate).await,
    );
    scores.record(
        TASK,
        "test_vacuum_not_changed_when_idle",
        test_vacuum_not_changed_when_idle(ha, candidate).await,
    );
}

/// The vacuum is running, then paused when the sensor fires.
async fn test_vacuum_running_and_paused(ha: &Ha, candidate: &Candidate) -> Verdict {
    ha.setup(TASK, candidate, ALIAS, &blueprint_input()).await?;
    let mut vacuum_state_change = ha.watch(VACUUM_ENTITY).await?;

    // Put vacuum in running state
    ha.call("vacuum", "start", json!({"entity_id": VACUUM_ENTITY}))
        .await?;
    ha.wait_for(VACUUM_ENTITY, "cleaning", WAIT_TIMEOUT).await?;

    let states = ha.get_state().await?;
    expect(&states, VACUUM_ENTITY, "cleaning")?;
    expect(&states, BINARY_SENSOR_ENTITY, "off")?;
    if !vacuum_state_change.is_set(ha).await? {
        return Err("vacuum.start did not change the vacuum".into());
    }
    vacuum_state_change.clear(ha).await?;

    // A phone call is received
    ha.set(BINARY_SENSOR_ENTITY, "on").await?;
    vacuum_state_change
        .wait(ha, WAIT_TIMEOUT, "Timeout waiting for vacuum to pause")
        .await?;
    assert_states(
        ha,
        &with(
            &states,
            &[(VACUUM_ENTITY, "paused"), (BINARY_SENSOR_ENTITY, "on")],
        ),
    )
    .await
}

/// The vacuum is not paused when already idle.
async fn test_vacuum_not_changed_when_idle(ha: &Ha, candidate: &Candidate) -> Verdict {
    ha.setup(TASK, candidate, ALIAS, &blueprint_input()).await?;
    let vacuum_state_change = ha.watch(VACUUM_ENTITY).await?;
    let states = ha.get_state().await?;
    expect(&states, VACUUM_ENTITY, "docked")?;
    expect(&states, BINARY_SENSOR_ENTITY, "off")?;
    if vacuum_state_change.is_set(ha).await? {
        return Err("the vacuum changed before the phone call".into());
    }

    // A phone call is received
    ha.set(BINARY_SENSOR_ENTITY, "on").await?;
    // (the check looks at once; on a real HA the automation gets a moment to (not) act)
    tokio::time::sleep(Duration::from_secs(1)).await;

    // Vacuum is still docked, not paused
    assert_states(ha, &with(&states, &[(BINARY_SENSOR_ENTITY, "on")])).await
}
