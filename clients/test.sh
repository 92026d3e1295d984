#!/usr/bin/env bash
# The TypeScript clients AIGNE Hub uses: usage-reporter (its server reports calls) and hub-import
# (its history comes along).
#   clients/test.sh unit    install, build, unit tests (no services needed)
#   clients/test.sh stack   their tests against the running local stack (deploy/local-stack.sh start)
set -euo pipefail
cd "$(dirname "$0")"
mode=${1:-unit}
for pkg in usage-reporter hub-import; do
  (
    cd "$pkg"
    # a clean install when the lock changed since the last one (npm ci replaces node_modules)
    if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
      npm ci --no-audit --no-fund
    fi
    case "$mode" in
      unit) npm test ;;
      stack) npm run test:stack ;;
      *) echo "usage: clients/test.sh unit|stack" >&2; exit 2 ;;
    esac
  )
done
