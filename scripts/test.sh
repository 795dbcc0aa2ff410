#!/usr/bin/env bash
# The test suite: formatting, lints, then every test in the workspace (release profile, so the
# tests share the release build). Tests that need ../shared skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> cargo fmt --check"
cargo fmt --all -- --check
echo "==> cargo clippy"
cargo clippy --release --workspace --all-targets -- -D warnings
if [ ! -d tests/browser/node_modules/playwright-core ] && command -v npm >/dev/null 2>&1; then
    echo "==> npm ci (playwright-core for the browser test)"
    npm ci --prefix tests/browser --no-audit --no-fund || echo "warning: npm ci failed; the browser test will skip" >&2
fi
echo "==> cargo test"
cargo test --release --workspace
