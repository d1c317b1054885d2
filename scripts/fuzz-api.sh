#!/usr/bin/env bash
# Fuzz the JSON API against its OpenAPI document with schemathesis (PyPI).
# Usage: scripts/fuzz-api.sh [BASE_URL]   (default: a fresh demo server on 127.0.0.1:8099)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import schemathesis' 2>/dev/null || python3 -m pip install --quiet schemathesis
url="${1:-}"
if [ -z "$url" ]; then
    swift build --product hyoka
    db="$(mktemp -d)/fuzz.sqlite"
    .build/debug/hyoka import corpus/*.txt --db "$db" >/dev/null
    .build/debug/hyoka serve --db "$db" --port 8099 >/dev/null 2>&1 &
    server=$!
    trap 'kill $server' EXIT
    url="http://127.0.0.1:8099"
    for _ in $(seq 50); do python3 -c "import urllib.request; urllib.request.urlopen('$url/static/hyoka.css', timeout=1)" 2>/dev/null && break; sleep 0.2; done
fi
schemathesis run Sources/HyokaWeb/Static/openapi.json --url "$url" --checks all --max-examples 50 --workers 2
