#!/usr/bin/env bash
# The time-sensitive suites again, with the clock started at other hours, dates and time zones:
# the simulated home, the detectors, the synthetic homes, the scheduler, the analysis and the demo.
# They reuse the test binaries `cargo test --workspace` built (nothing is rebuilt). Two clocks move:
#   HOMEAI_TEST_CLOCK  the instant the tests give the simulated home (they never read the wall clock)
#   faketime           the wall clock of the test process and of every service it spawns (libfaketime,
#                      Debian's `faketime`), so the services' "now" agrees with the simulated home's
#   TZ                 the time zone of the machine, which must not matter
# Usage: scripts/clock-shifted-tests.sh   (scripts/test.sh runs it last, after the workspace's tests)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v faketime >/dev/null || { echo "clock-shifted tests: faketime is missing (scripts/ensure-tools.sh installs it)" >&2; exit 1; }

# package:target → the test binary cargo already built for the whole workspace
binaries=$(cargo test --workspace --locked --no-run --message-format=json 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"]:
        name = m["package_id"].split("#")[-1].split("@")[0].split("/")[-1]
        print(name + ":" + m["target"]["name"], m["executable"], m["manifest_path"].rsplit("/", 1)[0])
')
# "<binary> <package dir>" of a package:target (cargo runs a test binary in its package's dir)
binary() {
  local found
  found=$(awk -v k="$1" '$1 == k { print $2, $3 }' <<<"$binaries")
  [ -n "$found" ] || { echo "clock-shifted tests: no test binary for $1" >&2; exit 1; }
  echo "$found"
}

# name | wall clock and simulated start (RFC 3339) | machine time zone | "demo" when the whole
# demo (about a minute) runs at that clock too: the night, the year's last minute, a skipped hour
# and a far zone; every other suite runs at every clock (CI's budget is 20 minutes on 2 cores)
clocks=(
  "03:00 at night|2026-12-08T03:00:00+01:00|Europe/Berlin|demo"
  "21:30 in the evening|2026-12-08T21:30:00+01:00|Europe/Berlin|"
  "23:59 before midnight, new year's eve|2026-12-31T23:59:00+01:00|Europe/Berlin|demo"
  "spring-forward night (02:00 is skipped)|2027-03-28T01:40:00+01:00|Europe/Berlin|demo"
  "fall-back night (02:00-03:00 twice)|2026-10-25T02:20:00+02:00|Europe/Berlin|"
  "a machine 14 hours ahead of UTC|2026-12-08T23:30:00+14:00|Pacific/Kiritimati|demo"
  "a machine 10 hours behind UTC|2026-12-08T20:15:00-10:00|Pacific/Honolulu|"
)
suites=(
  "homeai-simhome:homeai_simhome"
  "homeai-simhome:protocol"
  "homeai-patterns:homeai_patterns"
  "homeai-patterns:recall"
  "homeai-synth:homeai_synth"
  "homeai-pattern:homeai_pattern"
  "homeai-tests:api demo"
  "homeai-tests:api analysis::"
)
# against the real Home Assistant, when scripts/test.sh has one up: HA's own clock stays real, the
# tests compare HA's stamps with HA's clock (helpers::ha_now), never with their own
if [ -n "${HOMEAI_TEST_HA_URL:-}" ]; then
  suites+=("homeai-tests:api ingest::" "homeai-ha:real_ha")
fi

failed=0
for clock in "${clocks[@]}"; do
  IFS='|' read -r name instant tz with_demo <<<"$clock"
  # faketime reads "@YYYY-MM-DD HH:MM:SS" as a start in UTC when TZ=UTC: give it the UTC instant
  utc=$(TZ=UTC date -d "$instant" '+%Y-%m-%d %H:%M:%S')
  echo "== clock at $instant ($name), TZ=$tz"
  for suite in "${suites[@]}"; do
    read -r target filter <<<"$suite"
    if [ "$filter" = demo ] && [ "$with_demo" != demo ]; then
      continue
    fi
    read -r bin dir <<<"$(binary "$target")"
    if ! out=$(cd "$dir" && TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "@$utc" \
      env TZ="$tz" HOMEAI_TEST_CLOCK="$instant" CARGO_MANIFEST_DIR="$dir" "$bin" ${filter:+$filter} 2>&1); then
      grep -E -A 3 "panicked at|^failures:|^test result" <<<"$out" | head -n 60
      echo "   FAILED: $target ${filter}"
      failed=1
    else
      echo "   $target ${filter}: $(grep -E '^test result' <<<"$out" | tail -n 1)"
    fi
  done
done
exit "$failed"
