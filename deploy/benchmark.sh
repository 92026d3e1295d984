#!/usr/bin/env bash
# Benchmarks (not tests):
#   deploy/benchmark.sh aggregator [events, default 2000000]
#   deploy/benchmark.sh query [heavy user's calls, default 1200000] [median user's calls, default 44300]
#   deploy/benchmark.sh pages [navigations per page, default 20]
#   deploy/benchmark.sh storage [calls, default 1000000]   (bytes per call on disk and the capacity table)
# aggregator and query start their own broker and PostgreSQL in a temporary directory, storage only a
# PostgreSQL (the working tree's migrations); pages drives Debian's Chromium against the running
# local stack (deploy/local-stack.sh start) as demo-alice.
# Each prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == pages ]]; then
  # the pages as the running usage-web serves them; the build's first-load sizes are in its bundle report
  cd usage-web/src/main/webui
  exec node bench/pages.mjs "${2:-20}"
fi
./mvnw -q -B -DskipTests install
CP="benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*"
case "${1:-aggregator}" in
  aggregator)
    exec java -Xmx2g -Dusage.repo.root="$(pwd)" -Dusage.kafka.libs="$(pwd)/deploy/kafka-broker/target/kafka-libs" \
      -cp "$CP" io.aigne.usage.benchmarks.AggregatorBenchmark "${2:-2000000}" ;;
  query)
    exec java -Xmx4g -Dusage.repo.root="$(pwd)" -Dusage.kafka.libs="$(pwd)/deploy/kafka-broker/target/kafka-libs" \
      -cp "$CP" io.aigne.usage.benchmarks.QueryBenchmark "${2:-1200000}" "${3:-44300}" ;;
  storage)
    exec java -Xmx1g -Dusage.repo.root="$(pwd)" -cp "$CP" io.aigne.usage.benchmarks.StorageBenchmark "${2:-1000000}" ;;
  *) echo "usage: $0 aggregator|query|pages|storage [sizes]"; exit 2 ;;
esac
