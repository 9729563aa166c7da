package com.carbon254.ingestion.app;

import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.ops.Tracing;
import com.carbon254.ingestion.ops.auth.Authenticator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.awaitility.Awaitility;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One process of the product, started for a test the way {@code ingestion run} starts it (HTTP server included), with
 * the calls a user makes: post a file and wait for its import, read ticks and bars. The end-to-end tests share it so
 * each states only what it checks.
 */
final class RunningApp implements AutoCloseable {
    final Metrics metrics;
    final Vertx vertx;
    final App app;
    final WebClient http;
    /** The {@code Authorization} header every request of this helper carries (a process with tokens), or null. */
    private volatile String authorization;

    private RunningApp(Metrics metrics, Vertx vertx, App app) {
        this.metrics = metrics;
        this.vertx = vertx;
        this.app = app;
        this.http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(app.httpPort()));
    }

    static RunningApp start(AppConfig cfg) throws Exception {
        return start(cfg, Tracing.OFF);
    }

    /** A process tracing with {@code tracing} (its Vert.x traced too, as {@code ingestion run} does). */
    static RunningApp start(AppConfig cfg, Tracing tracing) throws Exception {
        Metrics metrics = new Metrics();
        Vertx vertx = RunCommand.vertx(metrics, tracing);
        return new RunningApp(metrics, vertx, await(App.start(vertx, cfg, metrics, true, tracing)));
    }

    /** {@link #start(AppConfig)} with callers checked by {@code auth} instead of the configured tokens file. */
    static RunningApp start(AppConfig cfg, Authenticator auth) throws Exception {
        Metrics metrics = new Metrics();
        Vertx vertx = RunCommand.vertx(metrics, Tracing.OFF);
        return new RunningApp(metrics, vertx, await(App.start(vertx, cfg, metrics, true, Tracing.OFF, auth)));
    }

    /**
     * The all-in-one descriptor as shipped, with three changes so the test owns its data and ports: the simulator on a
     * random port, the scheduler off (scheduled pulls would add simulated prices while the test counts ticks) and the
     * stale-feed checks off (the tests import history, so every feed would turn stale while they count anomalies).
     */
    static AppConfig isolatedAllInOne(Path dataDir) {
        return isolatedAllInOne(dataDir, Map.of(), Map.of());
    }

    /** {@link #isolatedAllInOne(Path)} with environment variables and system properties (e.g. another store). */
    static AppConfig isolatedAllInOne(Path dataDir, Map<String, String> env, Map<String, String> sys) {
        AppConfig c = AppConfig.forRole("all-in-one", env, sys, new AppConfig.Overrides(0, dataDir));
        assertThat(c.stages()).extracting(s -> s.stage().id())
                .containsExactly("simulator", "projector", "aggregator", "enricher", "normalizer", "connectors");
        return c.withStageConfig(Stage.SIMULATOR, "port", 0)
                .withStageConfig(Stage.CONNECTORS, "scheduler", Map.of("enabled", false))
                .withStageConfig(Stage.CONNECTORS, "stale_check_seconds", 0);
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    HttpResponse<Buffer> get(String uri) throws Exception {
        var req = http.get(uri);
        if (authorization != null) req.putHeader("Authorization", authorization);
        return await(req.send());
    }

    /** A file posted as {@code curl --data-binary} does (form content type), followed until it is no longer running. */
    JsonObject importFile(String connector, byte[] body) throws Exception {
        var post = http.post("/api/v1/connectors/" + connector + "/imports");
        if (authorization != null) post.putHeader("Authorization", authorization);
        HttpResponse<Buffer> r = await(post
                .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(body)));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        String id = r.bodyAsJsonObject().getString("id");
        JsonObject[] last = new JsonObject[1];
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = get("/api/v1/imports/" + id).bodyAsJsonObject();
            return !"running".equals(last[0].getString("status"));
        });
        return last[0];
    }

    /**
     * Imports a file that must go through whole: {@code done}, {@code ticks} records in, as many ticks out, none
     * rejected. Returns the import's status.
     */
    JsonObject importClean(String connector, byte[] body, long ticks) throws Exception {
        JsonObject st = importFile(connector, body);
        assertThat(st.getString("status")).as(st.encodePrettily()).isEqualTo("done");
        assertThat(st.getLong("records_in")).as(st.encodePrettily()).isEqualTo(ticks);
        assertThat(st.getLong("ticks_out")).as(st.encodePrettily()).isEqualTo(ticks);
        assertThat(st.getLong("rejected")).as(st.encodePrettily()).isZero();
        return st;
    }

    /** A location name as one URL path segment or query value ({@code UN.CDEC    13.8AETN}, {@code N.Y.C.}). */
    static String pathSegment(String location) {
        return java.net.URLEncoder.encode(location, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonArray ticks(String iso, String market, String loc, String from, String to) throws Exception {
        return array("/api/v1/ticks?iso=" + iso + "&market=" + market + "&location=" + loc + "&from=" + from
                + "&to=" + to, "ticks");
    }

    JsonArray bars(String iso, String market, String loc, String comp, String res, String from, String to)
            throws Exception {
        return array("/api/v1/bars?iso=" + iso + "&market=" + market + "&location=" + loc + "&component=" + comp
                + "&resolution=" + res + "&from=" + from + "&to=" + to, "bars");
    }

    /** {@code key} of a 200 answer's JSON object. */
    JsonArray array(String uri, String key) throws Exception {
        HttpResponse<Buffer> r = get(uri);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray(key);
    }

    /** Every later request of this helper with {@code header} as its {@code Authorization} ({@code Bearer …}). */
    RunningApp authorizedAs(String header) {
        this.authorization = header;
        return this;
    }

    @Override
    public void close() {
        try {
            await(app.stop());
            await(vertx.close());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping", e);
        } catch (Exception e) {
            throw new IllegalStateException("stopping the app failed", e);
        }
    }
}
