#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs what it needs, starts journald when
# none runs, starts a throwaway PostgreSQL cluster for the fleet tests, builds, and runs
# every test (unit, corpus quality, daemon, systemd unit, PostgreSQL).
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

swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test-output.log
# The fault suite's figures (crash loop, journald killed, full and read-only file systems, …).
grep '^FAULT ' .build/test-output.log || true
