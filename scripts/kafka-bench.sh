#!/usr/bin/env bash
# The Kafka benchmark (issue 10): the project's Kafka path beside the broker's own produce -> consume rate and a
# Kafka Streams 3.7.1 job, through one broker, on the real CAISO day-ahead file's records. Kafka Streams is a test
# dependency (never in the jar), so this runs from the test classpath.
#   scripts/kafka-bench.sh [--runs N] [--json] [--only broker,streams,project]
# Starts a broker of its own (the KRaft broker of scripts/local-kafka.sh, as a separate process on a free port) and
# stops it after: the roles' consumer groups must start empty. KAFKA_BENCH_BOOTSTRAP=host:port uses another broker
# instead (refused if it already has the pipeline's consumer groups).
# Env: BENCH_JAVA_OPTS (default -Xmx512m, the flags `make bench` uses) for the bench's JVM (publisher, baselines),
# ROLE_JAVA_OPTS (default -Xmx512m) for each role's process.
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory build >&2 # the roles run as processes of the jar
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >&2
CP="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
if [ -z "${KAFKA_BENCH_BOOTSTRAP:-}" ]; then
    envf=target/kafka-bench.env
    rm -f "$envf"
    java -Xmx512m -cp "$CP" com.carbon254.ingestion.testing.LocalKafka "$envf" > target/kafka-bench-broker.log 2>&1 &
    broker=$!
    trap 'kill $broker 2>/dev/null; wait $broker 2>/dev/null || true' EXIT
    for _ in $(seq 1 120); do
        [ -f "$envf" ] && break
        kill -0 "$broker" 2>/dev/null || { echo "kafka-bench: broker exited; see target/kafka-bench-broker.log" >&2; exit 1; }
        sleep 0.5
    done
    [ -f "$envf" ] || { echo "kafka-bench: broker not up within 60 s" >&2; exit 1; }
    KAFKA_BENCH_BOOTSTRAP=$(sed -n 's/^KAFKA_BOOTSTRAP=//p' "$envf")
fi
# shellcheck disable=SC2086
KAFKA_BOOTSTRAP="$KAFKA_BENCH_BOOTSTRAP" java ${BENCH_JAVA_OPTS:--Xmx512m} -Dlogback.configurationFile=logback-bench.xml \
    -cp "$CP" \
    com.carbon254.ingestion.app.bench.KafkaBench "$@"
