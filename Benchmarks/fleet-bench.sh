#!/usr/bin/env bash
# The fleet benchmark (issue 13): a 10,000-page burst on one daemon with SQLite and with
# PostgreSQL (daemon CPU per page, and the server's), the burst split over three daemons on one
# PostgreSQL (pages/s), and how soon a story created on one host is seen on another (p50/p99).
#
#   bash Benchmarks/fleet-bench.sh [--binary .build/release/newswatch] [--burst 10000] [--probes 200]
#
# Starts a throwaway PostgreSQL cluster (scripts/postgres-cluster.sh) on 127.0.0.1 for the run
# and deletes it afterwards. Everything shares this machine's cores: the daemons, PostgreSQL,
# journald and the script. Needs journald (scripts/ensure-journald.sh) and root or a user that
# can read the journal.
set -euo pipefail
cd "$(dirname "$0")/.."
pg_folder=$(mktemp -d /tmp/newswatch-bench-pg.XXXXXX)
trap 'bash scripts/postgres-cluster.sh stop "$pg_folder" >/dev/null 2>&1 || true' EXIT
bash scripts/postgres-cluster.sh start "$pg_folder" >/dev/null
python3 Benchmarks/scripts/fleet_bench.py --cluster "$pg_folder/cluster.env" "$@"
