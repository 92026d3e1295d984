#!/usr/bin/env bash
# The manifest test checks the PrometheusRule with Prometheus' own promtool (Debian package
# prometheus; only its promtool is used, no server is started). Installs it when missing.
set -euo pipefail
command -v promtool >/dev/null && exit 0
echo "installing prometheus (Debian package) for promtool..."
SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q --no-install-recommends prometheus >/dev/null 2>&1 \
  || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q --no-install-recommends prometheus >/dev/null; }
# the package's service may not run here (no systemd); only the binary matters
promtool --version | head -1
