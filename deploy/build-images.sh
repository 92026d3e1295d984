#!/usr/bin/env bash
# Builds the four service images the manifests use (aigne/<module>:<tag>, deploy/k8s/base) from
# each module's src/main/docker/Dockerfile.jvm, with docker or podman, whichever is installed.
#   deploy/build-images.sh              # package the services, then build aigne/<module>:0.1.0
#   IMAGE_TAG=0.2.0 SKIP_PACKAGE=1 deploy/build-images.sh
# Then load them into the dev cluster: kind load docker-image aigne/<module>:0.1.0 (or minikube image load).
set -euo pipefail
cd "$(dirname "$0")/.."

MODULES=(stats-aggregator-service usage-query-service quota-gateway-service usage-web)
TAG="${IMAGE_TAG:-0.1.0}"

TOOL=""
for candidate in docker podman; do
  if command -v "$candidate" >/dev/null && "$candidate" info >/dev/null 2>&1; then TOOL="$candidate"; break; fi
done
if [[ -z "$TOOL" ]]; then
  echo "build-images: neither a running docker engine nor podman found (docs/operations.md, \"Images\")" >&2
  exit 1
fi

if [[ -z "${SKIP_PACKAGE:-}" ]]; then
  # the fast-jar in <module>/target/quarkus-app
  ./mvnw -B -q package -DskipTests -pl "$(IFS=,; echo "${MODULES[*]}")" -am
fi

for module in "${MODULES[@]}"; do
  "$TOOL" build -f "$module/src/main/docker/Dockerfile.jvm" -t "aigne/$module:$TAG" "$module"
done
echo "built: ${MODULES[*]/#/aigne/} (tag $TAG) with $TOOL"
