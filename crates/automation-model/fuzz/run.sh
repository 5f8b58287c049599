#!/usr/bin/env bash
# Fuzz the automation parser and repairer for SECONDS (default 60):
#   bash crates/automation-model/fuzz/run.sh 60
# Installs cargo-fuzz from crates.io if it is missing; needs the nightly toolchain. Seeds the
# corpus with the shared automation samples when they are beside the checkout. A crash leaves
# its input under fuzz/artifacts/parse/ and makes this script fail.
set -euo pipefail
seconds="${1:-60}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

corpus="$here/corpus/parse"
mkdir -p "$corpus"
samples="$here/../../../../shared/data/automations"
if [ -d "$samples" ]; then
    for dir in modern legacy mistakes; do
        for file in "$samples/$dir"/*.yaml; do
            cp -n "$file" "$corpus/$dir-$(basename "$file")" 2>/dev/null || true
        done
    done
fi

# Build outputs outside the checkout (nightly, sanitizer flags: kept apart from the main build).
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$HOME/.cache/homeai/target-fuzz}"
cargo +nightly fuzz run parse "$corpus" -- \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1
