#!/usr/bin/env bash
# Importing the full RS export (../shared/rs2024) with hyoka, beside the sqlite3
# shell's own `.import` of the same CSV files, in the same session.
#
#   scripts/rs-benchmark.sh [HYOKA_BINARY] [POSTGRES_URL]
#
# Prints wall time, CPU time (user + system, which a loaded machine stretches far
# less than the wall) and peak memory (/usr/bin/time -v) for: the sqlite3
# baseline, hyoka into a new SQLite file, and (when a URL is given) hyoka into
# PostgreSQL (the server's own CPU is not counted, only hyoka's).
# RS_BENCH_ROUNDS=N repeats the baseline and hyoka alternately N times (default 1).
set -euo pipefail
export LC_ALL=C.UTF-8
root=$(cd "$(dirname "$0")/.." && pwd)
export_dir=${RS_EXPORT:-$root/../shared/rs2024}
hyoka=${1:-$root/.build/release/hyoka}
url=${2:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() { # label, command...
    local label=$1; shift
    /usr/bin/time -v "$@" >"$work/out" 2>"$work/time" || { cat "$work/out" "$work/time" >&2; exit 1; }
    local wall rss cpu
    wall=$(grep "Elapsed (wall clock)" "$work/time" | awk '{print $NF}')
    rss=$(grep "Maximum resident set size" "$work/time" | awk '{print $NF}')
    cpu=$(awk -F': ' '/User time|System time/ {sum += $2} END {printf "%.1f", sum}' "$work/time")
    printf '%-28s wall %-10s CPU %7s s  peak RSS %6d MB\n' "$label" "$wall" "$cpu" $((rss / 1024))
}

{
    for f in "$export_dir"/*.csv; do
        name=$(basename "$f" .csv); name=t_${name%%_*}; name=${name//-/_}
        echo ".import --csv '$f' $name"
    done
} > "$work/import.sql"
for round in $(seq "${RS_BENCH_ROUNDS:-1}"); do
    rm -f "$work/baseline.sqlite" "$work/hyoka.sqlite"
    measure "sqlite3 .import (baseline)" sqlite3 "$work/baseline.sqlite" ".read $work/import.sql"
    measure "hyoka import, SQLite" "$hyoka" import "$export_dir" --db "$work/hyoka.sqlite"
    if [ -n "$url" ]; then
        measure "sqlite3 .import (baseline)" sqlite3 "$work/baseline.sqlite.$round" ".read $work/import.sql"
        rm -f "$work/baseline.sqlite.$round"
        # A later round replaces the 事業年度 the one before stored: it deletes those rows too.
        measure "hyoka import, PostgreSQL" "$hyoka" import "$export_dir" --db "$url"
    fi
done
ls -la "$work"/*.sqlite | awk '{printf "%s %d MB\n", $NF, $5/1048576}'
