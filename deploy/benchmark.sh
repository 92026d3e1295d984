#!/usr/bin/env bash
# Benchmarks (not tests): deploy/benchmark.sh aggregator [events, default 2000000]
# Starts its own broker and PostgreSQL in a temporary directory and prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests install
CP="benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*"
case "${1:-aggregator}" in
  aggregator)
    exec java -Xmx2g -Dusage.repo.root="$(pwd)" -Dusage.kafka.libs="$(pwd)/deploy/kafka-broker/target/kafka-libs" \
      -cp "$CP" io.aigne.usage.benchmarks.AggregatorBenchmark "${2:-2000000}" ;;
  *) echo "usage: $0 aggregator [events]"; exit 2 ;;
esac
