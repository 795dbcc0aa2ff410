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

inputs=(examples/corpus)
[ -d ../shared/examples/seeds ] && inputs+=(../shared/examples/seeds)
echo "==> ingesting ${inputs[*]} into $PARALLAX_DATA"
./target/release/parallax ingest "${inputs[@]}" || [ $? -eq 1 ]   # 1 = some inputs failed (reported above)
./target/release/parallax stories

echo "==> serving"
exec ./target/release/parallax serve --addr "$ADDR"
