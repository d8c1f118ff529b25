#!/usr/bin/env bash
# Installs the Debian packages newswatch builds and tests against. Safe to run again.
set -euo pipefail

packages=(
    pkg-config
    libsystemd-dev     # sd_journal_sendv, sd_notify (CSystemd)
    libxml2-dev        # HTML parser (CLibXML2)
    libstemmer-dev     # Snowball stemmers (CStemmer)
    zlib1g-dev         # gzip pages (CZlib)
    libsqlite3-dev     # state database (GRDB)
    systemd            # systemd-journald, journalctl, systemd-analyze for the tests
    inotify-tools      # inotifywait for the latency reference benchmark
    python3            # the shared extraction scorer, scripts/notify-ready.py; the fault tests lock SQLite with its sqlite3 module
    dpkg-dev           # dpkg-shlibdeps: the .deb's library dependencies (scripts/build-deb.sh)
    groff-base         # the man page tests read newswatch(1) and newswatch.toml(5) with groff
    man-db             # scripts/test-deb.sh checks that man finds the installed pages
    postgresql         # initdb/pg_ctl for the throwaway test cluster (scripts/postgres-cluster.sh)
    openssl            # the test cluster's self-signed TLS certificate; the forwarder's STARTTLS test certificate
    python3-aiosmtpd   # the SMTP server of the forwarder's email tests (run with /usr/bin/python3)
    systemd-journal-remote  # journal forwarding test: systemd-journal-upload -> systemd-journal-remote
    util-linux         # unshare, nsenter: the fault tests' private journald in a mount namespace
    mount              # mount, umount: the fault tests' small tmpfs file systems
    iproute2           # ip netns, veth links: the fleet test's daemons reach PostgreSQL over a real link
    w3m                # text browsers: the text-dump tests render Reader View's test pages
    lynx
    python3-prometheus-client  # the metrics test parses the daemon's [metrics] textfile with prometheus_client.parser
)

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

echo "newswatch: installing Debian packages: ${packages[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
