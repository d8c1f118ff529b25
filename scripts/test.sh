#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs what it needs, starts journald when
# none runs, starts a throwaway PostgreSQL cluster for the fleet tests, builds, and runs
# every test (unit, corpus quality, daemon, systemd unit, PostgreSQL), then builds the .deb
# (one release build with the static Swift runtime) and tests installing and removing it on
# this machine (scripts/test-deb.sh; needs root). NEWSWATCH_SKIP_DEB=1 leaves the package
# test out, saying so.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/ensure-journald.sh

# The fleet tests need a real PostgreSQL server: without one they fail, they never skip.
# The cluster lives in a temp folder and is stopped and deleted when this script exits.
pg_folder=$(mktemp -d /tmp/newswatch-pg.XXXXXX)
trap 'bash scripts/postgres-cluster.sh stop "$pg_folder" >/dev/null 2>&1 || true' EXIT
pg_url=$(bash scripts/postgres-cluster.sh start "$pg_folder")
echo "newswatch: PostgreSQL test cluster at $pg_url"
export NEWSWATCH_TEST_POSTGRES_ENV="$pg_folder/cluster.env"

# Layout first: a file that differs from .swift-format fails here, before a long build.
bash scripts/format.sh --check
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test-output.log
# The fault suite's figures (crash loop, journald killed, full and read-only file systems, …).
grep '^FAULT ' .build/test-output.log || true

if [ "${NEWSWATCH_SKIP_DEB:-0}" = 1 ]; then
    echo "test.sh: package test SKIPPED (NEWSWATCH_SKIP_DEB=1)"
elif [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: package test SKIPPED (dpkg -i needs root)"
else
    bash scripts/test-deb.sh
fi
