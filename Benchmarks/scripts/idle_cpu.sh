#!/usr/bin/env bash
# Idle CPU of the real daemon: starts it on an empty inbox, waits 5 s, then counts its CPU
# ticks (utime + stime in /proc/PID/stat) over SECONDS seconds.
#
# usage: idle_cpu.sh BINARY [SECONDS] [EXTRA_CONFIG]
#   EXTRA_CONFIG is appended to the config (printf %b), e.g. '[metrics]\ntextfile = "m/n.prom"';
#   RUNDIR=/proc/none leaves the daemon without a runtime directory (no status.json), for a
#   baseline without the status service.
set -euo pipefail
binary=$1
seconds=${2:-60}
extra=${3:-}
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
mkdir -p "$folder/inbox" "$folder/m"
printf '[inbox]\npath = "inbox"\n[state]\ndirectory = "state"\nruntime_directory = "%s"\n%b\n[[topics]]\nid = "a"\nquery = "NATO"\n' \
    "${RUNDIR:-run}" "$extra" >"$folder/newswatch.toml"
"$binary" run --config "$folder/newswatch.toml" 2>/dev/null &
pid=$!
sleep 5
before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
sleep "$seconds"
after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
kill -TERM "$pid"
wait "$pid" || true
ticks=$((after - before))
python3 -c "print(f'{$ticks} ticks in {$seconds} s: {$ticks / $(getconf CLK_TCK) / $seconds * 100:.3f} % CPU')"
