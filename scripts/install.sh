#!/usr/bin/env bash
# Installs newswatch as a systemd service: binary, units (the daemon and the
# alert forwarder), sysusers/tmpfiles entries, journal catalog, default config;
# then creates the user and the spool and enables (and starts) the daemon. The
# forwarder is installed but not enabled: it needs [[forward]] tables and their
# credentials first (systemctl enable --now newswatch-forward).
#
#   scripts/install.sh                         build, install into /, enable --now
#   scripts/install.sh --no-start              install and enable, do not start
#   scripts/install.sh --root /tmp/r --binary .build/release/newswatch --no-start
#                                              install into a scratch root (tests)
#   scripts/install.sh --uninstall             stop, disable and remove what install.sh installed;
#                                              keep the config, the spool and the state
#   scripts/install.sh --uninstall --purge     also remove /etc/newswatch, the spool, the
#                                              state (the forwarder's cursors too) and the
#                                              newswatch users
#
# Every path below is relative to the root, so --root DIR (or DESTDIR=DIR) never
# touches the running machine: users, folders and the catalog database are
# created inside DIR, and systemctl only links the unit there.
set -euo pipefail

readonly repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

root="${DESTDIR:-/}"
binary=""
start=yes
uninstall=no
purge=no

usage() {
    cat <<EOF
usage: $(basename "$0") [--root DIR] [--binary PATH] [--no-start]
       $(basename "$0") [--root DIR] --uninstall [--purge]

  --root DIR     install below DIR instead of / (DESTDIR=DIR works too); nothing
                 outside DIR is changed and the service is never started
  --binary PATH  install this newswatch executable instead of building one with
                 'swift build -c release --static-swift-stdlib'
  --no-start     enable the service but do not start it
  --uninstall    stop and disable the service and remove the files installed here;
                 the config, the spool and the state stay
  --purge        with --uninstall: remove /etc/newswatch, /var/spool/newswatch,
                 /var/lib/newswatch, the forwarder's /var/lib/newswatch-forward and the
                 users newswatch and newswatch-inbox too
EOF
}

fail() {
    echo "install.sh: $*" >&2
    exit 1
}

while [ $# -gt 0 ]; do
    case "$1" in
        --root) [ $# -ge 2 ] || fail "--root needs a directory"; root="$2"; shift 2 ;;
        --root=*) root="${1#--root=}"; shift ;;
        --binary) [ $# -ge 2 ] || fail "--binary needs a path"; binary="$2"; shift 2 ;;
        --binary=*) binary="${1#--binary=}"; shift ;;
        --no-start) start=no; shift ;;
        --uninstall) uninstall=yes; shift ;;
        --purge) purge=yes; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; fail "unknown argument '$1'" ;;
    esac
done

[ "$(id -u)" -eq 0 ] || fail "run as root: the spool must be owned by the newswatch user (try sudo)"
[ -d "$root" ] || fail "root '$root' is not a directory; create it first"
root="$(cd "$root" && pwd)"
# With root "/" the prefix is empty so paths read naturally ("$dest/etc" = "/etc").
dest="${root%/}"
offline=no
[ "$root" = / ] || offline=yes

# Where each file goes. /usr/local keeps a hand install apart from distribution
# packages; the admin's own overrides still belong in /etc.
readonly bin_path=/usr/local/bin/newswatch
readonly unit_path=/usr/local/lib/systemd/system/newswatch.service
readonly forward_unit_path=/usr/local/lib/systemd/system/newswatch-forward.service
readonly sysusers_path=/usr/local/lib/sysusers.d/newswatch.conf
readonly tmpfiles_path=/usr/local/lib/tmpfiles.d/newswatch.conf
readonly catalog_path=/usr/local/lib/systemd/catalog/newswatch.catalog
readonly doc_path=/usr/local/share/doc/newswatch/README.md
readonly dropin_example_path=/usr/local/share/doc/newswatch/examples/newswatch.service.d/postgresql.conf
readonly config_dir=/etc/newswatch

step() { echo "==> $*"; }

if [ "$offline" = yes ]; then
    root_flag=(--root="$root")
else
    root_flag=()
fi

[ "$purge" = no ] || [ "$uninstall" = yes ] || fail "--purge only goes with --uninstall"
if [ "$uninstall" = yes ]; then
    if [ "$offline" = no ] && [ -d /run/systemd/system ]; then
        step "stopping and disabling newswatch.service and newswatch-forward.service"
        systemctl disable --now newswatch.service newswatch-forward.service || true
    else
        systemctl "${root_flag[@]}" disable newswatch.service newswatch-forward.service 2>/dev/null || true
    fi
    step "removing the installed files from $root"
    rm -f "$dest$bin_path" "$dest$unit_path" "$dest$forward_unit_path" "$dest$sysusers_path" "$dest$tmpfiles_path" \
        "$dest$catalog_path"
    # The doc folder is newswatch's own: README and the examples installed with it.
    rm -rf "$dest$(dirname "$doc_path")"
    journalctl "${root_flag[@]}" --update-catalog || true
    if [ "$offline" = no ] && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
    if [ "$purge" = yes ]; then
        step "purging the config, the spool, the state and the users"
        # The forwarder's cursors: StateDirectory= of a DynamicUser= unit lives in
        # /var/lib/private, with a link at /var/lib/newswatch-forward.
        rm -rf "$dest$config_dir" "$dest/var/spool/newswatch" "$dest/var/lib/newswatch" \
            "$dest/var/lib/newswatch-forward" "$dest/var/lib/private/newswatch-forward"
        prefix=()
        [ "$offline" = no ] || prefix=(--prefix "$root")
        if grep -q '^newswatch:' "$dest/etc/passwd" 2>/dev/null; then userdel "${prefix[@]}" newswatch || true; fi
        for group in newswatch-inbox newswatch; do
            if grep -q "^$group:" "$dest/etc/group" 2>/dev/null; then groupdel "${prefix[@]}" "$group" || true; fi
        done
    else
        echo "    kept $config_dir, /var/spool/newswatch and /var/lib/newswatch (--purge removes them)"
    fi
    echo "uninstalled from $root"
    exit 0
fi

if [ -z "$binary" ]; then
    command -v swift >/dev/null || fail "swift not found in PATH; install the toolchain or pass --binary PATH"
    step "building newswatch (release, static Swift runtime)"
    # Static stdlib: the service must not depend on a toolchain path that
    # ProtectHome= or a toolchain upgrade could take away.
    (cd "$repo" && swift build -c release --static-swift-stdlib --product newswatch)
    binary="$(cd "$repo" && swift build -c release --static-swift-stdlib --show-bin-path)/newswatch"
fi
[ -f "$binary" ] && [ -x "$binary" ] || fail "binary '$binary' is not an executable file"

step "installing files into $root"
install -D -m 0755 "$binary" "$dest$bin_path"
install -D -m 0644 "$repo/systemd/newswatch.service" "$dest$unit_path"
install -D -m 0644 "$repo/systemd/newswatch-forward.service" "$dest$forward_unit_path"
install -D -m 0644 "$repo/systemd/newswatch.sysusers" "$dest$sysusers_path"
install -D -m 0644 "$repo/systemd/newswatch.tmpfiles" "$dest$tmpfiles_path"
install -D -m 0644 "$repo/systemd/newswatch.catalog" "$dest$catalog_path"
install -D -m 0644 "$repo/systemd/README.md" "$dest$doc_path"
# The PostgreSQL drop-in is an example to adapt (the database's address), not installed active.
install -D -m 0644 "$repo/systemd/newswatch.service.d/postgresql.conf" "$dest$dropin_example_path"

# Config: never overwrite what the admin already has.
install -d -m 0755 "$dest$config_dir" "$dest$config_dir/topics.d"
if [ -e "$dest$config_dir/newswatch.toml" ]; then
    echo "    keeping existing $config_dir/newswatch.toml"
elif [ -f "$repo/Config/newswatch.toml" ]; then
    install -m 0644 "$repo/Config/newswatch.toml" "$dest$config_dir/newswatch.toml"
else
    echo "    warning: $repo/Config/newswatch.toml is missing; write $config_dir/newswatch.toml before starting" >&2
fi
if [ -d "$repo/Config/topics.d" ]; then
    for topic in "$repo"/Config/topics.d/*.toml; do
        [ -f "$topic" ] || continue
        target="$dest$config_dir/topics.d/$(basename "$topic")"
        [ -e "$target" ] || install -m 0644 "$topic" "$target"
    done
fi

step "creating users and groups (systemd-sysusers)"
systemd-sysusers "${root_flag[@]}" "$dest$sysusers_path"

step "creating the spool (systemd-tmpfiles)"
systemd-tmpfiles "${root_flag[@]}" --create "$dest$tmpfiles_path"

step "updating the journal catalog"
journalctl "${root_flag[@]}" --update-catalog

if [ "$offline" = yes ]; then
    step "enabling newswatch.service inside $root (not started)"
    systemctl --root="$root" enable newswatch.service
    echo "installed into $root (newswatch-forward.service installed, not enabled)"
    exit 0
fi

if [ ! -d /run/systemd/system ]; then
    echo "systemd is not running as PID 1 here: files are installed, but the service was not enabled" >&2
    exit 0
fi

step "reloading systemd"
systemctl daemon-reload
if [ "$start" = yes ]; then
    step "enabling and starting newswatch.service"
    systemctl enable --now newswatch.service
    systemctl --no-pager status newswatch.service || true
else
    step "enabling newswatch.service (not started: --no-start)"
    systemctl enable newswatch.service
fi
echo "done. Alerts: journalctl -u newswatch MESSAGE_ID=46fb645ad9fe41fcbd2a627191c6e277"
echo "To deliver them to webhooks, chat or email: add [[forward]] tables to $config_dir/newswatch.toml,"
echo "their secrets with 'systemctl edit newswatch-forward' (LoadCredential=), then"
echo "'systemctl enable --now newswatch-forward' (README: Alerts in chat and email)."
