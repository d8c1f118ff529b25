#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (and for trying the fleet by hand).
#
#   scripts/postgres-cluster.sh start DIR [ADDRESS/PREFIX ...]
#                                           # initdb in DIR/data, start it, print its URL
#   scripts/postgres-cluster.sh stop DIR    # stop it and delete DIR
#   scripts/postgres-cluster.sh env DIR     # the NAME=value lines of a running cluster
#
# The cluster listens on a Unix socket in DIR and on 127.0.0.1 at a free port, and on each
# ADDRESS given (an IPv4 address of this host, such as the host end of a veth link, with the
# prefix of its network: 10.213.7.1/30), never on another address (never 0.0.0.0). Clients
# from each such network may log in with scram-sha-256, and the certificate names each
# ADDRESS too. PostgreSQL refuses to run as root, so as root the cluster runs as the
# `postgres` user of Debian's package (DIR is handed to it); as anyone else it runs as the
# caller. Authentication:
#   - Unix socket: trust (only whoever can enter DIR reaches it; DIR is 0711 and the socket
#     folder is the only way in);
#   - TCP: scram-sha-256, so the password paths are exercised for real.
# Roles: `postgres` (superuser, for the tests' set-up over the socket) and `newswatch`
# (LOGIN CREATEDB, a random password written to DIR/password, mode 0600). Database
# `newswatch`, owned by `newswatch`. TLS is on with a self-signed certificate for
# localhost, 127.0.0.1 and each ADDRESS (DIR/root.crt verifies it), so sslmode=require and verify-full
# are testable.
#
# `start` prints the TCP URL (postgresql://newswatch@127.0.0.1:PORT/newswatch) on stdout and
# writes DIR/cluster.env with every detail (see `env`). DIR must not exist or be empty.
set -euo pipefail

usage() {
    echo "usage: $0 start DIR [ADDRESS/PREFIX ...] | stop DIR | env DIR" >&2
    exit 64
}
[ $# -ge 2 ] || usage
command=$1
dir=$2
shift 2
extra_networks=("$@")
[ "$command" = start ] || [ ${#extra_networks[@]} -eq 0 ] || usage

pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    echo "newswatch: no PostgreSQL server binaries (initdb) under /usr/lib/postgresql/*/bin;" \
        "run scripts/install-deps.sh (Debian package postgresql) or set PG_BIN" >&2
    exit 1
fi

# Runs a command as the cluster's owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    # The server outlives this script, so it must not keep the caller's descriptors: a
    # caller that reads our output to EOF (Foundation's Process does) would wait for as long
    # as the server runs.
    for fd in /proc/self/fd/*; do
        fd=${fd##*/}
        if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
        echo "newswatch: $dir is not empty; give a new folder for the throwaway cluster" >&2
        exit 1
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ ${#dir} -gt 80 ]; then
        # The socket path (DIR/.s.PGSQL.PORT) must fit in sun_path's 108 bytes.
        echo "newswatch: $dir is too long for a Unix socket path; use a shorter folder (e.g. under /tmp)" >&2
        exit 1
    fi
    if [ "$(id -u)" -eq 0 ]; then
        if ! id postgres >/dev/null 2>&1; then
            echo "newswatch: running as root needs the postgres user (Debian package postgresql)" >&2
            exit 1
        fi
        chown postgres:postgres "$dir"
    fi
    chmod 0711 "$dir"

    # 127.0.0.1 plus each extra address; the certificate's names and pg_hba's networks follow.
    local listen=127.0.0.1 names="DNS:localhost,IP:127.0.0.1" hba_lines="" network address net
    for network in "${extra_networks[@]}"; do
        if ! net=$(python3 -c 'import ipaddress, sys; i = ipaddress.IPv4Interface(sys.argv[1]); assert not i.ip.is_unspecified; print(i.ip, i.network)' "$network" 2>/dev/null); then
            echo "newswatch: $network is not an IPv4 ADDRESS/PREFIX of this host (such as 10.213.7.1/30)" >&2
            exit 64
        fi
        address=${net% *}
        listen="$listen,$address"
        names="$names,IP:$address"
        hba_lines+="host all all ${net#* } scram-sha-256"$'\n'
    done

    local password
    password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=\n')
    (umask 077 && printf '%s\n' "$password" >"$dir/password")
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir/password"

    as_owner "$pg_bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
    }
    if [ -n "$hba_lines" ]; then
        printf '%s' "$hba_lines" | as_owner tee -a "$dir/data/pg_hba.conf" >/dev/null
    fi

    if command -v openssl >/dev/null 2>&1; then
        as_owner openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
            -addext "subjectAltName=$names" \
            -keyout "$dir/data/server.key" -out "$dir/data/server.crt" >/dev/null 2>&1
        as_owner chmod 0600 "$dir/data/server.key"
        cp "$dir/data/server.crt" "$dir/root.crt"
        chmod 0644 "$dir/root.crt"
        echo "ssl = on" | as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
    else
        echo "newswatch: openssl missing: the cluster runs without TLS" >&2
    fi

    local port started=""
    for _ in 1 2 3 4 5; do
        port=$(free_port)
        if as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-c listen_addresses=$listen -p $port -c unix_socket_directories='$dir'" start \
            >/dev/null 2>>"$dir/pg_ctl.log" </dev/null; then
            started=yes
            break
        fi
    done
    if [ -z "$started" ]; then
        echo "newswatch: the throwaway PostgreSQL cluster did not start; its log:" >&2
        cat "$dir/server.log" >&2
        exit 1
    fi
    # PostgreSQL starts even when it cannot bind an address of listen_addresses, as long as
    # one works: an address that is not this host's must fail here, not at the first client.
    for address in ${listen//,/ }; do
        if ! grep -q "listening on IPv4 address \"$address\", port $port" "$dir/server.log"; then
            echo "newswatch: the throwaway cluster does not listen on $address (is it an address of this host?); its log:" >&2
            cat "$dir/server.log" >&2
            as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
            exit 1
        fi
    done

    "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres <<SQL >/dev/null
CREATE ROLE newswatch LOGIN CREATEDB PASSWORD '$password';
CREATE DATABASE newswatch OWNER newswatch;
SQL

    local url="postgresql://newswatch@127.0.0.1:$port/newswatch"
    cat >"$dir/cluster.env" <<ENV
NEWSWATCH_TEST_POSTGRES_URL=$url
NEWSWATCH_TEST_POSTGRES_SOCKET_DIR=$dir
NEWSWATCH_TEST_POSTGRES_PORT=$port
NEWSWATCH_TEST_POSTGRES_PASSWORD_FILE=$dir/password
NEWSWATCH_TEST_POSTGRES_ROOT_CERT=$([ -f "$dir/root.crt" ] && echo "$dir/root.crt")
NEWSWATCH_TEST_POSTGRES_BIN=$pg_bin
NEWSWATCH_TEST_POSTGRES_LISTEN=$listen
ENV
    echo "$url"
}

stop() {
    if [ ! -d "$dir/data" ]; then
        echo "newswatch: no cluster in $dir" >&2
        exit 1
    fi
    as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}

case "$command" in
start) start ;;
stop) stop ;;
env) cat "$dir/cluster.env" ;;
*) usage ;;
esac
