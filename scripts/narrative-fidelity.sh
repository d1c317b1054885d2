#!/bin/sh
# Headings, figures and footnotes of the narrative documents in ../shared/corpus
# against the answer keys in Tests/Fixtures/keys/narrative. Prints a markdown
# table and the misses. Builds the tests first unless --skip-build is given.
set -e
cd "$(dirname "$0")/.."
if [ "$1" != "--skip-build" ]; then swift build --build-tests; fi
swift test --skip-build --filter NarrativeFidelityTests 2>&1 | sed -n '/^FIDELITY/,$p' | grep -v '^[◇✔✘􀟈􁁛]' | sed 's/^FIDELITY-MISSES /- /; /^FIDELITY$/d'
