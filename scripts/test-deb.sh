#!/usr/bin/env bash
# Installs the newswatch .deb on this machine with dpkg -i, checks what it put where and
# that the installed daemon processes a page as the newswatch user, then removes it with
# dpkg -r and dpkg --purge and checks that nothing is left behind. Needs root; changes this
# machine (users, /etc, /usr, /var) for the duration and undoes it.
#
#   scripts/test-deb.sh                 build the .deb (scripts/build-deb.sh), then test it
#   scripts/test-deb.sh --deb FILE      test a .deb built before
#   scripts/test-deb.sh --binary PATH   build the .deb around a binary built before, then test
set -euo pipefail

readonly repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deb=""
build_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --deb) deb="$2"; shift 2 ;;
        --binary) build_args=(--binary "$2"); shift 2 ;;
        *) echo "test-deb.sh: unknown argument '$1'" >&2; exit 64 ;;
    esac
done
[ "$(id -u)" -eq 0 ] || { echo "test-deb.sh: run as root (dpkg -i)" >&2; exit 1; }

failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
check() {
    local what="$1"
    shift
    if "$@" >/dev/null 2>&1; then pass "$what"; else fail "$what"; fi
}

# Everything of newswatch's on this machine: files and folders named so outside the
# repositories and temporary folders, and its users and groups.
traces() {
    find /etc /usr /var /opt /srv -xdev \( -path /var/tmp -o -path /var/cache -o -path /var/log \
        -o -path /var/lib/dpkg \) -prune -o -name '*newswatch*' -print 2>/dev/null | sort
    grep -h '^newswatch' /etc/passwd /etc/group /etc/shadow /etc/gshadow 2>/dev/null | cut -d: -f1 | sed 's/^/account /' | sort -u
    journalctl --list-catalog 2>/dev/null | grep -o '^[0-9a-f]* newswatch:' | sed 's/^/catalog /' || true
}

if dpkg-query -W newswatch >/dev/null 2>&1; then
    echo "test-deb.sh: a newswatch package is already installed; remove it first (dpkg --purge newswatch)" >&2
    exit 1
fi
before="$(traces)"
if [ -n "$before" ]; then
    echo "test-deb.sh: this machine already holds newswatch files or users (a hand install?):" >&2
    echo "$before" >&2
    exit 1
fi

if [ -z "$deb" ]; then deb="$(bash "$repo/scripts/build-deb.sh" "${build_args[@]}" | tail -n 1)"; fi
echo "==> testing $deb"
check "the package's metadata reads" dpkg-deb --info "$deb"

# dpkg -i: the second install is an upgrade in place, which postinst must take too.
dpkg -i "$deb" >/dev/null
dpkg -i "$deb" >/dev/null
installed="$(traces)"
check "the leftover search sees the installed files and users" \
    sh -c "echo \"\$1\" | grep -qx /usr/bin/newswatch && echo \"\$1\" | grep -qx 'account newswatch'" _ "$installed"
check "dpkg lists newswatch as installed" sh -c "dpkg-query -W -f='\${Status}' newswatch | grep -qx 'install ok installed'"
for file in /usr/bin/newswatch /usr/lib/systemd/system/newswatch.service \
    /usr/lib/systemd/system/newswatch-forward.service /usr/lib/sysusers.d/newswatch.conf \
    /usr/lib/tmpfiles.d/newswatch.conf /usr/lib/systemd/catalog/newswatch.catalog \
    /usr/share/man/man1/newswatch.1.gz /usr/share/man/man5/newswatch.toml.5.gz \
    /usr/share/bash-completion/completions/newswatch /usr/share/zsh/vendor-completions/_newswatch \
    /usr/share/fish/vendor_completions.d/newswatch.fish /etc/newswatch/newswatch.toml \
    /usr/share/doc/newswatch/README.md /usr/share/doc/newswatch/copyright; do
    check "installed $file" test -s "$file"
done
check "the config is a conffile" sh -c "dpkg-query -W -f='\${Conffiles}' newswatch | grep -q /etc/newswatch/newswatch.toml"
check "newswatch --version runs from the package" sh -c "/usr/bin/newswatch --version | grep -q '^newswatch '"
check "the Swift runtime is linked statically" sh -c "! ldd /usr/bin/newswatch | grep -q libswift"
check "the unit starts /usr/bin/newswatch" grep -qx 'ExecStart=/usr/bin/newswatch run --config /etc/newswatch/newswatch.toml' \
    /usr/lib/systemd/system/newswatch.service
check "systemd-analyze verify accepts the installed unit" systemd-analyze verify --man=no /usr/lib/systemd/system/newswatch.service
check "the forwarder's unit starts /usr/bin/newswatch forward" \
    grep -qx 'ExecStart=/usr/bin/newswatch forward --config /etc/newswatch/newswatch.toml' \
    /usr/lib/systemd/system/newswatch-forward.service
check "systemd-analyze verify accepts the installed forwarder unit" \
    systemd-analyze verify --man=no /usr/lib/systemd/system/newswatch-forward.service
check "the forwarder is not enabled by the package (it needs [[forward]] tables)" \
    test ! -e /etc/systemd/system/multi-user.target.wants/newswatch-forward.service
check "the shipped config is valid" /usr/bin/newswatch config validate --config /etc/newswatch/newswatch.toml
check "postinst created the user newswatch" getent passwd newswatch
check "postinst created the group newswatch-inbox" getent group newswatch-inbox
check "postinst created the inbox (3770 newswatch:newswatch-inbox)" \
    sh -c "[ \"\$(stat -c '%a %U %G' /var/spool/newswatch/inbox)\" = '3770 newswatch newswatch-inbox' ]"
check "the catalog explains the alert id" sh -c "journalctl --list-catalog | grep -q '^46fb645ad9fe41fcbd2a627191c6e277 newswatch:'"
check "man finds newswatch(1) and newswatch.toml(5)" sh -c "man -w newswatch && man -w 5 newswatch.toml"
check "bash completion parses" bash -n /usr/share/bash-completion/completions/newswatch
if [ -d /run/systemd/system ]; then
    check "postinst enabled the unit" systemctl is-enabled newswatch.service
else
    check "without systemd running, postinst enabled nothing" test ! -e /etc/systemd/system/multi-user.target.wants/newswatch.service
fi

# The installed daemon, as its own user, takes a page from the spool the package made.
state="$(mktemp -d)"
mkdir -p "$state/state" "$state/run" && chown newswatch:newswatch "$state/state" "$state/run"
sed -e "s|^directory = .*|directory = \"$state/state\"|" \
    -e "s|^runtime_directory = .*|runtime_directory = \"$state/run\"|" /etc/newswatch/newswatch.toml >"$state/newswatch.toml"
chmod 0755 "$state"
runuser -u newswatch -- /usr/bin/newswatch run --config "$state/newswatch.toml" 2>"$state/stderr" &
daemon=$!
page="/var/spool/newswatch/inbox/seed-001.txt"
for _ in $(seq 1 100); do [ -e "$state/state/newswatch.sqlite" ] && break; sleep 0.1; done
sleep 0.5
seed="$(ls "${NEWSWATCH_SHARED:-$repo/../shared}"/seeds/001_*.txt | head -n 1)"
install -m 0640 -g newswatch-inbox "$seed" /var/spool/newswatch/inbox/.seed-001.part
mv /var/spool/newswatch/inbox/.seed-001.part "$page"
# processed/ is laid out by date ([archive] layout = "%Y/%m/%d" by default).
archived() { find /var/spool/newswatch/processed -name seed-001.txt -type f -path '*/[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*' | grep -q .; }
export -f archived
for _ in $(seq 1 100); do archived && break; sleep 0.1; done
check "the installed daemon, as user newswatch, moved a dropped page to processed/YYYY/MM/DD/" \
    bash -c "[ ! -e $page ] && archived"
check "newswatch status sees the installed daemon running" /usr/bin/newswatch status --config "$state/newswatch.toml"
kill -TERM "$daemon" 2>/dev/null || true
wait "$daemon" || true
rm -rf "$state"

dpkg -r newswatch >/dev/null
check "dpkg -r leaves the package in config-files state" \
    sh -c "dpkg-query -W -f='\${Status}' newswatch | grep -qx 'deinstall ok config-files'"
check "dpkg -r removed the binary" test ! -e /usr/bin/newswatch
check "dpkg -r removed the unit" test ! -e /usr/lib/systemd/system/newswatch.service
check "dpkg -r removed the forwarder's unit" test ! -e /usr/lib/systemd/system/newswatch-forward.service
check "dpkg -r kept the config (a conffile)" test -e /etc/newswatch/newswatch.toml
check "dpkg -r dropped the catalog entries" sh -c "! journalctl --list-catalog | grep -q 'newswatch:'"

dpkg --purge newswatch >/dev/null
check "dpkg --purge forgot the package" sh -c "! dpkg-query -W newswatch"
left="$(traces)"
if [ -z "$left" ]; then
    pass "dpkg --purge left nothing behind (files, users, groups, catalog)"
else
    fail "dpkg --purge left behind:"
    echo "$left" | sed 's/^/       /'
fi

if [ "$failures" -gt 0 ]; then
    echo "test-deb.sh: $failures check(s) failed"
    exit 1
fi
echo "test-deb.sh: every check passed"
