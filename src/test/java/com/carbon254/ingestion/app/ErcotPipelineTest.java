package com.carbon254.ingestion.app;

import com.carbon254.ingestion.testing.ErcotFixtures;
import com.carbon254.ingestion.testing.IsoFixtures;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
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
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.carbon254.ingestion.app.RunningApp.await;
import static com.carbon254.ingestion.testing.ErcotFixtures.FALL_BACK;
import static com.carbon254.ingestion.testing.ErcotFixtures.NODES;
import static com.carbon254.ingestion.testing.ErcotFixtures.SPRING_FORWARD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ERCOT end to end, the way a user sees it: the all-in-one ({@link RunningApp#isolatedAllInOne}) is fed ERCOT's
 * formats over HTTP — DST-day files of {@link ErcotFixtures} (the DAM as the MIS zip and as the API's JSON, 15-minute
 * prices, SCED runs) and the real recorded samples — then {@code /api/v1/ticks} and {@code /api/v1/bars} are asked
 * what came out; and runs of the simulated ERCOT go through the API's token flow and the MIS listing.
 */
class ErcotPipelineTest {
    static final String DAM_SAMPLE = "ercot/ercot_np4-190-cd_dam_spp_HB_HUBAVG_2026-03-08_DST-start.json";
    static final String SCED_SAMPLE = "ercot/ercot_np6-788-cd_rt_lmp_by_settlement_point_2026-06-25T0040_excerpt.csv";

    @TempDir
    static Path dataDir;
    static RunningApp running;

    @BeforeAll
    static void boot() throws Exception {
        running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir));
        running.importClean("ercot", ErcotFixtures.damZip(FALL_BACK), 25L * NODES.size());
        running.importClean("ercot", ErcotFixtures.damJson(SPRING_FORWARD).getBytes(StandardCharsets.UTF_8),
                23L * NODES.size());
        running.importClean("ercot", ErcotFixtures.sppZip(FALL_BACK), 100L * (NODES.size() + 1));
        running.importClean("ercot", ErcotFixtures.scedJson(FALL_BACK).getBytes(StandardCharsets.UTF_8),
                300L * NODES.size());
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (running != null) running.close();
    }

    static JsonArray ticks(String market, String loc, String from, String to) throws Exception {
        return running.ticks("ERCOT", market, loc, from, to);
    }

    static JsonObject dailyBar(String market, String loc, LocalDate day) throws Exception {
        JsonArray bs = running.bars("ERCOT", market, loc, "lmp", "1d", day.minusDays(1).toString(),
                day.plusDays(2).toString());
        assertThat(bs).as(bs.encodePrettily()).hasSize(1);
        return bs.getJsonObject(0);
    }

    @Test
    void dayAheadHoursTileBothDstDaysAndTheirDailyBarsExpect25And23() throws Exception {
        for (LocalDate day : List.of(FALL_BACK, SPRING_FORWARD)) {
            List<ErcotFixtures.Hour> hours = ErcotFixtures.hours(day);
            for (int n = 0; n < NODES.size(); n++) {
                String node = NODES.get(n);
                JsonArray ts = ticks("DA_HOURLY", node, day.toString(), day.plusDays(1).toString());
                assertThat(ts).as(day + " " + node).hasSize(hours.size());
                for (int i = 0; i < hours.size(); i++) {
                    JsonObject t = ts.getJsonObject(i);
                    assertThat(t.getString("interval_start")).as(t.encode()).isEqualTo(hours.get(i).start().toString());
                    assertThat(t.getString("interval_end")).isEqualTo(hours.get(i).end().toString());
                    assertThat(t.getString("operating_day")).isEqualTo(day.toString());
                    assertThat(t.getDouble("lmp")).isEqualTo(ErcotFixtures.damPrice(n, i).doubleValue());
                    assertThat(t.getValue("energy")).as("not published: null, not 0").isNull();
                    assertThat(t.getValue("congestion")).isNull();
                    assertThat(t.getValue("loss")).isNull();
                }
                JsonObject b = dailyBar("DA_HOURLY", node, day);
                assertThat(b.getString("start")).isEqualTo(ErcotFixtures.dayStart(day).toString());
                assertThat(b.getString("end")).isEqualTo(ErcotFixtures.dayEnd(day).toString());
                assertThat(b.getInteger("expected")).isEqualTo(hours.size());
                assertThat(b.getInteger("count")).isEqualTo(hours.size());
                assertThat(b.getBoolean("complete")).isTrue();
            }
        }
        JsonObject hub = ticks("DA_HOURLY", "HB_NORTH", "2024-11-03", "2024-11-04").getJsonObject(2);
        assertThat(hub.getString("local_label")).isEqualTo("2024-11-03 HE 02 DSTFlag Y");
        assertThat(hub.getString("interval_start")).isEqualTo("2024-11-03T07:00:00Z");
        assertThat(hub.getString("location_type")).isEqualTo("hub");
    }

    @Test
    void fifteenMinutePricesOfTheFallBackDayFillA100IntervalDayAndTheEnergyWeightedZoneIsItsOwnSeries()
            throws Exception {
        for (String loc : List.of("LZ_HOUSTON", "LZ_HOUSTON_EW", "AMISTAD_ALL")) {
            JsonArray ts = ticks("RT_15MIN", loc, "2024-11-03", "2024-11-04");
            assertThat(ts).as(loc).hasSize(100);
            Set<String> starts = new HashSet<>();
            for (int q = 0; q < 100; q++) starts.add(ts.getJsonObject(q).getString("interval_start"));
            assertThat(starts).hasSize(100);
            JsonObject b = dailyBar("RT_15MIN", loc, FALL_BACK);
            assertThat(b.getInteger("expected")).isEqualTo(100);
            assertThat(b.getInteger("count")).isEqualTo(100);
            assertThat(b.getBoolean("complete")).isTrue();
        }
        JsonArray repeated = running.bars("ERCOT", "RT_15MIN", "LZ_HOUSTON_EW", "lmp", "1h", "2024-11-03T06:00:00Z",
                "2024-11-03T08:00:00Z");
        assertThat(repeated).hasSize(2);
        assertThat(repeated.getJsonObject(1).getString("start")).isEqualTo("2024-11-03T07:00:00Z");
        assertThat(repeated.getJsonObject(1).getInteger("count")).isEqualTo(4);
        assertThat(ticks("RT_15MIN", "LZ_HOUSTON_EW", "2024-11-03T07:00:00Z", "2024-11-03T07:15:00Z")
                .getJsonObject(0).getDouble("lmp")).isEqualTo(ErcotFixtures.energyWeighted(
                ErcotFixtures.sppPrice(1, 8)).doubleValue());
    }

    @Test
    void scedRunsOfTheRepeatedHourAreTwentyFourFiveMinuteIntervals() throws Exception {
        JsonArray ts = ticks("RT_5MIN", "HB_NORTH", "2024-11-03T06:00:00Z", "2024-11-03T08:00:00Z");
        assertThat(ts).hasSize(24);
        for (int i = 0; i < 24; i++) {
            JsonObject t = ts.getJsonObject(i);
            Instant s = Instant.parse("2024-11-03T06:00:00Z").plusSeconds(300L * i);
            assertThat(t.getString("interval_start")).isEqualTo(s.toString());
            assertThat(t.getString("revision")).isEqualTo("SCED " + s.plusSeconds(20));
            assertThat(t.getDouble("lmp")).isEqualTo(ErcotFixtures.scedLmp(0, 12 + i).doubleValue());
        }
        JsonObject b = dailyBar("RT_5MIN", "HB_NORTH", FALL_BACK);
        assertThat(b.getInteger("expected")).isEqualTo(300);
        assertThat(b.getInteger("count")).isEqualTo(300);
        assertThat(b.getBoolean("complete")).isTrue();
    }

    @Test
    void theRealSamplesGiveTheHubAverageDayOf23HoursAndOneScedRun() throws Exception {
        running.importClean("ercot", Files.readAllBytes(IsoFixtures.shared(DAM_SAMPLE)), 23);
        JsonArray ts = ticks("DA_HOURLY", "HB_HUBAVG", "2026-03-08", "2026-03-09");
        assertThat(ts).hasSize(23);
        assertThat(ts.getJsonObject(0).getString("interval_start")).isEqualTo("2026-03-08T06:00:00Z");
        assertThat(ts.getJsonObject(0).getDouble("lmp")).isEqualTo(42.47);
        assertThat(ts.getJsonObject(2).getString("interval_start")).isEqualTo("2026-03-08T08:00:00Z");
        assertThat(ts.getJsonObject(2).getDouble("lmp")).isEqualTo(34.2);
        assertThat(ts.getJsonObject(22).getString("interval_end")).isEqualTo("2026-03-09T05:00:00Z");
        JsonObject b = dailyBar("DA_HOURLY", "HB_HUBAVG", LocalDate.of(2026, 3, 8));
        assertThat(b.getInteger("expected")).isEqualTo(23);
        assertThat(b.getInteger("count")).isEqualTo(23);
        assertThat(b.getBoolean("complete")).isTrue();

        running.importClean("ercot", Files.readAllBytes(IsoFixtures.shared(SCED_SAMPLE)), 44);
        JsonArray dc = ticks("RT_5MIN", "DC_E", "2026-06-25T05:40:00Z", "2026-06-25T05:45:00Z");
        assertThat(dc).hasSize(1);
        assertThat(dc.getJsonObject(0).getDouble("lmp")).isEqualTo(27.52);
        assertThat(dc.getJsonObject(0).getString("location_type")).isEqualTo("dc_tie");
    }

    /** A run over the registry API, followed until it ends. */
    static JsonObject run(String dataset) throws Exception {
        JsonObject body = new JsonObject().put("dataset", dataset).put("at", Instant.now().toString());
        HttpResponse<Buffer> r = await(running.http.post("/api/v1/connectors/ercot/runs").sendJsonObject(body));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        String id = r.bodyAsJsonObject().getString("id");
        JsonObject[] last = new JsonObject[1];
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = running.get("/api/v1/runs/" + id).bodyAsJsonObject();
            return List.of("succeeded", "failed").contains(last[0].getString("status"));
        });
        return last[0];
    }

    @Test
    void runsOfTheSimulatedErcotGoThroughTheTokenFlowAndTheMisListing() throws Exception {
        JsonObject dam = run("dam_spp");
        assertThat(dam.getString("status")).as(dam.encodePrettily()).isEqualTo("succeeded");
        assertThat(dam.getLong("records")).as(dam.encodePrettily()).isPositive();
        JsonObject spp = run("rt_spp_15min");
        assertThat(spp.getString("status")).as(spp.encodePrettily()).isEqualTo("succeeded");
        assertThat(spp.getLong("records")).as(spp.encodePrettily()).isPositive();
        JsonArray hub = ticks("RT_15MIN", "HB_HUBAVG", Instant.now().minus(Duration.ofHours(2)).toString(),
                Instant.now().toString());
        assertThat(hub).isNotEmpty();
    }
}
