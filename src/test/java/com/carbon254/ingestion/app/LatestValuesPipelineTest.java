package com.carbon254.ingestion.app;

import com.carbon254.ingestion.testing.IsoFixtures;
import com.carbon254.ingestion.testing.RedisServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/latest} on the all-in-one: from the process's map, and from a real Redis (the answer the same),
 * after the real CAISO day-ahead file; an older document never moves a latest value back; Redis stopped mid-import
 * holds nothing up and is caught up when it is back (on documents the test writes, so it runs without the samples).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LatestValuesPipelineTest {
    static final String CAISO_DAM = "caiso/caiso_oasis_SingleZip_PRC_LMP_DAM_grp-ALL_APNODES_20200101_20200101_v1.zip";
    static final String HUB = "TH_NP15_GEN-APND";
    static final String OTHER = "TH_SP15_GEN-APND";
    static final String LATEST_OTHER = "/api/v1/latest?iso=CAISO&market=DA_HOURLY&location=" + OTHER;
    static final String LATEST = "/api/v1/latest?iso=CAISO&market=DA_HOURLY&location=" + HUB;
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'-00:00'", Locale.ROOT)
            .withZone(ZoneId.of("UTC"));
    /** What the map served, compared with what Redis serves. */
    static JsonObject fromMemory;

    @TempDir
    static Path dataDir;

    /** A one-node CAISO day-ahead document of {@code day}, every hour priced {@code lmp}. */
    static byte[] caisoDay(LocalDate day, String lmp) {
        return caisoDay(day, lmp, List.of(HUB));
    }

    /** A CAISO day-ahead document of {@code day} for {@code nodes}, every hour priced {@code lmp}. */
    static byte[] caisoDay(LocalDate day, String lmp, List<String> nodes) {
        List<String> rows = new ArrayList<>();
        rows.add(IsoFixtures.CAISO_HEADER);
        Instant start = day.atStartOfDay(LA).toInstant();
        int hours = (int) Duration.between(start, day.plusDays(1).atStartOfDay(LA).toInstant()).toHours();
        for (int he = 1; he <= hours; he++) {
            Instant s = start.plusSeconds((he - 1) * 3600L);
            for (String node : nodes) {
                for (String type : List.of("LMP", "MCE", "MCC", "MCL")) {
                    String mw = type.equals("LMP") ? lmp : type.equals("MCE") ? lmp : "0";
                    rows.add(IsoFixtures.caisoRow(GMT.format(s), GMT.format(s.plusSeconds(3600)), day.toString(), he,
                            node, type, mw));
                }
            }
        }
        String d = day.toString().replace("-", "");
        return IsoFixtures.zip(d + "_" + d + "_PRC_LMP_DAM_" + d + "_00_00_00_v1.csv", String.join("\n", rows) + "\n");
    }

    static void assertTheRealDaysLatest(JsonObject latest) {
        JsonArray ticks = latest.getJsonArray("ticks");
        assertThat(ticks).as("%s", latest).hasSize(1);
        JsonObject t = ticks.getJsonObject(0);
        assertThat(t.getString("interval_start")).isEqualTo("2020-01-02T23:00:00Z");
        assertThat(t.getDouble("lmp")).isEqualTo(35.45538);
        assertThat(t.getString("location")).isEqualTo(HUB);
        JsonArray bars = latest.getJsonArray("bars");
        assertThat(bars.stream().map(b -> ((JsonObject) b).getString("component") + ":"
                + ((JsonObject) b).getString("resolution")).toList())
                .contains("lmp:1d", "energy:1d", "congestion:1d", "loss:1d");
        for (Object b : bars) {
            assertThat(((JsonObject) b).getString("start")).as("the file's last operating day, 2020-01-02 Pacific")
                    .isEqualTo("2020-01-02T08:00:00Z");
        }
    }

    @Test
    @Order(1)
    void theAllInOneServesTheNewestTickAndBarsFromItsMapAndAnOlderDocumentDoesNotMoveThemBack() throws Exception {
        byte[] day = Files.readAllBytes(IsoFixtures.shared(CAISO_DAM));
        try (RunningApp app = RunningApp.start(RunningApp.isolatedAllInOne(dataDir.resolve("memory")))) {
            assertThat(app.importFile("caiso", day).getString("status")).isEqualTo("done");
            JsonObject latest = app.get(LATEST).bodyAsJsonObject();
            assertTheRealDaysLatest(latest);
            fromMemory = latest;

            JsonObject older = app.importFile("caiso", caisoDay(LocalDate.of(2019, 12, 30), "99.5"));
            assertThat(older.getString("status")).isEqualTo("done");
            assertThat(app.get(LATEST).bodyAsJsonObject()).as("an older day changes nothing").isEqualTo(latest);

            JsonObject all = app.get("/api/v1/latest?iso=CAISO&market=DA_HOURLY").bodyAsJsonObject();
            assertThat(all.getJsonArray("ticks").size()).as("one per location").isGreaterThan(1_000);
            assertThat(app.get("/api/v1/latest?iso=NOPE&market=DA_HOURLY").statusCode()).isEqualTo(400);
        }
    }

    @Test
    @Order(2)
    void withRedisTheAnswerIsTheMapsAndAnOlderDocumentDoesNotMoveItBack() throws Exception {
        byte[] day = Files.readAllBytes(IsoFixtures.shared(CAISO_DAM));
        try (RedisServer redis = RedisServer.startNew();
             RunningApp app = RunningApp.start(RunningApp.isolatedAllInOne(dataDir.resolve("redis"),
                     Map.of("REDIS_URL", redis.url()), Map.of()))) {
            assertThat(app.get("/health/ready").statusCode()).isEqualTo(200);
            assertThat(app.importFile("caiso", day).getString("status")).isEqualTo("done");
            JsonObject latest = app.get(LATEST).bodyAsJsonObject();
            assertTheRealDaysLatest(latest);
            if (fromMemory != null) assertThat(latest).as("Redis answers what the map answers").isEqualTo(fromMemory);
            assertThat(app.importFile("caiso", caisoDay(LocalDate.of(2019, 12, 30), "99.5")).getString("status"))
                    .isEqualTo("done");
            assertThat(app.get(LATEST).bodyAsJsonObject()).isEqualTo(latest);
        }
    }

    @Test
    @Order(3)
    void redisStoppedMidImportHoldsNothingUpAndIsCaughtUpWhenBack() throws Exception {
        try (RedisServer redis = RedisServer.startNew();
             RunningApp app = RunningApp.start(RunningApp.isolatedAllInOne(dataDir.resolve("redis-restart"),
                     Map.of("REDIS_URL", redis.url()), Map.of()))) {
            assertThat(app.importFile("caiso", caisoDay(LocalDate.of(2020, 1, 2), "35.5", List.of(HUB, OTHER)))
                    .getString("status")).isEqualTo("done");
            JsonObject other = app.get(LATEST_OTHER).bodyAsJsonObject();
            assertThat(other.getJsonArray("ticks")).hasSize(1);

            // Redis goes away: the next day's document is still stored and done, the cache counts its failures
            redis.stop();
            double errors = metric(app, "projection_cache_errors_total");
            JsonObject next = app.importFile("caiso", caisoDay(LocalDate.of(2020, 1, 3), "41.25"));
            assertThat(next.getString("status")).as(next.encode()).isEqualTo("done");
            assertThat(app.ticks("CAISO", "DA_HOURLY", HUB, "2020-01-03", "2020-01-04")).as("gold goes on")
                    .hasSize(24);
            assertThat(metric(app, "projection_cache_errors_total")).isGreaterThan(errors);
            assertThat(app.get(LATEST).statusCode()).isEqualTo(503);
            assertThat(app.get("/health/ready").statusCode()).isEqualTo(503);
            // the seed's /health says the same: live, not ready, and which check is down
            io.vertx.core.json.JsonObject health = app.get("/health").bodyAsJsonObject();
            assertThat(app.get("/health").statusCode()).isEqualTo(503);
            assertThat(health.getBoolean("live")).isTrue();
            assertThat(health.getBoolean("ready")).isFalse();
            assertThat(health.getJsonObject("checks").getJsonObject("latest").getString("status")).isEqualTo("DOWN");
            assertThat(health.getJsonObject("checks").getJsonObject("store").getString("status")).isEqualTo("UP");

            // back: what waited is written, nothing older comes back over it
            redis.start();
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                var r = app.get(LATEST);
                return r.statusCode() == 200 && r.bodyAsJsonObject().getJsonArray("ticks").getJsonObject(0)
                        .getString("interval_start").startsWith("2020-01-04T07:00");
            });
            JsonObject after = app.get(LATEST).bodyAsJsonObject();
            assertThat(after.getJsonArray("ticks").getJsonObject(0).getDouble("lmp")).isEqualTo(41.25);
            assertThat(after.getJsonArray("bars").stream().map(b -> ((JsonObject) b).getString("start")).distinct()
                    .toList()).containsExactly("2020-01-03T08:00:00Z");
            assertThat(app.get(LATEST_OTHER).bodyAsJsonObject()).as("a value written before Redis went away survived")
                    .isEqualTo(other);
            assertThat(metric(app, "projection_cache_pending")).isZero();
            assertThat(app.get("/health/ready").statusCode()).isEqualTo(200);
        }
    }

    static double metric(RunningApp app, String name) throws Exception {
        return app.get("/metrics").bodyAsString().lines().filter(l -> l.startsWith(name))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
