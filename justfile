# homeai — `just` lists the recipes.
set shell := ["bash", "-euo", "pipefail", "-c"]

default:
    @just --list

# homeai on a simulated home: the four services, a month of history, the first analysis at once.
demo *ARGS:
    cargo run --release -p homeai -- demo {{ARGS}}

# The simulated home alone (a fake Home Assistant 2024.3.3 on 127.0.0.1:8124).
simhome *ARGS:
    cargo run -p homeai -- simhome {{ARGS}}

# Run every test (the same command CI runs).
test *ARGS:
    bash scripts/test.sh {{ARGS}}

# Formatting, lints, then the tests.
check:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets --locked -- -D warnings
    bash scripts/test.sh

# All four services in one process.
up:
    cargo run -p homeai -- up

# One service on its own: just run query|pattern|automation|training
run SERVICE:
    cargo run -p homeai-{{SERVICE}}

run-query:
    cargo run -p homeai-query

run-pattern:
    cargo run -p homeai-pattern

run-automation:
    cargo run -p homeai-automation

run-training:
    cargo run -p homeai-training

# Apply database migrations to $HOMEAI_DATABASE (default data/homeai.db).
migrate:
    cargo run -p homeai -- migrate

# Regenerate crates/db/src/schema.rs from migrations/ (needs diesel_cli with sqlite).
schema:
    rm -f /tmp/homeai-schema.db
    diesel migration run --database-url /tmp/homeai-schema.db
    diesel print-schema --database-url /tmp/homeai-schema.db > crates/db/src/schema.rs
    # events.id is SQLite's 64-bit rowid: more than 2^31 events is a few years of a busy home
    sed -i '/^    events (id) {$/{n;s/id -> Integer,/id -> BigInt,/}' crates/db/src/schema.rs

# A real Home Assistant 2024.3.3 on 127.0.0.1:8123 (venv under ~/.cache/homeai).
dev-ha:
    bash scripts/ha/start-ha.sh

dev-ha-stop:
    bash scripts/ha/stop-ha.sh

# A real mosquitto on 127.0.0.1:1883.
dev-mqtt:
    bash scripts/mqtt/start-mosquitto.sh

dev-mqtt-stop:
    bash scripts/mqtt/stop-mosquitto.sh

# Deployment test: docker-compose under a real Docker engine (--bench: figures to docs/).
deploy-test *ARGS:
    bash scripts/deploy-test.sh {{ARGS}}

# Benchmarks: medians over repeated runs, written to docs/benchmarks.md.
bench:
    cargo build --release --workspace --bins --locked
    HOMEAI_BENCH_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" cargo bench -p homeai-tests --bench services --locked

# Ask AI latency on a 300-entity home (P50/P95/P99) to docs/bench-askai.md; `just bench` folds it in.
bench-askai:
    cargo build --release -p homeai-query --locked
    HOMEAI_BENCH_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" cargo bench -p homeai-tests --bench askai --locked
# Ask AI on the outside splits (requests the team did not write) to docs/benchmarks.md: the
# rules alone, then the rules with an intent model trained here (crates/ml).
bench-askai-outside:
    HOMEAI_ASKAI_OUTSIDE_TABLE=/tmp/askai-outside.md cargo test -p homeai-askai --test outside_splits --locked -- --nocapture
    HOMEAI_ASKAI_OUTSIDE_MODEL_TABLE=/tmp/askai-outside-model.md cargo test -p homeai-ml --test outside_splits_with_model --locked -- --nocapture
    HOMEAI_BENCH_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" python3 crates/askai/tests/data/outside/write_bench.py /tmp/askai-outside.md docs/benchmarks.md /tmp/askai-outside-model.md
# home-assistant-datasets automations, 12 checks on a real HA (port 18124, clock moved by libfaketime):
# `hadatasets: good N/12`; HOMEAI_HADATASETS_SOURCE=solution for the self-test; --write to docs/benchmarks.md.
bench-hadatasets *ARGS:
    bash scripts/hadatasets-bench.sh {{ARGS}}
# The web UI's browser tests alone (headless Chromium, real HA; screenshots in target/ui-screenshots).
ui-test:
    bash scripts/test.sh -- --test api ui::
