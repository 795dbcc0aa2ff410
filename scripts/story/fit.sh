#!/usr/bin/env bash
# Fits the story similarity model (crates/story/src/model.rs) on the dev clustering sets
# (../shared/data: ECB+ dev, ITN dev) and writes crates/story/data/similarity.json, one weight
# set per embedder. Deterministic: the same data and model give the same weights.
#
#   bash scripts/story/fit.sh            # lexical, and e5 when the model is installed
#   EMBEDDER=lexical bash scripts/story/fit.sh
#
# Then rebuild (the weights are compiled in) and check with `parallax eval clustering`.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release -p parallax-eval
target/release/parallax-eval --embedder "${EMBEDDER:-both}" fit
cargo build --release
