package com.carbon254.ingestion.app;

import com.carbon254.ingestion.testing.DstFixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.carbon254.ingestion.testing.DstFixtures.CAISO_NODES;
import static com.carbon254.ingestion.testing.DstFixtures.FALL_BACK;
import static com.carbon254.ingestion.testing.DstFixtures.MISO_NODES;
import static com.carbon254.ingestion.testing.DstFixtures.SPRING_FORWARD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DST days end to end, the way a user sees them: the all-in-one (simulator on a random port, scheduler off, as in
 * {@link AllInOnePipelineTest#isolated}) is fed the DST-day files of {@link DstFixtures} over HTTP, then
 * {@code /api/v1/ticks} and {@code /api/v1/bars} are asked what came out.
 */
class DstPipelineTest {
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    /** A node whose fall-back file lacks the repeated hour (OPR_HR 25): its day must be incomplete. */
    static final String GAP_NODE = "DST_GAP_1_GN001-APND";

    @TempDir
    static Path dataDir;
    static RunningApp running;

    @BeforeAll
    static void boot() throws Exception {
        running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir));

        running.importClean("caiso", DstFixtures.caisoDamZip(FALL_BACK), 25L * CAISO_NODES.size());
        running.importClean("caiso", DstFixtures.caisoDamZip(SPRING_FORWARD), 23L * CAISO_NODES.size());
        running.importClean("caiso", DstFixtures.caisoDamZip(FALL_BACK, List.of(GAP_NODE), Set.of(25)), 24);
        running.importClean("caiso", DstFixtures.caisoRtmZip(), 24L * CAISO_NODES.size());
        for (LocalDate d : List.of(FALL_BACK, SPRING_FORWARD)) {
            running.importClean("miso", DstFixtures.misoDaCsv(d).getBytes(StandardCharsets.UTF_8),
                    24L * MISO_NODES.size());
        }
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (running != null) running.close();
    }

    static JsonArray ticks(String iso, String market, String loc, String from, String to) throws Exception {
        return running.ticks(iso, market, loc, from, to);
    }

    static JsonArray bars(String iso, String market, String loc, String res, String from, String to) throws Exception {
        return running.bars(iso, market, loc, "lmp", res, from, to);
    }

    /** CAISO days: the API's ticks tile the local operating day hour by hour; the 1d bar expects its real hours. */
    @Test
    void caisoDayAheadTicksAndDailyBarsOnBothDstDays() throws Exception {
        for (LocalDate day : List.of(FALL_BACK, SPRING_FORWARD)) {
            int hours = day.equals(FALL_BACK) ? 25 : 23;
            Instant dayStart = day.atStartOfDay(LA).toInstant();
            Instant dayEnd = day.plusDays(1).atStartOfDay(LA).toInstant();
            for (int n = 0; n < CAISO_NODES.size(); n++) {
                String node = CAISO_NODES.get(n);
                JsonArray ts = ticks("CAISO", "DA_HOURLY", node, day.toString(), day.plusDays(1).toString());
                assertThat(ts).as(day + " " + node).hasSize(hours);
                List<DstFixtures.CaisoHour> expected = DstFixtures.caisoHours(day);
                Set<String> starts = new HashSet<>();
                for (int i = 0; i < hours; i++) {
                    JsonObject t = ts.getJsonObject(i);
                    DstFixtures.CaisoHour h = expected.get(i);
                    assertThat(t.getString("interval_start")).as(t.encode()).isEqualTo(h.start().toString());
                    assertThat(t.getString("interval_end")).as(t.encode()).isEqualTo(h.end().toString());
                    assertThat(t.getString("operating_day")).isEqualTo(day.toString());
                    assertThat(t.getString("local_label")).isEqualTo(day + " HR " + h.oprHr());
                    assertThat(t.getDouble("lmp")).isEqualTo(DstFixtures.caisoDamLmp(n, h.oprHr()));
                    starts.add(t.getString("interval_start"));
                }
                assertThat(starts).hasSize(hours);
                assertThat(ts.getJsonObject(0).getString("interval_start")).isEqualTo(dayStart.toString());
                assertThat(ts.getJsonObject(hours - 1).getString("interval_end")).isEqualTo(dayEnd.toString());

                JsonArray bs = bars("CAISO", "DA_HOURLY", node, "1d", day.minusDays(1).toString(),
                        day.plusDays(2).toString());
                assertThat(bs).as(bs.encodePrettily()).hasSize(1);
                JsonObject b = bs.getJsonObject(0);
                assertThat(b.getString("start")).isEqualTo(dayStart.toString());
                assertThat(b.getString("end")).isEqualTo(dayEnd.toString());
                assertThat(b.getInteger("expected")).isEqualTo(hours);
                assertThat(b.getInteger("count")).isEqualTo(hours);
                assertThat(b.getBoolean("complete")).isTrue();
            }
        }
        // the fall-back day's repeated hour: HR 2 at 01:00 PDT and HR 25 at 01:00 PST are two instants
        JsonArray ts = ticks("CAISO", "DA_HOURLY", CAISO_NODES.get(0), "2024-11-03", "2024-11-04");
        assertThat(ts.getJsonObject(1).getString("local_label")).isEqualTo("2024-11-03 HR 2");
        assertThat(ts.getJsonObject(1).getString("interval_start")).isEqualTo("2024-11-03T08:00:00Z");
        assertThat(ts.getJsonObject(2).getString("local_label")).isEqualTo("2024-11-03 HR 25");
        assertThat(ts.getJsonObject(2).getString("interval_start")).isEqualTo("2024-11-03T09:00:00Z");
        assertThat(ts.getJsonObject(3).getString("local_label")).isEqualTo("2024-11-03 HR 3");
        assertThat(ts.getJsonObject(3).getString("interval_start")).isEqualTo("2024-11-03T10:00:00Z");
    }

    @Test
    void aFallBackDayWithoutItsRepeatedHourIsIncomplete() throws Exception {
        assertThat(ticks("CAISO", "DA_HOURLY", GAP_NODE, "2024-11-03", "2024-11-04")).hasSize(24);
        JsonArray bs = bars("CAISO", "DA_HOURLY", GAP_NODE, "1d", "2024-11-02", "2024-11-05");
        assertThat(bs).hasSize(1);
        JsonObject b = bs.getJsonObject(0);
        assertThat(b.getInteger("expected")).isEqualTo(25);
        assertThat(b.getInteger("count")).isEqualTo(24);
        assertThat(b.getBoolean("complete")).isFalse();
    }

    @Test
    void realTimeRepeatedHourServesTwentyFourFiveMinuteIntervals() throws Exception {
        for (int n = 0; n < CAISO_NODES.size(); n++) {
            String node = CAISO_NODES.get(n);
            JsonArray ts = ticks("CAISO", "RT_5MIN", node, "2024-11-03T08:00:00Z", "2024-11-03T10:00:00Z");
            assertThat(ts).hasSize(24);
            for (int i = 0; i < 24; i++) {
                JsonObject t = ts.getJsonObject(i);
                int hr = i < 12 ? 2 : 25;
                int k = i % 12 + 1;
                Instant s = DstFixtures.rtmStart(hr, k);
                assertThat(t.getString("interval_start")).isEqualTo(s.toString());
                assertThat(t.getString("interval_end")).isEqualTo(s.plusSeconds(300).toString());
                assertThat(t.getString("local_label")).isEqualTo("2024-11-03 HR " + hr + " INT " + k);
                assertThat(t.getString("operating_day")).isEqualTo("2024-11-03");
                assertThat(t.getDouble("lmp")).isEqualTo(DstFixtures.caisoRtmLmp(n, hr, k));
            }
            JsonArray hourly = bars("CAISO", "RT_5MIN", node, "1h", "2024-11-03T08:00:00Z", "2024-11-03T10:00:00Z");
            assertThat(hourly).hasSize(2);
            assertThat(hourly.getJsonObject(0).getString("start")).isEqualTo("2024-11-03T08:00:00Z");
            assertThat(hourly.getJsonObject(1).getString("start")).isEqualTo("2024-11-03T09:00:00Z");
            for (int i = 0; i < 2; i++) {
                assertThat(hourly.getJsonObject(i).getInteger("expected")).isEqualTo(12);
                assertThat(hourly.getJsonObject(i).getBoolean("complete")).isTrue();
            }
        }
    }

    @Test
    void misoBarsOnBothDatesHave24EstHours() throws Exception {
        for (LocalDate day : List.of(FALL_BACK, SPRING_FORWARD)) {
            Instant estMidnight = Instant.parse(day + "T05:00:00Z");
            for (int n = 0; n < MISO_NODES.size(); n++) {
                String node = MISO_NODES.get(n);
                JsonArray ts = ticks("MISO", "DA_HOURLY", node, day.toString(), day.plusDays(1).toString());
                assertThat(ts).hasSize(24);
                for (int he = 1; he <= 24; he++) {
                    JsonObject t = ts.getJsonObject(he - 1);
                    assertThat(t.getString("interval_start")).isEqualTo(estMidnight.plusSeconds(3600L * (he - 1)).toString());
                    assertThat(t.getString("interval_end")).isEqualTo(estMidnight.plusSeconds(3600L * he).toString());
                    assertThat(t.getString("operating_day")).isEqualTo(day.toString());
                    assertThat(t.getDouble("lmp")).isEqualTo(DstFixtures.misoLmp(n, he));
                }
                JsonArray bs = bars("MISO", "DA_HOURLY", node, "1d", day.minusDays(1).toString(),
                        day.plusDays(2).toString());
                assertThat(bs).hasSize(1);
                JsonObject b = bs.getJsonObject(0);
                assertThat(b.getString("start")).isEqualTo(estMidnight.toString());
                assertThat(b.getString("end")).isEqualTo(estMidnight.plus(Duration.ofDays(1)).toString());
                assertThat(b.getInteger("expected")).isEqualTo(24);
                assertThat(b.getInteger("count")).isEqualTo(24);
                assertThat(b.getBoolean("complete")).isTrue();
            }
        }
        JsonObject he1 = ticks("MISO", "DA_HOURLY", "INDIANA.HUB", "2024-11-03", "2024-11-04").getJsonObject(0);
        assertThat(he1.getString("interval_start")).isEqualTo("2024-11-03T05:00:00Z");
        assertThat(he1.getString("interval_end")).isEqualTo("2024-11-03T06:00:00Z");
    }
}
