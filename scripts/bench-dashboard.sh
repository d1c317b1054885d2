#!/usr/bin/env bash
# The dashboard's first request (issue 14): starts `hyoka serve` afresh over DB, waits for the port,
# times GET / twice with curl (the first request, then the next), stops the server.
#
#   scripts/bench-dashboard.sh HYOKA DB PORT LABEL
#
# Prints: LABEL startup=SECONDS first=[STATUS SECONDS] second=[STATUS SECONDS] load=[LOADAVG].
# The pages are kept in ${TMPDIR:-/tmp}/dashboard-LABEL-1.html and -2.html, to compare two builds' output.
# A store that needs a migration is migrated while serve starts: `startup` then includes it.
set -euo pipefail
bin="${1:?usage: scripts/bench-dashboard.sh HYOKA DB PORT LABEL}"
db="${2:?usage}"; port="${3:?usage}"; label="${4:?usage}"
out="${TMPDIR:-/tmp}"
start=$(date +%s.%N)
"$bin" serve --db "$db" --port "$port" > "$out/dashboard-$label.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$port/static/none"; do
    kill -0 $pid 2>/dev/null || { echo "$label: serve stopped"; cat "$out/dashboard-$label.log"; exit 1; }
    sleep 0.05
done
ready=$(date +%s.%N)
first=$(curl -s -o "$out/dashboard-$label-1.html" -w "%{http_code} %{time_total}" "http://127.0.0.1:$port/")
second=$(curl -s -o "$out/dashboard-$label-2.html" -w "%{http_code} %{time_total}" "http://127.0.0.1:$port/")
echo "$label startup=$(echo "$ready - $start" | bc) first=[$first] second=[$second] load=[$(cut -d' ' -f1-3 /proc/loadavg)]"
