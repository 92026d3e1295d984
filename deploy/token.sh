#!/usr/bin/env bash
# Prints a token signed with the local stack's key (deploy/.local/keys, made on first start).
#   deploy/token.sh <userDid> [roles, comma separated: admin,ingest] [ttl hours, default 12]
set -euo pipefail
cd "$(dirname "$0")/.."
CP="deploy/local-stack/target/local-stack-0.1.0-SNAPSHOT.jar:deploy/local-stack/target/lib/*"
if [[ ! -f deploy/local-stack/target/local-stack-0.1.0-SNAPSHOT.jar ]]; then
  ./mvnw -q -B -DskipTests install -pl deploy/local-stack -am >&2
fi
exec java -cp "$CP" io.aigne.usage.localstack.TokenCli deploy/.local/keys "${1:-}" "${2:-}" "${3:-12}"
