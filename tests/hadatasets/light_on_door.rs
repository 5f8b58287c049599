//! `datasets/automations/light_on_door/test_blueprint.py`, ported to the real HA.

use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::{Candidate, Ha, States, Verdict, Watch};
use crate::scoring::{Scores, run_checks};

pub const TASK: &str = "light_on_door";
const DOOR_ENTITY: &str = "binary_sensor.pantry_door";
const LIGHT_ENTITY: &str = "light.pantry_light";
const WAIT_TIMEOUT: Duration = Duration::from_secs(5);
// The problem statement asks for a 5 minute timeout, so set 10 minutes to be generous
const LIGHT_TIMEOUT: Duration = Duration::from_secs(10 * 60);
const ALIAS: &str = "Pantry light door";
const INPUT_KEYS: [&str; 2] = ["door_sensor", "light_switch"];

fn blueprint_input() -> Value {
    json!({
        "door_sensor": DOOR_ENTITY,
        "light_switch": {"entity_id": [LIGHT_ENTITY]},
    })
}

pub async fn run(ha: &Ha, candidate: &Candidate, scores: &mut Scores) {
    run_checks!(
        scores,
        TASK,
        ha,
        candidate,
        &INPUT_KEYS,
        [test_door_open, test_door_open_close, test_light_timeout]
    );
}

/// The common start: the automation, the initial states, the door opens and the light goes on.
async fn open_the_door(ha: &Ha, candidate: &Candidate) -> Result<(States, Watch), String> {
    ha.setup(TASK, candidate, ALIAS, &blueprint_input()).await?;
    let light_state_change = ha.watch(LIGHT_ENTITY).await?;
    let states = light_state_change
        .quiet_start(
            ha,
            &[(DOOR_ENTITY, "off"), (LIGHT_ENTITY, "off")],
            "the light changed before the door opened",
        )
        .await?;

    // Open the door and wait for the light to turn on
    ha.set(DOOR_ENTITY, "on").await?;
    light_state_change
        .wait_for_states(
            ha,
            WAIT_TIMEOUT,
            "Timeout waiting for light to turn on",
            &states,
            &[(DOOR_ENTITY, "on"), (LIGHT_ENTITY, "on")],
        )
        .await?;
    Ok((states, light_state_change))
}

/// [`open_the_door`], then what both later checks go on from: the automation has had its
/// moment to set up the idle timeout or turn-off trigger, and the watch is cleared.
async fn the_light_is_on(ha: &Ha, candidate: &Candidate) -> Result<(States, Watch), String> {
    let (states, mut light_state_change) = open_the_door(ha, candidate).await?;

    // Yield to the automation to let it set up the idle timeout or turn off trigger.
    tokio::time::sleep(Duration::from_millis(10)).await;
    light_state_change.clear(ha).await?;
    Ok((states, light_state_change))
}

/// The light is controlled by opening the door.
async fn test_door_open(ha: &Ha, candidate: &Candidate) -> Verdict {
    open_the_door(ha, candidate).await.map(drop)
}

/// The light is controlled by opening and closing the door.
async fn test_door_open_close(ha: &Ha, candidate: &Candidate) -> Verdict {
    let (states, light_state_change) = the_light_is_on(ha, candidate).await?;

    // After 30 seconds the door closes. We expect the light to also turn off.
    ha.advance(Duration::from_secs(30)).await?;
    ha.set(DOOR_ENTITY, "off").await?;

    // Wait for the light to turn off
    light_state_change
        .wait_for_states(
            ha,
            WAIT_TIMEOUT,
            "Timeout waiting for light to turn off",
            &states,
            &[(DOOR_ENTITY, "off"), (LIGHT_ENTITY, "off")],
        )
        .await
}

/// The light is turned off after a timeout, with the door still open.
async fn test_light_timeout(ha: &Ha, candidate: &Candidate) -> Verdict {
    let (states, light_state_change) = the_light_is_on(ha, candidate).await?;

    // Wait for some timeout and verify the light has been automatically turned off, even
    // though the door is still open.
    ha.advance(LIGHT_TIMEOUT).await?;
    light_state_change
        .wait_for_states(
            ha,
            WAIT_TIMEOUT,
            "Timeout waiting for light to turn off",
            &states,
            &[(DOOR_ENTITY, "on"), (LIGHT_ENTITY, "off")],
        )
        .await
}
