#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite.
#
#   eval "$(scripts/postgres-test-cluster.sh start)"   # prints export lines
#   swift test                                         # PostgreSQL cases now run
#   scripts/postgres-test-cluster.sh stop              # stops it, deletes its files
#
# `start` makes a cluster in a new temporary folder (trust authentication,
# user hyoka, database hyoka, fsync off: nothing in it needs to survive),
# listening on 127.0.0.1 at a free port and on a Unix socket in that folder,
# and prints:
#   export HYOKA_TEST_POSTGRES_URL=postgres://hyoka@127.0.0.1:PORT/hyoka
#   export HYOKA_TEST_POSTGRES_SOCKET_URL=postgres://hyoka@/hyoka?host=DIR/socket&port=PORT
#   export HYOKA_TEST_POSTGRES_CLUSTER=DIR
# `stop [DIR]` stops the cluster in DIR (default $HYOKA_TEST_POSTGRES_CLUSTER)
# and deletes DIR. `bin` prints the folder of initdb and pg_ctl, or fails when
# PostgreSQL is not installed. Messages go to stderr; exit status 1 on failure.
#
# initdb and postgres refuse to run as root, so under root the cluster runs
# as the user `nobody`, owning its temporary folder.
set -euo pipefail

say() { echo "postgres-test-cluster: $*" >&2; }

# The folder holding initdb and pg_ctl: PATH first, else Debian's versioned folders, newest first.
find_bin() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

# Runs a command as the cluster's owner: `nobody` under root, else the current user.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u nobody -- "$@"
        else
            su -s /bin/sh nobody -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    local bin dir port
    bin="$(find_bin)" || { say "initdb and pg_ctl not found (apt-get install postgresql)"; return 1; }
    dir="$(mktemp -d "${TMPDIR:-/tmp}/hyoka-postgres.XXXXXX")"
    mkdir -p "$dir/socket"
    chmod 755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown -R nobody "$dir"; fi
    port="$(free_port)"
    if ! as_owner "$bin/initdb" -D "$dir/data" -A trust -U hyoka -E UTF8 --no-locale >"$dir/initdb.log" 2>&1; then
        say "initdb failed:"; cat "$dir/initdb.log" >&2; rm -rf "$dir"; return 1
    fi
    # Every test migrates a schema of its own in one transaction, which holds a lock on each table and index it
    # makes until COMMIT; dozens at once outgrow the shared lock table at the default 64 locks per transaction.
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c max_locks_per_transaction=256" \
        start >"$dir/pg_ctl.log" 2>&1; then
        say "the server did not start:"; cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null || true; rm -rf "$dir"; return 1
    fi
    if ! as_owner "$bin/psql" -h "$dir/socket" -p "$port" -U hyoka -d postgres -qAt -c "CREATE DATABASE hyoka" >"$dir/createdb.log" 2>&1; then
        say "could not create the database:"; cat "$dir/createdb.log" >&2
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$dir"; return 1
    fi
    say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port and $dir/socket"
    echo "export HYOKA_TEST_POSTGRES_URL='postgres://hyoka@127.0.0.1:$port/hyoka'"
    echo "export HYOKA_TEST_POSTGRES_SOCKET_URL='postgres://hyoka@/hyoka?host=$dir/socket&port=$port'"
    echo "export HYOKA_TEST_POSTGRES_CLUSTER='$dir'"
}

stop() {
    local dir="${1:-${HYOKA_TEST_POSTGRES_CLUSTER:-}}" bin
    [ -n "$dir" ] || { say "stop: give the cluster folder, or set HYOKA_TEST_POSTGRES_CLUSTER"; return 1; }
    [ -f "$dir/data/PG_VERSION" ] || { say "stop: $dir holds no cluster"; return 1; }
    bin="$(find_bin)" || { say "pg_ctl not found"; return 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || say "stop: pg_ctl stop failed; deleting $dir anyway"
    rm -rf "$dir"
    say "stopped and deleted $dir"
}

case "${1:-}" in
    start) start ;;
    stop) shift; stop "$@" ;;
    bin) find_bin ;;
    *) echo "usage: $0 start | stop [DIR] | bin" >&2; exit 64 ;;
esac
