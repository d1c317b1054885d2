#!/usr/bin/env bash
# Government-scale benchmark (issue 6): generate a synthetic corpus, import it,
# measure search and the web application, beside baselines, on SQLite and,
# when HYOKA_BENCH_POSTGRES_URL is set, on PostgreSQL.
#
#   scripts/bench-scale.sh OUT DOCUMENTS [LABEL]
#
# HYOKA_BENCH_STORES=sqlite or postgres measures one store only (default:
# both, PostgreSQL when HYOKA_BENCH_POSTGRES_URL is set); HYOKA_BENCH_RUNS
# sets the runs of the query set (default 11, the first a warm-up).
# HYOKA_BENCH_RS names the RS export of review sheets (a folder of its CSV
# files or zips) imported into each store before the corpus, as a government
# service holds both (default: ../shared/rs2024 when it exists; empty for none).
#
# OUT holds the corpus, the databases and one JSON/text result per step.
# Needs release builds (.build/release/hyoka and
# Benchmarks/.build/release/hyoka-scale-bench), ripgrep, grep, wrk and
# /usr/bin/time. Each step prints what it runs.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:?usage: scripts/bench-scale.sh OUT DOCUMENTS [LABEL]}"
documents="${2:?usage: scripts/bench-scale.sh OUT DOCUMENTS [LABEL]}"
label="${3:-$documents}"
hyoka="$PWD/.build/release/hyoka"
bench="$PWD/Benchmarks/.build/release/hyoka-scale-bench"
queries="$PWD/Benchmarks/queries.txt"
port="${HYOKA_BENCH_PORT:-8097}"
runs="${HYOKA_BENCH_RUNS:-11}"   # runs of the query set; the first is a warm-up
mkdir -p "$out"
results="$out/$label"
mkdir -p "$results"
corpus="$out/corpus-$label"

step() { echo "== $*" >&2; }

if [ ! -d "$corpus" ]; then
    step "generate $documents documents"
    "$hyoka" generate --documents "$documents" --seed 1 "$corpus" | tee "$results/generate.txt"
fi
du -sb "$corpus" | cut -f1 > "$results/corpus-bytes.txt"
ls "$corpus" | wc -l > "$results/corpus-files.txt"

web() {  # DB NAME
    step "web on $2: wrk, 2 threads, 8 connections, 10 s"
    "$hyoka" serve --db "$1" --port "$port" > "$results/serve-$2.log" 2>&1 &
    server=$!
    for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/api/v1/documents?limit=1" > /dev/null && break; sleep 0.2; done
    # A MOFA evaluation with fields: its first field page, its JSON, and a search page.
    doc=$(curl -sf "http://127.0.0.1:$port/api/v1/documents?limit=500" | python3 -c 'import json,sys,urllib.parse; d=json.load(sys.stdin)["items"]; print(urllib.parse.quote(next(x["source"] for x in d if x["fieldCount"]>0), safe=""))')
    for path in "documents/$doc/policy/~1/field/~1" "api/v1/documents/$doc" "search?q=%E5%A4%96%E4%BA%A4" "api/v1/search?q=%E3%83%93%E3%82%B6"; do
        echo "-- $path" | tee -a "$results/web-$2.txt"
        wrk -t2 -c8 -d10s --latency "http://127.0.0.1:$port/$path" | grep -E "Requests/sec|  50%|  99%|Non-2xx" | tee -a "$results/web-$2.txt"
    done
    kill "$server"; wait "$server" 2>/dev/null || true
}

step "baseline: read every file (warm page cache: read twice, keep the second)"
"$bench" read "$corpus" > /dev/null
"$bench" read "$corpus" | tee "$results/read.json"

if [ -z "${HYOKA_BENCH_RS+set}" ] && [ -d ../shared/rs2024 ]; then HYOKA_BENCH_RS="$(cd ../shared/rs2024 && pwd)"; fi
rs="${HYOKA_BENCH_RS:-}"

timed_import() {  # RESULT-NAME hyoka-import-arguments...: wall time and peak memory into $results/RESULT-NAME.*
    local name="$1"; shift
    /usr/bin/time -v "$hyoka" import "$@" > "$results/$name.log" 2> "$results/$name.time"
    grep -E "Elapsed|Maximum resident" "$results/$name.time" | tee -a "$results/$name.summary"
    tail -1 "$results/$name.log"
}

import_into() {  # DB NAME
    if [ -n "$rs" ]; then
        step "import the RS export ($rs) into $2"
        timed_import "import-rs-$2" "$rs" --db "$1"
    fi
    step "import into $2"
    timed_import "import-$2" --batch-size 1000 "$corpus" --db "$1"
}

stores="${HYOKA_BENCH_STORES:-sqlite postgres}"
sqlite_db="$out/$label.sqlite"
if [[ " $stores " == *" sqlite "* ]]; then
rm -f "$sqlite_db" "$sqlite_db-wal" "$sqlite_db-shm" "$out/$label-trigram.sqlite"
import_into "$sqlite_db" sqlite
ls -l "$sqlite_db" | awk '{print $5}' > "$results/sqlite-bytes.txt"

step "search latency on SQLite"
"$bench" search --db "$sqlite_db" --queries "$queries" --runs "$runs" | tee "$results/search-sqlite.json"

step "search quality and the FTS5 trigram baseline"
"$bench" quality --db "$sqlite_db" --trigram-db "$out/$label-trigram.sqlite" --queries "$queries" | tee "$results/quality.json"

step "baseline: full scan with ripgrep and grep (p50 of 5 runs per query)"
: > "$results/scan.txt"
scanners="grep"
if command -v rg > /dev/null; then scanners="rg grep"; else echo "ripgrep (rg) is not installed: grep only" | tee -a "$results/scan.txt"; fi
while IFS= read -r query; do
    case "$query" in ''|'#'*) continue ;; esac
    first="${query%% *}"
    for tool in $scanners; do
        times=()
        for _ in 1 2 3 4 5; do
            start=$(date +%s%N)
            if [ "$tool" = rg ]; then rg -c -F -- "$first" "$corpus" > /dev/null || true
            else grep -r -c -F -- "$first" "$corpus" > /dev/null || true; fi
            times+=($(( ($(date +%s%N) - start) / 1000000 )))
        done
        p50=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
        echo "$tool	$query	${p50} ms" | tee -a "$results/scan.txt"
    done
done < "$queries"

web "$sqlite_db" sqlite
fi

if [ -n "${HYOKA_BENCH_POSTGRES_URL:-}" ] && [[ " $stores " == *" postgres "* ]]; then
    import_into "$HYOKA_BENCH_POSTGRES_URL" postgres
    step "search latency on PostgreSQL"
    "$bench" search --db "$HYOKA_BENCH_POSTGRES_URL" --queries "$queries" --runs "$runs" | tee "$results/search-postgres.json"
    web "$HYOKA_BENCH_POSTGRES_URL" postgres
fi
step "results in $results"
