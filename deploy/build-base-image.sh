#!/usr/bin/env bash
# A Java 17 base image assembled from Debian's own packages, for machines that reach Debian's
# archive but no container registry (the project's build machines: docs/operations.md, "Images").
# It keeps the contract of the default base (ubi9/openjdk-17-runtime) that the Dockerfiles rely on:
# java on PATH, uid 185, /deployments, and /opt/jboss/container/java/run/run-java.sh starting
# $JAVA_APP_JAR with $JAVA_OPTS_APPEND and a heap of $JAVA_MAX_MEM_RATIO % of the memory limit
# (and $JAVA_INITIAL_MEM_RATIO % of it from the start, when set).
#   deploy/build-base-image.sh        # → localhost/aigne/jre-base:17 (podman), about a minute
# Needs root, debootstrap and podman (Debian packages; installed when missing).
set -euo pipefail
IMAGE=${BASE_IMAGE_NAME:-localhost/aigne/jre-base:17}
MIRROR=${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
ROOTFS=$(mktemp -d /tmp/jre-rootfs.XXXXXX)
chmod 755 "$ROOTFS" # becomes the image's /: mktemp makes it 700, which uid 185 could not enter
trap 'rm -rf "$ROOTFS"' EXIT

need=()
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v podman >/dev/null || need+=(podman)
if (( ${#need[@]} )); then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi

debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$ROOTFS" "$MIRROR" >/dev/null
# the Dockerfiles' uid; its home is where the jars go
chroot "$ROOTFS" useradd --uid 185 --gid 0 --home-dir /deployments --create-home --shell /usr/sbin/nologin default
mkdir -p "$ROOTFS/opt/jboss/container/java/run"
cat > "$ROOTFS/opt/jboss/container/java/run/run-java.sh" <<'SH'
#!/bin/sh
# The few settings of ubi's run-java.sh the images use: heap as a share of the container's memory
# (at most, and from the start when JAVA_INITIAL_MEM_RATIO is set; the JVM's own default otherwise).
exec java -XX:MaxRAMPercentage="${JAVA_MAX_MEM_RATIO:-50}" ${JAVA_INITIAL_MEM_RATIO:+-XX:InitialRAMPercentage="$JAVA_INITIAL_MEM_RATIO"} ${JAVA_OPTS_APPEND:-} -jar "${JAVA_APP_JAR:?JAVA_APP_JAR is not set}" "$@"
SH
chmod 755 "$ROOTFS/opt/jboss/container/java/run/run-java.sh"
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/usr/share/doc "$ROOTFS"/usr/share/man
tar -C "$ROOTFS" -c . | podman import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'USER 185' --change 'WORKDIR /deployments' - "$IMAGE" >/dev/null
echo "built $IMAGE from Debian bookworm's openjdk-17-jre-headless"
