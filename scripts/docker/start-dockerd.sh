#!/usr/bin/env bash
# Start a Docker engine on this machine for the deployment test (scripts/deploy-test.sh): Debian's
# docker.io (dockerd 20.10) + docker-compose 1.29 (v1), no bridge network and no iptables rules,
# so containers use `network_mode: host` (deploy/docker-compose.test.yml) and listen on loopback.
#
#   bash scripts/docker/start-dockerd.sh     # prints DOCKER_PID=<pid> when it started one
#
# Installs docker.io, docker-compose and mmdebstrap (for make-base-image.sh) with apt-get when
# missing (root). Idempotent: an engine that already answers is reused and nothing is printed on
# stdout, so a caller knows whether it owns the engine. DOCKER_STATE (default
# ~/.cache/homeai-docker) holds the pid file and the engine's log (dockerd.log).
set -euo pipefail
DOCKER_STATE=${DOCKER_STATE:-$HOME/.cache/homeai-docker}
say() { echo "[start-dockerd] $*" >&2; }
mkdir -p "$DOCKER_STATE"
need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { say "missing ${need[*]} and this is not root: apt-get install ${need[*]}"; exit 1; }
  say "apt-get install ${need[*]}"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi
if docker info >/dev/null 2>&1; then say "engine already running"; exit 0; fi
setsid dockerd --bridge=none --iptables=false --ip6tables=false \
  --pidfile "$DOCKER_STATE/dockerd.pid" >"$DOCKER_STATE/dockerd.log" 2>&1 < /dev/null &
for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
docker info >/dev/null 2>&1 || { tail -5 "$DOCKER_STATE/dockerd.log" >&2; say "engine did not start"; exit 1; }
echo "DOCKER_PID=$(cat "$DOCKER_STATE/dockerd.pid")"
