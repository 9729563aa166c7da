package com.carbon254.ingestion.app;

import com.carbon254.ingestion.iso.spp.SppFixtures.Slot;
import com.carbon254.ingestion.iso.spp.SppFixtures;
import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static com.carbon254.ingestion.iso.spp.SppFixtures.FALL_BACK;
import static com.carbon254.ingestion.iso.spp.SppFixtures.LOCATIONS;
import static com.carbon254.ingestion.iso.spp.SppFixtures.SPRING_FORWARD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPP end to end, the way a user sees it: the all-in-one ({@link RunningApp#isolatedAllInOne}) is fed SPP's files
 * over {@code POST /api/v1/connectors/spp/imports} (DST-day files of {@link SppFixtures} in both header shapes, the
 * fall-back's repeated hour as 24 RTBM files, and the real samples where present), then {@code /api/v1/ticks} and
 * {@code /api/v1/bars} are asked what came out.
 */
class SppPipelineTest {
    private static final String DA_SAMPLE = "spp/spp_DA-LMP-SL-202503190100_excerpt_HE01-all-locations_plus_hubs.csv";
    private static final String EMPTY_SAMPLE = "spp/spp_RTBM-LMP-SL-202503310845.csv";

    @TempDir
    static Path dataDir;
    static RunningApp running;
    static Optional<Path> daSample;

    @BeforeAll
    static void boot() throws Exception {
        running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir));
        running.importClean("spp", SppFixtures.dayAhead(FALL_BACK, false), 25L * LOCATIONS.size());
        running.importClean("spp", SppFixtures.dayAhead(SPRING_FORWARD, true), 23L * LOCATIONS.size());
        for (int k = 0; k < 24; k++) running.importClean("spp", SppFixtures.rtbm(k, true), LOCATIONS.size());
        daSample = IsoSamples.find(DA_SAMPLE);
        if (daSample.isPresent()) running.importClean("spp", Files.readAllBytes(daSample.get()), 1280);
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (running != null) running.close();
    }

    @Test
    void dstDaysGive25And23HourlyTicksAndDailyBarsExpectingThem() throws Exception {
        for (LocalDate day : List.of(FALL_BACK, SPRING_FORWARD)) {
            List<Slot> hours = SppFixtures.hours(day);
            int n = hours.size();
            assertThat(n).isEqualTo(day.equals(FALL_BACK) ? 25 : 23);
            String dayStart = hours.get(0).end().minusSeconds(3600).toString();
            String dayEnd = hours.get(n - 1).end().toString();
            for (int l = 0; l < LOCATIONS.size(); l++) {
                String loc = LOCATIONS.get(l);
                JsonArray ts = running.ticks("SPP", "DA_HOURLY", loc, day.toString(), day.plusDays(1).toString());
                assertThat(ts).as(day + " " + loc).hasSize(n);
                for (int i = 0; i < n; i++) {
                    JsonObject t = ts.getJsonObject(i);
                    Slot h = hours.get(i);
                    assertThat(t.getString("interval_start")).as(t.encode()).isEqualTo(h.end().minusSeconds(3600).toString());
                    assertThat(t.getString("interval_end")).as(t.encode()).isEqualTo(h.end().toString());
                    assertThat(t.getString("operating_day")).isEqualTo(day.toString());
                    assertThat(t.getString("local_label")).startsWith(h.interval());
                    BigDecimal[] p = SppFixtures.prices(l, i);
                    assertThat(List.of(t.getDouble("lmp"), t.getDouble("loss"), t.getDouble("congestion"),
                            t.getDouble("energy"))).containsExactly(p[0].doubleValue(), p[1].doubleValue(),
                            p[2].doubleValue(), p[3].doubleValue());
                    assertThat(t.getValue("ghg")).isNull(); // SPP publishes none
                    assertThat(t.getJsonArray("derived")).isEmpty();
                }
                JsonArray bs = running.bars("SPP", "DA_HOURLY", loc, "lmp", "1d", day.minusDays(1).toString(),
                        day.plusDays(2).toString());
                assertThat(bs).as(bs.encodePrettily()).hasSize(1);
                JsonObject b = bs.getJsonObject(0);
                assertThat(b.getString("start")).isEqualTo(dayStart);
                assertThat(b.getString("end")).isEqualTo(dayEnd);
                assertThat(b.getInteger("expected")).isEqualTo(n);
                assertThat(b.getInteger("count")).isEqualTo(n);
                assertThat(b.getBoolean("complete")).isTrue();
            }
        }
        // the fall-back's two hours ending 01:00 local are two instants
        JsonArray ts = running.ticks("SPP", "DA_HOURLY", "SPPNORTH_HUB", "2024-11-03", "2024-11-04");
        assertThat(ts.getJsonObject(0).getString("local_label")).isEqualTo("11/03/2024 01:00:00 CDT");
        assertThat(ts.getJsonObject(0).getString("interval_start")).isEqualTo("2024-11-03T05:00:00Z");
        assertThat(ts.getJsonObject(1).getString("local_label")).isEqualTo("11/03/2024 01:00:00 CST");
        assertThat(ts.getJsonObject(1).getString("interval_start")).isEqualTo("2024-11-03T06:00:00Z");
        assertThat(ts.getJsonObject(0).getString("location_type")).isEqualTo("hub");
        assertThat(ts.getJsonObject(0).getString("hub")).isEqualTo("SPPNORTH_HUB");
        JsonObject load = running.ticks("SPP", "DA_HOURLY", "OKGE_OKGE", "2024-11-03", "2024-11-04").getJsonObject(0);
        assertThat(load.getString("location_type")).isEqualTo("load_zone");
        assertThat(load.getString("zone")).isEqualTo("OKGE");
    }

    @Test
    void theRepeatedHourInRealTimeIs24FiveMinuteTicksAndTwoCompleteHours() throws Exception {
        List<Slot> slots = SppFixtures.repeatedHourIntervals();
        for (String loc : LOCATIONS) {
            JsonArray ts = running.ticks("SPP", "RT_5MIN", loc, "2024-11-03T06:00:00Z", "2024-11-03T08:00:00Z");
            assertThat(ts).hasSize(24);
            for (int k = 0; k < 24; k++) {
                JsonObject t = ts.getJsonObject(k);
                assertThat(t.getString("interval_end")).isEqualTo(slots.get(k).end().toString());
                assertThat(t.getString("interval_start")).isEqualTo(slots.get(k).end().minusSeconds(300).toString());
                assertThat(t.getString("local_label")).startsWith(slots.get(k).interval());
                assertThat(t.getString("operating_day")).isEqualTo("2024-11-03");
            }
            JsonArray hourly = running.bars("SPP", "RT_5MIN", loc, "lmp", "1h", "2024-11-03T06:00:00Z",
                    "2024-11-03T08:00:00Z");
            assertThat(hourly).hasSize(2);
            for (int i = 0; i < 2; i++) {
                assertThat(hourly.getJsonObject(i).getString("start")).isEqualTo("2024-11-03T0" + (6 + i) + ":00:00Z");
                assertThat(hourly.getJsonObject(i).getInteger("expected")).isEqualTo(12);
                assertThat(hourly.getJsonObject(i).getInteger("count")).isEqualTo(12);
                assertThat(hourly.getJsonObject(i).getBoolean("complete")).isTrue();
            }
        }
    }

    @Test
    void theRealDayAheadSampleServesItsHubsWholeDay() throws Exception {
        Assumptions.assumeTrue(daSample.isPresent(), IsoSamples.MISSING);
        JsonArray ts = running.ticks("SPP", "DA_HOURLY", "SPPSOUTH_HUB", "2025-03-19", "2025-03-20");
        assertThat(ts).hasSize(24);
        assertThat(ts.getJsonObject(0).getString("interval_start")).isEqualTo("2025-03-19T05:00:00Z");
        // 03/20/2025 00:00:00,03/20/2025 05:00:00,SPPSOUTH_HUB,SPPSOUTH_H,17.9887,-1.6898,-16.6035,36.2820
        JsonObject last = ts.getJsonObject(23);
        assertThat(last.getString("interval_end")).isEqualTo("2025-03-20T05:00:00Z");
        assertThat(List.of(last.getDouble("lmp"), last.getDouble("loss"), last.getDouble("congestion"),
                last.getDouble("energy"))).containsExactly(17.9887, -1.6898, -16.6035, 36.2820);
        JsonObject b = running.bars("SPP", "DA_HOURLY", "SPPSOUTH_HUB", "lmp", "1d", "2025-03-18", "2025-03-21")
                .getJsonObject(0);
        assertThat(b.getInteger("expected")).isEqualTo(24);
        assertThat(b.getInteger("count")).isEqualTo(24);
        assertThat(b.getBoolean("complete")).isTrue();
        // a location with only its first hour in the excerpt: a day bar, honestly incomplete
        JsonObject aec = running.bars("SPP", "DA_HOURLY", "AEC", "lmp", "1d", "2025-03-18", "2025-03-21")
                .getJsonObject(0);
        assertThat(aec.getInteger("count")).isEqualTo(1);
        assertThat(aec.getBoolean("complete")).isFalse();
    }

    @Test
    void theRealZeroByteRtbmFileIsRefusedAsAnEmptyDocument() throws Exception {
        Path empty = IsoSamples.find(EMPTY_SAMPLE).orElse(null);
        Assumptions.assumeTrue(empty != null, IsoSamples.MISSING);
        JsonObject st = running.importFile("spp", Files.readAllBytes(empty));
        assertThat(st.getString("status")).as(st.encodePrettily()).isNotEqualTo("done");
        assertThat(st.encode()).contains("empty_document");
    }
}
