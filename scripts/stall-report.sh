#!/usr/bin/env bash
# What a stalled `swift test` is waiting for, printed while it still waits.
#
#   scripts/stall-report.sh PATTERN [POSTGRES_URL]
#
# Prints, to stdout: the test cluster's sessions that are not idle (what
# each runs, and the lock or event it waits on) and the locks not granted,
# when POSTGRES_URL is given and psql is installed; then a backtrace of every
# thread of each process whose command line matches PATTERN (pgrep -f; the
# test runner, HyokaPackageTests.xctest), when gdb is installed. Each part
# says so when it cannot run. .ci/run calls this shortly before its time
# limit ends the tests, so that a stall (seen a few times in CI, never on
# demand) leaves its cause in the log.
set -uo pipefail

pattern="${1:?usage: stall-report.sh PATTERN [POSTGRES_URL]}"
url="${2:-}"

echo "== stall report: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
if [ -n "$url" ] && command -v psql >/dev/null 2>&1; then
    echo "-- PostgreSQL sessions that are not idle"
    psql "$url" -X -P pager=off -c "
        SELECT pid, state, wait_event_type, wait_event, now() - xact_start AS in_transaction, left(query, 160) AS query
        FROM pg_stat_activity WHERE backend_type = 'client backend' AND state <> 'idle' AND pid <> pg_backend_pid()
        ORDER BY xact_start" || echo "(psql failed)"
    echo "-- locks not granted"
    psql "$url" -X -P pager=off -c "
        SELECT l.pid, l.locktype, l.relation::regclass AS relation, l.mode, pg_blocking_pids(l.pid) AS blocked_by
        FROM pg_locks l WHERE NOT l.granted" || echo "(psql failed)"
else
    echo "-- PostgreSQL: no URL or no psql, not inspected"
fi

pids="$(pgrep -f -- "$pattern" || true)"
if command -v gdb >/dev/null 2>&1; then
    [ -n "$pids" ] || echo "-- no process matches $pattern"
    for p in $pids; do
        echo "-- threads of $p ($(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | cut -c1-120))"
        timeout 40 gdb -p "$p" -batch -nx -ex "set pagination off" -ex "thread apply all bt 30" 2>&1 \
            | grep -E '^(Thread|#)' || echo "(gdb could not attach)"
    done
else
    echo "-- no gdb: thread backtraces not taken"
fi
