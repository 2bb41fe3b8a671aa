#!/usr/bin/env bash
# `npm test`: makes sure the machine has what the tests need (Chromium, socat, CJK fonts, poppler,
# PostgreSQL's server), then typecheck, lint, build the screen and server mode (npm run build) and
# run every test: unit, integration, end to end.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v socat >/dev/null 2>&1 || missing+=(socat)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
# pdftotext: the printed register's tests read the PDF back as text.
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# The district service's tests start private PostgreSQL clusters from Debian's server binaries.
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "The tests need Debian packages that are missing; installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "The tests need these Debian packages: ${missing[*]}. Install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
if [ ! -d node_modules ]; then
  echo "Dependencies are not installed. Run: ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci" >&2
  exit 1
fi

step() { printf '\n== %s\n' "$*"; }
step typecheck && npm run --silent typecheck
step lint && npm run --silent lint
step build && npm run --silent build -- --logLevel warn
step tests
status=0
npx vitest run --reporter=default --reporter=json --outputFile=test-results/vitest.json || status=$?
# One plain closing line that any CI can read, whatever the runner printed above it.
node -e '
  const r = require("./test-results/vitest.json");
  console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` +
    (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || true
exit "$status"
