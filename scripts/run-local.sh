#!/usr/bin/env bash
# Starts newswatch in the foreground on a local inbox with the shipped example topics:
# installs the Debian packages, builds a release binary, makes ./local/{inbox,processed,
# failed,state} and a config pointing at them, then runs the daemon. Once the inbox watch is
# set it prints the binary's path and the journalctl line to follow. Drop pages into
# ./local/inbox (write beside, then rename in).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
if [ "$(id -u)" -eq 0 ]; then bash scripts/ensure-journald.sh || true; fi

swift build -c release --product newswatch
binary="$(swift build -c release --show-bin-path)/newswatch"

local_root="$PWD/local"
mkdir -p "$local_root/inbox" "$local_root/processed" "$local_root/failed" "$local_root/state" "$local_root/run"
config="$local_root/newswatch.toml"
if [ ! -f "$config" ]; then
    sed -e 's|^path = "/var/spool/newswatch/inbox".*|path = "inbox"|' \
        -e 's|^processed = .*|processed = "processed"|' \
        -e 's|^failed = .*|failed = "failed"|' \
        -e 's|^directory = "/var/lib/newswatch".*|directory = "state"|' \
        -e 's|^runtime_directory = "/run/newswatch".*|runtime_directory = "run"|' \
        Config/newswatch.toml >"$config"
fi
"$binary" config validate --config "$config"

# Where to look is printed once the daemon says READY=1 (its inbox watch is set), not before.
if [ -S /run/systemd/journal/socket ]; then
    watch_line="journalctl -t newswatch -f        # alerts and every file's outcome"
else
    watch_line="(no journald here: entries are written below, on standard error)"
fi
echo "newswatch: starting $binary run --config $config"
exec python3 scripts/notify-ready.py \
    --message "newswatch: ready, watching $local_root/inbox (Ctrl-C to stop)" \
    --message "  binary:  $binary" \
    --message "  watch:   $watch_line" \
    --message "  try:     export NEWSWATCH_CONFIG=$config; $binary check page.html" \
    -- "$binary" run --config "$config"
