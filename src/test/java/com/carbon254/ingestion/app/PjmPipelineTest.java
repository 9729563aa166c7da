package com.carbon254.ingestion.app;

import com.carbon254.ingestion.iso.pjm.PjmFixtures;
import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static com.carbon254.ingestion.iso.pjm.PjmFixtures.FALL_BACK;
import static com.carbon254.ingestion.iso.pjm.PjmFixtures.NODES;
import static com.carbon254.ingestion.iso.pjm.PjmFixtures.SPRING_FORWARD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PJM end to end, the way a user sees it: the all-in-one (as {@link DstPipelineTest}) is posted PJM Data Miner files
 * at {@code /api/v1/connectors/pjm/imports} — the DST days of {@link PjmFixtures}, the fall-back day's repeated hour
 * in 5 minutes (unverified, then verified) and the recorded day-ahead sample — then asked {@code /api/v1/ticks} and
 * {@code /api/v1/bars}.
 */
class PjmPipelineTest {
    static final ZoneId EASTERN = ZoneId.of("America/New_York");
    static final String SAMPLE = "pjm/pjm_dataminer_da_hrl_lmps_ZONE_2026-06-09.json";

    @TempDir
    static Path dataDir;
    static RunningApp running;
    static boolean sample;

    @BeforeAll
    static void boot() throws Exception {
        running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir));
        running.importClean("pjm", PjmFixtures.daDay(FALL_BACK), 25L * NODES.size());
        running.importClean("pjm", PjmFixtures.daDay(SPRING_FORWARD), 23L * NODES.size());
        running.importClean("pjm", PjmFixtures.rtUnverifiedRepeatedHour(), 24L * NODES.size());
        running.importClean("pjm", PjmFixtures.rtRepeatedHour(), 24L * NODES.size());
        Path file = IsoSamples.find(SAMPLE).orElse(null);
        if (file != null) {
            running.importClean("pjm", Files.readAllBytes(file), 552);
            sample = true;
        }
    }

    @AfterAll
    static void shutdown() {
        if (running != null) running.close();
    }

    static JsonArray ticks(String market, String loc, String from, String to) throws Exception {
        return running.ticks("PJM", market, RunningApp.pathSegment(loc), from, to);
    }

    static JsonArray bars(String market, String loc, String res, String from, String to) throws Exception {
        return running.bars("PJM", market, RunningApp.pathSegment(loc), "lmp", res, from, to);
    }

    @Test
    void dayAheadTicksTileBothDstDaysAndTheirDailyBarsExpectTheirRealHours() throws Exception {
        for (LocalDate day : List.of(FALL_BACK, SPRING_FORWARD)) {
            int hours = day.equals(FALL_BACK) ? 25 : 23;
            List<PjmFixtures.Hour> expected = PjmFixtures.hours(day);
            Instant dayStart = day.atStartOfDay(EASTERN).toInstant();
            Instant dayEnd = day.plusDays(1).atStartOfDay(EASTERN).toInstant();
            for (int n = 0; n < NODES.size(); n++) {
                String node = NODES.get(n)[0];
                JsonArray ts = ticks("DA_HOURLY", node, day.toString(), day.plusDays(1).toString());
                assertThat(ts).as(day + " " + node).hasSize(hours);
                for (int i = 0; i < hours; i++) {
                    JsonObject t = ts.getJsonObject(i);
                    Instant start = expected.get(i).start();
                    assertThat(t.getString("interval_start")).as(t.encode()).isEqualTo(start.toString());
                    assertThat(t.getString("interval_end")).isEqualTo(start.plusSeconds(3600).toString());
                    assertThat(t.getString("operating_day")).isEqualTo(day.toString());
                    assertThat(t.getDouble("lmp")).isEqualTo(PjmFixtures.total(n, i));
                    assertThat(t.getDouble("energy")).isEqualTo(PjmFixtures.energy(n, i));
                    assertThat(t.getDouble("congestion")).isEqualTo(PjmFixtures.congestion(n, i));
                    assertThat(t.getDouble("loss")).isEqualTo(PjmFixtures.loss(n, i));
                    assertThat(t.getString("revision")).isEqualTo("v1");
                }
                assertThat(ts.getJsonObject(0).getString("interval_start")).isEqualTo(dayStart.toString());
                assertThat(ts.getJsonObject(hours - 1).getString("interval_end")).isEqualTo(dayEnd.toString());

                JsonArray bs = bars("DA_HOURLY", node, "1d", day.minusDays(1).toString(), day.plusDays(2).toString());
                assertThat(bs).as(bs.encodePrettily()).hasSize(1);
                JsonObject b = bs.getJsonObject(0);
                assertThat(b.getString("start")).isEqualTo(dayStart.toString());
                assertThat(b.getString("end")).isEqualTo(dayEnd.toString());
                assertThat(b.getInteger("expected")).isEqualTo(hours);
                assertThat(b.getInteger("count")).isEqualTo(hours);
                assertThat(b.getBoolean("complete")).isTrue();
            }
        }
        JsonArray fall = ticks("DA_HOURLY", "WESTERN HUB", "2024-11-03", "2024-11-04");
        assertThat(List.of(1, 2, 3)).extracting(i -> fall.getJsonObject(i).getString("local_label") + " = "
                + fall.getJsonObject(i).getString("interval_start")).containsExactly(
                "2024-11-03 01:00 EDT = 2024-11-03T05:00:00Z", "2024-11-03 01:00 EST = 2024-11-03T06:00:00Z",
                "2024-11-03 02:00 EST = 2024-11-03T07:00:00Z");
        JsonObject hub = fall.getJsonObject(0);
        assertThat(hub.getString("location_type")).isEqualTo("hub");
        assertThat(hub.getString("hub")).isEqualTo("WESTERN HUB");
        assertThat(hub.getString("location_id")).isEqualTo("51288");
        assertThat(ticks("DA_HOURLY", "BERGEN  13 KV   CC12", "2024-11-03", "2024-11-04").getJsonObject(0)
                .getString("location_type")).isEqualTo("gen_node");
    }

    @Test
    void theRepeatedHourInFiveMinutesEndsVerifiedWithTheUnverifiedRevisionKept() throws Exception {
        List<PjmFixtures.Hour> iv = PjmFixtures.repeatedHourIntervals();
        for (int n = 0; n < NODES.size(); n++) {
            String node = NODES.get(n)[0];
            JsonArray ts = ticks("RT_5MIN", node, "2024-11-03T05:00:00Z", "2024-11-03T07:00:00Z");
            assertThat(ts).hasSize(24);
            for (int i = 0; i < 24; i++) {
                JsonObject t = ts.getJsonObject(i);
                assertThat(t.getString("interval_start")).isEqualTo(iv.get(i).start().toString());
                assertThat(t.getString("operating_day")).isEqualTo("2024-11-03");
                assertThat(t.getString("revision")).isEqualTo("v1");
                assertThat(t.getDouble("lmp")).isEqualTo(PjmFixtures.total(n, i));
                assertThat(t.getDouble("energy")).isEqualTo(PjmFixtures.energy(n, i));
            }
            JsonArray hourly = bars("RT_5MIN", node, "1h", "2024-11-03T05:00:00Z", "2024-11-03T07:00:00Z");
            assertThat(hourly).extracting(b -> ((JsonObject) b).getString("start") + " " + ((JsonObject) b)
                    .getInteger("count") + "/" + ((JsonObject) b).getInteger("expected") + " "
                    + ((JsonObject) b).getBoolean("complete"))
                    .containsExactly("2024-11-03T05:00:00Z 12/12 true", "2024-11-03T06:00:00Z 12/12 true");
        }
        JsonArray all = running.array("/api/v1/ticks?iso=PJM&market=RT_5MIN&location=" + RunningApp.pathSegment("PSEG")
                + "&from=2024-11-03T06:00:00Z&to=2024-11-03T06:05:00Z&revisions=all", "ticks");
        assertThat(all).extracting(t -> ((JsonObject) t).getString("revision") + " energy="
                + ((JsonObject) t).getValue("energy")).containsExactly("unverified energy=null",
                "v1 energy=" + PjmFixtures.energy(1, 12));
    }

    @Test
    void theRecordedDayAheadSampleGivesEachZoneItsDayWithNullComponents() throws Exception {
        Assumptions.assumeTrue(sample, IsoSamples.MISSING);
        JsonArray ts = ticks("DA_HOURLY", "AECO", "2026-06-09", "2026-06-10");
        assertThat(ts).hasSize(24);
        JsonObject first = ts.getJsonObject(0);
        assertThat(first.getString("interval_start")).isEqualTo("2026-06-09T04:00:00Z");
        assertThat(first.getDouble("lmp")).isEqualTo(24.582164);
        assertThat(first.getValue("energy")).isNull();
        assertThat(first.getValue("congestion")).isNull();
        assertThat(first.getValue("loss")).isNull();
        assertThat(first.getString("location_type")).isEqualTo("load_zone");
        assertThat(first.getString("zone")).isEqualTo("AECO");
        assertThat(ts.getJsonObject(23).getString("interval_start")).isEqualTo("2026-06-10T03:00:00Z");
        assertThat(ts.getJsonObject(23).getDouble("lmp")).isEqualTo(29.06445);
        JsonObject bar = bars("DA_HOURLY", "MID-ATL/APS", "1d", "2026-06-09", "2026-06-10").getJsonObject(0);
        assertThat(bar.getString("start")).isEqualTo("2026-06-09T04:00:00Z");
        assertThat(bar.getInteger("expected")).isEqualTo(24);
        assertThat(bar.getInteger("count")).isEqualTo(24);
        assertThat(bar.getBoolean("complete")).isTrue();
        assertThat(ticks("DA_HOURLY", "PJM-RTO", "2026-06-09", "2026-06-10").getJsonObject(0)
                .getString("location_type")).isEqualTo("aggregated_node");
    }
}
