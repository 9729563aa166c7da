package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.app.App;
import com.carbon254.ingestion.app.AppConfig;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.pipeline.PolicyPaths;
import com.carbon254.ingestion.pipeline.StageSpec;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a dataset's requests are made, against a real local HTTP server standing in for an ISO that wants
 * credentials: the API key header, HTTP Basic, an ID token fetched once and reused, pages until a short one, the
 * fallback endpoint when the first answer is empty, and a dataset whose credentials are not set (unavailable, not
 * fetched, its anonymous alternative scheduled instead). The connector is the real MISO one reading its public API's
 * JSON, so every page is a document the pipeline takes in; the spec is written here with the keys under test.
 */
class DatasetRequestsTest {
    static final String SPEC = """
            name: miso
            version: 0.1.0
            market: MISO
            mode: batch
            schedule: "0 0 1 1 *"
            enabled: true
            output_topic: ingestion.miso.raw.v1
            schema: connectors/miso/schemas/miso_raw_record.avsc
            retries: 0
            backoff_seconds: 1
            tenant_strategy: shared
            transforms: []
            owner: test
            environment:
              - {name: TEST_URL, default: "http://127.0.0.1:1", description: the test server}
              - {name: TEST_KEY, secret: true, description: an API key}
              - {name: TEST_USER, secret: true, description: a user}
              - {name: TEST_PASSWORD, secret: true, description: a password}
              - {name: TEST_ABSENT, secret: true, description: never set}
            datasets:
              - id: keyed_pages
                endpoint: "${TEST_URL}/pages?day={day:yyyy-MM-dd}"
                headers: {Accept: application/json}
                auth: {type: api_key, header: Ocp-Apim-Subscription-Key, key: TEST_KEY}
                paging: {param: startRow, size_param: rowCount, size: 3, first: 1, unit: row}
                %1$s
              - id: basic
                endpoint: "${TEST_URL}/basic?day={day:yyyyMMdd}"
                auth: {type: basic, username: TEST_USER, password: TEST_PASSWORD}
                %1$s
              - id: bearer
                endpoint: "${TEST_URL}/bearer?from={start_utc:yyyy-MM-dd'T'HH:mm}"
                auth: {type: ercot_token, key: TEST_KEY, username: TEST_USER, password: TEST_PASSWORD,
                       token_url: "${TEST_URL}/token", client_id: cid, scope: "openid cid offline_access"}
                %1$s
              - id: verified
                endpoint: "${TEST_URL}/empty?day={day:yyyy-MM-dd}"
                fallback_endpoint: "${TEST_URL}/unverified?day={day:yyyy-MM-dd}"
                %1$s
              - id: locked
                endpoint: "${TEST_URL}/locked"
                auth: {type: api_key, header: X-Api, key: TEST_ABSENT}
                %1$s
              - id: open_alternative
                endpoint: "${TEST_URL}/open?day={day:yyyy-MM-dd}"
                alternative_to: locked
                %1$s
              - id: idle_alternative
                endpoint: "${TEST_URL}/open?day={day:yyyy-MM-dd}"
                alternative_to: keyed_pages
                %1$s
            """.formatted("market: RT_5MIN\n    interval: PT5M\n    format: json\n"
            + "    window: {span: P1D, max_span: P1D, align: \"-05:00\", lookback: PT0S}");

    @TempDir
    static Path dir;
    static Vertx vertx;
    static HttpServer iso;
    static App app;
    static WebClient http;
    static final List<HttpServerRequest> requests = new CopyOnWriteArrayList<>();
    static final List<MultiMap> tokenForms = new CopyOnWriteArrayList<>();
    static final AtomicInteger tokens = new AtomicInteger();

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    /** MISO's public-API table with {@code n} nodes named {@code prefix1..n} at one interval. */
    static String table(String prefix, int from, int n) {
        StringBuilder sb = new StringBuilder("{\"headers\":[\"INTERVAL\",\"CPNODE\",\"LMP\",\"MLC\",\"MCC\"],\"data\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(',');
            sb.append("[\"2026-07-27T08:15:00\",\"").append(prefix).append(from + i).append("\",24.58,-1.94,-3.44]");
        }
        return sb.append("]}").toString();
    }

    @BeforeAll
    static void boot() throws Exception {
        vertx = Vertx.vertx();
        iso = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            requests.add(req);
            String path = req.path();
            String key = req.getHeader("Ocp-Apim-Subscription-Key");
            String auth = req.getHeader("Authorization");
            switch (path) {
                case "/pages" -> {
                    if (!"k-123".equals(key)) {
                        req.response().setStatusCode(401).end("{\"statusCode\": 401, \"message\": \"Access denied\"}");
                        return;
                    }
                    int start = Integer.parseInt(req.getParam("startRow"));
                    int size = Integer.parseInt(req.getParam("rowCount"));
                    int total = 7;
                    int n = Math.max(0, Math.min(size, total - start + 1));
                    req.response().end(table("P", start, n));
                }
                case "/basic" -> {
                    String expected = "Basic " + Base64.getEncoder().encodeToString("u-1:p-1".getBytes(StandardCharsets.UTF_8));
                    if (!expected.equals(auth)) req.response().setStatusCode(401).end();
                    else req.response().end(table("B", 1, 2));
                }
                case "/token" -> {
                    tokenForms.add(form(body.toString()));
                    req.response().putHeader("content-type", "application/json")
                            .end(new JsonObject().put("id_token", "tok-" + tokens.incrementAndGet())
                                    .put("expires_in", "3600").encode());
                }
                case "/bearer" -> {
                    if (!"Bearer tok-1".equals(auth) || !"k-123".equals(key)) req.response().setStatusCode(401).end();
                    else req.response().end(table("T" + req.getParam("from").replace(':', '-') + "-", 1, 1));
                }
                case "/empty" -> req.response().end(table("E", 1, 0));
                case "/unverified" -> req.response().end(table("U", 1, 2));
                case "/open" -> req.response().end(table("O", 1, 1));
                default -> req.response().setStatusCode(404).end();
            }
        })).listen(0, "127.0.0.1"));

        Path miso = Files.createDirectories(dir.resolve("connectors/miso"));
        Files.writeString(miso.resolve("connector.yaml"), SPEC);
        for (String c : Isos.connectorNames()) { // every other registered ISO as shipped
            if (c.equals("miso")) continue;
            Path d = Files.createDirectories(dir.resolve("connectors").resolve(c));
            Files.copy(IsoSamples.projectRoot().resolve("connectors").resolve(c).resolve("connector.yaml"),
                    d.resolve("connector.yaml"));
        }
        AppConfig shipped = AppConfig.forRole("all-in-one", Map.of(), Map.of(),
                new AppConfig.Overrides(0, dir.resolve("data")));
        PolicyPaths p = shipped.policies();
        AppConfig cfg = shipped.withStages(shipped.withoutStage(Stage.SIMULATOR).stages().stream()
                        .map(s -> s.stage() == Stage.CONNECTORS ? new StageSpec(s.stage(), 1, Map.of(
                        "scheduler", Map.of("enabled", false),
                        "endpoints", Map.of("TEST_URL", "http://127.0.0.1:" + iso.actualPort(), "TEST_KEY", "k-123",
                                "TEST_USER", "u-1", "TEST_PASSWORD", "p-1",
                                "CAISO_OASIS_URL", "http://127.0.0.1:" + iso.actualPort()))) : s)
                        .toList())
                .withPolicies(new PolicyPaths(p.normalizationRules(), p.enrichmentTaxonomy(),
                        p.aggregationPolicies(), dir.resolve("connectors").toString()));
        app = await(App.start(vertx, cfg, new Metrics(), true));
        http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.httpPort()));
    }

    static MultiMap form(String body) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            m.add(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (app != null) await(app.stop());
        if (vertx != null) await(vertx.close());
    }

    @BeforeEach
    void clear() {
        requests.clear();
    }

    static HttpResponse<Buffer> post(String dataset, String from, String to) throws Exception {
        return await(http.post("/api/v1/connectors/miso/runs").sendJsonObject(new JsonObject()
                .put("dataset", dataset).put("from", from).put("to", to)));
    }

    static JsonObject run(String dataset, String from, String to) throws Exception {
        HttpResponse<Buffer> r = post(dataset, from, to);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        String id = r.bodyAsJsonObject().getString("id");
        JsonObject[] last = new JsonObject[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            last[0] = await(http.get("/api/v1/runs/" + id).send()).bodyAsJsonObject();
            return List.of("succeeded", "failed").contains(last[0].getString("status"));
        });
        assertThat(last[0].getString("status")).as(last[0].encodePrettily()).isEqualTo("succeeded");
        return last[0];
    }

    @Test
    void pagesAreAskedForWithTheKeyUntilAShortOne() throws Exception {
        JsonObject r = run("keyed_pages", "2026-07-27", "2026-07-28");
        assertThat(r.getLong("documents")).isEqualTo(3);
        assertThat(r.getLong("records")).isEqualTo(7);
        assertThat(requests).extracting(HttpServerRequest::uri).containsExactly(
                "/pages?day=2026-07-27&startRow=1&rowCount=3",
                "/pages?day=2026-07-27&startRow=4&rowCount=3",
                "/pages?day=2026-07-27&startRow=7&rowCount=3");
        assertThat(requests).allSatisfy(q -> {
            assertThat(q.getHeader("Ocp-Apim-Subscription-Key")).isEqualTo("k-123");
            assertThat(q.getHeader("Accept")).isEqualTo("application/json");
        });
    }

    @Test
    void basicCredentialsComeFromTheEnvironment() throws Exception {
        JsonObject r = run("basic", "2026-07-27", "2026-07-28");
        assertThat(r.getLong("records")).isEqualTo(2);
        assertThat(requests).extracting(HttpServerRequest::uri).containsExactly("/basic?day=20260727");
    }

    @Test
    void oneIdTokenServesEveryRequestUntilItNearsExpiry() throws Exception {
        int before = tokens.get();
        run("bearer", "2026-07-27", "2026-07-28");
        run("bearer", "2026-07-28", "2026-07-29");
        assertThat(tokens.get() - before).as("token requests").isEqualTo(1);
        assertThat(tokenForms).isNotEmpty();
        MultiMap f = tokenForms.get(0);
        assertThat(f.get("username")).isEqualTo("u-1");
        assertThat(f.get("password")).isEqualTo("p-1");
        assertThat(f.get("grant_type")).isEqualTo("password");
        assertThat(f.get("client_id")).isEqualTo("cid");
        assertThat(f.get("response_type")).isEqualTo("id_token");
        assertThat(requests).filteredOn(q -> q.path().equals("/bearer")).extracting(HttpServerRequest::uri)
                .containsExactly("/bearer?from=2026-07-27T05:00", "/bearer?from=2026-07-28T05:00");
    }

    @Test
    void anEmptyAnswerIsAskedAgainOfTheFallbackEndpoint() throws Exception {
        JsonObject r = run("verified", "2026-07-27", "2026-07-28");
        assertThat(r.getLong("records")).isEqualTo(2);
        assertThat(requests).extracting(HttpServerRequest::path).containsExactly("/empty", "/unverified");
    }

    @Test
    void aDatasetWithoutItsCredentialsIsUnavailableAndItsAlternativeStandsIn() throws Exception {
        HttpResponse<Buffer> refused = post("locked", "2026-07-27", "2026-07-28");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.bodyAsString()).contains("TEST_ABSENT").doesNotContain("k-123");

        JsonObject d = await(http.get("/api/v1/connectors/miso").send()).bodyAsJsonObject()
                .getJsonObject("health").getJsonObject("datasets");
        assertThat(d.getJsonObject("locked").getBoolean("available")).isFalse();
        assertThat(d.getJsonObject("locked").getString("unavailable_reason"))
                .isEqualTo("dataset locked needs credentials: set TEST_ABSENT (api_key)");
        assertThat(d.getJsonObject("locked").getBoolean("scheduled")).isFalse();
        assertThat(d.getJsonObject("open_alternative").getBoolean("scheduled")).isTrue();
        assertThat(d.getJsonObject("keyed_pages").getBoolean("available")).isTrue();
        assertThat(d.getJsonObject("idle_alternative").getBoolean("scheduled")).isFalse();
        // a gauge an alert can watch: 0 while the credentials are missing
        String metrics = await(http.get("/metrics").send()).bodyAsString();
        assertThat(metrics).containsPattern("(?m)^connector_dataset_available\\{connector=\"miso\",dataset=\"locked\",?} 0\\.0$")
                .containsPattern("(?m)^connector_dataset_available\\{connector=\"miso\",dataset=\"keyed_pages\",?} 1\\.0$");
        // nothing in the registry's answer carries a credential
        assertThat(await(http.get("/api/v1/connectors/miso").send()).bodyAsString())
                .doesNotContain("k-123").doesNotContain("p-1").doesNotContain("u-1");

        run("open_alternative", "2026-07-27", "2026-07-28");
        assertThat(requests).extracting(HttpServerRequest::path).containsExactly("/open");
    }

    /** What Airflow sends on its schedule: a firing the registry would not make itself ends skipped (409), not failed. */
    @Test
    void aFiringOfADatasetTheSchedulerWouldNotFireIsAnsweredSkip() throws Exception {
        for (String ds : List.of("locked", "idle_alternative")) {
            HttpResponse<Buffer> r = await(http.post("/api/v1/connectors/miso/runs").sendJsonObject(new JsonObject()
                    .put("dataset", ds).put("at", "2026-07-27T12:00:00Z")));
            assertThat(r.statusCode()).as(ds).isEqualTo(409);
            assertThat(r.bodyAsJsonObject().getBoolean("skip")).as(ds).isTrue();
        }
        assertThat(await(http.post("/api/v1/connectors/miso/runs").sendJsonObject(new JsonObject()
                .put("dataset", "locked").put("at", "2026-07-27T12:00:00Z"))).bodyAsJsonObject().getString("error"))
                .contains("TEST_ABSENT");
        assertThat(await(http.post("/api/v1/connectors/miso/runs").sendJsonObject(new JsonObject()
                .put("dataset", "idle_alternative").put("at", "2026-07-27T12:00:00Z"))).bodyAsJsonObject()
                .getString("error")).isEqualTo("dataset idle_alternative stands in for keyed_pages, which is available");
        assertThat(requests).as("nothing was fetched").isEmpty();
        HttpResponse<Buffer> open = await(http.post("/api/v1/connectors/miso/runs").sendJsonObject(new JsonObject()
                .put("dataset", "open_alternative").put("at", "2026-07-27T12:00:00Z")));
        assertThat(open.statusCode()).isEqualTo(202);
        String id = open.bodyAsJsonObject().getString("id");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                List.of("succeeded", "failed").contains(await(http.get("/api/v1/runs/" + id).send())
                        .bodyAsJsonObject().getString("status")));
    }

    /** make run LIVE=1 re-points the connectors: the all-in-one's dummy credentials must not follow to the ISO. */
    @Test
    void aDescriptorsCredentialsStayBehindWhenTheEnvironmentRepointsTheConnector() throws Exception {
        Map<String, ConnectorSpec> specs = new java.util.HashMap<>();
        ConnectorSpecs.load(dir.resolve("connectors")).specs().forEach(s -> specs.put(s.name(), s));
        Map<String, String> descriptor = Map.of("TEST_URL", "sim:/test", "TEST_KEY", "simulator");
        assertThat(ConnectorsVerticle.endpoints(specs, descriptor, Map.of()))
                .containsEntry("TEST_KEY", "simulator");
        assertThat(ConnectorsVerticle.endpoints(specs, descriptor, Map.of("TEST_URL", "https://api.example")))
                .doesNotContainKey("TEST_KEY");
        assertThat(ConnectorsVerticle.endpoints(specs, descriptor, Map.of("TEST_URL", "https://api.example",
                "TEST_KEY", "real"))).containsEntry("TEST_KEY", "real");
    }
}
