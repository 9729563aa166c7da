package com.carbon254.ingestion.app;

import com.carbon254.ingestion.iso.nyiso.NyisoFixtures;
import com.carbon254.ingestion.iso.nyiso.NyisoFixtures.RtClock;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.carbon254.ingestion.iso.nyiso.NyisoFixtures.FALL_BACK;
import static com.carbon254.ingestion.iso.nyiso.NyisoFixtures.NODES;
import static com.carbon254.ingestion.iso.nyiso.NyisoFixtures.SPRING_FORWARD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * NYISO end to end, as a user sees it: the all-in-one (simulator on a random port, scheduler off) is sent NYISO's
 * files exactly as downloaded — the DST-day files of {@link NyisoFixtures} (day-ahead and real-time), a monthly
 * archive and the recorded 2026-09-23 zonal file — and asked what came out through {@code /api/v1/ticks} and
 * {@code /api/v1/bars}; then the connector fetches from the simulated MIS site.
 */
class NyisoPipelineTest {
    static final ZoneId NY = ZoneId.of("America/New_York");
    static final String REAL = "nyiso/nyiso_damlbmp_zone_2026-09-23.csv";
    /** A proxy whose file leaves losses and congestion empty: its components are unpublished. */
    static final String BARE = "NPX";

    @TempDir
    static Path dataDir;
    static RunningApp running;
    static boolean realImported;

    @BeforeAll
    static void boot() throws Exception {
        running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir));
        running.importClean("nyiso", NyisoFixtures.bytes(NyisoFixtures.damlbmp(FALL_BACK)), 25L * NODES.size());
        running.importClean("nyiso", NyisoFixtures.bytes(NyisoFixtures.damlbmp(SPRING_FORWARD)), 23L * NODES.size());
        running.importClean("nyiso", NyisoFixtures.bytes(NyisoFixtures.realtime(FALL_BACK, RtClock.START)),
                300L * NODES.size());
        running.importClean("nyiso", NyisoFixtures.bytes(NyisoFixtures.realtime(SPRING_FORWARD, RtClock.END)),
                276L * NODES.size());
        LocalDate nov3 = LocalDate.of(2025, 11, 3);
        running.importClean("nyiso", NyisoFixtures.archive("damlbmp", List.of(NyisoFixtures.NORMAL, nov3),
                d -> d.equals(nov3)
                ? NyisoFixtures.damlbmp(NyisoFixtures.NORMAL).replace("11/01/2025", "11/03/2025")
                : NyisoFixtures.damlbmp(d)), 48L * NODES.size());
        StringBuilder bare = new StringBuilder(NyisoFixtures.HEADER).append("\r\n");
        for (int h = 0; h < 24; h++) {
            bare.append(String.format("11/01/2025 %02d:00,%s,61845,%d.10,,\r\n", h, BARE, 30 + h));
        }
        running.importClean("nyiso", NyisoFixtures.bytes(bare.toString()), 24);
        Optional<Path> real = IsoSamples.find(REAL);
        if (real.isPresent()) {
            running.importClean("nyiso", Files.readAllBytes(real.get()), 360);
            realImported = true;
        }
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (running != null) running.close();
    }

    static JsonArray ticks(String market, String loc, String from, String to) throws Exception {
        return running.ticks("NYISO", market, RunningApp.pathSegment(loc), from, to);
    }

    static JsonArray bars(String market, String loc, String res, String from, String to) throws Exception {
        return running.bars("NYISO", market, RunningApp.pathSegment(loc), "lmp", res, from, to);
    }

    static JsonObject dayBar(String market, String loc, LocalDate day) throws Exception {
        JsonArray bs = bars(market, loc, "1d", day.minusDays(1).toString(), day.plusDays(2).toString());
        JsonObject b = null;
        for (int i = 0; i < bs.size(); i++) {
            if (bs.getJsonObject(i).getString("start").equals(NyisoFixtures.dayStart(day).toString())) {
                b = bs.getJsonObject(i);
            }
        }
        assertThat(b).as(bs.encodePrettily()).isNotNull();
        return b;
    }

    @Test
    void dayAheadDstDaysHave25And23HourlyTicksAndCompleteDailyBars() throws Exception {
        for (LocalDate day : List.of(FALL_BACK, SPRING_FORWARD)) {
            int hours = NyisoFixtures.hours(day);
            Instant dayEnd = NyisoFixtures.dayStart(day).plusSeconds(3600L * hours);
            for (int n = 0; n < NODES.size(); n++) {
                JsonArray ts = ticks("DA_HOURLY", NODES.get(n), day.toString(), day.plusDays(1).toString());
                assertThat(ts).as(day + " " + NODES.get(n)).hasSize(hours);
                Set<String> starts = new HashSet<>();
                for (int h = 0; h < hours; h++) {
                    JsonObject t = ts.getJsonObject(h);
                    Instant s = NyisoFixtures.hourStart(day, h);
                    assertThat(t.getString("interval_start")).as(t.encode()).isEqualTo(s.toString());
                    assertThat(t.getString("interval_end")).isEqualTo(s.plusSeconds(3600).toString());
                    assertThat(t.getString("operating_day")).isEqualTo(day.toString());
                    assertThat(t.getDouble("lmp")).isEqualTo(NyisoFixtures.daLbmp(day, n, h).doubleValue());
                    assertThat(t.getDouble("congestion"))
                            .isEqualTo(NyisoFixtures.publishedCongestion(n).negate().doubleValue());
                    starts.add(t.getString("interval_start"));
                }
                assertThat(starts).hasSize(hours);
                assertThat(ts.getJsonObject(hours - 1).getString("interval_end")).isEqualTo(dayEnd.toString());

                JsonObject b = dayBar("DA_HOURLY", NODES.get(n), day);
                assertThat(b.getString("end")).isEqualTo(dayEnd.toString());
                assertThat(b.getInteger("expected")).isEqualTo(hours);
                assertThat(b.getInteger("count")).isEqualTo(hours);
                assertThat(b.getBoolean("complete")).isTrue();
            }
        }
        // the fall-back day's 01:00 twice: EDT first (50.72), EST second (48.63)
        JsonArray west = ticks("DA_HOURLY", "WEST", "2025-11-02", "2025-11-03");
        assertThat(west.getJsonObject(1).getString("interval_start")).isEqualTo("2025-11-02T05:00:00Z");
        assertThat(west.getJsonObject(1).getString("local_label")).isEqualTo("11/02/2025 01:00 EDT");
        assertThat(west.getJsonObject(1).getDouble("lmp")).isEqualTo(50.72);
        assertThat(west.getJsonObject(2).getString("interval_start")).isEqualTo("2025-11-02T06:00:00Z");
        assertThat(west.getJsonObject(2).getString("local_label")).isEqualTo("11/02/2025 01:00 EST");
        assertThat(west.getJsonObject(2).getDouble("lmp")).isEqualTo(48.63);
        assertThat(west.getJsonObject(2).getDouble("energy")).isEqualTo(51.7);
        assertThat(west.getJsonObject(2).getString("location_type")).isEqualTo("load_zone");
        assertThat(west.getJsonObject(2).getString("hub")).isEqualTo("NYISO ZONE A");
        assertThat(west.getJsonObject(2).getString("zone")).isEqualTo("A");
        assertThat(west.getJsonObject(2).getString("location_id")).as("the PTID beside the name")
                .isEqualTo(NyisoFixtures.PTIDS.get(0));
        assertThat(ticks("DA_HOURLY", "H Q", "2025-11-02", "2025-11-03").getJsonObject(0)
                .getString("location_type")).isEqualTo("interface");
    }

    @Test
    void realTimeRepeatedHourIs24FiveMinuteIntervalsAndTheDaysBarsAreComplete() throws Exception {
        for (int n = 0; n < NODES.size(); n++) {
            String node = NODES.get(n);
            JsonArray ts = ticks("RT_5MIN", node, "2025-11-02T05:00:00Z", "2025-11-02T07:00:00Z");
            assertThat(ts).hasSize(24);
            for (int i = 0; i < 24; i++) {
                JsonObject t = ts.getJsonObject(i);
                Instant s = Instant.parse("2025-11-02T05:00:00Z").plusSeconds(300L * i);
                assertThat(t.getString("interval_start")).isEqualTo(s.toString());
                assertThat(t.getString("interval_end")).isEqualTo(s.plusSeconds(300).toString());
                assertThat(t.getString("operating_day")).isEqualTo("2025-11-02");
                assertThat(t.getDouble("lmp")).isEqualTo(NyisoFixtures.rtLbmp(n, 12 + i).doubleValue());
            }
            // the end of the last daylight interval written 02:00 in the clock it began in, its repeat an hour later
            assertThat(ts.getJsonObject(11).getString("local_label")).isEqualTo("11/02/2025 02:00:00 EDT");
            assertThat(ts.getJsonObject(23).getString("local_label")).isEqualTo("11/02/2025 02:00:00 EST");
            JsonArray hourly = bars("RT_5MIN", node, "1h", "2025-11-02T05:00:00Z", "2025-11-02T07:00:00Z");
            assertThat(hourly).hasSize(2);
            for (int i = 0; i < 2; i++) {
                assertThat(hourly.getJsonObject(i).getInteger("expected")).isEqualTo(12);
                assertThat(hourly.getJsonObject(i).getInteger("count")).isEqualTo(12);
                assertThat(hourly.getJsonObject(i).getBoolean("complete")).isTrue();
            }
            for (LocalDate day : List.of(FALL_BACK, SPRING_FORWARD)) {
                JsonObject b = dayBar("RT_5MIN", node, day);
                assertThat(b.getInteger("expected")).as(day + " " + node).isEqualTo(NyisoFixtures.intervals(day));
                assertThat(b.getInteger("count")).isEqualTo(NyisoFixtures.intervals(day));
                assertThat(b.getBoolean("complete")).isTrue();
            }
        }
    }

    /**
     * Today's real-time file grows all day and each run fetches it whole: what the pipeline does with intervals it
     * already has. A file that grew is a new document whose every record is published again: the served tick of an
     * interval is the same, the day's bars are recomputed, and revisions=all keeps one row per document. A file that
     * did not change is a duplicate document and nothing is published.
     */
    @Test
    void aGrowingRealTimeFileFetchedAgainKeepsOneTickPerIntervalAndARevisionPerDocument() throws Exception {
        LocalDate day = LocalDate.of(2025, 11, 1);
        String whole = NyisoFixtures.realtime(day, RtClock.END);
        List<String> lines = whole.lines().toList();
        String morning = String.join("\r\n", lines.subList(0, 1 + 3 * 100)) + "\r\n"; // intervals ending by 08:20
        running.importClean("nyiso", NyisoFixtures.bytes(morning), 300);
        JsonObject partial = dayBar("RT_5MIN", "WEST", day);
        assertThat(partial.getInteger("count")).isEqualTo(100);
        assertThat(partial.getBoolean("complete")).isFalse();

        running.importClean("nyiso", NyisoFixtures.bytes(whole), 3L * 288);
        JsonArray ts = ticks("RT_5MIN", "WEST", day.toString(), day.plusDays(1).toString());
        assertThat(ts).hasSize(288);
        JsonObject b = dayBar("RT_5MIN", "WEST", day);
        assertThat(b.getInteger("count")).isEqualTo(288);
        assertThat(b.getBoolean("complete")).isTrue();
        JsonArray early = running.array("/api/v1/ticks?iso=NYISO&market=RT_5MIN&location=WEST&from=2025-11-01T04:00:00Z"
                + "&to=2025-11-01T04:05:00Z&revisions=all", "ticks");
        assertThat(early).hasSize(2);
        assertThat(early.getJsonObject(0).getDouble("lmp")).isEqualTo(early.getJsonObject(1).getDouble("lmp"));
        assertThat(early.getJsonObject(0).getString("document_sha256"))
                .isNotEqualTo(early.getJsonObject(1).getString("document_sha256"));

        JsonObject again = running.importFile("nyiso", NyisoFixtures.bytes(whole));
        assertThat(again.getString("status")).isEqualTo("done");
        assertThat(again.getInteger("duplicates")).as(again.encodePrettily()).isEqualTo(1);
        assertThat(running.array("/api/v1/ticks?iso=NYISO&market=RT_5MIN&location=WEST&from=2025-11-01T04:00:00Z"
                + "&to=2025-11-01T04:05:00Z&revisions=all", "ticks")).hasSize(2);
    }

    @Test
    void aMonthlyArchiveImportsEachMemberAsItsDay() throws Exception {
        for (LocalDate day : List.of(NyisoFixtures.NORMAL, LocalDate.of(2025, 11, 3))) {
            JsonObject b = dayBar("DA_HOURLY", "N.Y.C.", day);
            assertThat(b.getInteger("expected")).isEqualTo(24);
            assertThat(b.getInteger("count")).isEqualTo(24);
            assertThat(b.getBoolean("complete")).isTrue();
        }
        assertThat(ticks("DA_HOURLY", "N.Y.C.", "2025-11-03", "2025-11-04").getJsonObject(0)
                .getString("interval_start")).isEqualTo("2025-11-03T05:00:00Z");
    }

    @Test
    void unpublishedComponentsAreNullNotZero() throws Exception {
        JsonArray ts = ticks("DA_HOURLY", BARE, "2025-11-01", "2025-11-02");
        assertThat(ts).hasSize(24);
        JsonObject t = ts.getJsonObject(5);
        assertThat(t.getDouble("lmp")).isEqualTo(35.10);
        assertThat(t.containsKey("congestion")).isTrue();
        assertThat(t.getValue("congestion")).isNull();
        assertThat(t.getValue("loss")).isNull();
        assertThat(t.getValue("energy")).isNull();
    }

    @Test
    void theRecordedZonalFileGivesADayOf24HoursPerName() throws Exception {
        Assumptions.assumeTrue(realImported, IsoSamples.MISSING + " (" + REAL + ")");
        LocalDate day = LocalDate.of(2026, 9, 23);
        JsonArray ts = ticks("DA_HOURLY", "N.Y.C.", "2026-09-23", "2026-09-24");
        assertThat(ts).hasSize(24);
        assertThat(ts.getJsonObject(0).getString("interval_start")).isEqualTo("2026-09-23T04:00:00Z");
        JsonArray bs = bars("DA_HOURLY", "CAPITL", "1d", "2026-09-22", "2026-09-25");
        assertThat(bs).hasSize(1);
        JsonObject b = bs.getJsonObject(0);
        assertThat(b.getString("start")).isEqualTo(day.atStartOfDay(NY).toInstant().toString());
        assertThat(b.getInteger("expected")).isEqualTo(24);
        assertThat(b.getInteger("count")).isEqualTo(24);
        assertThat(b.getBoolean("complete")).isTrue();
        // "09/23/2026 23:00,PJM,61847,28.97,-0.54,4.43"
        JsonObject pjm = ticks("DA_HOURLY", "PJM", "2026-09-24T03:00:00Z", "2026-09-24T04:00:00Z").getJsonObject(0);
        assertThat(pjm.getDouble("lmp")).isEqualTo(28.97);
        assertThat(pjm.getDouble("congestion")).isEqualTo(-4.43);
        assertThat(pjm.getDouble("loss")).isEqualTo(-0.54);
        assertThat(pjm.getDouble("energy")).isEqualTo(33.94);
    }

    @Test
    void runsFetchTheSimulatedMisFilesThroughTheShippedEndpoints() throws Exception {
        LocalDate today = LocalDate.now(NY);
        JsonObject da = run("damlbmp_zone", today, today.plusDays(1));
        assertThat(da.getString("status")).as(da.encodePrettily()).isEqualTo("succeeded");
        JsonArray ts = ticks("DA_HOURLY", "N.Y.C.", today.toString(), today.plusDays(1).toString());
        int hours = (int) Duration.between(today.atStartOfDay(NY), today.plusDays(1).atStartOfDay(NY)).toHours();
        assertThat(ts).hasSize(hours);
        assertThat(ts.getJsonObject(0).getString("interval_start"))
                .isEqualTo(today.atStartOfDay(NY).toInstant().toString());

        LocalDate yesterday = today.minusDays(1);
        JsonObject rt = run("realtime_gen", yesterday, today);
        assertThat(rt.getString("status")).as(rt.encodePrettily()).isEqualTo("succeeded");
        JsonObject b = dayBar2("RT_5MIN", "ROSETON___1", yesterday);
        assertThat(b.getBoolean("complete")).as(b.encode()).isTrue();
        assertThat(b.getInteger("count")).isEqualTo(b.getInteger("expected"));
    }

    private static JsonObject dayBar2(String market, String loc, LocalDate day) throws Exception {
        JsonArray bs = bars(market, loc, "1d", day.toString(), day.plusDays(1).toString());
        assertThat(bs).as(bs.encodePrettily()).hasSize(1);
        return bs.getJsonObject(0);
    }

    private static JsonObject run(String dataset, LocalDate from, LocalDate to) throws Exception {
        HttpResponse<Buffer> r = RunningApp.await(running.http.post("/api/v1/connectors/nyiso/runs")
                .sendJsonObject(new JsonObject().put("dataset", dataset).put("from", from.toString())
                        .put("to", to.toString())));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        String id = r.bodyAsJsonObject().getString("id");
        JsonObject[] last = new JsonObject[1];
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = running.get("/api/v1/runs/" + id).bodyAsJsonObject();
            return Set.of("succeeded", "failed").contains(last[0].getString("status"));
        });
        return last[0];
    }
}
