package com.carbon254.ingestion.app;

import com.carbon254.ingestion.iso.isone.IsoneFixtures;
import com.carbon254.ingestion.iso.isone.IsoneSimulator;
import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.carbon254.ingestion.iso.isone.IsoneFixtures.FALL_BACK;
import static com.carbon254.ingestion.iso.isone.IsoneFixtures.LOCATIONS;
import static com.carbon254.ingestion.iso.isone.IsoneFixtures.SPRING_FORWARD;
import static com.carbon254.ingestion.iso.isone.IsoneFixtures.ZONES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ISO-NE end to end, the way a user sees it: the all-in-one (simulator on a random port, scheduler off) is posted
 * ISO-NE's documents exactly as downloaded — the web services' JSON and ISO Express's CSV of both DST days (written by
 * {@link IsoneFixtures}), and the real five-minute sample — then {@code /api/v1/ticks} and {@code /api/v1/bars} are
 * asked what came out.
 */
class IsonePipelineTest {
    static final String REAL_5MIN = "isone/isone_ws_fiveminutelmp_current_2026-07-27_via_wsclient_proxy.json";

    @TempDir
    static Path dataDir;
    static RunningApp running;
    static boolean realSample;

    @BeforeAll
    static void boot() throws Exception {
        running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir));
        for (LocalDate day : List.of(FALL_BACK, SPRING_FORWARD)) {
            long hours = day.equals(FALL_BACK) ? 25 : 23;
            running.importClean("isone", IsoneFixtures.dayAheadJson(day).getBytes(StandardCharsets.UTF_8),
                    hours * LOCATIONS.length);
            running.importClean("isone", IsoneFixtures.dayAheadCsv(day, ZONES).getBytes(StandardCharsets.UTF_8),
                    hours * ZONES.length);
        }
        // a location whose hour carries only the total: its components stay null
        running.importClean("isone",
                ("{\"HourlyLmps\":{\"HourlyLmp\":{\"BeginDate\":\"2024-11-03T01:00:00.000-05:00\",\"Location\":"
                + "{\"@LocId\":\"4006\",\"$\":\".Z.SEMASS\",\"@LocType\":\"LOAD ZONE\"},\"LmpTotal\":41.07}}}")
                .getBytes(StandardCharsets.UTF_8), 1);
        Path real = IsoSamples.find(REAL_5MIN).orElse(null);
        if (real != null) {
            running.importClean("isone", Files.readAllBytes(real), 16);
            realSample = true;
        }
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (running != null) running.close();
    }

    /** Both formats, both DST days: the API's ticks tile the Eastern operating day; the 1d bar expects its hours. */
    @Test
    void dstDaysGive25And23TicksAndCompleteDailyBarsInBothFormats() throws Exception {
        for (LocalDate day : List.of(FALL_BACK, SPRING_FORWARD)) {
            int hours = day.equals(FALL_BACK) ? 25 : 23;
            List<IsoneFixtures.Hour> expected = IsoneFixtures.hours(day);
            for (String[][] file : List.of(LOCATIONS, ZONES)) {
                for (int n = 0; n < file.length; n++) {
                    String loc = file[n][1];
                    JsonArray ts = running.ticks("ISONE", "DA_HOURLY", RunningApp.pathSegment(loc), day.toString(),
                            day.plusDays(1).toString());
                    assertThat(ts).as(day + " " + loc).hasSize(hours);
                    Set<String> starts = new HashSet<>();
                    for (int i = 0; i < hours; i++) {
                        JsonObject t = ts.getJsonObject(i);
                        IsoneFixtures.Hour h = expected.get(i);
                        assertThat(t.getString("interval_start")).as(t.encode()).isEqualTo(h.start().toString());
                        assertThat(t.getString("interval_end")).as(t.encode()).isEqualTo(h.end().toString());
                        assertThat(t.getString("operating_day")).isEqualTo(day.toString());
                        assertThat(t.getString("local_label")).isEqualTo(file == LOCATIONS ? h.beginDate()
                                : IsoneFixtures.csvDate(day) + " HE " + h.hourEnding());
                        assertThat(t.getDouble("lmp")).isEqualTo(IsoneFixtures.prices(n, i)[0].doubleValue());
                        assertThat(t.getDouble("energy")).isEqualTo(IsoneFixtures.prices(n, i)[1].doubleValue());
                        assertThat(t.getString("revision")).isEqualTo("final");
                        starts.add(t.getString("interval_start"));
                    }
                    assertThat(starts).hasSize(hours);
                    JsonArray bs = running.bars("ISONE", "DA_HOURLY", RunningApp.pathSegment(loc), "lmp", "1d",
                            day.minusDays(1).toString(),
                            day.plusDays(2).toString());
                    assertThat(bs).as(bs.encodePrettily()).hasSize(1);
                    JsonObject b = bs.getJsonObject(0);
                    assertThat(b.getString("start")).isEqualTo(expected.get(0).start().toString());
                    assertThat(b.getString("end")).isEqualTo(expected.get(hours - 1).end().toString());
                    assertThat(b.getInteger("expected")).isEqualTo(hours);
                    assertThat(b.getInteger("count")).isEqualTo(hours);
                    assertThat(b.getBoolean("complete")).isTrue();
                }
            }
        }
        // the repeated hour in the CSV: HE 02 at 01:00 EDT, HE 02X at 01:00 EST
        JsonArray maine = running.ticks("ISONE", "DA_HOURLY", ".Z.MAINE", "2024-11-03", "2024-11-04");
        assertThat(maine.getJsonObject(1).getString("local_label")).isEqualTo("11/03/2024 HE 02");
        assertThat(maine.getJsonObject(1).getString("interval_start")).isEqualTo("2024-11-03T05:00:00Z");
        assertThat(maine.getJsonObject(2).getString("local_label")).isEqualTo("11/03/2024 HE 02X");
        assertThat(maine.getJsonObject(2).getString("interval_start")).isEqualTo("2024-11-03T06:00:00Z");
        assertThat(maine.getJsonObject(2).getString("location_type")).isEqualTo("load_zone");
        assertThat(maine.getJsonObject(2).getString("location_id")).isEqualTo("4001");
    }

    @Test
    void anUnpublishedComponentIsNullNotZero() throws Exception {
        JsonArray ts = running.ticks("ISONE", "DA_HOURLY", ".Z.SEMASS", "2024-11-03", "2024-11-04");
        assertThat(ts).hasSize(1);
        JsonObject t = ts.getJsonObject(0);
        assertThat(t.getString("interval_start")).isEqualTo("2024-11-03T06:00:00Z");
        assertThat(t.getDouble("lmp")).isEqualTo(41.07);
        assertThat(t.getValue("energy")).isNull();
        assertThat(t.getValue("congestion")).isNull();
        assertThat(t.getValue("loss")).isNull();
        JsonArray bs = running.bars("ISONE", "DA_HOURLY", ".Z.SEMASS", "lmp", "1d", "2024-11-03", "2024-11-04");
        assertThat(bs.getJsonObject(0).getInteger("expected")).isEqualTo(25);
        assertThat(bs.getJsonObject(0).getBoolean("complete")).isFalse();
    }

    @Test
    void theRealFiveMinuteSampleIsServedAtItsBeginDate() throws Exception {
        Assumptions.assumeTrue(realSample, IsoSamples.MISSING);
        JsonArray ts = running.ticks("ISONE", "RT_5MIN", ".Z.MAINE", "2026-07-27T21:00:00Z", "2026-07-27T22:00:00Z");
        assertThat(ts).hasSize(1);
        JsonObject t = ts.getJsonObject(0);
        assertThat(t.getString("interval_start")).isEqualTo("2026-07-27T21:25:00Z");
        assertThat(t.getString("interval_end")).isEqualTo("2026-07-27T21:30:00Z");
        assertThat(t.getString("operating_day")).isEqualTo("2026-07-27");
        assertThat(t.getDouble("lmp")).isEqualTo(64.36);
        assertThat(t.getDouble("energy")).isEqualTo(67.88);
        assertThat(t.getDouble("congestion")).isEqualTo(0.0);
        assertThat(t.getDouble("loss")).isEqualTo(-3.52);
        assertThat(t.getString("revision")).isEqualTo("prelim");
        assertThat(t.getString("location_id")).isEqualTo("4001");
        JsonArray roseton = running.ticks("ISONE", "RT_5MIN", RunningApp.pathSegment(".I.ROSETON 345 1"),
                "2026-07-27", "2026-07-28");
        assertThat(roseton).hasSize(1);
        assertThat(roseton.getJsonObject(0).getDouble("lmp")).isEqualTo(68.03);
        assertThat(roseton.getJsonObject(0).getString("location_type")).isEqualTo("interface");
        JsonArray hour = running.bars("ISONE", "RT_5MIN", ".Z.MAINE", "lmp", "1h", "2026-07-27T21:00:00Z",
                "2026-07-27T22:00:00Z");
        assertThat(hour).hasSize(1);
        assertThat(hour.getJsonObject(0).getInteger("expected")).isEqualTo(12);
        assertThat(hour.getJsonObject(0).getInteger("count")).isEqualTo(1);
    }

    static JsonObject run(JsonObject body) throws Exception {
        HttpResponse<Buffer> r = RunningApp.await(running.http.post("/api/v1/connectors/isone/runs").sendJsonObject(body));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        String id = r.bodyAsJsonObject().getString("id");
        JsonObject[] last = new JsonObject[1];
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = running.get("/api/v1/runs/" + id).bodyAsJsonObject();
            return List.of("succeeded", "failed").contains(last[0].getString("status"));
        });
        return last[0];
    }

    /**
     * The shipped descriptor points the web services at the simulator with its dummy credentials, so runs go through
     * HTTP Basic (the simulator answers 401 without it) and the JSON request header.
     */
    @Test
    void runsFetchTheSimulatedWebServicesWithBasicCredentials() throws Exception {
        int nodes = IsoneSimulator.PRICES.nodes().size();
        JsonObject da = run(new JsonObject().put("dataset", "lmp_da_ws").put("from", "2024-07-01").put("to", "2024-07-02"));
        assertThat(da.getString("status")).as(da.encodePrettily()).isEqualTo("succeeded");
        assertThat(da.getLong("records")).isEqualTo(24L * nodes);
        JsonArray hub = running.ticks("ISONE", "DA_HOURLY", ".H.INTERNAL_HUB", "2024-07-01", "2024-07-02");
        assertThat(hub).hasSize(24);
        assertThat(hub.getJsonObject(0).getString("interval_start")).isEqualTo("2024-07-01T04:00:00Z");

        JsonObject rt = run(new JsonObject().put("dataset", "lmp_rt_5min_ws").put("at", Instant.now().toString()));
        assertThat(rt.getString("status")).as(rt.encodePrettily()).isEqualTo("succeeded");
        assertThat(rt.getLong("records")).isEqualTo(16);
    }
}
