#!/usr/bin/env bash
# The tests run the real promtool, amtool, prometheus, alertmanager and nginx (Debian's packages).
# Installs them when missing; a no-op when they are there.
set -euo pipefail
missing=()
command -v promtool >/dev/null && command -v prometheus >/dev/null || missing+=(prometheus)
command -v amtool >/dev/null && { command -v alertmanager >/dev/null || command -v prometheus-alertmanager >/dev/null; } || missing+=(prometheus-alertmanager)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
