#!/usr/bin/env bash
# The deployment test: deploy/docker-compose.yml run for real under a Docker engine, checked from
# the outside through the public HTTP API and the broker, then torn down.
#
#   bash scripts/deploy-test.sh            # what `just deploy-test` and .ci/run run
#   bash scripts/deploy-test.sh --bench    # the same, then writes the measured figures to
#                                          # docs/bench-deploy.md and the "Deployment
#                                          # (docker-compose)" section of docs/benchmarks.md
#
# Steps: start the engine (scripts/docker/start-dockerd.sh; installs docker.io, docker-compose and
# mmdebstrap when missing), make the base images if missing (debian:bookworm-slim,
# homeai-mosquitto:local: kept in the engine's store between runs), build the release binaries
# (`cargo build --release --locked -p homeai -p homeai-query …` into ${CARGO_TARGET_DIR:-target}) and the image from
# them (deploy/Dockerfile, target runtime-prebuilt), then with deploy/docker-compose.test.yml on
# top of the real compose file (project homeai-deploytest, loopback ports 28018/28020/28021/
# 28022 and 28883, a test API token, no Home Assistant):
#   1. cold start x3 (`down -v`, `up -d`, until every container is healthy), timed;
#   2. health: `docker-compose ps`, the engine's health status, /health/ready of each service;
#   3. a call across services: query's /api/v1/services sees the other three over HTTP;
#   4. MQTT between containers: every service's retained homeai/<service>/status is `online`
#      (mosquitto_sub on the host), and query reports the others' MQTT status `online`;
#   5. data survives `docker-compose down` and `up`;
#   6. `docker-compose restart pattern` under a stream of imports loses nothing;
#   7. memory of each container at idle (`docker stats --no-stream`), image size.
# Everything of the test project (containers, volumes) is removed at the end, also on failure or
# ctrl-c; the engine is stopped only if this script started it. Last line:
#   deploy-test: N passed, M failed
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

write_docs=0
for arg in "$@"; do
  case $arg in
    --bench) write_docs=1 ;;
    *) echo "usage: $0 [--bench]" >&2; exit 2 ;;
  esac
done

PROJECT=homeai-deploytest
IMAGE=homeai:deploy-test
MOSQUITTO_IMAGE=homeai-mosquitto:local
SERVICES=(query pattern automation training)
declare -A PORT=([query]=28018 [pattern]=28020 [automation]=28021 [training]=28022)
MQTT_PORT=28883
PATTERN_URL=http://127.0.0.1:${PORT[pattern]}
QUERY_URL=http://127.0.0.1:${PORT[query]}
STREAM_BATCH=200       # events per import request during the restart
PERSIST_EVENTS=1000    # events written before `down`

started=$(date +%s)
passed=0 failed=0 engine_ours=0 stack_touched=0
run_dir=$(mktemp -d /tmp/homeai-deploy-test.XXXXXX)
say() { echo "[deploy-test] $*" >&2; }
pass() { passed=$((passed + 1)); echo "  ok    $*"; }
fail() { failed=$((failed + 1)); echo "  FAIL  $*"; }
# check NAME COMMAND...: one counted check
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
# jqt FILTER...: whether the JSON on stdin satisfies FILTER (for check)
jqt() { jq -e "$@" >/dev/null 2>&1; }
# fatal: the remaining checks cannot run
die() { fail "$*"; exit 1; }

extra_files=()   # more -f files after the test override (the --bench probe-interval run)
compose() {
  docker-compose --env-file "$run_dir/empty.env" -p "$PROJECT" \
    -f deploy/docker-compose.yml -f deploy/docker-compose.test.yml "${extra_files[@]}" "$@"
}

finish() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$stack_touched" = 1 ]; then
    if [ "$failed" -gt 0 ]; then
      say "logs of the failed run (last 30 lines per container):"
      compose logs --no-color --tail=30 >&2 2>&1 || true
    fi
    say "tearing down the test project (containers and volumes)"
    compose down -v --remove-orphans -t 30 >"$run_dir/down.log" 2>&1 \
      || { cat "$run_dir/down.log" >&2; fail "teardown: docker-compose down -v"; }
  fi
  jobs -p | xargs -r kill 2>/dev/null
  if [ "$engine_ours" = 1 ]; then bash scripts/docker/stop-dockerd.sh || true; fi
  rm -rf "$run_dir"
  [ "$rc" = 0 ] || [ "$failed" -gt 0 ] || failed=1
  echo "deploy-test: wall time $(( $(date +%s) - started )) s"
  echo "deploy-test: $passed passed, $failed failed"
  [ "$failed" = 0 ] && exit 0 || exit 1
}
trap finish EXIT
trap 'say "interrupted"; fail "interrupted"; exit 130' INT TERM

now() { date +%s.%N; }
# secs START END: END - START with one decimal
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }

# ------------------------------------------------------------------ engine, images, binaries
say "starting the engine"
engine_out=$(bash scripts/docker/start-dockerd.sh) || die "the Docker engine did not start (see ${DOCKER_STATE:-$HOME/.cache/homeai-docker}/dockerd.log)"
case $engine_out in *DOCKER_PID=*) engine_ours=1 ;; esac
# the host's side of the checks: curl, jq, mosquitto_sub/pub, ss
need=()
for tool in curl:curl jq:jq mosquitto_sub:mosquitto-clients ss:iproute2; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing on this machine: apt-get install ${need[*]}"
  say "apt-get install ${need[*]}"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"; } >&2 \
    || die "could not install ${need[*]}"
fi
bash scripts/docker/make-base-image.sh debian:bookworm-slim || die "base image debian:bookworm-slim"
bash scripts/docker/make-base-image.sh "$MOSQUITTO_IMAGE" mosquitto || die "base image $MOSQUITTO_IMAGE"

say "building the release binaries"
target_dir=${CARGO_TARGET_DIR:-target}
# the five binaries by package, not `--bins` of the whole workspace: with these roots cargo unifies
# the same features as the README's `cargo run --release -p homeai` (homeai depends on the other
# four), so the demo that CI runs next reuses this build instead of recompiling and relinking
release_packages=(-p homeai -p homeai-query -p homeai-pattern -p homeai-automation -p homeai-training)
cargo build --release --locked "${release_packages[@]}" >&2 || die "cargo build --release --locked ${release_packages[*]}"
mkdir -p "$run_dir/ctx/bin"
for bin in homeai homeai-query homeai-pattern homeai-automation homeai-training; do
  cp "$target_dir/release/$bin" "$run_dir/ctx/bin/" || die "binary $target_dir/release/$bin"
done

say "building $IMAGE (deploy/Dockerfile, target runtime-prebuilt)"
old_image=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
t0=$(now)
DOCKER_BUILDKIT=0 docker build --network host -f deploy/Dockerfile --target runtime-prebuilt \
  -t "$IMAGE" "$run_dir/ctx" >"$run_dir/build.log" 2>&1 \
  || { tail -20 "$run_dir/build.log" >&2; die "docker build --target runtime-prebuilt"; }
build_s=$(secs "$t0" "$(now)")
pass "image $IMAGE built from the release binaries (${build_s} s)"
new_image=$(docker image inspect -f '{{.Id}}' "$IMAGE")
# the previous build's image, now untagged: drop it so repeated runs do not pile up images
if [ -n "$old_image" ] && [ "$old_image" != "$new_image" ]; then docker rmi "$old_image" >/dev/null 2>&1 || true; fi
image_bytes=$(docker image inspect -f '{{.Size}}' "$IMAGE")
bin_bytes=$(du -cb "$run_dir/ctx/bin/"* | tail -1 | cut -f1)
base_bytes=$(docker image inspect -f '{{.Size}}' debian:bookworm-slim)

# ------------------------------------------------------------------ the test's settings
: >"$run_dir/empty.env"   # a developer's deploy/.env must not leak into the test
mkdir -p "$run_dir/secrets"
TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$TOKEN" >"$run_dir/secrets/api_token"
printf 'not-used-no-home-assistant-in-this-test\n' >"$run_dir/secrets/ha_token"
chmod 0444 "$run_dir/secrets/"*   # readable by the container user (uid 10001)
export HOMEAI_TEST_SECRETS="$run_dir/secrets" HOMEAI_IMAGE="$IMAGE" MOSQUITTO_IMAGE
unset COMPOSE_FILE COMPOSE_PROJECT_NAME

stack_touched=1
compose down -v --remove-orphans -t 10 >/dev/null 2>&1   # leftovers of an interrupted run
busy=()
for p in "${PORT[@]}" "$MQTT_PORT"; do
  ss -Hltn "sport = :$p" 2>/dev/null | grep -q . && busy+=("$p")
done
[ ${#busy[@]} -eq 0 ] || die "ports already in use on this machine: ${busy[*]}"

# container id of a compose service (also stopped ones)
cid() { docker ps -aq --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$1" | head -1; }
health() { local id; id=$(cid "$1"); [ -n "$id" ] && docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id"; }
all_healthy() {
  local s
  for s in mosquitto "${SERVICES[@]}"; do [ "$(health "$s")" = healthy ] || return 1; done
}
ready() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:${PORT[$1]}/health/ready"; }
all_ready() { local s; for s in "${SERVICES[@]}"; do ready "$s" || return 1; done; }

# up_timed: `up -d`, then wait for all healthy; sets up_healthy_s and up_ready_s (seconds)
up_timed() {
  local t0 deadline healthy_at="" ready_at=""
  t0=$(now)
  compose up -d >"$run_dir/up.log" 2>&1 || { cat "$run_dir/up.log" >&2; return 1; }
  deadline=$((SECONDS + 120))
  while [ -z "$healthy_at" ] || [ -z "$ready_at" ]; do
    [ -z "$ready_at" ] && all_ready && ready_at=$(now)
    [ -z "$healthy_at" ] && all_healthy && healthy_at=$(now)
    [ $SECONDS -lt $deadline ] || { compose ps >&2; return 1; }
    sleep 0.1
  done
  up_healthy_s=$(secs "$t0" "$healthy_at")
  up_ready_s=$(secs "$t0" "$ready_at")
}

# ------------------------------------------------------------------ 1. cold start x3
prod_healthy_s="not measured (\`--bench\` measures it)"
if [ "$write_docs" = 1 ]; then
  # once with the production file's probe intervals: when a NUC's engine says "healthy"
  cat >"$run_dir/prod-intervals.yml" <<'EOF'
version: "2.4"
services:
  mosquitto: {healthcheck: {interval: 10s, start_period: 5s}}
  query: {healthcheck: {interval: 15s, start_period: 20s}}
  pattern: {healthcheck: {interval: 15s, start_period: 20s}}
  automation: {healthcheck: {interval: 15s, start_period: 20s}}
  training: {healthcheck: {interval: 15s, start_period: 20s}}
EOF
  extra_files=(-f "$run_dir/prod-intervals.yml")
  compose down -v -t 30 >/dev/null 2>&1
  up_timed || die "cold start with the production probe intervals: not healthy within 120 s"
  prod_healthy_s="$up_healthy_s s (\`/health/ready\` 200 after $up_ready_s s)"
  pass "cold start with the production probe intervals: all healthy after ${up_healthy_s} s"
  extra_files=()
fi
echo "cold start (down -v, up -d, until every container is healthy), 3 times:"
cold=() cold_ready=()
for i in 1 2 3; do
  compose down -v -t 30 >/dev/null 2>&1
  up_timed || die "cold start $i: the stack did not become healthy within 120 s"
  cold+=("$up_healthy_s"); cold_ready+=("$up_ready_s")
  pass "cold start $i: all healthy after ${up_healthy_s} s (all /health/ready 200 after ${up_ready_s} s)"
done
cold_median=$(median3 "${cold[@]}"); cold_ready_median=$(median3 "${cold_ready[@]}")

# ------------------------------------------------------------------ 2. health
echo "health:"
compose ps >"$run_dir/ps.txt" 2>&1
check "docker-compose ps: mosquitto and the four services Up (healthy)" \
  test "$(grep -cE '_(mosquitto|query|pattern|automation|training)_1 .*Up \(healthy\)' "$run_dir/ps.txt")" = 5
check "docker-compose ps: migrate ran once and exited 0" grep -qE '_migrate_1 .*Exit 0' "$run_dir/ps.txt"
for s in "${SERVICES[@]}"; do
  body=$(curl -sS --max-time 5 "http://127.0.0.1:${PORT[$s]}/health/ready")
  check "$s /health/ready: ready, database ok, MQTT connected, no Home Assistant" \
    jqt --arg s "$s" '.status == "ready" and .service == $s and .checks.database.ok
      and .checks.mqtt.configured and .checks.mqtt.ok and (.checks.home_assistant.configured | not)' \
    <<<"$body"
done
check "a write without the API token is refused (401)" \
  test "$(curl -sS -o /dev/null -w '%{http_code}' -X POST --data-binary 'x' "$PATTERN_URL/api/v1/events/import")" = 401

# ------------------------------------------------------------------ 3. across services
echo "a call across services:"
services_json=$(curl -sS --max-time 30 "$QUERY_URL/api/v1/services")
for s in pattern automation training; do
  check "query -> $s over HTTP (/api/v1/services: http.ok, $s:${PORT[$s]})" \
    jqt --arg s "$s" --arg url "http://127.0.0.1:${PORT[$s]}" \
      '.services[] | select(.service == $s) | .http.ok and .url == $url' <<<"$services_json"
done

# ------------------------------------------------------------------ 4. MQTT
echo "MQTT between containers:"
status_msgs=$(mosquitto_sub -h 127.0.0.1 -p "$MQTT_PORT" -t 'homeai/+/status' -v -C 4 -W 10 2>&1)
for s in "${SERVICES[@]}"; do
  check "retained homeai/$s/status is online (mosquitto_sub on the host)" \
    grep -qx "homeai/$s/status online" <<<"$status_msgs"
done
check "query is connected to the broker" jqt '.mqtt_connected' <<<"$services_json"
for s in pattern automation training; do
  check "query container sees $s container's status online through the broker" \
    jqt --arg s "$s" '.services[] | select(.service == $s) | .mqtt_status == "online"' <<<"$services_json"
done
ping="deploy-test-$$-$RANDOM"
mosquitto_pub -h 127.0.0.1 -p "$MQTT_PORT" -t homeai/deploy-test/ping -r -q 1 -m "$ping"
check "a retained message round-trips through the broker container" \
  test "$(mosquitto_sub -h 127.0.0.1 -p "$MQTT_PORT" -t homeai/deploy-test/ping -C 1 -W 5 2>/dev/null)" = "$ping"
mosquitto_pub -h 127.0.0.1 -p "$MQTT_PORT" -t homeai/deploy-test/ping -r -n

# ------------------------------------------------------------------ memory at idle
sleep 5
docker stats --no-stream --format '{{.Name}}\t{{.MemUsage}}' \
  $(docker ps -q --filter "label=com.docker.compose.project=$PROJECT") >"$run_dir/stats-idle.txt"
# rss_mib SERVICE: "RSS (anonymous)" of the container's main process (VmRSS, RssAnon), MiB
rss_mib() {
  local pid; pid=$(docker inspect -f '{{.State.Pid}}' "$(cid "$1")" 2>/dev/null) || return 0
  awk '/^VmRSS:/ { r = $2 } /^RssAnon:/ { a = $2 } END { if (r) printf "%.1f (%.1f)", r / 1024, a / 1024 }' \
    "/proc/$pid/status" 2>/dev/null
}
# mib NAME FILE: the container's memory in MiB
mib() {
  awk -F'\t' -v n="${PROJECT}_$1_1" '$1 == n { split($2, a, " / "); v = a[1]; u = v; gsub(/[0-9.]/, "", u); gsub(/[^0-9.]/, "", v)
    f = (u == "GiB") ? 1024 : (u == "MiB") ? 1 : (u == "KiB") ? 1 / 1024 : 1 / 1048576; printf "%.1f", v * f }' "$2"
}
echo "memory at idle (docker stats --no-stream):"
declare -A idle idle_rss
for s in mosquitto "${SERVICES[@]}"; do idle[$s]=$(mib "$s" "$run_dir/stats-idle.txt"); idle_rss[$s]=$(rss_mib "$s"); done
for s in "${SERVICES[@]}"; do
  check "$s at idle: ${idle[$s]} MiB (goal <= 40 MB)" \
    awk -v m="${idle[$s]:-999}" 'BEGIN { exit !(m != "" && m * 1.048576 <= 40) }'
done

# ------------------------------------------------------------------ 5. down / up keeps the data
# gen_events FILE BATCH COUNT: JSON lines of HA state objects, distinct (entity, time) pairs
gen_events() {
  awk -v b="$2" -v n="$3" 'BEGIN { for (i = 0; i < n; i++)
    printf "{\"entity_id\":\"sensor.deploy_b%d_%d\",\"state\":\"%d\",\"attributes\":{\"unit_of_measurement\":\"W\"},\"last_updated\":\"2026-01-%02dT%02d:%02d:%02d.000000+00:00\",\"last_changed\":\"2026-01-01T00:00:00+00:00\",\"context\":{\"id\":\"dt%d-%d\",\"parent_id\":null,\"user_id\":null}}\n",
      b, i % 4, i, 1 + int(i / 86400), int(i % 86400 / 3600), int(i % 3600 / 60), i % 60, b, i }' >"$1"
}
# import FILE: prints the HTTP status (000 when no answer)
import() {
  curl -sS -o "$run_dir/import.out" -w '%{http_code}' --max-time 60 \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/x-ndjson' \
    --data-binary @"$1" "$PATTERN_URL/api/v1/events/import" 2>/dev/null
}
total() { curl -sS --max-time 10 "$PATTERN_URL/api/v1/events/stats" | jq -r '.total'; }

echo "data survives docker-compose down / up:"
gen_events "$run_dir/persist.jsonl" 0 "$PERSIST_EVENTS"
code=$(import "$run_dir/persist.jsonl")
check "import of $PERSIST_EVENTS events: 200, all inserted" \
  jqt --argjson n "$PERSIST_EVENTS" '.inserted == $n and .error_count == 0' "$run_dir/import.out"
[ "$code" = 200 ] || say "import answered $code: $(cat "$run_dir/import.out")"
alias_code=$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"alias":"deploy test lamp","entity_id":"light.deploy_test"}' \
  "$QUERY_URL/api/v1/ask-ai/aliases")
check "an Ask AI alias stored through the query service (201)" test "$alias_code" = 201
compose down -t 30 >"$run_dir/down1.log" 2>&1 || { cat "$run_dir/down1.log" >&2; fail "docker-compose down"; }
check "docker-compose down removed the containers" test -z "$(cid pattern)"
up_timed || die "docker-compose up -d after down: not healthy within 120 s"
pass "docker-compose up -d after down: all healthy after ${up_healthy_s} s"
check "the $PERSIST_EVENTS events are still there (/api/v1/events/stats)" test "$(total)" = "$PERSIST_EVENTS"
check "the alias is still there" \
  jqt '.aliases | map(.alias) | index("deploy test lamp") != null' \
  <<<"$(curl -sS "$QUERY_URL/api/v1/ask-ai/aliases")"

# ------------------------------------------------------------------ 6. restart under a stream
echo "docker-compose restart pattern under a stream of imports:"
# stream: import batch after batch until $run_dir/stop exists; a batch is retried until it gets
# 200 (a restart refuses or cuts requests); every batch that got 200 is one line in sent.log
stream() {
  local b=1 code tries f="$run_dir/stream.jsonl" deadline
  while [ ! -e "$run_dir/stop" ]; do
    gen_events "$f" "$b" "$STREAM_BATCH"
    tries=0 deadline=$((SECONDS + 120))
    while :; do
      code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 60 \
        -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/x-ndjson' \
        --data-binary @"$f" "$PATTERN_URL/api/v1/events/import" 2>/dev/null)
      [ "$code" = 200 ] && break
      tries=$((tries + 1)); echo "$b $code" >>"$run_dir/retries.log"
      [ $SECONDS -lt $deadline ] || { echo "batch $b: no 200 within 120 s" >>"$run_dir/stream-error"; return 1; }
      sleep 0.2
    done
    echo "$b $tries" >>"$run_dir/sent.log"
    b=$((b + 1))
  done
}
: >"$run_dir/sent.log"; : >"$run_dir/retries.log"
sent() { wc -l <"$run_dir/sent.log"; }
mosquitto_sub -h 127.0.0.1 -p "$MQTT_PORT" -t homeai/pattern/status -v >"$run_dir/pattern-status.txt" 2>&1 &
sub_pid=$!
stream &
stream_pid=$!
wait_sent() { local n=$1 deadline=$((SECONDS + 60)); while [ "$(sent)" -lt "$n" ]; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.1; done; }
wait_sent 5 || fail "the import stream did not get going"
t0=$(now)
compose restart pattern >"$run_dir/restart.log" 2>&1 || { cat "$run_dir/restart.log" >&2; fail "docker-compose restart pattern"; }
restart_s=$(secs "$t0" "$(now)")
deadline=$((SECONDS + 60)) back=1
until [ "$(health pattern)" = healthy ] && ready pattern; do
  [ $SECONDS -lt $deadline ] || { back=0; break; }
  sleep 0.1
done
back_s=$(secs "$t0" "$(now)")
check "docker-compose restart pattern took ${restart_s} s; healthy and ready again after ${back_s} s" test "$back" = 1
# a few more batches into the restarted service before the stream stops
wait_sent "$(($(sent) + 5))" || fail "the import stream did not resume after the restart"
touch "$run_dir/stop"
wait "$stream_pid"; stream_rc=$?
kill "$sub_pid" 2>/dev/null; wait "$sub_pid" 2>/dev/null
batches=$(sent)
retried=$(wc -l <"$run_dir/retries.log")
# the refused attempts by HTTP status (000: no answer, the port was closed)
retry_codes=$(awk '{ n[$2]++ } END { for (c in n) printf "%s%s x%d", (s++ ? ", " : ""), c, n[c] }' "$run_dir/retries.log")
expected=$((PERSIST_EVENTS + batches * STREAM_BATCH))
check "every batch of the stream got 200 in the end ($batches batches of $STREAM_BATCH; $retried failed attempts retried${retry_codes:+: $retry_codes})" \
  test "$stream_rc" = 0
[ -e "$run_dir/stream-error" ] && cat "$run_dir/stream-error" >&2
got=$(total)
check "nothing lost, nothing doubled: $got events stored, $expected distinct sent" test "$got" = "$expected"
check "pattern stopped gracefully on SIGTERM (its log says stopping, then stopped)" \
  bash -c "docker logs '$(cid pattern)' 2>&1 | grep -q '\"signal\":\"SIGTERM\"' && docker logs '$(cid pattern)' 2>&1 | grep -q '\"message\":\"stopped\"'"
check "pattern said offline on MQTT when it stopped and online when it came back" \
  bash -c "tr '\n' ' ' <'$run_dir/pattern-status.txt' | grep -q 'homeai/pattern/status offline homeai/pattern/status online'"
services_json=$(curl -sS --max-time 30 "$QUERY_URL/api/v1/services")
check "query sees the restarted pattern over HTTP and MQTT" \
  jqt '.services[] | select(.service == "pattern") | .http.ok and .mqtt_status == "online"' <<<"$services_json"

sleep 2
docker stats --no-stream --format '{{.Name}}\t{{.MemUsage}}' \
  $(docker ps -q --filter "label=com.docker.compose.project=$PROJECT") >"$run_dir/stats-after.txt"
declare -A after after_rss
for s in mosquitto "${SERVICES[@]}"; do after[$s]=$(mib "$s" "$run_dir/stats-after.txt"); after_rss[$s]=$(rss_mib "$s"); done

# ------------------------------------------------------------------ figures
image_mb=$(awk -v b="$image_bytes" 'BEGIN { printf "%.0f", b / 1e6 }')
own_mb=$(awk -v b="$image_bytes" -v c="$base_bytes" 'BEGIN { printf "%.0f", (b - c) / 1e6 }')
bin_mb=$(awk -v b="$bin_bytes" 'BEGIN { printf "%.0f", b / 1e6 }')
row() { echo "| $1 | ${idle[$1]} | ${idle_rss[$1]:-?} | ${after[$1]} | ${after_rss[$1]:-?} | $2 |"; }
{
cat <<EOF
## Deployment (docker-compose)

Measured $(date -u '+%Y-%m-%d %H:%M UTC') on this machine ($(nproc) cores) by \`scripts/deploy-test.sh\` under a real Docker engine (dockerd $(docker version -f '{{.Server.Version}}' 2>/dev/null), docker-compose $(docker-compose version --short 2>/dev/null)): \`deploy/docker-compose.yml\` with the test override \`deploy/docker-compose.test.yml\` (loopback ports, no Home Assistant, healthchecks probed every second), image built from the release binaries (\`deploy/Dockerfile\`, target \`runtime-prebuilt\`).

| what | value |
|---|---|
| image \`docker image inspect -f '{{.Size}}'\` | ${image_mb} MB: \`debian:bookworm-slim\` made locally $(awk -v b="$base_bytes" 'BEGIN { printf "%.0f", b / 1e6 }') MB + ${own_mb} MB (the five binaries ${bin_mb} MB, curl, ca-certificates) |
| cold start to all-healthy: \`down -v\`, then \`up -d\` until the engine reports mosquitto and the four services healthy (migration of a new file included), median of 3 | ${cold_median} s (runs: ${cold[*]}) |
| the same, until all four \`/health/ready\` answer 200 | ${cold_ready_median} s (runs: ${cold_ready[*]}) |
| cold start to all-healthy with the production file's probe intervals (mosquitto 10 s, services 15 s; dockerd 20.10 has no \`start_interval\`, so "healthy" waits for the first probes), once | ${prod_healthy_s} |
| \`docker-compose restart pattern\` under a stream of imports (graceful stop on SIGTERM, start); healthy again after | ${restart_s} s; ${back_s} s. Nothing lost: ${batches} batches of ${STREAM_BATCH} events, ${retried} refused attempts retried${retry_codes:+ (HTTP status $retry_codes)}, ${expected} stored |

Memory per container, MiB: \`docker stats --no-stream\` (what the container's cgroup is charged, page cache excluded) and the resident set of its main process, VmRSS with the anonymous part (RssAnon) in brackets. Goal: at most 40 MB per service at idle.

| container | idle: docker stats | idle: RSS (anon) | after the test's ${expected} imported events: docker stats | RSS (anon) | mem_limit |
|---|---|---|---|---|---|
EOF
row mosquitto "64 MB"
row query "256 MB"
row pattern "512 MB"
row automation "256 MB"
row training "1 GB"
cat <<EOF

"Idle" is 5 s after the third cold start reported all-healthy. RSS minus anon is the binary's mapped file pages: page cache shared by the four services (one image, one file), charged to whichever cgroup read them first, hence not in docker's figure. A service's own memory is the anonymous part, which docker's figure follows.

Reproduce: \`just deploy-test --bench\` (\`bash scripts/deploy-test.sh --bench\`): it writes this section to \`docs/bench-deploy.md\` and into \`docs/benchmarks.md\`. A plain \`just deploy-test\` (CI) prints the same figures without writing them.
EOF
} >"$run_dir/bench.md"
echo
cat "$run_dir/bench.md"
echo

if [ "$write_docs" = 1 ]; then
  if [ "$failed" = 0 ]; then
    cp "$run_dir/bench.md" docs/bench-deploy.md
    # replace the section in docs/benchmarks.md (up to the next "## " heading), or append it
    if grep -q '^## Deployment (docker-compose)' docs/benchmarks.md 2>/dev/null; then
      awk -v f="$run_dir/bench.md" '
        /^## Deployment \(docker-compose\)/ { while ((getline l < f) > 0) print l; skip = 1; next }
        skip && /^## / { skip = 0; print ""; }
        !skip { print }' docs/benchmarks.md >"$run_dir/benchmarks.md"
      cat "$run_dir/benchmarks.md" >docs/benchmarks.md
    else
      { echo; cat "$run_dir/bench.md"; } >>docs/benchmarks.md
    fi
    say "wrote docs/bench-deploy.md and the Deployment section of docs/benchmarks.md"
  else
    say "failures: docs not written"
  fi
fi
