#!/usr/bin/env bash
# Benchmarks (not tests):
#   deploy/benchmark.sh aggregator [events, default 2000000]
#   deploy/benchmark.sh query [heavy user's calls, default 1200000] [median user's calls, default 44300]
# Starts its own broker and PostgreSQL in a temporary directory and prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests install
CP="benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*"
case "${1:-aggregator}" in
  aggregator)
    exec java -Xmx2g -Dusage.repo.root="$(pwd)" -Dusage.kafka.libs="$(pwd)/deploy/kafka-broker/target/kafka-libs" \
      -cp "$CP" io.aigne.usage.benchmarks.AggregatorBenchmark "${2:-2000000}" ;;
  query)
    exec java -Xmx4g -Dusage.repo.root="$(pwd)" -Dusage.kafka.libs="$(pwd)/deploy/kafka-broker/target/kafka-libs" \
      -cp "$CP" io.aigne.usage.benchmarks.QueryBenchmark "${2:-1200000}" "${3:-44300}" ;;
  *) echo "usage: $0 aggregator|query [sizes]"; exit 2 ;;
esac
