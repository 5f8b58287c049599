#!/usr/bin/env bash
# The test command: builds the binaries the end-to-end tests spawn, starts what they talk to (a
# real Home Assistant 2024.3.3 with MQTT statestream and a real mosquitto, on loopback, fresh for
# this run), runs every test and closes with one line counting them all.
#   scripts/test.sh            # what `just test` and CI run
#   scripts/test.sh -- --nocapture
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-tools.sh
cargo build --workspace --bins --locked

run_dir=$(mktemp -d /tmp/homeai-test.XXXXXX)
export MQTT_PORT=${HOMEAI_TEST_MQTT_PORT:-18830} MQTT_DIR="$run_dir/mqtt"
export HA_PORT=${HOMEAI_TEST_HA_PORT:-18123} HA_CONFIG="$run_dir/ha" HA_MQTT_PORT=$MQTT_PORT
stop_all() {
  bash scripts/ha/stop-ha.sh >/dev/null 2>&1 || true
  bash scripts/mqtt/stop-mosquitto.sh >/dev/null 2>&1 || true
  rm -rf "$run_dir"
}
trap stop_all EXIT
bash scripts/mqtt/start-mosquitto.sh >/dev/null
bash scripts/ha/start-ha.sh >/dev/null
# shellcheck disable=SC1091
source "$HA_CONFIG/ha.env"
export HOMEAI_TEST_HA_URL="$HA_URL" HOMEAI_TEST_HA_TOKEN_FILE="$HA_TOKEN_FILE"
export HOMEAI_TEST_MQTT_PORT="$MQTT_PORT"

log="$run_dir/cargo-test.log"
status=0
cargo test --workspace --locked "$@" 2>&1 | tee "$log" || status=$?
echo
awk '/^test result:/ { for (i = 2; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
# every time-sensitive suite again with the clock started at other hours, dates and time zones,
# while the real Home Assistant and mosquitto are still up (the whole run only: no filter given)
if [ "$status" = 0 ] && [ "$#" = 0 ]; then
  bash scripts/clock-shifted-tests.sh || status=$?
fi
exit "$status"
