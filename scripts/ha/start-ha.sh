#!/usr/bin/env bash
# Start a real, offline Home Assistant 2024.3.3 on 127.0.0.1 for tests (see README.md beside this).
#
#   HA_VENV=./.ha-venv HA_CONFIG=./.ha-config HA_PORT=8123 bash scripts/ha/start-ha.sh
#
# Creates the venv (pinned install) if needed, (re)writes the test home's configuration, starts
# `hass` in the background (pid in $HA_CONFIG/ha.pid), onboards an owner on the first run, and
# writes a long-lived admin token to $HA_CONFIG/token. Idempotent: a second run reuses the venv,
# the config, the token and, when it is still running with the same config, the process.
# Last lines on stdout:  HA_URL=http://127.0.0.1:<port>   HA_TOKEN_FILE=<abs path>  (also in
# $HA_CONFIG/ha.env, ready to `source`).
set -euo pipefail

HA_VERSION=2024.3.3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# the venv lives outside the checkout (≈700 MB) and is rebuilt whenever it is missing
HA_VENV=${HA_VENV:-$HOME/.cache/homeai/ha-venv}
HA_CONFIG=${HA_CONFIG:-./.ha-config}
HA_PORT=${HA_PORT:-8123}
HA_TIME_ZONE=${HA_TIME_ZONE:-UTC}
HA_MQTT_PORT=${HA_MQTT_PORT:-}          # set to a broker port on 127.0.0.1 to enable MQTT
HA_START_TIMEOUT=${HA_START_TIMEOUT:-300}
HA_PYTHON=${HA_PYTHON:-}                # interpreter for a new venv (3.11 or 3.12)
# Optional, both empty by default (the default home is unchanged):
HA_EXTRA_PACKAGES=${HA_EXTRA_PACKAGES:-} # space-separated YAML files copied into packages/
HA_ENV=${HA_ENV:-}                      # space-separated NAME=value pairs for hass alone
                                        # (e.g. LD_PRELOAD of libfaketime for a moved clock)

say() { echo "[start-ha] $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

mkdir -p "$HA_CONFIG"
HA_CONFIG=$(cd "$HA_CONFIG" && pwd)
mkdir -p "$(dirname "$HA_VENV")"
HA_VENV=$(cd "$(dirname "$HA_VENV")" && pwd)/$(basename "$HA_VENV")

# ---------------------------------------------------------------- 1. venv with pinned packages
# requirements-ha-2024.3.3.txt beside this script: homeassistant plus what the integrations in
# configuration.yaml need, every package pinned as it resolved the week 2024.3.3 shipped. HA then
# runs with --skip-pip: it never pip-installs at run time (an integration whose requirements are
# not in the lock fails to load instead of reaching for the network).
lock="$here/requirements-ha-$HA_VERSION.txt"
[ -f "$lock" ] || die "missing $lock"
stamp="$HA_VENV/.homeai-requirements"
want=$(cksum < "$lock")
venv_changed=0
# Concurrent callers (parallel test binaries) wait for one another: install lock on the venv,
# start lock on the config dir (fds closed for hass so it does not keep holding them).
mkdir -p "$HA_VENV"
exec 8>"$HA_VENV/.homeai-install.lock"
flock 8
if [ ! -x "$HA_VENV/bin/hass" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  if [ ! -x "$HA_VENV/bin/python" ]; then
    py=$HA_PYTHON
    if [ -z "$py" ]; then
      for c in python3.11 python3.12 python3; do
        if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(not ((3,11) <= sys.version_info[:2] <= (3,12)))'; then
          py=$c; break
        fi
      done
    fi
    [ -n "$py" ] || die "need Python 3.11 or 3.12 for Home Assistant $HA_VERSION (set HA_PYTHON)"
    say "creating venv $HA_VENV with $("$py" --version 2>&1)"
    "$py" -m venv "$HA_VENV"
  fi
  t0=$(date +%s)
  say "pip-installing homeassistant==$HA_VERSION from $(basename "$lock") (about a minute)"
  "$HA_VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$lock" >&2
  echo "$want" > "$stamp"
  venv_changed=1
  say "venv ready in $(( $(date +%s) - t0 ))s"
fi
exec 8>&-
PY="$HA_VENV/bin/python"
exec 9>"$HA_CONFIG/.homeai-start.lock"
flock 9

# ---------------------------------------------------------------- 2. configuration
cfg_state=$("$PY" "$here/ha_setup.py" write-config --config "$HA_CONFIG" --port "$HA_PORT" \
            --tz "$HA_TIME_ZONE" --mqtt-port "$HA_MQTT_PORT")
# extra packages (e.g. scripts/ha/fixtures/hadatasets.yaml for the benchmark home): copied under
# their own name; a new or changed one restarts a running hass like a changed configuration
for pkg in $HA_EXTRA_PACKAGES; do
  [ -f "$pkg" ] || die "HA_EXTRA_PACKAGES: no file $pkg"
  dest="$HA_CONFIG/packages/$(basename "$pkg")"
  if ! cmp -s "$pkg" "$dest"; then
    cp "$pkg" "$dest.tmp" && mv "$dest.tmp" "$dest"
    cfg_state=changed
  fi
done

# ---------------------------------------------------------------- 3. process
pidf="$HA_CONFIG/ha.pid"
url="http://127.0.0.1:$HA_PORT"

our_pid() {  # prints the recorded pid if that process is alive and is our hass
  [ -f "$pidf" ] || return 1
  local pid; pid=$(cat "$pidf")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "hass -c $HA_CONFIG " || return 1
  echo "$pid"
}

port_busy() { "$PY" -c 'import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)' "$1"; }

start_hass() {
  port_busy "$HA_PORT" && die "port $HA_PORT on 127.0.0.1 is already in use (set HA_PORT)"
  : > "$HA_CONFIG/ha.stdout"
  # setsid: its own session, so a test runner's Ctrl-C / process-group kill does not hit it;
  # stop-ha.sh stops it by the recorded pid.
  local extra_env=()
  read -r -a extra_env <<< "$HA_ENV"
  nohup setsid env "${extra_env[@]}" "$HA_VENV/bin/hass" -c "$HA_CONFIG" --skip-pip --log-no-color \
    --log-file "$HA_CONFIG/home-assistant.log" >> "$HA_CONFIG/ha.stdout" 2>&1 < /dev/null 9>&- &
  echo $! > "$pidf"
  say "started hass pid $(cat "$pidf") on $url (log $HA_CONFIG/home-assistant.log)"
}

stop_hass() { HA_CONFIG="$HA_CONFIG" bash "$here/stop-ha.sh" >&2; }

t_start=$(date +%s.%N)
if pid=$(our_pid); then
  if [ "$cfg_state" = changed ] || [ "$venv_changed" = 1 ]; then
    say "configuration or venv changed: restarting pid $pid"
    stop_hass
    t_start=$(date +%s.%N)
    start_hass
  else
    say "already running (pid $pid)"
  fi
else
  rm -f "$pidf"
  start_hass
fi

setup() {
  "$PY" "$here/ha_setup.py" setup --config "$HA_CONFIG" --url "$url" --pid "$(cat "$pidf")" \
    --mqtt-port "$HA_MQTT_PORT" --timeout "$HA_START_TIMEOUT"
}
rc=0; setup || rc=$?
if [ "$rc" = 10 ]; then
  say "restarting once so mqtt_statestream starts with the new MQTT entry"
  stop_hass
  start_hass
  rc=0; setup || rc=$?
fi
if [ "$rc" != 0 ]; then
  say "setup failed (rc $rc); last log lines:"
  tail -n 30 "$HA_CONFIG/home-assistant.log" "$HA_CONFIG/ha.stdout" >&2 2>/dev/null || true
  exit 1
fi
say "ready in $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $t_start}")s (HA $HA_VERSION, pid $(cat "$pidf"))"

cat > "$HA_CONFIG/ha.env" <<EOF
HA_URL=$url
HA_TOKEN_FILE=$HA_CONFIG/token
HA_CONFIG=$HA_CONFIG
HA_PID_FILE=$pidf
HA_VERSION=$HA_VERSION
EOF
echo "HA_URL=$url"
echo "HA_TOKEN_FILE=$HA_CONFIG/token"
