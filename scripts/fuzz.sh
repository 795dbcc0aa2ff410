#!/usr/bin/env bash
# Fuzzes the extractor: HTML pages (`extract_html`), then plain-text scrapes (`extract_text`).
#
#   scripts/fuzz.sh                  # 600 s of HTML, then 600 s of text
#   SECS=60 TEXT_SECS=30 scripts/fuzz.sh
#
# Needs the nightly toolchain (`rustup toolchain install nightly`); installs cargo-fuzz if it
# is missing. One job: libFuzzer's -fork/-jobs would compete with the rest of the machine.
# Built without AddressSanitizer by default (the code is safe Rust; what is looked for is panics,
# with debug assertions on, and runaway time or memory), which runs about ten times as many
# inputs; SANITIZER=address turns it on.
# New inputs go to fuzz/corpus/<target> (ignored by git, seeded from fuzz/seeds/<target>);
# a crash, timeout or out-of-memory input is saved in fuzz/artifacts/<target> and the script
# stops with its error. Reproduce one with `cargo +nightly fuzz run -s none <target> <file>`.
set -euo pipefail
cd "$(dirname "$0")/.."

SECS=${SECS:-600}
TEXT_SECS=${TEXT_SECS:-$SECS}
MAX_LEN=${MAX_LEN:-65536}
SANITIZER=${SANITIZER:-none}

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked

run() {
    local target=$1 secs=$2
    shift 2
    mkdir -p "fuzz/corpus/$target"
    echo "== $target for ${secs}s"
    cargo +nightly fuzz run -s "$SANITIZER" "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -max_len="$MAX_LEN" -timeout=30 -print_final_stats=1 "$@"
}

run extract_html "$SECS" -dict=fuzz/html.dict
run extract_text "$TEXT_SECS"
