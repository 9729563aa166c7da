package com.carbon254.ingestion.app;

import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.store.clickhouse.ClickHouseEngine;
import com.carbon254.ingestion.store.clickhouse.ClickHouseStoreConfig;
import com.carbon254.ingestion.testing.IsoSamples;
import com.carbon254.ingestion.testing.KafkaBrokerExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.carbon254.ingestion.app.RunningApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster shape in one JVM: the five roles as their descriptors define them — registry, normalizer, enricher,
 * aggregator, projector, each its own Vert.x and HTTP server — over a real Kafka broker and one ClickHouse database,
 * beside an all-in-one process (event bus) storing into another database of the same server. The real CAISO
 * day-ahead file goes through both: the cluster's import is {@code done} only when its ticks, bars and audit rows are
 * all stored, and what it stored — every tick, bar, rolling metric, curve point, anomaly and DLQ row — is what one
 * process stores. A reprocess of the day on the normalizer role is done only once stored too, and changes nothing. An
 * aggregator restarted while the projector is down rebuilds an hour from everything it had handled before.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();
    @TempDir
    static Path dataDir;

    static final String CAISO_DAM = "caiso/caiso_oasis_SingleZip_PRC_LMP_DAM_grp-ALL_APNODES_20200101_20200101_v1.zip";
    static final String CLICKHOUSE = StageRoleOverKafkaIT.clickHouseUrl();
    /** The private Redis of make test (-Dredis.url / REDIS_URL): the projector keeps the latest values there. */
    static final String REDIS = redisUrl();
    static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    static final String CLUSTER_DB = "it_cluster_" + SUFFIX;
    static final String SINGLE_DB = "it_single_" + SUFFIX;
    static final Map<String, RunningApp> roles = new LinkedHashMap<>();
    static Vertx vertx;
    static WebClient http;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(CLICKHOUSE != null, "no ClickHouse (CLICKHOUSE_URL / -Dclickhouse.url): the roles of a"
                + " cluster share one; make test starts one");
        vertx = Vertx.vertx();
        http = WebClient.create(vertx);
        // in the order scripts/cluster.sh starts them: consumers before the registry publishes
        for (String role : List.of("projector", "aggregator", "enricher", "normalizer", "registry")) startRole(role);
    }

    @AfterAll
    static void stop() throws Exception {
        List<String> order = new ArrayList<>(roles.keySet());
        java.util.Collections.reverse(order);
        for (String r : order) roles.remove(r).close();
        if (vertx != null) {
            for (String db : List.of(CLUSTER_DB, SINGLE_DB)) {
                ClickHouseEngine dropper = new ClickHouseEngine(vertx, ClickHouseStoreConfig.fromUrl(CLICKHOUSE + "/"
                        + db));
                await(dropper.dropDatabase());
                await(dropper.close());
            }
            await(vertx.close());
        }
    }

    static byte[] caisoDay() throws Exception {
        Path file = IsoSamples.find(CAISO_DAM).orElse(null);
        Assumptions.assumeTrue(file != null, IsoSamples.MISSING);
        return Files.readAllBytes(file);
    }

    @Test
    @Order(1)
    void anImportIsDoneOnlyOnceEverythingIsStoredAndTheClusterStoresWhatOneProcessStores() throws Exception {
        byte[] day = caisoDay();
        JsonObject job = roles.get("registry").importFile("caiso", day);

        // at the moment it says done, with nothing waited for
        Map<String, String> atDone = fingerprints(CLUSTER_DB);
        JsonArray bars = roles.get("projector").bars("CAISO", "DA_HOURLY", "TH_NP15_GEN-APND", "lmp", "1d",
                "2020-01-01T00:00:00Z", "2020-01-03T00:00:00Z");
        assertThat(job.getString("status")).as(job.encode()).isEqualTo("done");
        assertThat(job.getLong("records_in")).isEqualTo(40_712);
        assertThat(job.getLong("ticks_out")).as("counted when done: final").isEqualTo(40_712);
        assertThat(bars.stream().mapToInt(b -> ((JsonObject) b).getInteger("count")).sum())
                .as("the hub's 24 hours are in its day bars when the import says done: %s", bars).isEqualTo(24);
        if (REDIS != null) { // and the hub's latest tick is served, from Redis
            JsonObject latest = roles.get("projector").get("/api/v1/latest?iso=CAISO&market=DA_HOURLY"
                    + "&location=TH_NP15_GEN-APND").bodyAsJsonObject();
            assertThat(latest.getJsonArray("ticks").getJsonObject(0).getString("interval_start"))
                    .as("%s", latest).isEqualTo("2020-01-02T23:00:00Z");
            assertThat(latest.getJsonArray("ticks").getJsonObject(0).getDouble("lmp")).isEqualTo(35.45538);
            io.vertx.redis.client.Redis raw = io.vertx.redis.client.Redis.createClient(vertx, REDIS);
            try {
                assertThat(await(raw.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.HGET)
                        .arg("carbon:default:latest:tick:CAISO:DA_HOURLY").arg("TH_NP15_GEN-APND"))).toString())
                        .as("what the API served is what Redis holds")
                        .isEqualTo(latest.getJsonArray("ticks").getJsonObject(0).encode());
            } finally {
                await(raw.close());
            }
        }

        JsonObject single;
        try (RunningApp one = RunningApp.start(RunningApp.isolatedAllInOne(dataDir.resolve("single"),
                Map.of("CLICKHOUSE_URL", CLICKHOUSE + "/" + SINGLE_DB), Map.of("ingestion.store.type", "clickhouse")))) {
            single = one.importFile("caiso", day);
        }
        assertThat(single.getString("status")).isEqualTo("done");
        assertThat(job.getLong("ticks_out")).isEqualTo(single.getLong("ticks_out"));
        assertThat(job.getLong("rejected")).isEqualTo(single.getLong("rejected"));
        assertThat(job.getJsonArray("reasons")).isEqualTo(single.getJsonArray("reasons"));
        // same anomalies (type, location, interval, detail), same bars, ticks, metrics, curves, DLQ rows
        assertThat(atDone).isEqualTo(fingerprints(SINGLE_DB));
        assertThat(atDone.get("anomalies")).as("the day has findings to compare").doesNotStartWith("0 ");
    }

    @Test
    @Order(2)
    void aReprocessOnTheClusterIsDoneOnlyOnceStoredAndChangesNothing() throws Exception {
        caisoDay();
        Map<String, String> before = fingerprints(CLUSTER_DB);
        // from the normalizer (Bronze → extract → normalize), and from the aggregator (the enricher role replays the
        // steps before it and publishes enriched ticks)
        for (String[] from : List.of(new String[]{"normalizer", "normalizer"}, new String[]{"enricher", "aggregator"})) {
            JsonObject job = reprocess(roles.get(from[0]), new JsonObject().put("from", "2020-01-01T00:00:00Z")
                    .put("to", "2020-01-03T00:00:00Z").put("isos", new JsonArray().add("CAISO")).put("stage", from[1]));
            assertThat(job.getString("status")).as(job.encode()).isEqualTo("done");
            assertThat(job.getLong("records")).as(job.encode()).isEqualTo(40_712);
            assertThat(fingerprints(CLUSTER_DB)).as("replaying the same document from the %s replaces rows with"
                    + " themselves, all stored when the job says done", from[1]).isEqualTo(before);
        }
    }

    @Test
    @Order(3)
    void anAggregatorRestartedWhileTheProjectorIsDownRebuildsFromEverythingItHadHandled() throws Exception {
        // the projector is down: the aggregator handles the first half hour, commits it, and goes down too
        stopRole("projector");
        String first = post(roles.get("registry"), "miso", AggregatorRestartPipelineTest.misoRt(5, 30));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> committed("aggregator",
                com.carbon254.ingestion.event.Topics.ENRICHED_TICKS) == endOffset(
                com.carbon254.ingestion.event.Topics.ENRICHED_TICKS));
        stopRole("aggregator");
        startRole("aggregator");

        // the second half needs the hour's first half back, which only the projector can store: the aggregator waits
        String second = post(roles.get("registry"), "miso", AggregatorRestartPipelineTest.misoRt(35, 60));
        startRole("projector");
        for (String id : List.of(first, second)) {
            JsonObject job = awaitImport(roles.get("registry"), id);
            assertThat(job.getString("status")).as(job.encode()).isEqualTo("done");
        }
        JsonObject hour = AggregatorRestartPipelineTest.hour(roles.get("projector"));
        assertThat(hour.getInteger("count")).as("both halves, the first handled before the restart: %s", hour)
                .isEqualTo(12);
        assertThat(hour.getDouble("open")).isEqualTo(25.0);
        assertThat(hour.getDouble("close")).isEqualTo(80.0);
    }

    static String redisUrl() {
        String url = System.getProperty("redis.url");
        if (url == null || url.isBlank()) url = System.getenv("REDIS_URL");
        return url == null || url.isBlank() ? null : url.strip();
    }

    static AppConfig roleConfig(String role) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "CLICKHOUSE_URL", CLICKHOUSE + "/" + CLUSTER_DB, "AUTH_REQUIRED", "false"));
        if (REDIS != null) env.put("REDIS_URL", REDIS);
        AppConfig cfg = AppConfig.forRole(role, env, Map.of(), new AppConfig.Overrides(0, dataDir.resolve(role)));
        if (role.equals("registry")) {
            cfg = RunCommand.withoutSchedules(cfg).withStageConfig(Stage.CONNECTORS, "stale_check_seconds", 0);
        }
        return cfg;
    }

    static void startRole(String role) throws Exception {
        roles.put(role, RunningApp.start(roleConfig(role)));
    }

    static void stopRole(String role) {
        roles.remove(role).close();
    }

    /** Posts a file for import and returns the import's id without waiting. */
    static String post(RunningApp registry, String connector, byte[] body) throws Exception {
        HttpResponse<Buffer> r = await(registry.http.post("/api/v1/connectors/" + connector + "/imports")
                .sendBuffer(Buffer.buffer(body)));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        return r.bodyAsJsonObject().getString("id");
    }

    static JsonObject awaitImport(RunningApp registry, String id) {
        JsonObject[] last = new JsonObject[1];
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = registry.get("/api/v1/imports/" + id).bodyAsJsonObject();
            return !"running".equals(last[0].getString("status"));
        });
        return last[0];
    }

    static long committed(String group, String topic) throws Exception {
        var o = kafka.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(10, java.util.concurrent.TimeUnit.SECONDS).get(new org.apache.kafka.common.TopicPartition(topic, 0));
        return o == null ? -1 : o.offset();
    }

    static long endOffset(String topic) throws Exception {
        var tp = new org.apache.kafka.common.TopicPartition(topic, 0);
        return kafka.admin().listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest())).all()
                .get(10, java.util.concurrent.TimeUnit.SECONDS).get(tp).offset();
    }

    static JsonObject reprocess(RunningApp role, JsonObject request) throws Exception {
        HttpResponse<Buffer> posted = await(http.post(role.app.httpPort(), "127.0.0.1", "/reprocess")
                .sendJsonObject(request));
        assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(202);
        String id = posted.bodyAsJsonObject().getString("id");
        JsonObject[] job = new JsonObject[1];
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            job[0] = role.get("/reprocess/" + id).bodyAsJsonObject();
            return !List.of("queued", "running").contains(job[0].getString("status"));
        });
        return job[0];
    }

    /**
     * Per table of the default tenant: row count and an order-free hash of the columns a user reads (no write
     * timestamps, no detection times).
     */
    static Map<String, String> fingerprints(String db) throws Exception {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("silver_ticks", "iso, market, location, interval_start, ifNull(interval_end, 0),"
                + " toString(lmp), toString(energy), toString(congestion), toString(loss), derived,"
                + " ifNull(revision, ''), ifNull(document_id, ''), ifNull(hub, ''), ifNull(zone, '')");
        columns.put("gold_bars", "iso, market, location, component, resolution, bar_start, bar_end, toString(open),"
                + " toString(high), toString(low), toString(close), toString(mean), count, expected, complete");
        columns.put("gold_rolling", "iso, market, location, component, window, window_end, count, toString(mean),"
                + " toString(stddev), toString(min), toString(max)");
        columns.put("gold_curves", "iso, location, delivery_day, block, toString(price), hours, complete");
        columns.put("anomalies", "ifNull(iso, ''), ifNull(location, ''), ifNull(interval_start, 0), type,"
                + " ifNull(detail, ''), ifNull(document_id, '')");
        columns.put("dlq", "reason, ifNull(detail, ''), ifNull(document_id, ''), position, ifNull(location, '')");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : columns.entrySet()) {
            out.put(e.getKey(), clickHouse("SELECT count(), sum(cityHash64(" + e.getValue() + ")) FROM `" + db + "`."
                    + e.getKey() + " FINAL WHERE tenant = 'default' FORMAT TSV").strip().replace('\t', ' '));
        }
        return out;
    }

    static String clickHouse(String sql) throws Exception {
        HttpResponse<Buffer> r = await(WebClient.create(vertx).postAbs(CLICKHOUSE + "/").sendBuffer(Buffer.buffer(sql)));
        assertThat(r.statusCode()).as(sql + " → " + r.bodyAsString()).isEqualTo(200);
        return r.bodyAsString();
    }
}
