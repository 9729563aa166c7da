#!/usr/bin/env bash
# A local Kafka broker as a plain process for `make infra-up` (KRaft, the same broker the tests embed).
#   scripts/local-kafka.sh up|down|status     env written to target/kafka.env (KAFKA_BOOTSTRAP=…)
set -euo pipefail
cd "$(dirname "$0")/.."
ENV=target/kafka.env
PIDF=target/kafka.pid
running() { [ -f "$PIDF" ] && kill -0 "$(cat "$PIDF")" 2>/dev/null; }

case "${1:-}" in
  up)
    if running && [ -f "$ENV" ]; then cat "$ENV"; exit 0; fi
    mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
    rm -f "$ENV"
    nohup java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
      com.carbon254.ingestion.testing.LocalKafka "$ENV" > target/kafka.log 2>&1 &
    echo $! > "$PIDF"
    for _ in $(seq 1 120); do
      [ -f "$ENV" ] && { cat "$ENV"; exit 0; }
      running || { echo "local-kafka: broker exited; last log lines:" >&2; tail -20 target/kafka.log >&2; exit 1; }
      sleep 0.5
    done
    echo "local-kafka: not up within 60 s; see target/kafka.log" >&2; exit 1 ;;
  down)
    if running; then kill "$(cat "$PIDF")"; echo "local-kafka: stopped"; fi
    rm -f "$PIDF" "$ENV" ;;
  status)
    if running; then echo "local-kafka: up ($(cat "$ENV" 2>/dev/null))"; else echo "local-kafka: down"; exit 1; fi ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
