#!/usr/bin/env bash
# Builds one service image on this machine without a Docker daemon and starts it locked down the
# way the pods run (uid 185, read-only root with /tmp writable, no capabilities): the image of
# usage-query-service on the Debian-built base, then its liveness answer. About 3 minutes.
#   deploy/try-image.sh
# Podman's flags here suit a container without cgroup v2 or CAP_SYS_RESOURCE (this build
# machine): runc with cgroupfs, and limits below the hard ones crun would try to raise.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=localhost/aigne/jre-base:17
podman image exists "$BASE" || deploy/build-base-image.sh
[[ -f usage-query-service/target/quarkus-app/quarkus-run.jar ]] || ./mvnw -B -q package -DskipTests -pl usage-query-service -am
podman build -q --build-arg BASE_IMAGE="$BASE" -f usage-query-service/src/main/docker/Dockerfile.jvm \
  -t aigne/usage-query-service:try usage-query-service >/dev/null
command -v runc >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q runc >/dev/null
name=try-usage-query-$$
trap 'podman rm -f "$name" >/dev/null 2>&1 || true' EXIT
pub=$(openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null | openssl pkey -pubout | grep -v -- ----- | tr -d '\n')
podman --runtime "$(command -v runc)" --cgroup-manager=cgroupfs run -d --name "$name" \
  --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 -p 127.0.0.1:18082:8082 \
  --read-only --tmpfs /tmp --user 185 --cap-drop ALL --security-opt no-new-privileges \
  -e QUARKUS_OIDC_PUBLIC_KEY="$pub" -e QUARKUS_OIDC_TOKEN_ISSUER=https://issuer.invalid -e QUARKUS_OIDC_TOKEN_AUDIENCE=aigne-hub-usage \
  -e USAGE_DB_URL=jdbc:postgresql://127.0.0.1:1/none -e USAGE_DB_USER=none -e USAGE_DB_PASSWORD=none \
  aigne/usage-query-service:try >/dev/null
for _ in $(seq 1 60); do
  if curl -sf http://127.0.0.1:18082/q/health/live >/dev/null; then
    podman logs "$name" 2>&1 | grep -m1 'started in'
    echo "try-image: aigne/usage-query-service runs as $(podman exec "$name" id -u), live: $(curl -s http://127.0.0.1:18082/q/health/live | tr -d ' \n')"
    echo "(ready stays DOWN: no database is given)"
    exit 0
  fi
  sleep 1
done
podman logs "$name" 2>&1 | tail -20
echo "try-image: the container never answered /q/health/live" >&2
exit 1
