#!/usr/bin/env bash
# Builds newswatch_VERSION_ARCH.deb: the static-stdlib binary, the systemd units (daemon and
# alert forwarder), sysusers and tmpfiles entries, the journal catalog, the man pages,
# bash/zsh/fish completions and the example config as a conffile. postinst creates the users
# and the spool and enables the daemon's unit when systemd runs (the forwarder's waits for
# [[forward]] tables: the admin enables it); purge removes the spool, the state (the
# forwarder's cursors too) and the users.
#
#   scripts/build-deb.sh                      release build (--static-swift-stdlib), then package
#   scripts/build-deb.sh --binary PATH        package a newswatch binary built before
#   scripts/build-deb.sh --output DIR         where the .deb goes (default: .build/deb)
#
# Prints the path of the .deb on its last line.
set -euo pipefail

readonly repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary=""
output="$repo/.build/deb"

usage() {
    sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

fail() {
    echo "build-deb.sh: $*" >&2
    exit 1
}

while [ $# -gt 0 ]; do
    case "$1" in
        --binary) [ $# -ge 2 ] || fail "--binary needs a path"; binary="$2"; shift 2 ;;
        --output) [ $# -ge 2 ] || fail "--output needs a folder"; output="$2"; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; fail "unknown argument '$1'" ;;
    esac
done

for tool in dpkg-deb dpkg-shlibdeps gzip; do
    command -v "$tool" >/dev/null || fail "$tool not found; run scripts/install-deps.sh (it installs dpkg-dev)"
done

if [ -z "$binary" ]; then
    # Static Swift runtime: the service must not depend on a toolchain path that a
    # toolchain upgrade (or ProtectHome=) could take away.
    echo "==> building newswatch (release, static Swift runtime)" >&2
    (cd "$repo" && swift build -c release --static-swift-stdlib --product newswatch >&2)
    binary="$(cd "$repo" && swift build -c release --static-swift-stdlib --show-bin-path)/newswatch"
fi
[ -x "$binary" ] || fail "binary '$binary' is not an executable file"

# "newswatch 0.5.0 (commit 3f2a9c0d1e4b)" → 0.5.0+g3f2a9c0d1e4b, so two builds of one
# release from different commits upgrade cleanly.
version_line="$("$binary" --version)"
release="$(echo "$version_line" | awk '{print $2}')"
commit="$(echo "$version_line" | sed -n 's/.*(commit \([^)]*\)).*/\1/p' | tr -c 'A-Za-z0-9.\n' '.')"
version="$release"
if [ -n "$commit" ] && [ "$commit" != unknown ]; then version="$release+g$commit"; fi
architecture="$(dpkg --print-architecture)"

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
root="$staging/newswatch"

echo "==> staging newswatch $version ($architecture)" >&2
install -D -m 0755 "$binary" "$root/usr/bin/newswatch"
strip --strip-unneeded "$root/usr/bin/newswatch" 2>/dev/null || true

# The unit and catalog name /usr/local paths for scripts/install.sh; a package owns /usr.
for unit in newswatch.service newswatch-forward.service; do
    sed -e 's|/usr/local/bin/newswatch|/usr/bin/newswatch|' \
        -e 's|^Documentation=.*|Documentation=man:newswatch(1) man:newswatch.toml(5) file:/usr/share/doc/newswatch/README.md|' \
        "$repo/systemd/$unit" >"$staging/$unit"
    install -D -m 0644 "$staging/$unit" "$root/usr/lib/systemd/system/$unit"
done
install -D -m 0644 "$repo/systemd/newswatch.sysusers" "$root/usr/lib/sysusers.d/newswatch.conf"
install -D -m 0644 "$repo/systemd/newswatch.tmpfiles" "$root/usr/lib/tmpfiles.d/newswatch.conf"
sed -e 's|/usr/local/share/doc/newswatch|/usr/share/doc/newswatch|g' -e 's|/usr/local/lib/systemd/catalog|/usr/lib/systemd/catalog|g' \
    "$repo/systemd/newswatch.catalog" >"$staging/newswatch.catalog"
install -D -m 0644 "$staging/newswatch.catalog" "$root/usr/lib/systemd/catalog/newswatch.catalog"

for page in newswatch.1 newswatch.toml.5; do
    section="${page##*.}"
    install -D -m 0644 "$repo/man/$page" "$root/usr/share/man/man$section/$page"
    gzip -9n "$root/usr/share/man/man$section/$page"
done

# Completions come from the binary itself (swift-argument-parser), so they match it.
install -d "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
    "$root/usr/share/fish/vendor_completions.d"
"$binary" --generate-completion-script bash >"$root/usr/share/bash-completion/completions/newswatch"
"$binary" --generate-completion-script zsh >"$root/usr/share/zsh/vendor-completions/_newswatch"
"$binary" --generate-completion-script fish >"$root/usr/share/fish/vendor_completions.d/newswatch.fish"

install -D -m 0644 "$repo/Config/newswatch.toml" "$root/etc/newswatch/newswatch.toml"
install -d -m 0755 "$root/etc/newswatch/topics.d"
install -D -m 0644 "$repo/README.md" "$root/usr/share/doc/newswatch/README.md"
install -D -m 0644 "$repo/systemd/README.md" "$root/usr/share/doc/newswatch/README.systemd.md"
install -D -m 0644 "$repo/systemd/newswatch.service.d/postgresql.conf" \
    "$root/usr/share/doc/newswatch/examples/newswatch.service.d/postgresql.conf"
for example in "$repo"/Config/topics.d/*; do
    [ -f "$example" ] && install -D -m 0644 "$example" "$root/usr/share/doc/newswatch/examples/topics.d/$(basename "$example")"
done
cat >"$root/usr/share/doc/newswatch/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: newswatch
Source: $repo

Files: *
Copyright: the newswatch authors
License: see the source repository
EOF

# Shared libraries the binary links (glibc, libsystemd, libxml2, libstemmer, zlib, SQLite)
# become Depends with the versions dpkg-shlibdeps derives.
mkdir -p "$staging/shlibs/debian"
printf 'Source: newswatch\n\nPackage: newswatch\nArchitecture: any\n' >"$staging/shlibs/debian/control"
depends="$(cd "$staging/shlibs" && dpkg-shlibdeps -O "$root/usr/bin/newswatch" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
[ -n "$depends" ] || fail "dpkg-shlibdeps found no library dependencies for $binary"

mkdir -p "$root/DEBIAN"
installed_size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
cat >"$root/DEBIAN/control" <<EOF
Package: newswatch
Version: $version
Architecture: $architecture
Maintainer: newswatch maintainers <newswatch@localhost>
Installed-Size: $installed_size
Depends: $depends, systemd
Section: admin
Priority: optional
Homepage: file:///usr/share/doc/newswatch/README.md
Description: watch a folder of scraped news pages and alert on topics in the journal
 newswatch watches an inbox folder that scrapers drop news pages into (text dumps,
 HTML, JSON items, any common charset), strips the page furniture, recognises
 repeats and updates of stories, and writes a structured alert to the systemd
 journal when a watched topic (a Lucene query) appears. Built from $version_line.
EOF
echo "/etc/newswatch/newswatch.toml" >"$root/DEBIAN/conffiles"

cat >"$root/DEBIAN/postinst" <<'EOF'
#!/bin/sh
# Users and the spool come from the package's own sysusers.d and tmpfiles.d entries, so
# a package install and scripts/install.sh make exactly the same things.
set -e
if [ "$1" = configure ]; then
    systemd-sysusers /usr/lib/sysusers.d/newswatch.conf
    systemd-tmpfiles --create /usr/lib/tmpfiles.d/newswatch.conf
    journalctl --update-catalog || true
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload
        # The forwarder is not enabled here: it needs [[forward]] tables and credentials.
        if [ -z "$2" ]; then
            systemctl enable --now newswatch.service
        else
            systemctl try-restart newswatch.service newswatch-forward.service
        fi
    fi
fi
exit 0
EOF
cat >"$root/DEBIAN/prerm" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = remove ] && [ -d /run/systemd/system ]; then
    systemctl disable --now newswatch.service newswatch-forward.service || true
fi
exit 0
EOF
cat >"$root/DEBIAN/postrm" <<'EOF'
#!/bin/sh
# remove: the program goes; the config, the spool (pages not yet read, the archives) and the
# state stay, so a reinstall carries on. purge: those go too, with the users.
set -e
case "$1" in
    remove)
        journalctl --update-catalog || true
        if [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
        ;;
    purge)
        # The forwarder's cursors (DynamicUser= keeps them in /var/lib/private) go too.
        rm -rf /etc/newswatch /var/spool/newswatch /var/lib/newswatch /var/lib/newswatch-forward \
            /var/lib/private/newswatch-forward
        if getent passwd newswatch >/dev/null; then userdel newswatch || true; fi
        for group in newswatch-inbox newswatch; do
            if getent group "$group" >/dev/null; then groupdel "$group" || true; fi
        done
        ;;
esac
exit 0
EOF
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm" "$root/DEBIAN/postrm"

mkdir -p "$output"
deb="$output/newswatch_${version}_${architecture}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >&2
echo "$deb"
