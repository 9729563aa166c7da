package com.carbon254.ingestion.app;

import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.store.clickhouse.ClickHouseEngine;
import com.carbon254.ingestion.store.clickhouse.ClickHouseStoreConfig;
import com.carbon254.ingestion.testing.KafkaBrokerExtension;
import com.carbon254.ingestion.transport.Batch;
import com.carbon254.ingestion.transport.kafka.KafkaTransport;
import com.carbon254.ingestion.transport.kafka.KafkaTransportConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same jar runs one stage alone: the normalizer and enricher roles, exactly as their descriptors say
 * (Kafka transport, Bronze read from ClickHouse), chained over a real broker. Raw records published to
 * {@code ingestion.miso.raw.v1} come out enriched on {@code enriched.market.ticks.v1}; the bad one lands in the raw
 * DLQ with its reason. (Imports and reprocessing need every role: {@link ClusterIT}.)
 */
class StageRoleOverKafkaIT {
    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();
    @TempDir
    static Path dataDir;
    static Vertx vertx;
    static App normalizer;
    static App enricher;
    static KafkaTransport client;

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** The roles' shared store: a fresh database of the test ClickHouse, else (no server) DuckDB per role. */
    static final String CLICKHOUSE = clickHouseUrl();
    static final String DATABASE = "it_roles_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    static String clickHouseUrl() {
        String url = System.getProperty("clickhouse.url");
        if (url == null || url.isBlank()) url = System.getenv("CLICKHOUSE_URL");
        return url == null || url.isBlank() ? null : url.strip().replaceAll("/+$", "");
    }

    static App role(String role) throws Exception {
        Map<String, String> env = CLICKHOUSE == null ? Map.of("KAFKA_BOOTSTRAP", kafka.bootstrapServers())
                : Map.of("KAFKA_BOOTSTRAP", kafka.bootstrapServers(), "CLICKHOUSE_URL", CLICKHOUSE + "/" + DATABASE);
        Map<String, String> sys = CLICKHOUSE == null ? Map.of("ingestion.store.type", "duckdb",
                "ingestion.auth.required", "false") : Map.of("ingestion.auth.required", "false");
        AppConfig cfg = AppConfig.forRole(role, env, sys, new AppConfig.Overrides(0, dataDir.resolve(role)));
        assertThat(cfg.stages()).extracting(s -> s.stage().id()).containsExactly(role);
        return await(App.start(vertx, cfg, new Metrics(), true));
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        normalizer = role("normalizer");
        enricher = role("enricher");
        client = new KafkaTransport(vertx, KafkaTransportConfig.of(kafka.bootstrapServers(), "it-client"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) await(client.close());
        if (enricher != null) await(enricher.stop());
        if (normalizer != null) await(normalizer.stop());
        if (CLICKHOUSE != null && vertx != null) {
            ClickHouseEngine dropper = new ClickHouseEngine(vertx, ClickHouseStoreConfig.fromUrl(CLICKHOUSE + "/"
                    + DATABASE));
            await(dropper.dropDatabase());
            await(dropper.close());
        }
        if (vertx != null) await(vertx.close());
    }

    static RawRecord miso(String tenant, String node, int he, String lmp) {
        return new RawRecord(tenant, "MISO", "lmp_da_expost", "DA_HOURLY", "doc-" + tenant, 5 + he, node,
                Map.of("date", "2024-01-15", "he", String.valueOf(he), "type", "Hub", "revision", "expost"),
                Map.of("LMP", lmp, "MCC", ".5", "MLC", "-.25"));
    }

    @Test
    void normalizerAndEnricherRolesChainOverKafka() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        List<EnrichedTick> enriched = new CopyOnWriteArrayList<>();
        List<DlqRecord> dlq = new CopyOnWriteArrayList<>();
        await(client.<EnrichedTick>subscribe(Topics.ENRICHED_TICKS, "it-" + tenant, b -> {
            b.records().stream().filter(t -> t.tick().tenant().equals(tenant)).forEach(enriched::add);
            return Future.succeededFuture();
        }));
        await(client.<DlqRecord>subscribe(Topics.dlq(Topics.raw("MISO")), "it-" + tenant, b -> {
            b.records().stream().filter(r -> r.tenant().equals(tenant)).forEach(dlq::add);
            return Future.succeededFuture();
        }));
        await(client.publish(Topics.raw("MISO"), new Batch<>("trace-1", tenant, List.of(
                miso(tenant, "INDIANA.HUB", 1, "30.25"), miso(tenant, "INDIANA.HUB", 2, "n/a"),
                miso(tenant, "INDIANA.HUB", 3, "31")))));

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> enriched.size() == 2 && dlq.size() == 1);
        Tick first = enriched.stream().map(EnrichedTick::tick).filter(t -> t.lmp() == 30.25).findFirst().orElseThrow();
        assertThat(first.intervalStart()).hasToString("2024-01-15T05:00:00Z");
        assertThat(first.energy()).isEqualTo(30.25 - 0.5 + 0.25);
        assertThat(enriched).allSatisfy(e -> assertThat(e.locationType()).isEqualTo("hub"));
        assertThat(dlq.get(0).stage()).isEqualTo("normalizer");
        assertThat(dlq.get(0).reason()).isEqualTo("non_numeric_value");
        assertThat(dlq.get(0).position()).isEqualTo(7);

        // ready once every subscription has its partitions (the normalizer has one per ISO's raw topic)
        WebClient http = WebClient.create(vertx);
        for (App role : List.of(normalizer, enricher)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    await(http.get(role.httpPort(), "127.0.0.1", "/health/ready").send()).statusCode() == 200);
        }
    }
}
