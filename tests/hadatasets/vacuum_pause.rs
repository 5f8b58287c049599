//! `datasets/automations/vacuum_pause/test_blueprint.py`, ported to the real HA.

use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::{Candidate, Ha, Verdict, assert_states, with};
use crate::scoring::{Scores, run_checks};

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
    run_checks!(
        scores,
        TASK,
        ha,
        candidate,
        &INPUT_KEYS,
        [
            test_vacuum_running_and_paused,
            test_vacuum_not_changed_when_idle
        ]
    );
}

/// The vacuum is running, then paused when the sensor fires.
async fn test_vacuum_running_and_paused(ha: &Ha, candidate: &Candidate) -> Verdict {
    ha.setup(TASK, candidate, ALIAS, &blueprint_input()).await?;
    let mut vacuum_state_change = ha.watch(VACUUM_ENTITY).await?;

    // Put vacuum in running state
    ha.call_until("vacuum", "start", VACUUM_ENTITY, "cleaning", WAIT_TIMEOUT)
        .await?;

    let states = vacuum_state_change
        .changed_start(
            ha,
            &[(VACUUM_ENTITY, "cleaning"), (BINARY_SENSOR_ENTITY, "off")],
            "vacuum.start did not change the vacuum",
        )
        .await?;

    // A phone call is received
    ha.set(BINARY_SENSOR_ENTITY, "on").await?;
    vacuum_state_change
        .wait_for_states(
            ha,
            WAIT_TIMEOUT,
            "Timeout waiting for vacuum to pause",
            &states,
            &[(VACUUM_ENTITY, "paused"), (BINARY_SENSOR_ENTITY, "on")],
        )
        .await
}

/// The vacuum is not paused when already idle.
async fn test_vacuum_not_changed_when_idle(ha: &Ha, candidate: &Candidate) -> Verdict {
    ha.setup(TASK, candidate, ALIAS, &blueprint_input()).await?;
    let vacuum_state_change = ha.watch(VACUUM_ENTITY).await?;
    let states = vacuum_state_change
        .quiet_start(
            ha,
            &[(VACUUM_ENTITY, "docked"), (BINARY_SENSOR_ENTITY, "off")],
            "the vacuum changed before the phone call",
        )
        .await?;

    // A phone call is received
    ha.set(BINARY_SENSOR_ENTITY, "on").await?;
    // (the check looks at once; on a real HA the automation gets a moment to (not) act)
    tokio::time::sleep(Duration::from_secs(1)).await;

    // Vacuum is still docked, not paused
    assert_states(ha, &with(&states, &[(BINARY_SENSOR_ENTITY, "on")])).await
}
