//! `datasets/automations/humidity_fan/test_blueprint.py`, ported to the real HA.

use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::{Candidate, Ha, Verdict};
use crate::scoring::{Scores, run_checks};

pub const TASK: &str = "humidity_fan";
const FAN_ENTITY: &str = "fan.bathroom_exhaust_fan";
const HUMIDITY_SENSOR_ENTITY: &str = "sensor.bathroom_exhaust_fan_humidity";
const FAN_TARGET_LEVEL: i64 = 65;
const WAIT_TIMEOUT: Duration = Duration::from_secs(5);
// sic: the upstream check names this automation so
const ALIAS: &str = "Vacuum Pause during phone call";
const INPUT_KEYS: [&str; 3] = ["fan_entity", "humidity_sensor", "humidity_level"];

fn blueprint_input() -> Value {
    json!({
        "fan_entity": FAN_ENTITY,
        "humidity_sensor": HUMIDITY_SENSOR_ENTITY,
        "humidity_level": FAN_TARGET_LEVEL,
    })
}

pub async fn run(ha: &Ha, candidate: &Candidate, scores: &mut Scores) {
    run_checks!(
        scores,
        TASK,
        ha,
        candidate,
        &INPUT_KEYS,
        [test_fan_triggered_on, test_fan_triggered_off]
    );
}

/// The fan is turned on when the sensor reaches the target.
async fn test_fan_triggered_on(ha: &Ha, candidate: &Candidate) -> Verdict {
    ha.setup(TASK, candidate, ALIAS, &blueprint_input()).await?;
    let fan_state_changed = ha.watch(FAN_ENTITY).await?;
    let states = fan_state_changed
        .quiet_start(
            ha,
            &[(FAN_ENTITY, "off"), (HUMIDITY_SENSOR_ENTITY, "45")],
            "the fan changed before the humidity rose",
        )
        .await?;

    // The humidity goes above the target level
    ha.set(HUMIDITY_SENSOR_ENTITY, &(FAN_TARGET_LEVEL + 10).to_string())
        .await?;
    fan_state_changed
        .wait_for_states(
            ha,
            WAIT_TIMEOUT,
            "Timeout waiting for fan state to change",
            &states,
            &[(FAN_ENTITY, "on"), (HUMIDITY_SENSOR_ENTITY, "75")],
        )
        .await
}

/// The fan is turned off when the sensor goes below the target.
async fn test_fan_triggered_off(ha: &Ha, candidate: &Candidate) -> Verdict {
    ha.setup(TASK, candidate, ALIAS, &blueprint_input()).await?;
    let mut fan_state_changed = ha.watch(FAN_ENTITY).await?;

    // Put fan in the running state
    ha.call_until("fan", "turn_on", FAN_ENTITY, "on", WAIT_TIMEOUT)
        .await?;
    ha.set(HUMIDITY_SENSOR_ENTITY, &(FAN_TARGET_LEVEL + 10).to_string())
        .await?;
    // (the check reads the states at once; here the automation gets its moment to react)
    tokio::time::sleep(Duration::from_millis(500)).await;

    let states = fan_state_changed
        .changed_start(
            ha,
            &[(FAN_ENTITY, "on"), (HUMIDITY_SENSOR_ENTITY, "75")],
            "fan.turn_on did not change the fan",
        )
        .await?;

    // The humidity goes below the target level
    ha.set(HUMIDITY_SENSOR_ENTITY, &(FAN_TARGET_LEVEL - 10).to_string())
        .await?;
    fan_state_changed
        .wait_for_states(
            ha,
            WAIT_TIMEOUT,
            "Timeout waiting for fan state to change",
            &states,
            &[(FAN_ENTITY, "off"), (HUMIDITY_SENSOR_ENTITY, "55")],
        )
        .await
}
