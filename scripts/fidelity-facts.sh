#!/usr/bin/env bash
# Fact fidelity (issue 10): precision and recall of FactExtractor against the
# answer keys in Tests/Fixtures/keys/facts-*.tsv, per document and per
# category, with every miss and false positive named.
#
#   scripts/fidelity-facts.sh            # builds the tests if needed, prints Markdown
#
# The numbers come from the "Fact fidelity against answer keys" suite
# (Tests/HyokaEvidenceTests/FactFidelityTests.swift), which reads each document
# the way `hyoka import` does (PDFs through pdftotext). Documents are looked up
# in corpus/, then ../shared/corpus; missing ones are reported as skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d .build/debug ] || swift build --build-tests >&2
output=$(swift test --skip-build --filter FactFidelityTests 2>&1) || status=$?
rows=$(printf '%s\n' "$output" | grep '^FIDELITY|' | cut -d'|' -f2- || true)
if [ -z "$rows" ]; then
    printf '%s\n' "$output" >&2
    echo "fidelity-facts: the suite printed no scores" >&2
    exit 1
fi

echo "| document | precision | recall |"
echo "|---|---|---|"
printf '%s\n' "$rows" | awk -F'|' '$1=="total" {printf "| %s | %s | %s |\n", $2, $3, $4}'
echo
echo "| document | category | precision | recall |"
echo "|---|---|---|---|"
printf '%s\n' "$rows" | awk -F'|' '$1=="category" {printf "| %s | %s | %s | %s |\n", $2, $3, $4, $5}'
echo
echo "Missed (key facts not read):"
echo
printf '%s\n' "$rows" | awk -F'|' '$1=="miss" {printf "- %s: %s «%s»\n", $2, $3, $4}'
echo
echo "False positives (read, not in the key):"
echo
printf '%s\n' "$rows" | awk -F'|' '$1=="false" {printf "- %s: %s «%s» in «%s»\n", $2, $3, $4, $5}'
printf '%s\n' "$rows" | awk -F'|' '$1=="skip" {printf "\nSkipped %s: %s\n", $2, $3}'
exit "${status:-0}"
