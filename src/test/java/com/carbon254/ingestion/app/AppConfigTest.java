package com.carbon254.ingestion.app;

import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.pipeline.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppConfigTest {
    static final AppConfig.Overrides NONE = AppConfig.Overrides.NONE;

    @Test
    void allInOneRunsEveryStageOnTheEmbeddedDefaults() {
        AppConfig c = AppConfig.forRole("all-in-one", Map.of(), Map.of(), NONE);
        assertThat(c.httpPort()).isEqualTo(8500);
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.transport().type()).isEqualTo("eventbus");
        assertThat(c.store().type()).isEqualTo("duckdb");
        assertThat(c.stages()).extracting(s -> s.stage().id())
                .containsExactly("simulator", "projector", "aggregator", "enricher", "normalizer", "connectors");
    }

    @ParameterizedTest
    @ValueSource(strings = {"normalizer", "enricher", "aggregator", "projector"})
    void eachStageRoleRunsExactlyItsStageOverKafka(String role) {
        AppConfig c = AppConfig.forRole(role, Map.of("KAFKA_BOOTSTRAP", "k:9092", "CLICKHOUSE_URL", "http://c:8123",
                "AUTH_REQUIRED", "false"), Map.of(), NONE);
        assertThat(c.stages()).extracting(s -> s.stage().id()).containsExactly(role);
        assertThat(c.transport().type()).isEqualTo("kafka");
        assertThat(c.transport().kafkaBootstrap()).isEqualTo("k:9092");
        assertThat(c.needsStore()).as("the projector writes; the others read Bronze for /reprocess").isTrue();
        assertThat(c.store().type()).isEqualTo("clickhouse");
        assertThat(c.store().clickhouseUrl()).isEqualTo("http://c:8123");
    }

    /** The seed's names: CLICKHOUSE_DSN (HTTP only, CLICKHOUSE_URL wins) and PARALLEL_WORKERS. */
    @Test
    void theSeedsClickHouseDsnAndParallelWorkersAreRead() {
        AppConfig dsn = AppConfig.forRole("projector", Map.of("AUTH_REQUIRED", "false", "KAFKA_BOOTSTRAP", "k:9092",
                "CLICKHOUSE_DSN", "http://ingest:s3cret@ch:8123/gold"), Map.of(), NONE);
        assertThat(dsn.store().clickhouseUrl()).isEqualTo("http://ingest:s3cret@ch:8123/gold");
        assertThat(AppConfig.forRole("projector", Map.of("AUTH_REQUIRED", "false", "KAFKA_BOOTSTRAP", "k:9092", "CLICKHOUSE_DSN",
                "http://a:8123/x", "CLICKHOUSE_URL", "http://b:8123/y"), Map.of(), NONE).store().clickhouseUrl())
                .isEqualTo("http://b:8123/y");
        assertThatThrownBy(() -> AppConfig.forRole("projector", Map.of("AUTH_REQUIRED", "false", "KAFKA_BOOTSTRAP", "k:9092",
                "CLICKHOUSE_DSN", "clickhouse://ingest:s3cret@ch:9000/gold"), Map.of(), NONE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("env CLICKHOUSE_DSN")
                .hasMessageContaining("native protocol")
                .hasMessageContaining("HTTP port")
                .hasMessageNotContaining("s3cret");

        AppConfig two = AppConfig.forRole("all-in-one", Map.of("PARALLEL_WORKERS", "2"), Map.of(), NONE);
        assertThat(two.stages()).filteredOn(st -> st.stage() == Stage.NORMALIZER || st.stage() == Stage.ENRICHER)
                .hasSize(2).allSatisfy(st -> assertThat(st.instances()).isEqualTo(2));
        assertThat(two.stages()).filteredOn(st -> st.stage() == Stage.AGGREGATOR)
                .allSatisfy(st -> assertThat(st.instances()).isEqualTo(1));
        assertThatThrownBy(() -> AppConfig.forRole("all-in-one", Map.of("PARALLEL_WORKERS", "many"), Map.of(), NONE))
                .isInstanceOf(ConfigException.class).hasMessageContaining("env PARALLEL_WORKERS");
    }

    @Test
    void layersApplyInOrderDescriptorEnvSystemPropertyFlag() {
        Map<String, String> env = Map.of("HTTP_PORT", "9001", "DATA_DIR", "/tmp/env");
        assertThat(AppConfig.forRole("all-in-one", env, Map.of(), NONE).httpPort()).isEqualTo(9001);
        assertThat(AppConfig.forRole("all-in-one", env, Map.of("ingestion.http.port", "9002"), NONE).httpPort())
                .isEqualTo(9002);
        AppConfig flags = AppConfig.forRole("all-in-one", env, Map.of("ingestion.http.port", "9002"),
                new AppConfig.Overrides(9003, Path.of("/tmp/flag")));
        assertThat(flags.httpPort()).isEqualTo(9003);
        assertThat(flags.dataDir()).isEqualTo(Path.of("/tmp/flag"));
    }

    @Test
    void invalidDescriptorStopsWithOneMessageNamingFileAndEveryKey(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, """
                role: all-in-one
                http: {port: 99999}
                transport: {type: carrier-pigeon}
                verticles:
                  - stage: normaliser
                  - stage: projector
                    instances: 0
                colour: blue
                """);
        assertThatThrownBy(() -> AppConfig.load(f, Map.of(), Map.of(), NONE))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        f + ": unknown key 'colour'",
                        f + ": http.port: must be between 0 and 65535, found 99999",
                        f + ": transport.type: expected one of eventbus|kafka, found 'carrier-pigeon'",
                        f + ": verticles[0].stage: unknown stage 'normaliser' (expected one of aggregator|connectors|enricher|normalizer|projector|simulator)",
                        f + ": verticles[1].instances: must be an integer between 1 and 64, found '0'"));
    }

    @Test
    void aStagesOwnConfigIsCheckedWhenTheDescriptorIsLoaded(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path f = dir.resolve("stages.yaml");
        Files.writeString(f, """
                verticles:
                  - stage: connectors
                    config: {batch_size: "x"}
                  - stage: normalizer
                    config: {threads: 2}
                """);
        assertThatThrownBy(() -> AppConfig.load(f, Map.of(), Map.of(), NONE))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        f + ": verticles[connectors].config.batch_size: expected a whole number of records 1..1000000,"
                                + " found 'x'",
                        f + ": verticles[normalizer].config.threads: unknown key (the normalizer stage takes no"
                                + " config)"));
    }

    @Test
    void theHealthOnlyPortIsOffUnlessTheDescriptorOrHealthPortSetsItAndIsNeverTheHttpPort(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertThat(AppConfig.forRole("all-in-one", Map.of(), Map.of(), NONE).healthPort()).isZero();
        Path f = dir.resolve("health.yaml");
        Files.writeString(f, "http: {port: 8600, health_port: 8601}\nverticles: [{stage: normalizer}]\n");
        assertThat(AppConfig.load(f, Map.of(), Map.of(), NONE).healthPort()).isEqualTo(8601);
        assertThat(AppConfig.load(f, Map.of("HEALTH_PORT", "9101"), Map.of(), NONE).healthPort()).isEqualTo(9101);
        assertThatThrownBy(() -> AppConfig.forRole("all-in-one", Map.of("HEALTH_PORT", "8500"), Map.of(), NONE))
                .hasMessageContaining("env HEALTH_PORT: http.health_port: 8500 is http.port too");
        assertThatThrownBy(() -> AppConfig.forRole("all-in-one", Map.of("HEALTH_PORT", "-1"), Map.of(), NONE))
                .hasMessageContaining("env HEALTH_PORT: http.health_port: must be between 0 and 65535");
    }

    @Test
    void badEnvironmentValueIsBlamedOnTheVariable() {
        assertThatThrownBy(() -> AppConfig.forRole("all-in-one", Map.of("HTTP_PORT", "eighty"), Map.of(), NONE))
                .hasMessageContaining("env HTTP_PORT: http.port: expected an integer, found 'eighty'");
    }

    @Test
    void kafkaRoleWithoutBootstrapIsRefused() {
        assertThatThrownBy(() -> AppConfig.forRole("enricher", Map.of(), Map.of(), NONE))
                .hasMessageContaining("transport.kafka.bootstrap: required when transport.type is kafka");
    }

    @Test
    void stageRolesWithoutClickHouseUrlAreRefused() {
        for (String role : List.of("projector", "normalizer")) {
            assertThatThrownBy(() -> AppConfig.forRole(role, Map.of("KAFKA_BOOTSTRAP", "k:9092"), Map.of(), NONE))
                    .hasMessageContaining("store.clickhouse.url: required when store.type is clickhouse");
        }
    }

    @Test
    void aClusterRoleRefusesToStartOpenUnlessToldSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("KAFKA_BOOTSTRAP", "k:9092", "CLICKHOUSE_URL",
                "http://c:8123"));
        assertThatThrownBy(() -> AppConfig.forRole("projector", env, Map.of(), NONE))
                .hasMessageContaining("conf/deployments/projector.yaml: auth.required: true, but no tokens file");
        java.nio.file.Path tokens = tmp.resolve("tokens.yaml");
        java.nio.file.Files.writeString(tokens, "tokens:\n  - {sha256: " + "ab".repeat(32)
                + ", tenant: acme, scopes: [read, fly]}\n");
        env.put("AUTH_TOKENS_PATH", tokens.toString());
        assertThatThrownBy(() -> AppConfig.forRole("projector", env, Map.of(), NONE))
                .hasMessageContaining(tokens + ": tokens[0].scopes: 'fly' is not one of admin|read|write");
        java.nio.file.Files.writeString(tokens, "tokens:\n  - {sha256: " + "ab".repeat(32)
                + ", tenant: acme, scopes: [read]}\n");
        assertThat(AppConfig.forRole("projector", env, Map.of(), NONE).auth().tokensPath()).isEqualTo(tokens.toString());
        env.remove("AUTH_TOKENS_PATH");
        env.put("AUTH_REQUIRED", "false");
        assertThat(AppConfig.forRole("projector", env, Map.of(), NONE).auth().tokensPath()).isNull();
        assertThat(AppConfig.forRole("all-in-one", Map.of(), Map.of(), NONE).auth().required())
                .as("the all-in-one runs open by default").isFalse();
    }

    @Test
    void unknownRoleIsRefused() {
        assertThatThrownBy(() -> AppConfig.forRole("everything", Map.of(), Map.of(), NONE))
                .hasMessageContaining("unknown role 'everything'");
    }
}
