//! `datasets/automations/door_left_open/test_blueprint.py`, ported to the real HA.

use std::time::Duration;

use serde_json::{Value, json};

use crate::harness::{Candidate, Ha, Verdict, assert_states, with};
use crate::scoring::{Scores, run_checks};

pub const TASK: &str = "door_left_open";
const DOOR_ENTITY: &str = "binary_sensor.entry_door";
const MEDIA_PLAYER_ENTITY: &str = "media_player.smart_speaker";
const WAIT_TIMEOUT: Duration = Duration::from_secs(2);
const OPEN_DURATION: Duration = Duration::from_secs(15 * 60);
const ALIAS: &str = "Door left open";
const INPUT_KEYS: [&str; 3] = ["door_sensor", "alert_media", "open_duration"];

fn blueprint_input() -> Value {
    json!({
        "door_sensor": DOOR_ENTITY,
        "alert_media": {
            "entity_id": MEDIA_PLAYER_ENTITY,
            "media_content_id": "media-source://tts/cloud?message=Door+Open",
            "media_content_type": "provider",
        },
        "open_duration": "00:15:00",
    })
}

pub async fn run(ha: &Ha, candidate: &Candidate, scores: &mut Scores) {
    run_checks!(
        scores,
        TASK,
        ha,
        candidate,
        &INPUT_KEYS,
        [test_door_open_plays_media]
    );
}

/// The media is played when the door is left open.
async fn test_door_open_plays_media(ha: &Ha, candidate: &Candidate) -> Verdict {
    ha.setup(TASK, candidate, ALIAS, &blueprint_input()).await?;
    let media_player_state_change = ha.watch(MEDIA_PLAYER_ENTITY).await?;
    let states = media_player_state_change
        .quiet_start(
            ha,
            &[(DOOR_ENTITY, "off"), (MEDIA_PLAYER_ENTITY, "off")],
            "the media player changed before the door opened",
        )
        .await?;

    // Open the door and verify that no other states have changed.
    ha.set(DOOR_ENTITY, "on").await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_states(ha, &with(&states, &[(DOOR_ENTITY, "on")]))
        .await
        .map_err(|e| format!("right after the door opened: {e}"))?;

    // The door has been left open for too long
    ha.advance(OPEN_DURATION).await?;

    // Wait for the media player to start playing
    media_player_state_change
        .wait_for_states(
            ha,
            WAIT_TIMEOUT,
            "Timeout waiting for media player state change",
            &states,
            &[(DOOR_ENTITY, "on"), (MEDIA_PLAYER_ENTITY, "playing")],
        )
        .await
}
