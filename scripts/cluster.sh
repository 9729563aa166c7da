#!/usr/bin/env bash
# A local cluster as plain processes (no Docker): Kafka (KRaft), ClickHouse and Redis, then every role as its own
# process of the one jar on the seed ports — the shape the Helm chart deploys, on one machine.
#
#   scripts/cluster.sh up              infrastructure, then the roles (consumers first), each waited for until ready
#   scripts/cluster.sh down            every role, then the infrastructure; nothing left running
#   scripts/cluster.sh start ROLE      (re)start one role, e.g. after `kill -9 $(cat target/cluster/aggregator.pid)`
#   scripts/cluster.sh stop ROLE       stop one role (SIGTERM, then SIGKILL after 20 s)
#   scripts/cluster.sh status          what runs, and whether each role answers /health/ready
#
# State lives in target/cluster/: <role>.pid and <role>.log per role, data/<role>/ (the registry's state file),
# cluster.env (KAFKA_BOOTSTRAP, CLICKHOUSE_URL, REDIS_URL: source it to talk to the same servers), tokens.yaml (the
# roles' API tokens file: one token of tenant "default" with every scope, made at each `up`; cluster.env's AUTH_TOKEN
# is that token: curl -H "Authorization: Bearer $AUTH_TOKEN" …).
# Env: CLUSTER_JAVA_OPTS for every role (default -Xmx512m, plus -XX:TieredStopAtLevel=1 on a machine of 2 cores or
# fewer: five JVMs each compiling the same hot code with C2 beside Kafka and ClickHouse doubled the first import —
# cold 10.2 -> 6.1 s, warm 2.78 -> 2.86 s, README "Running as a cluster"); CLUSTER_SCHEDULES=1 lets the registry pull
# the ISOs on its schedules (default: off, the connectors take imports and API runs only).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
DIR="$ROOT/target/cluster"
ENV="$DIR/cluster.env"
JAR="$ROOT/target/ingestion.jar"
ROLES=(projector aggregator enricher normalizer registry) # consumers before the producer of their input
if [ "$(nproc 2>/dev/null || echo 4)" -le 2 ]; then
    DEFAULT_JAVA_OPTS="-Xmx512m -XX:TieredStopAtLevel=1"
else
    DEFAULT_JAVA_OPTS="-Xmx512m"
fi
JAVA_OPTS="${CLUSTER_JAVA_OPTS:-$DEFAULT_JAVA_OPTS}"

log() { echo "cluster: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

port_of() {
    case "$1" in
        registry) echo 8500 ;; normalizer) echo 8510 ;; enricher) echo 8511 ;; aggregator) echo 8512 ;;
        projector) echo 8513 ;; *) die "unknown role '$1' (expected one of ${ROLES[*]})" ;;
    esac
}

pid_of() { [ -f "$DIR/$1.pid" ] && cat "$DIR/$1.pid" || true; }
alive() { local p; p=$(pid_of "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
ready() { curl -sf --max-time 2 "http://127.0.0.1:$(port_of "$1")/health/ready" >/dev/null 2>&1; }

infra_up() {
    mkdir -p "$DIR"
    [ -f "$JAR" ] || make --no-print-directory build >&2
    TEST_INFRA_ENV="$DIR/infra.env" scripts/test-infra.sh up >&2
    scripts/local-kafka.sh up >/dev/null
    local token
    token=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
    (umask 077; printf 'tokens:\n  - {sha256: %s, tenant: default, scopes: [read, write, admin]}\n' \
        "$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)" >"$DIR/tokens.yaml")
    { cat "$DIR/infra.env"; cat target/kafka.env; echo "AUTH_TOKENS_PATH=$DIR/tokens.yaml"; } >"$ENV"
    log "infrastructure up: $(tr '\n' ' ' <"$ENV")"
    echo "AUTH_TOKEN=$token" >>"$ENV"
    log "API token (tenant default, every scope) in $ENV as AUTH_TOKEN: . $ENV; curl -H \"Authorization: Bearer \$AUTH_TOKEN\" …"
}

infra_down() {
    scripts/local-kafka.sh down >&2 || true
    TEST_INFRA_ENV="$DIR/infra.env" scripts/test-infra.sh down >&2 || true
    rm -f "$ENV"
}

start_role() {
    local role="$1" port
    port=$(port_of "$role")
    [ -f "$ENV" ] || die "no $ENV: run '$0 up' first"
    if alive "$role"; then log "$role already runs (pid $(pid_of "$role"))"; return 0; fi
    mkdir -p "$DIR/data/$role"
    local extra=()
    [ "$role" = registry ] && [ "${CLUSTER_SCHEDULES:-0}" != 1 ] && extra+=(--no-schedules)
    local cds=""
    [ "$ROOT/target/ingestion.jsa" -nt "$JAR" ] && cds="-XX:SharedArchiveFile=$ROOT/target/ingestion.jsa" # make cds
    # shellcheck disable=SC1090
    (set -a; . "$ENV"; set +a
     exec nohup java $JAVA_OPTS $cds -jar "$JAR" run --role "$role" --data-dir "$DIR/data/$role" "${extra[@]}" \
        >>"$DIR/$role.log" 2>&1) &
    echo $! >"$DIR/$role.pid"
    for _ in $(seq 1 600); do
        ready "$role" && { log "$role ready on :$port (pid $(pid_of "$role"), log $DIR/$role.log)"; return 0; }
        alive "$role" || { tail -20 "$DIR/$role.log" >&2; die "$role exited during start-up"; }
        sleep 0.1
    done
    die "$role not ready on :$port within 60 s; see $DIR/$role.log"
}

stop_role() {
    local role="$1" pid
    port_of "$role" >/dev/null
    pid=$(pid_of "$role")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
        log "$role stopped"
    fi
    rm -f "$DIR/$role.pid"
}

status() {
    local rc=0
    for role in "${ROLES[@]}"; do
        if alive "$role"; then
            if ready "$role"; then echo "$role: ready on :$(port_of "$role") (pid $(pid_of "$role"))"
            else echo "$role: running, not ready (pid $(pid_of "$role"))"; rc=1; fi
        else echo "$role: down"; rc=1; fi
    done
    scripts/local-kafka.sh status || rc=1
    TEST_INFRA_ENV="$DIR/infra.env" scripts/test-infra.sh status || rc=1
    return $rc
}

case "${1:-}" in
    up)
        infra_up
        for role in "${ROLES[@]}"; do start_role "$role"; done
        log "up: imports on http://127.0.0.1:8500 (registry), reads on http://127.0.0.1:8513 (projector)"
        ;;
    down)
        for role in registry normalizer enricher aggregator projector; do stop_role "$role"; done
        infra_down
        log "down"
        ;;
    start) [ -n "${2:-}" ] || die "usage: $0 start ROLE"; start_role "$2" ;;
    stop) [ -n "${2:-}" ] || die "usage: $0 stop ROLE"; stop_role "$2" ;;
    status) status ;;
    *) echo "usage: $0 up|down|start ROLE|stop ROLE|status" >&2; exit 2 ;;
esac
