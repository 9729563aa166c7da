package com.carbon254.ingestion.app;

import com.carbon254.ingestion.ops.auth.Authenticator;
import com.carbon254.ingestion.ops.auth.Principal;
import com.carbon254.ingestion.ops.auth.Scope;
import com.carbon254.ingestion.testing.IsoFixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event-bus bridge of a running all-in-one, through a real WebSocket speaking SockJS's frames: an import's
 * progress and the stages' throughput reach a reader of the process tenant (and not a reader of another tenant);
 * commands need an {@code admin} token and act like the API, and the runs and reprocesses they start are followed on
 * {@code ops.progress} to their end; anything but {@code ops.*} is refused.
 */
class OpsBridgeTest {
    static final String MISO = "miso/miso_da_lmp_2011-07-16_full_mtp13.csv";
    /** Tokens of this test: the process tenant's admin and reader, and a reader of another tenant. */
    static final Map<String, Principal> TOKENS = Map.of(
            "Bearer admin-token", new Principal("default", Set.of(Scope.READ, Scope.WRITE, Scope.ADMIN)),
            "Bearer read-token", new Principal("default", Set.of(Scope.READ)),
            "Bearer other-tenant", new Principal("tenant-b", Set.of(Scope.READ, Scope.WRITE, Scope.ADMIN)));

    static final Authenticator AUTH = new Authenticator() {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public Optional<Principal> authenticate(String authorization) {
            return Optional.ofNullable(authorization == null ? null : TOKENS.get(authorization));
        }
    };

    @TempDir
    static Path dataDir;
    static RunningApp running;

    @BeforeAll
    static void boot() throws Exception {
        AppConfig cfg = RunningApp.isolatedAllInOne(dataDir);
        assertThat(cfg.tenant()).isEqualTo("default");
        running = RunningApp.start(cfg, AUTH).authorizedAs("Bearer admin-token"); // the API wants tokens too
    }

    @AfterAll
    static void shutdown() {
        if (running != null) running.close();
    }

    private BridgeClient client(String authorization) throws Exception {
        return new BridgeClient(running.vertx, running.app.httpPort(), authorization);
    }

    @Test
    void aReaderFollowsAnImportAndTheThroughputOfItsTenantOnly() throws Exception {
        byte[] file = Files.readAllBytes(IsoFixtures.shared(MISO));
        try (BridgeClient reader = client("Bearer read-token"); BridgeClient other = client("Bearer other-tenant")) {
            reader.register("ops.progress");
            reader.register("ops.throughput");
            other.register("ops.progress");
            other.register("ops.throughput");
            // registered once the first throughput tick (each second) arrives
            reader.awaitEvent("ops.throughput", b -> true, 10);

            JsonObject done = running.importFile("miso", file);
            assertThat(done.getString("status")).isEqualTo("done");

            JsonObject progress = reader.awaitEvent("ops.progress", b -> "import".equals(b.getString("kind"))
                    && done.getString("id").equals(b.getJsonObject("job").getString("id"))
                    && "done".equals(b.getJsonObject("job").getString("status")), 10);
            assertThat(progress.getString("tenant")).isEqualTo("default");
            assertThat(progress.getJsonObject("job").getLong("ticks_out")).isEqualTo(done.getLong("ticks_out"))
                    .isPositive();
            assertThat(reader.frames).as("it saw the import running before it was done")
                    .anyMatch(f -> f.getValue("body") instanceof JsonObject b && "import".equals(b.getString("kind"))
                            && "running".equals(b.getJsonObject("job").getString("status")));

            // every stage the file went through moved (counts reach the bridge at its next tick)
            reader.awaitEvent("ops.throughput", b -> b.getJsonObject("stages").stream()
                    .allMatch(e -> ((JsonObject) e.getValue()).getLong("in") > 0), 10);
            assertThat(reader.frames).as("a per-second rate was non-zero while the import ran")
                    .anyMatch(f -> "ops.throughput".equals(f.getString("address"))
                            && f.getJsonObject("body").getJsonObject("stages").getJsonObject("normalizer")
                            .getDouble("in_per_s") > 0);

            // the same events were published to both; two more throughput ticks later tenant-b still has none
            int ticks = (int) reader.frames.stream().filter(f -> "ops.throughput".equals(f.getString("address"))).count();
            reader.await(f -> reader.frames.stream().filter(g -> "ops.throughput".equals(g.getString("address")))
                    .count() >= ticks + 2, 10);
            assertThat(other.frames).as("another tenant's client receives none of this tenant's events")
                    .noneMatch(f -> "rec".equals(f.getString("type")));
            assertThat(other.errors()).isEmpty();
        }
    }

    @Test
    void aCommandNeedsAnAdminTokenAndActsLikeTheApi() throws Exception {
        try (BridgeClient reader = client("Bearer read-token"); BridgeClient nobody = client(null);
             BridgeClient admin = client("Bearer admin-token")) {
            reader.send("ops.command.disable", new JsonObject().put("connector", "miso"), "r-reader");
            assertThat(reader.await(f -> "err".equals(f.getString("type")), 10).getString("body"))
                    .isEqualTo("rejected");
            nobody.send("ops.command.disable", new JsonObject().put("connector", "miso"), "r-nobody");
            assertThat(nobody.await(f -> "err".equals(f.getString("type")), 10).getString("body"))
                    .isEqualTo("rejected");
            assertThat(enabled("miso")).as("a refused command changed nothing").isTrue();

            admin.send("ops.command.disable", new JsonObject().put("connector", "miso"), "r-1");
            JsonObject reply = admin.awaitEvent("r-1", b -> true, 10);
            assertThat(reply.getInteger("status")).as(reply.encode()).isEqualTo(200);
            assertThat(enabled("miso")).isFalse();
            admin.send("ops.command.enable", new JsonObject().put("connector", "miso"), "r-2");
            assertThat(admin.awaitEvent("r-2", b -> true, 10).getInteger("status")).isEqualTo(200);
            assertThat(enabled("miso")).isTrue();

            // a run the API refuses is refused the same way, with the API's reason
            admin.send("ops.command.run", new JsonObject().put("connector", "miso").put("dataset", "no_such")
                    .put("from", "2024-07-01").put("to", "2024-07-02"), "r-3");
            JsonObject bad = admin.awaitEvent("r-3", b -> true, 10);
            assertThat(bad.getInteger("status")).as(bad.encode()).isEqualTo(400);
            assertThat(bad.getValue("body")).as(bad.encode()).isInstanceOf(JsonObject.class);
            assertThat(bad.getJsonObject("body").getString("error")).contains("no_such");
            assertThat(admin.errors()).isEmpty();
        }
    }

    @Test
    void runAndReprocessCommandsAreFollowedToTheirEndOnProgress() throws Exception {
        // a file of its own: the other test's import must not turn into a duplicate of this one
        byte[] file = Files.readAllBytes(IsoFixtures.shared(AllInOnePipelineTest.CAISO));
        assertThat(running.importFile("caiso", file).getString("status")).isEqualTo("done");
        try (BridgeClient admin = client("Bearer admin-token")) {
            admin.register("ops.progress");
            admin.register("ops.throughput");
            admin.awaitEvent("ops.throughput", b -> true, 10);

            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            admin.send("ops.command.run", new JsonObject().put("connector", "miso").put("dataset", "lmp_da_expost")
                    .put("from", today.minusDays(2).toString()).put("to", today.minusDays(1).toString()), "r-run");
            JsonObject accepted = admin.awaitEvent("r-run", b -> true, 10);
            assertThat(accepted.getInteger("status")).as(accepted.encode()).isEqualTo(202);
            String runId = accepted.getJsonObject("body").getString("id");
            JsonObject run = admin.awaitEvent("ops.progress", b -> "run".equals(b.getString("kind"))
                    && runId.equals(b.getJsonObject("job").getString("id"))
                    && b.getJsonObject("job").getString("finished_at") != null, 60).getJsonObject("job");
            assertThat(run.getString("status")).as(run.encode()).isEqualTo("succeeded");
            assertThat(run.getInteger("documents")).isPositive();

            admin.send("ops.command.reprocess", new JsonObject().put("from", "2020-01-01").put("to", "2020-01-02")
                    .put("isos", new JsonArray().add("CAISO")), "r-reprocess");
            JsonObject queued = admin.awaitEvent("r-reprocess", b -> true, 10);
            assertThat(queued.getInteger("status")).as(queued.encode()).isEqualTo(202);
            String jobId = queued.getJsonObject("body").getString("id");
            JsonObject job = admin.awaitEvent("ops.progress", b -> "reprocess".equals(b.getString("kind"))
                    && jobId.equals(b.getJsonObject("job").getString("id"))
                    && b.getJsonObject("job").getString("finished_at") != null, 60).getJsonObject("job");
            assertThat(job.getString("status")).as(job.encode()).isEqualTo("done");
            assertThat(job.getInteger("documents_done")).isPositive();
            assertThat(admin.errors()).isEmpty();
        }
    }

    @Test
    void everythingButOpsIsRefused() throws Exception {
        try (BridgeClient admin = client("Bearer admin-token"); BridgeClient nobody = client(null)) {
            admin.publish("pricing.normalized.ticks.v1", new JsonObject().put("x", 1));
            admin.send("ops.progress", new JsonObject().put("tenant", "default"), "r-4");
            admin.register("pricing.normalized.ticks.v1");
            admin.register("ops.command.run");
            admin.await(f -> admin.errors().size() >= 4, 10);
            assertThat(admin.errors()).containsOnly("access_denied", "rejected");
            assertThat(admin.frames).noneMatch(f -> "rec".equals(f.getString("type")));

            nobody.register("ops.progress");
            assertThat(nobody.await(f -> "err".equals(f.getString("type")), 10).getString("body"))
                    .as("registering needs a token when tokens are on").isEqualTo("rejected");
        }
    }

    private static boolean enabled(String connector) throws Exception {
        return running.get("/api/v1/connectors-index").bodyAsJsonObject().getJsonArray("connectors").stream()
                .map(JsonObject.class::cast).filter(c -> connector.equals(c.getString("name"))).findFirst()
                .orElseThrow().getBoolean("enabled");
    }
}
