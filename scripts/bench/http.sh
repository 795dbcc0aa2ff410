#!/usr/bin/env bash
# HTTP benchmark of the story desk (issue 7): `wrk` against the story list on loopback while an
# ingest writes to the same data directory. Two runs: paced at RATE req/s (default 200) and
# unpaced (the most the server gives). Needs wrk (apt-get install wrk) and ../shared/data.
#   bash scripts/bench/http.sh            # RATE=200 DUR=10 CONNS=10 PATH_=/
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${CARGO_TARGET_DIR:-target}/release/parallax
DATA=${DATA:-../shared/data}
RATE=${RATE:-200}; DUR=${DUR:-10}; CONNS=${CONNS:-10}; PATH_=${PATH_:-/}
command -v wrk >/dev/null || { echo "error: wrk not installed (apt-get install wrk)" >&2; exit 2; }
[ -f "$DATA/clustering/itn-dev.jsonl" ] || { echo "error: $DATA/clustering/itn-dev.jsonl not found" >&2; exit 2; }
cargo build --release --bin parallax
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
# The encoder (when installed in ./parallax-data) makes the ingest alongside realistic: it writes
# articles for as long as wrk runs.
EMBEDDER=${EMBEDDER:-auto}
mkdir -p "$tmp/d"
[ -d parallax-data/models ] && ln -s "$PWD/parallax-data/models" "$tmp/d/models"
echo "==> store: ITN dev (1909 reports, 55 languages), embedder $EMBEDDER"
"$BIN" --data-dir "$tmp/d" ingest --embedder "$EMBEDDER" "$DATA/clustering/itn-dev.jsonl" 2>&1 | tail -1 || true
"$BIN" --data-dir "$tmp/d" serve --addr 127.0.0.1:0 >"$tmp/serve.out" 2>/dev/null &
server=$!
for _ in $(seq 50); do grep -q http "$tmp/serve.out" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$tmp/serve.out")
echo "==> server $url; ingest of ECB+ dev (535 articles) running alongside"
(
    t0=$(date +%s.%N)
    "$BIN" --data-dir "$tmp/d" ingest --embedder "$EMBEDDER" "$DATA/clustering/ecbplus-dev.jsonl" 2>"$tmp/ingest.err" || true
    echo "ingest alongside finished after $(echo "$(date +%s.%N) - $t0" | bc) s: $(tail -1 "$tmp/ingest.err")" >&2
) &
ingest=$!
sleep 0.5
echo "==> paced: $RATE req/s over $CONNS connections for $DUR s: GET $PATH_"
RATE=$RATE CONNS=$CONNS wrk -t2 -c"$CONNS" -d"${DUR}s" --latency -s scripts/bench/paced.lua "$url$PATH_"
echo "==> unpaced: $CONNS connections for 10 s: GET $PATH_"
wrk -t2 -c"$CONNS" -d10s --latency "$url$PATH_"
wait "$ingest"
kill "$server"
