#!/usr/bin/env bash
# Installs what the tests and `make infra-up` need on a fresh Debian machine of this kind: Java 17 and Maven are
# already there; ClickHouse, Redis and Chromium (the ops page's browser test) come from Debian's own packages.
# Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail

need=()
command -v clickhouse-server >/dev/null 2>&1 || [ -x /usr/sbin/clickhouse-server ] || need+=(clickhouse-server clickhouse-client)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# the ops page's test loads it in a real headless browser (OpsPageTest)
command -v chromium >/dev/null 2>&1 || need+=(chromium)

if ((${#need[@]})); then
  echo "setup: installing ${need[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# the packages' own services are not used: tests start private servers on free ports (scripts/test-infra.sh)
command -v java >/dev/null 2>&1 || { echo "setup: java 17 is required" >&2; exit 1; }
command -v mvn >/dev/null 2>&1 || { echo "setup: maven 3.8 is required" >&2; exit 1; }
echo "setup: ok" >&2
