# carbon-ingestion — see README.md. Every target works on a fresh machine of this kind after `make setup`
# (`make test` and `make run` call it themselves).
SHELL := /bin/bash
MVN ?= mvn -B -q
JAR := target/ingestion.jar
JAVA_OPTS ?= -Xmx1g
ROLE ?= all-in-one
INFRA := scripts/test-infra.sh

PHONY_EXTRA := simulate simulate-miso
.PHONY: help setup build cds run reprocess $(PHONY_EXTRA) test unit-test python-test lint validate-schemas connectors-index infra-up infra-down cluster-up cluster-down airflow-up airflow-down airflow-dags-check run-normalization cluster-bench cluster-crash bench bench-kafka image chart-check clean

help:
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 20

setup: ## install what is missing (Debian clickhouse-server, redis-server) and fetch Maven dependencies
	scripts/setup.sh

$(JAR): pom.xml $(shell find src/main schemas connectors conf -type f 2>/dev/null)
	$(MVN) package -DskipTests

build: $(JAR) ## build the runnable fat jar target/ingestion.jar and its CycloneDX SBOM target/bom.json

LIVE_ENV := MISO_REPORTS_URL=https://docs.misoenergy.org/marketreports MISO_API_URL=https://public-api.misoenergy.org/api \
	CAISO_OASIS_URL=https://oasis.caiso.com/oasisapi \
	ERCOT_API_URL=https://api.ercot.com/api/public-reports ERCOT_MIS_URL=https://www.ercot.com \
	ERCOT_TOKEN_URL=https://ercotb2c.b2clogin.com/ercotb2c.onmicrosoft.com/B2C_1_PUBAPI-ROPC-FLOW/oauth2/v2.0/token \
	ISONE_API_URL=https://webservices.iso-ne.com/api/v1.1 ISONE_EXPRESS_URL=https://www.iso-ne.com \
	SPP_PORTAL_URL=https://portal.spp.org \
	NYISO_MIS_URL=http://mis.nyiso.com/public PJM_API_URL=https://api.pjm.com/api/v1

# the class-data sharing archive (make cds), used while it is newer than the jar
CDS_OPTS = $(shell [ target/ingestion.jsa -nt $(JAR) ] && echo -XX:SharedArchiveFile=target/ingestion.jsa)

cds: build ## class-data sharing archive of the jar (target/ingestion.jsa): faster start; run, bench and the cluster use it
	scripts/cds.sh

run: build ## build, then run all-in-one (simulated ISOs, event bus, DuckDB in ./data, :8500); LIVE=1 pulls the real ISOs
	$(if $(LIVE),$(LIVE_ENV)) java $(JAVA_OPTS) $(CDS_OPTS) -jar $(JAR) run --role $(ROLE)

reprocess: build ## replay Bronze on the running process: make reprocess FROM=2024-01-15 TO=2024-01-16 [ISO=MISO] [STAGE=enricher]
	@test -n "$(FROM)" -a -n "$(TO)" || { echo "usage: make reprocess FROM=YYYY-MM-DD TO=YYYY-MM-DD [ISO=MISO,CAISO] [STAGE=normalizer|enricher|aggregator] [URL=http://host:port]"; exit 2; }
	java -jar $(JAR) reprocess --from $(FROM) --to $(TO) $(if $(ISO),--iso $(ISO)) $(if $(STAGE),--stage $(STAGE)) $(if $(URL),--url $(URL))

simulate: build ## the ISO simulator alone on :8590 (SPEED=60 for an hour of simulated time per minute)
	java -jar $(JAR) simulate --port 8590 --speed $(or $(SPEED),1)

simulate-miso: build ## the simulator, then print MISO's day-ahead report and the latest 5-minute prices from it
	@set -euo pipefail; java -jar $(JAR) simulate --port 8591 > target/simulate-miso.log 2>&1 & pid=$$!; \
	trap 'kill $$pid' EXIT; for i in $$(seq 1 100); do curl -sf localhost:8591/sim/status >/dev/null && break; sleep 0.1; done; \
	day=$$(TZ=EST date +%Y%m%d); \
	curl -sf "localhost:8591/miso/marketreports/$${day}_da_expost_lmp.csv" | head -12; echo; \
	curl -sf "localhost:8591/miso/api/MarketPricing/GetRealTimeFiveMinExPost/Current" | head -c 600; echo

test: setup ## every test: unit, Kafka (in-JVM broker), store contract on DuckDB and a private ClickHouse
	@set -euo pipefail; \
	$(INFRA) up; trap '$(INFRA) down' EXIT; \
	source target/test-infra.env; \
	mvn -B -ntp verify -Dclickhouse.url="$$CLICKHOUSE_URL" -Dredis.url="$$REDIS_URL"; \
	$(MAKE) --no-print-directory python-test

unit-test: ## pure and verticle tests only (no external servers)
	$(MVN) test

python-test: build ## Airflow DAG specs and the registry trigger (Python 3 stdlib unittest) on a fresh connectors index
	java -jar $(JAR) connectors-index --out target/connectors_index.json
	CONNECTORS_INDEX_PATH=target/connectors_index.json python3 -m unittest discover -s airflow/tests -v

airflow-dags-check: build ## the DAGs Airflow would build from a fresh connectors index, checked without Airflow or Docker
	java -jar $(JAR) connectors-index --out target/connectors_index.json
	CONNECTORS_INDEX_PATH=target/connectors_index.json python3 airflow/check_dags.py

airflow-up: build ## a local Airflow in Docker running the generated DAGs against the registry on :8500 (needs Docker)
	@docker compose version >/dev/null 2>&1 || { echo "make airflow-up needs Docker with its compose plugin (docker compose); without it, make airflow-dags-check checks the DAGs and README 'Orchestration' shows how to point an existing Airflow at airflow/dags"; exit 2; }
	java -jar $(JAR) connectors-index --out target/connectors_index.json
	docker compose -f airflow/docker/docker-compose.yml up -d
	@echo "Airflow on http://localhost:8080, DAGs from airflow/dags, registry $${INGESTION_REGISTRY_URL:-http://host.docker.internal:8500}"

airflow-down: ## stop the Airflow of make airflow-up
	@docker compose version >/dev/null 2>&1 || { echo "make airflow-down needs Docker with its compose plugin"; exit 2; }
	docker compose -f airflow/docker/docker-compose.yml down

run-normalization: build ## the normalizer role alone against make infra-up's Kafka, ClickHouse and Redis (seed quick-start step 4)
	@test -f target/test-infra.env -a -f target/kafka.env || { echo "run make infra-up first: the normalizer reads from Kafka and stores nothing itself"; exit 2; }
	@set -a; . target/test-infra.env; . target/kafka.env; set +a; \
	echo "normalizer on :8510 — Kafka $$KAFKA_BOOTSTRAP, ClickHouse $$CLICKHOUSE_URL, Redis $$REDIS_URL"; \
	TRANSPORT=kafka STORE=clickhouse java $(JAVA_OPTS) $(CDS_OPTS) -jar $(JAR) run --role normalizer --http-port 8510

lint: ## compile with all warnings as errors, check schemas and shell scripts
	$(MVN) -DbuildDir=target-lint clean test-compile -Dmaven.compiler.failOnWarning=true
	bash -n scripts/*.sh .ci/run
	$(MAKE) validate-schemas

validate-schemas: build ## fail on any schema change that is not BACKWARD compatible with specs.lock.json
	java -jar $(JAR) validate-schemas

connectors-index: build ## write connectors_index.json from every connectors/*/connector.yaml
	java -jar $(JAR) connectors-index --out connectors_index.json

infra-up: setup ## start local Kafka, ClickHouse and Redis as processes (no Docker); env in target/*.env
	$(INFRA) up
	scripts/local-kafka.sh up
	@cat target/test-infra.env target/kafka.env

cluster-up: build ## a local cluster: Kafka, ClickHouse, Redis, then each role as its own process on the seed ports
	scripts/cluster.sh up

cluster-bench: ## on the local cluster: POST→done of the real CAISO day, cold (roles restarted) and warm, bars checked at done
	scripts/cluster-bench.py

cluster-crash: ## kill -9 ROLE (normalizer|enricher|aggregator|projector) mid-import on the local cluster, restart it, compare with a clean run
	scripts/cluster-crash.py $(ROLE)

cluster-down: ## stop every role of the local cluster, then its Kafka, ClickHouse and Redis
	scripts/cluster.sh down

infra-down: ## stop what infra-up started
	-scripts/local-kafka.sh down
	$(INFRA) down

bench: build ## benchmarks: one process (stage cores, pipeline, CAISO day vs DuckDB and a Java floor), then the Kafka path
	java -Xmx512m $(CDS_OPTS) -jar $(JAR) bench
	scripts/kafka-bench.sh

bench-kafka: ## the Kafka path beside the broker's produce→consume rate and a Kafka Streams job, on a broker of its own
	scripts/kafka-bench.sh $(if $(RUNS),--runs $(RUNS))

IMAGE ?= ghcr.io/254carbon/carbon-ingestion
IMAGE_TAG ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
PLATFORMS ?= linux/amd64,linux/arm64

image: build ## the multi-arch image (docker buildx; needs Docker): IMAGE=… IMAGE_TAG=… PLATFORMS=… PUSH=1 to push
	docker buildx build --platform $(PLATFORMS) -t $(IMAGE):$(IMAGE_TAG) $(if $(PUSH),--push) .

chart-check: ## helm lint --strict and helm template of chart/ with the manifests checked (no cluster, no helm binary)
	$(MVN) test -Dtest=HelmChartTest -Dsurefire.failIfNoSpecifiedTests=false

clean:
	rm -rf target data
