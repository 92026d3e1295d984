#!/usr/bin/env bash
# The whole test suite: unit tests, @QuarkusTests on a real Kafka broker and embedded PostgreSQL,
# the cross-service system tests, then a smoke run of the documented local stack command.
# Everything it needs (Maven via the wrapper, the broker jars, PostgreSQL binaries) comes from the
# build itself, so a fresh machine with a JDK needs nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B verify

deploy/smoke-local-stack.sh
