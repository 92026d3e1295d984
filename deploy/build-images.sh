#!/usr/bin/env bash
# Builds the five service images the manifests use (aigne/<module>:<tag>, deploy/k8s/base) from
# each module's src/main/docker/Dockerfile.jvm, with docker or podman, whichever is installed, and
# the dev cluster's demo data loader (aigne/demo-load:<tag>, the Job in deploy/k8s/overlays/local).
#   deploy/build-images.sh              # package the modules, then build the images with tag 0.1.0
#   IMAGE_TAG=0.2.0 SKIP_PACKAGE=1 deploy/build-images.sh
#   BASE_IMAGE=localhost/aigne/jre-base:17 deploy/build-images.sh   # on the Debian-built base (deploy/build-base-image.sh)
# Then load them into the dev cluster: kind load docker-image aigne/<module>:0.1.0 (or minikube image load).
set -euo pipefail
cd "$(dirname "$0")/.."

MODULES=(stats-aggregator-service usage-query-service quota-gateway-service usage-alerts-service usage-web)
# DemoLoadCli: the local stack's jar and target/lib (its Dockerfile.jvm), for overlays/local only
DEMO_MODULE=deploy/local-stack
DEMO_IMAGE=aigne/demo-load
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
  # the fast-jar in <module>/target/quarkus-app; the local stack's jar and target/lib
  ./mvnw -B -q package -DskipTests -pl "$(IFS=,; echo "${MODULES[*]}"),$DEMO_MODULE" -am
fi

# the Dockerfiles' default base unless another image with its contract is given
BUILD_ARGS=()
[[ -n "${BASE_IMAGE:-}" ]] && BUILD_ARGS+=(--build-arg "BASE_IMAGE=$BASE_IMAGE")

for module in "${MODULES[@]}"; do
  "$TOOL" build "${BUILD_ARGS[@]}" -f "$module/src/main/docker/Dockerfile.jvm" -t "aigne/$module:$TAG" "$module"
done
"$TOOL" build "${BUILD_ARGS[@]}" -f "$DEMO_MODULE/src/main/docker/Dockerfile.jvm" -t "$DEMO_IMAGE:$TAG" "$DEMO_MODULE"
echo "built: ${MODULES[*]/#/aigne/} $DEMO_IMAGE (tag $TAG) with $TOOL"
