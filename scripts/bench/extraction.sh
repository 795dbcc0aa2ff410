#!/usr/bin/env bash
# The extraction benchmark with Python trafilatura as a fourth peer (`parallax-eval extraction
# --python`, run by scripts/bench/extraction_peer.py). Sets up a venv at target/bench-venv with the
# pinned trafilatura once (needs network then; later runs do not), builds parallax-eval and runs
# it on ../shared/data (or PARALLAX_EVAL_DATA / --data DIR); results go to eval-results/ (or
# --out DIR). Further arguments go to parallax-eval, e.g. --limit 20.
#   bash scripts/bench/extraction.sh [--out DIR] [--limit N]
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${VENV:-target/bench-venv}
PY="$VENV/bin/python"
TRAFILATURA=2.3.1
PINS=("trafilatura==$TRAFILATURA" lxml_html_clean==0.4.6)
if [ ! -x "$PY" ]; then
    echo "==> creating a venv at $VENV"
    "${PYTHON:-python3}" -m venv "$VENV"
fi
if ! "$PY" -c "import lxml_html_clean, trafilatura; assert trafilatura.__version__ == '$TRAFILATURA'" 2>/dev/null; then
    echo "==> pip install ${PINS[*]}"
    "$PY" -m pip install --progress-bar on "${PINS[@]}"
fi
cargo build --release -p parallax-eval
"${CARGO_TARGET_DIR:-target}/release/parallax-eval" extraction --python "$PY" "$@"
