package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.app.App;
import com.carbon254.ingestion.app.AppConfig;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.pipeline.PolicyPaths;
import com.carbon254.ingestion.pipeline.StageSpec;
import com.carbon254.ingestion.pipeline.store.TickQuery;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A streaming MISO connector polls the 5-minute "Current" endpoint of a real local HTTP server, publishes only
 * intervals it has not emitted, and keeps that cursor across a restart: after the process restarts on the same data
 * dir, a document repeating an interval already emitted publishes only the new one.
 */
class StreamingConnectorTest {
    @TempDir
    static Path dir;
    static Vertx vertx;
    static HttpServer miso;
    static final AtomicReference<String> current = new AtomicReference<>();
    static final AtomicInteger requests = new AtomicInteger();

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    static String doc(String... intervals) {
        StringBuilder b = new StringBuilder("{\"headers\":[\"INTERVAL\",\"CPNODE\",\"LMP\",\"MLC\",\"MCC\"],\"data\":[");
        int i = 0;
        for (String t : intervals) {
            for (String node : List.of("INDIANA.HUB", "ILLINOIS.HUB")) {
                if (i++ > 0) b.append(',');
                double lmp = 20 + t.hashCode() % 7 + node.length() / 10.0;
                b.append("[\"").append(t).append("\",\"").append(node).append("\",").append(lmp).append(",0.25,-0.5]");
            }
        }
        return b.append("]}").toString();
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        miso = await(vertx.createHttpServer().requestHandler(req -> {
            requests.incrementAndGet();
            req.response().putHeader("content-type", "application/json").end(current.get());
        }).listen(0, "127.0.0.1"));
        for (String c : Isos.connectorNames()) { // every registered ISO needs its connector.yaml
            Path d = Files.createDirectories(dir.resolve("connectors").resolve(c));
            String yaml = Files.readString(IsoSamples.projectRoot().resolve(Path.of("connectors", c, "connector.yaml")),
                    StandardCharsets.UTF_8);
            if (c.equals("miso")) yaml = yaml.replaceFirst("(?m)^mode: batch", "mode: streaming");
            Files.writeString(d.resolve("connector.yaml"), yaml);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) await(vertx.close());
    }

    static AppConfig config() {
        AppConfig shipped = AppConfig.forRole("all-in-one", Map.of(), Map.of(),
                new AppConfig.Overrides(0, dir.resolve("data")));
        PolicyPaths p = shipped.policies();
        AppConfig cfg = shipped.withStages(shipped.withoutStage(Stage.SIMULATOR).stages().stream()
                        .map(s -> s.stage() == Stage.CONNECTORS ? new StageSpec(s.stage(), 1, Map.of(
                        "scheduler", Map.of("enabled", false),
                        "streaming", Map.of("poll_ms", 200),
                        "endpoints", Map.of("MISO_API_URL", "http://127.0.0.1:" + miso.actualPort() + "/api"))) : s)
                        .toList())
                .withPolicies(new PolicyPaths(p.normalizationRules(), p.enrichmentTaxonomy(),
                        p.aggregationPolicies(), dir.resolve("connectors").toString()));
        return cfg;
    }

    static double published(Metrics m) {
        var c = m.registry().find("stage.records").tag("stage", "connectors").tag("outcome", "out").counter();
        return c == null ? 0 : c.count();
    }

    static List<EnrichedTick> ticks(App app) throws Exception {
        return await(app.stores().queries().queryTicks(new TickQuery("default", "MISO", "RT_5MIN", "INDIANA.HUB",
                Instant.parse("2026-11-27T00:00:00Z"), Instant.parse("2026-11-28T00:00:00Z"))));
    }

    @Test
    void emitsOnlyUnseenIntervalsAndKeepsItsCursorAcrossARestart() throws Exception {
        current.set(doc("2026-11-27T10:00:00", "2026-11-27T10:05:00"));
        Metrics m1 = new Metrics();
        App first = await(App.start(vertx, config(), m1, false));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ticks(first).size() == 2);
        int seen = requests.get();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> requests.get() >= seen + 3);
        assertThat(published(m1)).as("the same document polled again publishes nothing").isEqualTo(4);
        await(first.stop());

        JsonObject saved = new JsonObject(Files.readString(dir.resolve("data").resolve("registry-state.json")));
        assertThat(saved.getJsonObject("cursor").getString("miso/lmp_rt_5min"))
                .isEqualTo("2026-11-27T15:05:00Z"); // 10:05 EST is the interval end

        // restart: the endpoint now repeats 10:05 (already emitted) and adds 10:10
        current.set(doc("2026-11-27T10:05:00", "2026-11-27T10:10:00"));
        Metrics m2 = new Metrics();
        App second = await(App.start(vertx, config(), m2, false));
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ticks(second).size() == 3);
            int again = requests.get();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> requests.get() >= again + 3);
            assertThat(published(m2)).as("only 10:10, for both nodes").isEqualTo(2);
            assertThat(ticks(second)).extracting(t -> t.tick().intervalEnd().toString())
                    .containsExactly("2026-11-27T15:00:00Z", "2026-11-27T15:05:00Z", "2026-11-27T15:10:00Z");
        } finally {
            await(second.stop());
        }
    }
}
