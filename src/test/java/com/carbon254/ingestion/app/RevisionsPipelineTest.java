package com.carbon254.ingestion.app;

import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MISO day re-imported with one corrected price: the served tick and the day's bar take the corrected value, the
 * tick count does not change, and {@code revisions=all} shows both values of that hour.
 */
class RevisionsPipelineTest {
    @TempDir
    Path dataDir;

    @Test
    void correctedDocumentReplacesTheValueAndKeepsTheEarlierRevisionQueryable() throws Exception {
        try (RunningApp running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir))) {
            String original = Files.readString(IsoSamples.projectRoot()
                    .resolve("src/test/resources/fixtures/miso/20240115_da_expost_lmp.csv"), StandardCharsets.UTF_8);
            // HE 5 of TEST.HUB: 28.75 → 128.75 (a spike the ISO corrected upwards)
            String corrected = original.replaceFirst("(TEST\\.HUB,Hub,LMP,25\\.75,26\\.5,27\\.25,28,)28\\.75", "$1128.75");
            assertThat(corrected).isNotEqualTo(original);

            assertThat(running.importFile("miso", original.getBytes(StandardCharsets.UTF_8))
                    .getString("status")).isEqualTo("done");
            JsonObject barBefore = bar(running);
            JsonArray ticksBefore = ticks(running, "");
            assertThat(barBefore.getDouble("high")).isEqualTo(43.0);

            JsonObject second = running.importFile("miso", corrected.getBytes(StandardCharsets.UTF_8));
            assertThat(second.getString("status")).isEqualTo("done");
            assertThat(second.getInteger("duplicates")).as("a corrected file is a new document").isZero();

            JsonArray ticksAfter = ticks(running, "");
            assertThat(ticksAfter).hasSize(ticksBefore.size()).hasSize(24);
            assertThat(ticksAfter.getJsonObject(4).getDouble("lmp")).isEqualTo(128.75);
            assertThat(ticksAfter.getJsonObject(3).getDouble("lmp")).isEqualTo(28.0);
            JsonObject barAfter = bar(running);
            assertThat(barAfter.getDouble("high")).isEqualTo(128.75);
            assertThat(barAfter.getInteger("count")).isEqualTo(24);
            assertThat(barAfter.getDouble("mean")).isCloseTo(barBefore.getDouble("mean") + 100.0 / 24,
                    org.assertj.core.data.Offset.offset(1e-9));

            JsonArray all = ticks(running, "&revisions=all");
            assertThat(all).hasSize(48);
            JsonArray he5 = new JsonArray(all.stream().map(JsonObject.class::cast)
                    .filter(t -> t.getString("interval_start").equals("2024-01-15T09:00:00Z")).toList());
            assertThat(he5).hasSize(2);
            assertThat(he5.getJsonObject(0).getDouble("lmp")).isEqualTo(28.75);
            assertThat(he5.getJsonObject(1).getDouble("lmp")).isEqualTo(128.75);
            assertThat(he5.getJsonObject(0).getString("document_sha256"))
                    .isNotEqualTo(he5.getJsonObject(1).getString("document_sha256"));
            assertThat(running.get("/api/v1/ticks?iso=MISO&market=DA_HOURLY&location=TEST.HUB&revisions=some")
                    .statusCode()).isEqualTo(400);
        }
    }

    static JsonArray ticks(RunningApp running, String extra) throws Exception {
        return running.array("/api/v1/ticks?iso=MISO&market=DA_HOURLY&location=TEST.HUB"
                + "&from=2024-01-15&to=2024-01-16" + extra, "ticks");
    }

    static JsonObject bar(RunningApp running) throws Exception {
        JsonArray bars = running.bars("MISO", "DA_HOURLY", "TEST.HUB", "lmp", "1d", "2024-01-15", "2024-01-16");
        assertThat(bars).hasSize(1);
        return bars.getJsonObject(0);
    }
}
