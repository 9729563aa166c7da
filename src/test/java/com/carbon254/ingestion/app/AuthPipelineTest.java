package com.carbon254.ingestion.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.carbon254.ingestion.iso.csv.ZipsTest;
import com.carbon254.ingestion.ops.auth.TokenFile;
import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.carbon254.ingestion.app.RunningApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The all-in-one with a tokens file: no token is 401, a read-only token cannot import, a write token can; tenant
 * "beta" sees none of tenant "acme"'s ticks, bars, anomalies, DLQ records, latest values or imports, and is refused
 * asking for acme by name; the file is re-read when it changes (a broken edit keeps the previous tokens); no token
 * appears in any answer or log line. A zip bomb posted by a tenant is rejected as a document while the process
 * stays ready.
 */
class AuthPipelineTest {
    static final String ACME_READ = "acme-read-6f1c0c2b9e";
    static final String ACME_WRITE = "acme-write-0d5e8a7f31";
    static final String BETA = "beta-rw-93b2c4d1e7";
    static final String GAMMA = "gamma-late-5a7d2e9c44";
    static final List<String> TOKENS = List.of(ACME_READ, ACME_WRITE, BETA, GAMMA);

    @TempDir
    Path dataDir;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<String> answers = new ArrayList<>();
    private RunningApp running;

    @BeforeEach
    void captureLogs() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void stop() {
        if (running != null) running.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    static String entry(String token, String tenant, String... scopes) {
        return "  - {sha256: " + TokenFile.sha256Hex(token) + ", tenant: " + tenant + ", scopes: ["
                + String.join(", ", scopes) + "]}\n";
    }

    private HttpResponse<Buffer> call(HttpMethod m, String uri, String token, Buffer body) throws Exception {
        HttpRequest<Buffer> r = running.http.request(m, uri);
        if (token != null) r.putHeader("Authorization", "Bearer " + token);
        HttpResponse<Buffer> res = await(body == null ? r.send() : r.sendBuffer(body));
        answers.add(res.bodyAsString() + res.headers());
        return res;
    }

    private HttpResponse<Buffer> get(String uri, String token) throws Exception {
        return call(HttpMethod.GET, uri, token, null);
    }

    private JsonObject importAs(String token, String connector, byte[] file) throws Exception {
        HttpResponse<Buffer> r = call(HttpMethod.POST, "/api/v1/connectors/" + connector + "/imports", token,
                Buffer.buffer(file));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        String id = r.bodyAsJsonObject().getString("id");
        JsonObject[] last = new JsonObject[1];
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = get("/api/v1/imports/" + id, token).bodyAsJsonObject();
            return !"running".equals(last[0].getString("status"));
        });
        return last[0];
    }

    private JsonArray list(String uri, String token, String key) throws Exception {
        HttpResponse<Buffer> r = get(uri, token);
        assertThat(r.statusCode()).as(uri + " " + r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray(key);
    }

    @Test
    void tokensDecideWhoMayDoWhatAndEachTenantSeesOnlyItsOwnData() throws Exception {
        Path tokens = dataDir.resolve("tokens.yaml");
        Files.writeString(tokens, "tokens:\n" + entry(ACME_READ, "acme", "read") + entry(ACME_WRITE, "acme", "read",
                "write") + entry(BETA, "beta", "read", "write"));
        running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir)
                .withAuth(new AppConfig.AuthSettings(tokens.toString(), true, false)));
        String ticks = "/api/v1/ticks?iso=MISO&market=DA_HOURLY&location=TEST.HUB&from=2024-01-15&to=2024-01-16";
        String bars = "/api/v1/bars?iso=MISO&market=DA_HOURLY&location=TEST.HUB&component=lmp&resolution=1d"
                + "&from=2024-01-14&to=2024-01-17";

        // open: health and metrics; the ready check says auth is on
        HttpResponse<Buffer> ready = get("/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.bodyAsString()).contains("\"auth\":\"on\"");
        assertThat(get("/metrics", null).statusCode()).isEqualTo(200);

        // no token, an unknown one: 401 with a reason and the challenge
        HttpResponse<Buffer> none = get(ticks, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.getHeader("WWW-Authenticate")).startsWith("Bearer");
        assertThat(none.bodyAsJsonObject().getString("error")).contains("Authorization: Bearer");
        assertThat(get(ticks, "not-a-token").statusCode()).isEqualTo(401);
        assertThat(call(HttpMethod.POST, "/reprocess", null, Buffer.buffer("{}")).statusCode()).isEqualTo(401);

        // a read-only token cannot import, nor enable/disable (admin)
        byte[] miso = Files.readAllBytes(IsoSamples.projectRoot()
                .resolve("src/test/resources/fixtures/miso/20240115_da_expost_lmp.csv"));
        HttpResponse<Buffer> ro = call(HttpMethod.POST, "/api/v1/connectors/miso/imports", ACME_READ,
                Buffer.buffer(miso));
        assertThat(ro.statusCode()).isEqualTo(403);
        assertThat(ro.bodyAsJsonObject().getString("error")).contains("'write'");
        assertThat(call(HttpMethod.POST, "/api/v1/connectors/miso/disable", ACME_WRITE, null).statusCode())
                .isEqualTo(403);
        // each refusal is counted by reason, for an operator's alert
        String metrics = get("/metrics", null).bodyAsString();
        assertThat(metrics).containsPattern("(?m)^http_auth_refusals_total\\{reason=\"missing_token\",?} 2\\.0$")
                .containsPattern("(?m)^http_auth_refusals_total\\{reason=\"unknown_token\",?} 1\\.0$")
                .containsPattern("(?m)^http_auth_refusals_total\\{reason=\"scope\",?} 2\\.0$");

        // acme's write token imports (202), acme sees its data
        JsonObject imported = importAs(ACME_WRITE, "miso", miso);
        assertThat(imported.getString("status")).as(imported.encode()).isEqualTo("done");
        assertThat(imported.getString("tenant")).isEqualTo("acme");
        JsonObject empty = importAs(ACME_WRITE, "miso", "   \n".getBytes());
        assertThat(empty.getString("status")).isEqualTo("failed");
        assertThat(list(ticks, ACME_READ, "ticks")).hasSize(24);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !list(bars, ACME_READ, "bars").isEmpty());
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> !list("/api/v1/anomalies", ACME_READ, "anomalies").isEmpty());
        assertThat(list("/api/v1/dlq", ACME_READ, "records")).isNotEmpty();
        assertThat(list("/api/v1/latest?iso=MISO&market=DA_HOURLY", ACME_READ, "ticks")).isNotEmpty();

        // beta sees none of it
        assertThat(list(ticks, BETA, "ticks")).isEmpty();
        assertThat(list(bars, BETA, "bars")).isEmpty();
        assertThat(list("/api/v1/anomalies", BETA, "anomalies")).isEmpty();
        assertThat(list("/api/v1/dlq", BETA, "records")).isEmpty();
        assertThat(list("/api/v1/latest?iso=MISO&market=DA_HOURLY", BETA, "ticks")).isEmpty();
        assertThat(get("/api/v1/imports/" + imported.getString("id"), BETA).statusCode()).isEqualTo(404);
        // ... and is refused asking for acme by name
        HttpResponse<Buffer> other = get(ticks + "&tenant=acme", BETA);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.bodyAsJsonObject().getString("error")).contains("'beta'").contains("'acme'");
        assertThat(call(HttpMethod.POST, "/reprocess", BETA, Buffer.buffer(new JsonObject().put("from", "2024-01-15")
                .put("to", "2024-01-16").put("tenant", "acme").encode())).statusCode()).isEqualTo(403);
        // beta's own upload is stored under beta: beta sees it, acme's view is unchanged
        JsonObject betas = importAs(BETA, "miso", miso);
        assertThat(betas.getString("status")).as(betas.encode()).isEqualTo("done");
        assertThat(betas.getString("tenant")).isEqualTo("beta");
        assertThat(list(ticks, BETA, "ticks")).hasSize(24);
        assertThat(list(ticks + "&revisions=all", ACME_READ, "ticks")).hasSize(24);

        // a zip bomb is a rejected document, and the process stays ready
        JsonObject bomb = importAs(ACME_WRITE, "caiso", ZipsTest.zeros("bomb.txt", 1L << 30));
        assertThat(bomb.getString("status")).isEqualTo("failed");
        assertThat(bomb.getString("error")).startsWith("zip_bomb");
        assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);

        // the file is re-read on change: a new token works within a check; a broken edit keeps the tokens
        assertThat(get(ticks, GAMMA).statusCode()).isEqualTo(401);
        Files.writeString(tokens, Files.readString(tokens) + entry(GAMMA, "gamma", "read"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> get(ticks, GAMMA).statusCode() == 200);
        assertThat(list(ticks, GAMMA, "ticks")).isEmpty();
        Files.writeString(tokens, "tokens:\n  - {sha256: nope, tenant: gamma, scopes: [read]}\n");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("keeping the previous one")));
        assertThat(get(ticks, GAMMA).statusCode()).isEqualTo(200);
        assertThat(logs.list.stream().filter(e -> e.getFormattedMessage().contains("keeping the previous one")))
                .hasSize(1);

        // no token in any answer or log line
        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        for (String t : TOKENS) {
            assertThat(answers).noneMatch(a -> a.contains(t));
            assertThat(lines).noneMatch(l -> l.contains(t));
        }
    }

    /**
     * A connector's data lag is the caller's tenant's: after acme imports a MISO day-ahead file, acme's token sees
     * that day as the newest DA_HOURLY interval (with its lag and staleness), beta's token sees none — in the list and
     * in the one-connector answer — and the process's own tenant (whose feeds fetched nothing) none either.
     */
    @Test
    void aConnectorsNewestIntervalAndLagAreTheCallersTenants() throws Exception {
        Path tokens = dataDir.resolve("tokens.yaml");
        String process = "process-rw-7c1e9a0b52";
        Files.writeString(tokens, "tokens:\n" + entry(ACME_WRITE, "acme", "read", "write") + entry(BETA, "beta",
                "read", "write") + entry(process, "default", "read"));
        running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir)
                .withAuth(new AppConfig.AuthSettings(tokens.toString(), true, false)));
        byte[] miso = Files.readAllBytes(IsoSamples.projectRoot()
                .resolve("src/test/resources/fixtures/miso/20240115_da_expost_lmp.csv"));
        for (String t : List.of(ACME_WRITE, BETA, process)) {
            assertThat(daHourly(t).getValue("newest_interval")).as("before any import").isNull();
        }

        JsonObject imported = importAs(ACME_WRITE, "miso", miso);
        assertThat(imported.getString("status")).as(imported.encode()).isEqualTo("done");

        JsonObject acme = daHourly(ACME_WRITE);
        // the file's last hour ends at midnight EST of the 16th
        assertThat(acme.getString("newest_interval")).isEqualTo("2024-01-16T05:00:00Z");
        assertThat(acme.getLong("lag_seconds")).isPositive();
        JsonObject acmeHealth = health(ACME_WRITE);
        assertThat(acmeHealth.getString("newest_interval")).isEqualTo("2024-01-16T05:00:00Z");
        assertThat(acmeHealth.getLong("data_lag_seconds")).isPositive();
        assertThat(acmeHealth.getJsonObject("datasets").getJsonObject("lmp_da_expost").getBoolean("stale")).isTrue();

        for (String t : List.of(BETA, process)) {
            JsonObject other = daHourly(t);
            assertThat(other.getValue("newest_interval")).as(t).isNull();
            assertThat(other.getValue("lag_seconds")).as(t).isNull();
            JsonObject h = health(t);
            assertThat(h.getValue("newest_interval")).as(t).isNull();
            assertThat(h.getValue("data_lag_seconds")).as(t).isNull();
            assertThat(h.getJsonObject("datasets").getJsonObject("lmp_da_expost").getValue("stale")).as(t).isNull();
            JsonObject listed = list("/api/v1/connectors", t, "connectors").stream().map(JsonObject.class::cast)
                    .filter(c -> "miso".equals(c.getString("name"))).findFirst().orElseThrow();
            assertThat(listed.getJsonObject("health").getValue("newest_interval")).as(t).isNull();
        }
        JsonObject listedForAcme = list("/api/v1/connectors", ACME_WRITE, "connectors").stream()
                .map(JsonObject.class::cast).filter(c -> "miso".equals(c.getString("name"))).findFirst().orElseThrow();
        assertThat(listedForAcme.getJsonObject("health").getString("newest_interval")).isEqualTo("2024-01-16T05:00:00Z");
    }

    /** MISO's health as {@code token}'s tenant sees it ({@code GET /api/v1/connectors/miso}). */
    private JsonObject health(String token) throws Exception {
        HttpResponse<Buffer> r = get("/api/v1/connectors/miso", token);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonObject("health");
    }

    private JsonObject daHourly(String token) throws Exception {
        return health(token).getJsonObject("markets").getJsonObject("DA_HOURLY");
    }
}
