#!/usr/bin/env bash
# Stop the engine that scripts/docker/start-dockerd.sh started: only by its recorded pid, and only
# if that pid is still a dockerd. An engine started some other way is left alone.
set -u
DOCKER_STATE=${DOCKER_STATE:-$HOME/.cache/homeai-docker}
say() { echo "[stop-dockerd] $*" >&2; }
pid=$(cat "$DOCKER_STATE/dockerd.pid" 2>/dev/null) || { say "no pid file"; exit 0; }
[ "$(cat /proc/"$pid"/comm 2>/dev/null)" = dockerd ] || { say "pid $pid is not our dockerd"; exit 0; }
kill "$pid"
for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$pid" 2>/dev/null; then say "pid $pid still running after 20 s"; exit 1; fi
say "stopped pid $pid"
