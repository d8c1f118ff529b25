#!/usr/bin/env bash
# Starts systemd-journald by hand when no journal is listening (containers, CI: no systemd
# as PID 1). The daemon tests read their alerts back from this real journal.
set -euo pipefail

socket=/run/systemd/journal/socket
if [ -S "$socket" ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "newswatch: no journal at $socket and not root: start systemd-journald first" >&2
    exit 1
fi
mkdir -p /run/systemd/journal
nohup /lib/systemd/systemd-journald >/dev/null 2>&1 &
for _ in $(seq 1 100); do
    [ -S "$socket" ] && exit 0
    sleep 0.1
done
echo "newswatch: systemd-journald did not come up ($socket missing)" >&2
exit 1
