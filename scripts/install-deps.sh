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
    python3            # the shared extraction scorer
    python3-pip        # aiosmtpd, the SMTP server of the forwarder's email tests
    openssl            # a throwaway certificate for the STARTTLS test
    util-linux         # unshare: a private journald for the journald-restart test
)

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

echo "newswatch: installing Debian packages: ${packages[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null

# The forwarder's email tests send through a real SMTP server on 127.0.0.1.
python_packages=(aiosmtpd)
if ! python3 -c "import aiosmtpd" 2>/dev/null; then
    echo "newswatch: installing Python packages: ${python_packages[*]}"
    # Debian's own python3 refuses pip installs outside a venv (PEP 668) unless told.
    $sudo python3 -m pip install -q "${python_packages[@]}" 2>/dev/null \
        || $sudo python3 -m pip install -q --break-system-packages "${python_packages[@]}"
fi
