package com.carbon254.ingestion.app;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN's "nothing lost on crash" for the embedded deployment: the aggregator's state is in memory, so a process that
 * restarts between two halves of an hour must rebuild the hour from the stored ticks before the second half arrives —
 * the hourly bar then counts all twelve 5-minute intervals, exactly as one process seeing both halves would.
 */
class AggregatorRestartPipelineTest {
    @TempDir
    Path dataDir;

    /** MISO's 5-minute API answer for TEST.HUB, intervals ending at the given EST times, LMP 20 + minutes. */
    static byte[] misoRt(int fromMinute, int toMinute) {
        StringBuilder rows = new StringBuilder();
        for (int m = fromMinute; m <= toMinute; m += 5) {
            if (!rows.isEmpty()) rows.append(',');
            String end = "2024-01-15T" + LocalTime.of(8, 0).plusMinutes(m);
            rows.append("[\"").append(end.length() == 16 ? end + ":00" : end).append("\",\"TEST.HUB\",")
                    .append(20 + m).append(",0.3,0.1]");
        }
        return ("{\"headers\":[\"INTERVAL\",\"CPNODE\",\"LMP\",\"MLC\",\"MCC\"],\"data\":[" + rows + "]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static JsonObject hour(RunningApp app) throws Exception {
        JsonArray bars = app.bars("MISO", "RT_5MIN", "TEST.HUB", "lmp", "1h", "2024-01-15T13:00:00Z",
                "2024-01-15T14:00:00Z");
        assertThat(bars).hasSize(1);
        return bars.getJsonObject(0);
    }

    @Test
    void anHourSplitByARestartIsRebuiltFromTheStoredTicks() throws Exception {
        AppConfig cfg = RunningApp.isolatedAllInOne(dataDir);
        try (RunningApp first = RunningApp.start(cfg)) {
            assertThat(first.importFile("miso", misoRt(5, 30)).getString("status")).isEqualTo("done");
            assertThat(hour(first).getInteger("count")).isEqualTo(6);
        }
        try (RunningApp second = RunningApp.start(cfg)) {
            assertThat(second.importFile("miso", misoRt(35, 60)).getString("status")).isEqualTo("done");
            JsonObject h = hour(second);
            assertThat(h.getInteger("count")).as("both halves, one before the restart").isEqualTo(12);
            assertThat(h.getBoolean("complete")).isTrue();
            assertThat(h.getDouble("open")).isEqualTo(25.0);
            assertThat(h.getDouble("close")).isEqualTo(80.0);
            assertThat(h.getDouble("mean")).isEqualTo(20 + 32.5);
            java.util.regex.Matcher reloaded = java.util.regex.Pattern
                    .compile("aggregation_state_reloaded_ticks_total(\\{[^}]*})? ([0-9.]+)")
                    .matcher(second.get("/metrics").bodyAsString());
            assertThat(reloaded.find()).isTrue();
            // the first half, and possibly the second half too when the projector stored it before the load ran
            assertThat(Double.parseDouble(reloaded.group(2))).isBetween(6.0, 12.0);
        }
    }

    static double curveUpdates(RunningApp app) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^curve_updates_total(\\{[^}]*})? ([0-9.]+)$")
                .matcher(app.get("/metrics").bodyAsString());
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }

    @Test
    void curvePointsUnchangedAcrossARestartAreNotPublishedAsUpdatesAgain() throws Exception {
        AppConfig cfg = RunningApp.isolatedAllInOne(dataDir);
        String file = java.nio.file.Files.readString(com.carbon254.ingestion.testing.IsoSamples.projectRoot()
                .resolve("src/test/resources/fixtures/miso/miso_da_lmp_2011-07-18_weekday.csv"));
        try (RunningApp first = RunningApp.start(cfg)) {
            assertThat(first.importFile("miso", file.getBytes(StandardCharsets.UTF_8)).getString("status"))
                    .isEqualTo("done");
            org.awaitility.Awaitility.await().until(() -> curveUpdates(first) == 2.0); // a Monday: 5x16 and 7x8
        }
        // the same day again with only a non-hub price corrected: the hub's blocks are recomputed, unchanged
        String corrected = file.replaceFirst("(?m)^(AEC,Interface,LMP,)1,", "$199,");
        assertThat(corrected).isNotEqualTo(file);
        try (RunningApp second = RunningApp.start(cfg)) {
            assertThat(second.importFile("miso", corrected.getBytes(StandardCharsets.UTF_8)).getString("status"))
                    .isEqualTo("done");
            assertThat(second.array("/api/v1/curves?iso=MISO&location=INDIANA.HUB&from=2011-07-18&to=2011-07-19",
                    "points")).hasSize(2);
            assertThat(curveUpdates(second)).as("nothing changed for the desk's curves").isZero();
        }
    }
}
