#!/usr/bin/env bash
# The whole test suite: unit tests, @QuarkusTests on a real Kafka broker and embedded PostgreSQL,
# the cross-service system tests, then a smoke run of the documented local stack command.
# Everything it needs (Maven via the wrapper, the broker jars, PostgreSQL binaries) comes from the
# build itself, so a fresh machine with a JDK needs nothing else. Prints how long each part took.
set -euo pipefail
cd "$(dirname "$0")/.."

timings=()
print_timings() {
  local status=$?
  printf '\n%-64s %8s\n' "test suite part" "seconds"
  printf '%-64s %8s\n' "${timings[@]}"
  printf '%-64s %8s\n' "total ($([[ $status == 0 ]] && echo passed || echo FAILED))" "$SECONDS"
}
trap print_timings EXIT

# phase NAME COMMAND...: runs the command and records its duration
phase() {
  local name=$1 started=$SECONDS
  shift
  "$@"
  timings+=("$name" "$((SECONDS - started))")
}

phase "promtool for the manifest test" deploy/ensure-promtool.sh
phase "mvn verify (unit, @QuarkusTest, system ITs, SPA build+tests)" ./mvnw -B verify
phase "clients: usage-reporter + hub-import (build, unit tests)" clients/test.sh unit
# verify has just built every jar the local stack starts
phase "local stack smoke + e2e pages in Chromium" env USAGE_SKIP_BUILD=1 deploy/smoke-local-stack.sh
