//! End-to-end tests: the real binaries, each spawned on port 0 with a fresh SQLite file in a
//! temporary directory, and a real mosquitto where MQTT is involved.
//!
//! The binaries must be built first (`cargo build --workspace --bins`): `just test` and
//! `scripts/test.sh` do that. Set `TEST_LOG=1` to see the services' logs.

// Test code: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;

mod analysis;
mod ask_ai;
mod ask_ai_specs;
mod auth;
mod automations;
mod blueprints;
mod concurrency;
mod config;
mod cross_service;
mod demo;
mod deploy;
mod discovery;
mod events;
mod health;
mod ingest;
mod input;
mod migrations;
mod suggestions;
mod training;
mod training_experiments;
mod training_home_models;
mod training_intent;
mod training_live;
mod training_registry;
mod training_remote;
mod training_synthetic;
mod ui;
