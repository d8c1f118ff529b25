#!/usr/bin/env bash
# Starts systemd-journald by hand when no journal is listening (containers, CI: no systemd
# as PID 1). The daemon tests read their alerts back from this real journal.
#
# The socket file alone proves nothing: an image snapshot or a killed journald leaves
# /run/systemd/journal/socket behind with nobody reading it, and every entry sent there is
# refused. So probe it with a real connection (systemd-cat opens journald's stream socket)
# and start journald when the probe fails.
set -euo pipefail

journal_dir=/run/systemd/journal

journal_answers() {
    [ -S "$journal_dir/socket" ] && systemd-cat -t newswatch-probe true 2>/dev/null
}

# The daemon tests read their entries back with journalctl: prove the round trip once, so a
# journal that accepts entries but cannot be read fails here, in one line, not as a timeout
# in every daemon test.
journal_reads_back() {
    local mark="newswatch-probe-$$-$RANDOM"
    echo "$mark" | systemd-cat -t newswatch-probe 2>/dev/null || return 1
    for _ in $(seq 1 50); do
        if journalctl -t newswatch-probe -n 20 -o cat --no-pager 2>/dev/null | grep -qx "$mark"; then
            return 0
        fi
        sleep 0.1
    done
    echo "newswatch: journald accepts entries but journalctl does not show them back" \
        "(journal files: $(ls -d /run/log/journal/* /var/log/journal/* 2>/dev/null | tr '\n' ' '))" >&2
    return 1
}

if journal_answers; then
    journal_reads_back
    exit $?
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "newswatch: no journald answers at $journal_dir and not root: start systemd-journald first" >&2
    exit 1
fi
if pgrep -x systemd-journal >/dev/null 2>&1; then
    echo "newswatch: a systemd-journald process runs but does not answer at $journal_dir; restarting it" >&2
    pkill -x systemd-journal || true
    sleep 0.5
fi
# Stale sockets from a journald that is gone: remove them so the new one binds cleanly.
rm -f "$journal_dir/socket" "$journal_dir/stdout" "$journal_dir/dev-log" "$journal_dir/syslog"
mkdir -p "$journal_dir"
# journald outlives this script, so it must not keep the caller's descriptors open: a
# caller that waits for EOF on a pipe or socket it handed us (Foundation's Process does)
# would wait for as long as journald runs.
(
    for fd in /proc/self/fd/*; do
        fd=${fd##*/}
        if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec nohup /lib/systemd/systemd-journald </dev/null >/dev/null 2>&1
) &
for _ in $(seq 1 100); do
    if journal_answers; then
        journal_reads_back
        exit $?
    fi
    sleep 0.1
done
echo "newswatch: systemd-journald did not come up (no answer at $journal_dir)" >&2
exit 1
