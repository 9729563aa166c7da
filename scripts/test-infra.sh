#!/usr/bin/env bash
# Private ClickHouse + Redis for the *IT suites (no Docker on the build machines).
#
#   scripts/test-infra.sh up      start both on free ports (no-op when already up), write target/test-infra.env
#   scripts/test-infra.sh down    stop both (by PID) and remove their temp dir
#   scripts/test-infra.sh status  say what runs; exit 1 when not up
#   scripts/test-infra.sh env     print the env file (source it: `. target/test-infra.env`)
#
# Each work tree gets its own servers, ports and data dir, so several engineers can run this on one machine.
# The state (PIDs, ports, data) lives in a temp dir named after the env file's path, so `mvn clean` deleting
# target/ does not lose track of running servers: `up` writes the env file again and `down` still finds them.
#
# Env overrides: TEST_INFRA_ENV (env file path), CLICKHOUSE_SERVER, REDIS_SERVER, TEST_INFRA_TIMEOUT (seconds),
# CLICKHOUSE_RUN_AS (user to run clickhouse-server as, e.g. clickhouse; default: whoever runs this script).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENV_FILE="${TEST_INFRA_ENV:-$ROOT/target/test-infra.env}"
[[ "$ENV_FILE" == /* ]] || ENV_FILE="$PWD/$ENV_FILE"
STATE_DIR="${TMPDIR:-/tmp}/carbon-test-infra.$(printf '%s' "$ENV_FILE" | sha1sum | cut -c1-12)"
STATE="$STATE_DIR/state.env"
CLICKHOUSE_SERVER="${CLICKHOUSE_SERVER:-/usr/sbin/clickhouse-server}"
REDIS_SERVER="${REDIS_SERVER:-$(command -v redis-server || echo /usr/bin/redis-server)}"
CLICKHOUSE_RUN_AS="${CLICKHOUSE_RUN_AS:-}"
TIMEOUT="${TEST_INFRA_TIMEOUT:-60}"

log() { echo "test-infra: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

# Is this PID one of ours (and not a reused PID)? ClickHouse's command line names our config; Redis runs in our dir.
ours() {
    alive "$1" || return 1
    tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF "$STATE_DIR" && return 0
    [[ "$(readlink "/proc/$1/cwd" 2>/dev/null)" == "$STATE_DIR"* ]]
}

# A TCP port nobody listens on. python3 asks the kernel; the fallback probes random ports with bash's /dev/tcp.
free_port() {
    if command -v python3 >/dev/null 2>&1 && python3 -c 'pass' 2>/dev/null; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local p
    for _ in $(seq 1 200); do
        p=$(( 20000 + RANDOM % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    die "no free port found"
}

load_state() {
    CLICKHOUSE_URL="" REDIS_URL="" CLICKHOUSE_PID="" REDIS_PID="" TEST_INFRA_DIR=""
    [[ -f "$STATE" ]] || return 1
    # shellcheck disable=SC1090
    . "$STATE"
}

publish_env() {
    mkdir -p "$(dirname "$ENV_FILE")"
    cp "$STATE" "$ENV_FILE"
}

clickhouse_ok() { [[ "$(curl -sf --max-time 2 "$CLICKHOUSE_URL/ping" 2>/dev/null)" == "Ok." ]]; }
redis_ok() { redis-cli -u "$REDIS_URL" ping 2>/dev/null | grep -q PONG; }

is_up() {
    load_state || return 1
    ours "$CLICKHOUSE_PID" && ours "$REDIS_PID" && clickhouse_ok && redis_ok
}

stop_pid() { # pid name
    local pid="$1" name="$2"
    if ! ours "$pid"; then
        alive "$pid" && log "pid $pid is not our $name any more; leaving it alone"
        return 0
    fi
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do alive "$pid" || { log "$name ($pid) stopped"; return 0; }; sleep 0.1; done
    log "$name ($pid) did not stop in 10 s, killing"
    kill -9 "$pid" 2>/dev/null || true
}

write_clickhouse_config() { # dir http_port tcp_port
    local d="$1" http="$2" tcp="$3"
    mkdir -p "$d/data" "$d/tmp" "$d/user_files" "$d/format_schemas" "$d/log"
    # no interserver_http_port: without it the server opens no replication port
    cat >"$d/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
    <logger>
        <level>information</level>
        <log>$d/log/clickhouse-server.log</log>
        <errorlog>$d/log/clickhouse-server.err.log</errorlog>
        <size>100M</size>
        <count>2</count>
    </logger>
    <listen_host>127.0.0.1</listen_host>
    <http_port>$http</http_port>
    <tcp_port>$tcp</tcp_port>
    <max_connections>256</max_connections>
    <keep_alive_timeout>10</keep_alive_timeout>
    <max_concurrent_queries>50</max_concurrent_queries>
    <!-- small caches: three engineers share a 2-core machine -->
    <uncompressed_cache_size>67108864</uncompressed_cache_size>
    <mark_cache_size>67108864</mark_cache_size>
    <path>$d/data/</path>
    <tmp_path>$d/tmp/</tmp_path>
    <user_files_path>$d/user_files/</user_files_path>
    <format_schema_path>$d/format_schemas/</format_schema_path>
    <users_config>$d/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
    <mlock_executable>false</mlock_executable>
    <builtin_dictionaries_reload_interval>3600</builtin_dictionaries_reload_interval>
    <max_session_timeout>3600</max_session_timeout>
    <default_session_timeout>60</default_session_timeout>
</yandex>
EOF
    cat >"$d/users.xml" <<'EOF'
<?xml version="1.0"?>
<yandex>
    <profiles>
        <default>
            <max_memory_usage>2000000000</max_memory_usage>
            <max_threads>2</max_threads>
            <use_uncompressed_cache>0</use_uncompressed_cache>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</yandex>
EOF
}

cmd_up() {
    if is_up; then
        publish_env
        log "already up ($CLICKHOUSE_URL, $REDIS_URL)"
        return 0
    fi
    if [[ -d "$STATE_DIR" ]]; then
        log "stale state in $STATE_DIR (a server is gone); cleaning up before starting again"
        cmd_down
    fi
    [[ -x "$CLICKHOUSE_SERVER" ]] || die "$CLICKHOUSE_SERVER not found (apt-get install clickhouse-server)"
    [[ -x "$REDIS_SERVER" ]] || die "$REDIS_SERVER not found (apt-get install redis-server)"

    local dir="$STATE_DIR" ch_http ch_tcp redis_port ch_pid redis_pid
    mkdir -m 700 "$dir"
    ch_http="$(free_port)"; ch_tcp="$(free_port)"; redis_port="$(free_port)"
    while [[ "$ch_tcp" == "$ch_http" ]]; do ch_tcp="$(free_port)"; done
    while [[ "$redis_port" == "$ch_http" || "$redis_port" == "$ch_tcp" ]]; do redis_port="$(free_port)"; done
    write_clickhouse_config "$dir/clickhouse" "$ch_http" "$ch_tcp"

    # Debian's 18.16 runs as root without complaint. Newer servers refuse to when the data dir belongs to someone
    # else; CLICKHOUSE_RUN_AS=clickhouse (as root) runs it as that user on a dir chown'ed to it.
    local -a as_user=()
    if [[ -n "$CLICKHOUSE_RUN_AS" && "$CLICKHOUSE_RUN_AS" != "$(id -un)" ]]; then
        chmod 755 "$dir"
        chown -R "$CLICKHOUSE_RUN_AS:" "$dir/clickhouse"
        as_user=(runuser -u "$CLICKHOUSE_RUN_AS" --)
    fi
    # setsid: the server outlives this script and the shell that ran it
    (cd "$dir" && exec setsid "${as_user[@]}" "$CLICKHOUSE_SERVER" --config-file="$dir/clickhouse/config.xml" \
        >"$dir/clickhouse/log/stdout.log" 2>&1 </dev/null) &
    ch_pid=$!

    "$REDIS_SERVER" --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
        --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null
    for _ in $(seq 1 50); do [[ -s "$dir/redis.pid" ]] && break; sleep 0.1; done
    redis_pid="$(cat "$dir/redis.pid" 2>/dev/null || true)"

    cat >"$STATE" <<EOF
CLICKHOUSE_URL=http://127.0.0.1:$ch_http
REDIS_URL=redis://127.0.0.1:$redis_port
CLICKHOUSE_PID=$ch_pid
REDIS_PID=$redis_pid
TEST_INFRA_DIR=$dir
EOF
    load_state

    local deadline=$(( SECONDS + TIMEOUT ))
    until clickhouse_ok; do
        if ! alive "$ch_pid" || (( SECONDS >= deadline )); then
            log "ClickHouse did not answer $CLICKHOUSE_URL/ping with 'Ok.' within ${TIMEOUT}s (pid $ch_pid $(alive "$ch_pid" && echo running || echo exited)); last log lines:"
            tail -n 30 "$dir/clickhouse/log/clickhouse-server.err.log" "$dir/clickhouse/log/stdout.log" >&2 2>/dev/null || true
            cmd_down
            exit 1
        fi
        sleep 0.2
    done
    until redis_ok; do
        if ! alive "$redis_pid" || (( SECONDS >= deadline )); then
            log "Redis did not answer PING on $REDIS_URL within ${TIMEOUT}s; last log lines:"
            tail -n 30 "$dir/redis.log" >&2 2>/dev/null || true
            cmd_down
            exit 1
        fi
        sleep 0.2
    done
    publish_env
    log "up: CLICKHOUSE_URL=$CLICKHOUSE_URL REDIS_URL=$REDIS_URL (env in $ENV_FILE)"
}

cmd_down() {
    rm -f "$ENV_FILE"
    if ! load_state; then
        rm -rf "$STATE_DIR"
        log "not up"
        return 0
    fi
    stop_pid "$CLICKHOUSE_PID" clickhouse-server
    stop_pid "$REDIS_PID" redis-server
    rm -rf "$STATE_DIR"
    log "down"
}

cmd_status() {
    if ! load_state; then
        echo "down"
        return 1
    fi
    local rc=0 ch redis
    if ours "$CLICKHOUSE_PID" && clickhouse_ok; then ch="up"; else ch="DOWN"; rc=1; fi
    if ours "$REDIS_PID" && redis_ok; then redis="up"; else redis="DOWN"; rc=1; fi
    echo "clickhouse $ch  $CLICKHOUSE_URL  pid $CLICKHOUSE_PID"
    echo "redis      $redis  $REDIS_URL  pid $REDIS_PID"
    echo "dir        $TEST_INFRA_DIR"
    echo "env file   $ENV_FILE$([[ -f "$ENV_FILE" ]] || echo ' (missing: run up)')"
    return "$rc"
}

cmd_env() {
    load_state || die "not up; run: scripts/test-infra.sh up"
    [[ -f "$ENV_FILE" ]] || publish_env
    cat "$ENV_FILE"
}

case "${1:-}" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    env) cmd_env ;;
    *) echo "usage: $0 up|down|status|env" >&2; exit 2 ;;
esac
