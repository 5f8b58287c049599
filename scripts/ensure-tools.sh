#!/usr/bin/env bash
# Installs what the build and the tests need and a fresh machine lacks: just (from PyPI's
# rust-just wheel, a prebuilt binary) and mosquitto (Debian). Idempotent and quick when all is there.
set -euo pipefail
say() { echo "[ensure-tools] $*" >&2; }

if ! command -v just >/dev/null 2>&1; then
  say "installing just (pip rust-just)"
  python3 -m pip install --disable-pip-version-check -q rust-just >&2
  hash -r
fi

if ! command -v mosquitto >/dev/null 2>&1 && [ ! -x /usr/sbin/mosquitto ]; then
  [ "$(id -u)" = 0 ] || { say "mosquitto is missing: apt-get install mosquitto mosquitto-clients"; exit 1; }
  say "installing mosquitto from Debian"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto mosquitto-clients >&2
fi
# the tests start their own brokers: keep Debian's service from holding port 1883
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet mosquitto 2>/dev/null; then
  systemctl stop mosquitto || true
fi

# the web UI's browser tests: Debian's chromium, driven by Playwright's core package (npm) from
# node — no browser download (tests/api/ui.rs, tests/ui/walk.mjs)
apt_install() {
  [ "$(id -u)" = 0 ] || { say "missing: apt-get install $*"; exit 1; }
  say "installing $* from Debian"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}
command -v chromium >/dev/null 2>&1 || apt_install chromium
# the clock-shifted test runs (scripts/clock-shifted-tests.sh): libfaketime starts the wall clock
# of a test and of the services it spawns at a chosen instant
command -v faketime >/dev/null 2>&1 || apt_install faketime
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || apt_install nodejs npm
ui_tests="$(dirname "${BASH_SOURCE[0]}")/../tests/ui"
if [ ! -d "$ui_tests/node_modules/playwright-core" ]; then
  say "installing the browser tests' npm packages (tests/ui)"
  (cd "$ui_tests" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
