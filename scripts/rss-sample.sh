#!/usr/bin/env bash
# Samples the resident memory (VmRSS, kB) of every running `hyoka import` every INTERVAL seconds, for
# BENCHMARKS.md's peak-memory lines: where in a long import the memory grows, not only its peak.
#
#   scripts/rss-sample.sh [INTERVAL] [OUT] &     # then run the import; kill the sampler after it
#
# Each line of OUT: seconds since the sampler started, the process id, VmRSS in kB.
set -u
interval="${1:-5}"; out="${2:-rss.log}"
: > "$out"
start=$(date +%s)
while true; do
    for pid in $(pgrep -f "hyoka import"); do
        rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null)
        [ -n "$rss" ] && echo "$(( $(date +%s) - start )) $pid $rss" >> "$out"
    done
    sleep "$interval"
done
