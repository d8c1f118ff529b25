#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs what it needs, starts journald when
# none runs, builds, and runs every test (unit, corpus quality, daemon, systemd unit).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/ensure-journald.sh

swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test-output.log
# The fault suite's figures (crash loop, journald killed, full and read-only file systems, …).
grep '^FAULT ' .build/test-output.log || true
