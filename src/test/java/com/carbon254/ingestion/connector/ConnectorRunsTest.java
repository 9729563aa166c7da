package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.app.App;
import com.carbon254.ingestion.app.AppConfig;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.pipeline.PolicyPaths;
import com.carbon254.ingestion.pipeline.StageSpec;
import com.carbon254.ingestion.testing.IsoFixtures;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs requested over the registry API against a real local HTTP server standing in for OASIS
 * ({@code CAISO_OASIS_URL} pointed at it): CAISO's 429 page then the real zip, the HTTP-200 error zip, and the same
 * window twice. The connector specs are the shipped ones with shorter politeness and backoff, so the test is quick.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectorRunsTest {
    static final String CAISO_ZIP = "caiso/caiso_oasis_SingleZip_PRC_LMP_DAM_grp-ALL_APNODES_20200101_20200101_v1.zip";
    static final String TOO_MANY = "<html><head><title>429 Too Many Requests</title></head><body>Please retry after"
            + " 5 seconds</body></html>";

    @TempDir
    static Path dir;
    static Vertx vertx;
    static HttpServer oasis;
    static App app;
    static WebClient http;
    /** What the fake OASIS answers next: "429", "error", or "zip". */
    static final Queue<String> script = new ConcurrentLinkedQueue<>();
    static final List<Long> arrivals = new CopyOnWriteArrayList<>();
    static byte[] zip;

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    @BeforeAll
    static void boot() throws Exception {
        zip = Files.readAllBytes(IsoFixtures.shared(CAISO_ZIP));
        vertx = Vertx.vertx();
        byte[] errorZip = IsoFixtures.zip("INVALID_REQUEST.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<m:OASISReport xmlns:m=\"http://www.caiso.com/soa/OASISReport_v1.xsd\"><m:MessagePayload><m:RTO>"
                + "<m:ERROR><m:ERR_CODE>1004</m:ERR_CODE><m:ERR_DESC>No data returned for the specified selection"
                + "</m:ERR_DESC></m:ERROR></m:RTO></m:MessagePayload></m:OASISReport>");
        oasis = await(vertx.createHttpServer().requestHandler(req -> {
            arrivals.add(System.nanoTime());
            String next = script.poll();
            if ("429".equals(next)) {
                req.response().setStatusCode(429).putHeader("Retry-After", "1").putHeader("content-type", "text/html")
                        .end(TOO_MANY);
            } else if ("empty".equals(next)) {
                req.response().putHeader("content-type", "application/zip").end();
            } else if ("error".equals(next)) {
                req.response().putHeader("content-type", "application/zip").end(Buffer.buffer(errorZip));
            } else {
                req.response().putHeader("content-type", "application/zip").end(Buffer.buffer(zip));
            }
        }).listen(0, "127.0.0.1"));

        // the shipped connector specs, with politeness and backoff cut to 1 s
        for (String c : Isos.connectorNames()) { // every registered ISO needs its connector.yaml
            Path d = Files.createDirectories(dir.resolve("connectors").resolve(c));
            String yaml = Files.readString(IsoSamples.projectRoot().resolve(Path.of("connectors", c, "connector.yaml")), StandardCharsets.UTF_8)
                    .replaceAll("(?m)^backoff_seconds: \\d+", "backoff_seconds: 1")
                    .replaceAll("(?m)^min_request_spacing_seconds: \\d+", "min_request_spacing_seconds: 1");
            Files.writeString(d.resolve("connector.yaml"), yaml);
        }
        AppConfig shipped = AppConfig.forRole("all-in-one", Map.of(), Map.of(),
                new AppConfig.Overrides(0, dir.resolve("data")));
        PolicyPaths p = shipped.policies();
        AppConfig cfg = shipped.withStages(shipped.withoutStage(Stage.SIMULATOR).stages().stream()
                        .map(s -> s.stage() == Stage.CONNECTORS ? new StageSpec(s.stage(), 1, Map.of(
                        "scheduler", Map.of("enabled", false),
                        "endpoints", Map.of("CAISO_OASIS_URL", "http://127.0.0.1:" + oasis.actualPort() + "/oasisapi"))) : s)
                        .toList())
                .withPolicies(new PolicyPaths(p.normalizationRules(), p.enrichmentTaxonomy(),
                        p.aggregationPolicies(), dir.resolve("connectors").toString()));
        app = await(App.start(vertx, cfg, new Metrics(), true));
        http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.httpPort()));
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (app != null) await(app.stop());
        if (vertx != null) await(vertx.close());
    }

    @BeforeEach
    void clear() {
        script.clear();
        arrivals.clear();
    }

    static JsonObject run(String body) throws Exception {
        HttpResponse<Buffer> r = await(http.post("/api/v1/connectors/caiso/runs").sendJsonObject(new JsonObject(body)));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        String id = r.bodyAsJsonObject().getString("id");
        JsonObject[] last = new JsonObject[1];
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = await(http.get("/api/v1/runs/" + id).send()).bodyAsJsonObject();
            return List.of("succeeded", "failed").contains(last[0].getString("status"));
        });
        return last[0];
    }

    static final String WINDOW = "{\"dataset\": \"lmp_da_hourly\", \"from\": \"2020-01-02\", \"to\": \"2020-01-03\"}";

    @Test
    @Order(1)
    void rateLimitedThenServedRunSucceedsAfterRetryingAndItsBarsAppear() throws Exception {
        script.add("429");
        JsonObject run = run(WINDOW);
        assertThat(run.getString("status")).as(run.encodePrettily()).isEqualTo("succeeded");
        assertThat(run.getInteger("attempts")).isGreaterThanOrEqualTo(2);
        assertThat(run.getInteger("documents")).isEqualTo(1);
        assertThat(run.getLong("records")).isEqualTo(162_848 / 4);
        assertThat(arrivals).hasSize(2);
        assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).as("Retry-After: 1 honoured")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));

        JsonObject bars = await(http.get("/api/v1/bars?iso=CAISO&market=DA_HOURLY&location=TH_NP15_GEN-APND"
                + "&component=lmp&resolution=1d&from=2020-01-01&to=2020-01-03").send()).bodyAsJsonObject();
        assertThat(bars.getJsonArray("bars")).hasSize(2);
        JsonObject caiso = await(http.get("/api/v1/connectors/caiso").send()).bodyAsJsonObject();
        assertThat(caiso.getJsonObject("health").getString("last_success")).isNotNull();
        assertThat(caiso.getJsonObject("health").getInteger("consecutive_failures")).isZero();
        assertThat(caiso.getJsonObject("health").getString("newest_interval")).isEqualTo("2020-01-03T00:00:00Z");
        assertThat(caiso.getJsonObject("health").getLong("data_lag_seconds")).isPositive();
        String metrics = await(http.get("/metrics").send()).bodyAsString();
        assertThat(metrics).contains("connector_fetch_retries_total{connector=\"caiso\",reason=\"rate_limited\"} 1.0",
                "connector_runs_total{connector=\"caiso\",status=\"succeeded\"} 1.0",
                "connector_fetch_bytes_total{connector=\"caiso\"}", "connector_data_lag_seconds{connector=\"caiso\"}",
                "connector_fetch_latency_seconds_bucket");
    }

    @Test
    @Order(2)
    void sameWindowAgainIsADuplicateAndEmitsNothing() throws Exception {
        JsonObject run = run(WINDOW);
        assertThat(run.getString("status")).isEqualTo("succeeded");
        assertThat(run.getInteger("duplicates")).isEqualTo(1);
        assertThat(run.getInteger("documents")).isZero();
        assertThat(run.getLong("records")).isZero();
    }

    @Test
    @Order(3)
    void isoErrorDisguisedAsDataFailsTheRunWithTheIsoCode() throws Exception {
        script.add("error");
        String body = "{\"dataset\": \"lmp_da_hourly\", \"from\": \"2031-01-01\", \"to\": \"2031-01-02\"}";
        JsonObject run = run(body);
        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("error")).contains("iso_error").contains("1004");
        assertThat(run.getLong("records")).isZero();
        assertThat(run.getInteger("documents")).isZero();
        JsonObject caiso = await(http.get("/api/v1/connectors/caiso").send()).bodyAsJsonObject();
        assertThat(caiso.getJsonObject("health").getString("last_error")).contains("1004");
        assertThat(caiso.getJsonObject("health").getInteger("consecutive_failures")).isEqualTo(1);

        // and the same error again is not mistaken for an already-stored document
        script.add("error");
        assertThat(run(body).getString("status")).isEqualTo("failed");
    }

    @Test
    @Order(4)
    void zeroByteAnswerIsAMissingDocumentNotAnEmptyTable() throws Exception {
        script.add("empty");
        JsonObject run = run("{\"dataset\": \"lmp_da_hourly\", \"from\": \"2031-02-01\", \"to\": \"2031-02-02\"}");
        assertThat(run.getString("status")).isEqualTo("succeeded");
        assertThat(run.getInteger("missing")).isEqualTo(1);
        assertThat(run.getInteger("documents")).isZero();
        assertThat(run.getLong("records")).isZero();
        assertThat(await(http.get("/metrics").send()).bodyAsString())
                .contains("data_quality_anomalies_total{type=\"empty_document\"} 1.0");
    }

    @Test
    @Order(5)
    void aRunAtAFiringTimeFetchesTheWindowsTheSchedulerWould() throws Exception {
        // CAISO day-ahead: a firing on 2031-03-05 fetches trade dates 03-04 .. 03-06 (offset 1 day, look-back 2),
        // in one request (max_span 31 days)
        JsonObject run = run("{\"dataset\": \"lmp_da_hourly\", \"at\": \"2031-03-05 21:15:00+00:00\"}");
        assertThat(run.getString("from")).isEqualTo("2031-03-04");
        assertThat(run.getString("to")).isEqualTo("2031-03-07");
        assertThat(run.getInteger("attempts")).isEqualTo(1);
        assertThat(arrivals).hasSize(1);
    }

    @Test
    @Order(6)
    void badRequestsAreRefusedWithTheirReason() throws Exception {
        HttpResponse<Buffer> r = await(http.post("/api/v1/connectors/caiso/runs")
                .sendJsonObject(new JsonObject("{\"dataset\": \"nope\", \"from\": \"2020-01-02\", \"to\": \"2020-01-01\"}")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(await(http.post("/api/v1/connectors/caiso/disable").send()).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> disabled = await(http.post("/api/v1/connectors/caiso/runs").sendJsonObject(new JsonObject(WINDOW)));
        assertThat(disabled.statusCode()).isEqualTo(409);
        assertThat(await(http.get("/api/v1/connectors/caiso").send()).bodyAsJsonObject().getBoolean("enabled")).isFalse();
        assertThat(await(http.post("/api/v1/connectors/caiso/enable").send()).statusCode()).isEqualTo(200);
        assertThat(await(http.get("/api/v1/connectors/nope").send()).statusCode()).isEqualTo(404);
    }
}
