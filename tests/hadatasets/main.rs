//! The 12 behavioural checks of home-assistant-datasets `datasets/automations` (Apache-2.0,
//! allenporter/home-assistant-datasets at d5ebbf09, see tests/data/hadatasets/NOTICE.md),
//! ported from pytest-homeassistant-custom-component to a real Home Assistant 2024.3.3, and a
//! score of the blueprints a source writes on them: `hadatasets: good N/12`, counted as the
//! published leaderboard counts (each test function that passes is one good).
//!
//! Run by `scripts/hadatasets-bench.sh` (`just bench-hadatasets`), which starts a benchmark-only
//! HA (port 18124, the fixture package scripts/ha/fixtures/hadatasets.yaml, under libfaketime)
//! and sets the environment:
//!
//! * `HOMEAI_HADATASETS_HA_URL`, `HOMEAI_HADATASETS_HA_TOKEN_FILE`: that HA. Unset: the test
//!   prints `skipped: no benchmark HA` and passes (plain `cargo test` is unaffected).
//! * `HOMEAI_HADATASETS_FAKETIME_FILE`: the libfaketime timestamp file hass reads.
//! * `HOMEAI_HADATASETS_SOURCE`: `solution` (the reference blueprints; must score 12/12),
//!   `homeai` (default) or `dir:<folder>` (see source.rs).
//! * `HOMEAI_HADATASETS_SAVE`: a folder to write what the source offered into (`<task>.yaml`
//!   for a blueprint, `<task>.json` for an automation), to read or score again with `dir:`.
//!
//! Each check, as upstream: the fixture at its initial states (sim helpers reset, the previous
//! automation and blueprint deleted), the blueprint saved (`blueprint/save`) and instantiated
//! by an automation with `use_blueprint` and the check's `BLUEPRINT_INPUT` (config API; HA's
//! refusal is the reason of a failure), the same initial-state assertions, state changes and
//! expected end states, compared over the fixture and every other device-like entity of the home.
//!
//! How the port differs, and why:
//! * `hass.states.async_set(entity, v)` is done by flipping the entity's sim helper (the entity
//!   is a template entity of the fixture), then waiting until the entity shows `v`.
//! * `async_fire_time_changed(hass, now + d)` moves HA's real clock: hass runs under libfaketime
//!   with `FAKETIME_TIMESTAMP_FILE` (`+<seconds>`, cumulative) and `FAKETIME_NO_CACHE=1`, which
//!   moves both the wall clock and the monotonic clock asyncio schedules on; the next request
//!   wakes HA's event loop and every timer that fell due runs. Checked on 2024.3.3 for `for:` of
//!   a state trigger, `delay` and the timeout of `wait_for_trigger`. The durations are the
//!   checks' own (15 min, 30 s, 10 min).
//! * Events are watched by polling the entity's `last_updated` (every 50 ms); after one, 300 ms
//!   stand for `async_block_till_done()`. Where a check compares at once after a change that a
//!   wrong automation could react to (door opened, humidity at 75 with the fan on, the phone
//!   call with the vacuum docked), the port waits 0.5–1 s first: stricter, never looser.
//! * HA 2024.3.3 knows only the pre-2024.10 names: a blueprint or automation written with
//!   `triggers:`/`conditions:`/`actions:`, `trigger: <platform>` or `action: <service>` is
//!   renamed back (`harness::to_legacy_yaml`) before it is saved; two upstream solutions
//!   (humidity_fan, vacuum_pause) are written so. The inputs check reads the text as written.

// Test code: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

mod door_left_open;
mod harness;
mod humidity_fan;
mod light_on_door;
mod scoring;
mod source;
mod vacuum_pause;

use harness::{Candidate, Ha};
use scoring::{CHECKS, Scores};
use source::Source;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hadatasets_automations_on_a_real_home_assistant() {
    let Some(ha) = Ha::from_env().await else {
        println!(
            "skipped: no benchmark HA (HOMEAI_HADATASETS_HA_URL / HOMEAI_HADATASETS_HA_TOKEN_FILE \
             are not set; run scripts/hadatasets-bench.sh)"
        );
        return;
    };
    let ha = ha.unwrap_or_else(|e| panic!("the benchmark HA: {e}"));
    let token_file = std::env::var("HOMEAI_HADATASETS_HA_TOKEN_FILE").unwrap();
    let source = Source::from_env(ha.url(), token_file.as_ref()).await;
    println!(
        "hadatasets: source {}, HA {}, clock {}",
        source.name(),
        ha.url(),
        if ha.can_move_clock() {
            "moved with libfaketime"
        } else {
            "real (checks that move it fail)"
        }
    );

    let mut scores = Scores::default();
    for task in [
        door_left_open::TASK,
        humidity_fan::TASK,
        light_on_door::TASK,
        vacuum_pause::TASK,
    ] {
        let candidate = source.candidate(task).await;
        describe(task, &candidate);
        save(task, &candidate);
        match task {
            door_left_open::TASK => door_left_open::run(&ha, &candidate, &mut scores).await,
            humidity_fan::TASK => humidity_fan::run(&ha, &candidate, &mut scores).await,
            light_on_door::TASK => light_on_door::run(&ha, &candidate, &mut scores).await,
            _ => vacuum_pause::run(&ha, &candidate, &mut scores).await,
        }
    }
    // leave the benchmark home as the next run expects it
    if let Err(e) = ha.reset().await {
        println!("hadatasets: could not reset the home afterwards: {e}");
    }
    assert_eq!(scores.total(), CHECKS);
    println!(
        "hadatasets: good {}/{CHECKS} (source {})",
        scores.good(),
        source.name()
    );
    if matches!(source, Source::Solution) {
        assert_eq!(
            scores.good(),
            CHECKS,
            "the reference solutions must pass every check (the harness is wrong otherwise): {:#?}",
            scores.failures()
        );
    }
}

/// What the source offered, and what the harness does to it.
fn describe(task: &str, candidate: &Candidate) {
    match candidate {
        Candidate::Blueprint(yaml) => {
            let (_, renamed) = harness::to_legacy_yaml(yaml);
            if renamed.is_empty() {
                println!("{task}: a blueprint ({} lines)", yaml.lines().count());
            } else {
                println!(
                    "{task}: a blueprint ({} lines) in the 2024.10 names, renamed for HA 2024.3.3: {}",
                    yaml.lines().count(),
                    renamed.join(", ")
                );
            }
        }
        Candidate::Automation { config, why } => {
            println!("{task}: {why}: {config}");
        }
        Candidate::Nothing(why) => println!("{task}: nothing to deploy: {why}"),
    }
}

/// Into `HOMEAI_HADATASETS_SAVE`, if set.
fn save(task: &str, candidate: &Candidate) {
    let Some(dir) = std::env::var_os("HOMEAI_HADATASETS_SAVE").filter(|d| !d.is_empty()) else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    match candidate {
        Candidate::Blueprint(yaml) => std::fs::write(dir.join(format!("{task}.yaml")), yaml),
        Candidate::Automation { config, .. } => std::fs::write(
            dir.join(format!("{task}.json")),
            serde_json::to_string_pretty(config).unwrap(),
        ),
        Candidate::Nothing(_) => Ok(()),
    }
    .unwrap();
}
