#!/usr/bin/env bash
# No image registry is reachable here, so base images are made from Debian packages:
#
#   bash scripts/docker/make-base-image.sh [TAG] [PACKAGE...]
#
# builds a minimal Debian bookworm root file system with mmdebstrap (through this machine's apt
# sources), adds the packages named, and imports it as TAG (default debian:bookworm-slim, what
# deploy/Dockerfile starts FROM). Reused if TAG exists: images stay in the engine's store between
# runs, so this costs ~30-45 s once per machine. The project's two:
#   bash scripts/docker/make-base-image.sh                                   # debian:bookworm-slim
#   bash scripts/docker/make-base-image.sh homeai-mosquitto:local mosquitto  # the broker
set -euo pipefail
TAG=${1:-debian:bookworm-slim}; shift || true
say() { echo "[base-image] $*" >&2; }
if docker image inspect "$TAG" >/dev/null 2>&1; then say "$TAG exists"; exit 0; fi
src=$(ls /etc/apt/sources.list.d/*.sources 2>/dev/null | xargs -r grep -l -i debian | head -1)
[ -n "$src" ] || src=/etc/apt/sources.list
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
inc=(); [ $# -gt 0 ] && inc=(--include="$(IFS=,; echo "$*")")
say "mmdebstrap bookworm ${*:-} -> $TAG (about 30 s)"
mmdebstrap --variant=minbase "${inc[@]}" bookworm "$tmp/root.tar" - < "$src" >"$tmp/log" 2>&1 \
  || { tail -5 "$tmp/log" >&2; exit 1; }
docker import "$tmp/root.tar" "$TAG" >/dev/null
say "$TAG ready"
