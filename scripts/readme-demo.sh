#!/usr/bin/env bash
# CI: the README's first command, read from the README (not a copy of it), run as written in the
# checkout's root with a PATH that has no `just` and none of the tools that cargo installs: only
# the Rust toolchain (cargo, rustc, rustup, linked into a folder of their own) and the system's
# /usr/bin:/bin. Waits until the demo prints its first suggestions, then stops it (SIGINT, as
# Ctrl-C would) and says how long it took. Exit status 1 when the command fails or the
# suggestions do not come within the budget.
#   bash scripts/readme-demo.sh [budget seconds, default 900]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
budget=${1:-900}
say() { echo "[readme-demo] $*" >&2; }

# the first line of the first ```bash block under "## Two commands", without its comment
command=$(awk '
  /^## Two commands/ { section = 1; next }
  section && /^## / { exit }
  section && /^```bash/ { block = 1; next }
  block && /^```/ { exit }
  block && NF { print; exit }
' README.md | sed 's/[[:space:]]*#.*$//')
[ -n "$command" ] || { say "no command found in README.md's \"## Two commands\" block"; exit 1; }
say "the README's first command: $command"

toolchain=$(mktemp -d)
log=$(mktemp)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -INT -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -rf "$toolchain" "$log"
}
trap cleanup EXIT
for tool in cargo rustc rustup; do
  found=$(command -v "$tool") || { say "$tool is not installed"; exit 1; }
  ln -s "$found" "$toolchain/$tool"
done
clean_path="$toolchain:/usr/bin:/bin"
if PATH="$clean_path" command -v just >/dev/null 2>&1; then
  say "just is on the clean PATH ($(PATH="$clean_path" command -v just)): this check would prove nothing"
  exit 1
fi

began=$(date +%s)
# its own process group, so stopping it stops cargo and the demo under it
PATH="$clean_path" setsid bash -c "$command" >"$log" 2>&1 &
pid=$!
while :; do
  if grep -q "first suggestions after" "$log"; then
    say "$(grep -m1 "first suggestions after" "$log")"
    say "the README's first command reached the first suggestions $(($(date +%s) - began)) s after it started (build included), with no just on the PATH"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    say "the command ended before the first suggestions:"; tail -30 "$log" >&2; exit 1
  fi
  if [ $(($(date +%s) - began)) -gt "$budget" ]; then
    say "no first suggestions within $budget s:"; tail -30 "$log" >&2; exit 1
  fi
  sleep 1
done
