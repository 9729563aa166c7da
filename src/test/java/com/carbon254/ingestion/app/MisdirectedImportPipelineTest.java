package com.carbon254.ingestion.app;

import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seven connectors take uploads: a file posted to the wrong one first is refused there with its reason, and the same
 * file posted to the right one afterwards is read and stored — not answered "duplicate" because Bronze already holds
 * its bytes — and a reprocess replays it with the connector that read it.
 */
class MisdirectedImportPipelineTest {
    @TempDir
    Path dataDir;

    @Test
    void aFileRefusedByTheWrongConnectorIsStillImportedByTheRightOne() throws Exception {
        byte[] miso = Files.readAllBytes(IsoSamples.projectRoot()
                .resolve("src/test/resources/fixtures/miso/20240115_da_expost_lmp.csv"));
        try (RunningApp running = RunningApp.start(RunningApp.isolatedAllInOne(dataDir))) {
            JsonObject wrong = running.importFile("caiso", miso);
            assertThat(wrong.getString("status")).as(wrong.encode()).isEqualTo("failed");
            assertThat(wrong.getLong("ticks_out")).isZero();

            JsonObject right = running.importFile("miso", miso);
            assertThat(right.getString("status")).as(right.encode()).isEqualTo("done");
            assertThat(right.getLong("duplicates")).isZero();
            assertThat(right.getLong("ticks_out")).as(right.encode()).isEqualTo(48);
            assertThat(running.ticks("MISO", "DA_HOURLY", "TEST.HUB", "2024-01-15", "2024-01-16")).hasSize(24);

            // Bronze still names the connector it was first posted to, so a second post to the right one reads it
            // again: the same records, the same ids, nothing stored twice
            JsonObject again = running.importFile("miso", miso);
            assertThat(again.getString("status")).isEqualTo("done");
            assertThat(running.ticks("MISO", "DA_HOURLY", "TEST.HUB", "2024-01-15", "2024-01-16")).hasSize(24);
            assertThat(running.array("/api/v1/ticks?iso=MISO&market=DA_HOURLY&location=TEST.HUB&from=2024-01-15"
                    + "&to=2024-01-16&revisions=all", "ticks")).hasSize(24);

            JsonObject job = ReprocessPipelineTest.reprocess(running, new JsonObject().put("from", "2024-01-15")
                    .put("to", "2024-01-16"));
            assertThat(job.getString("status")).as(job.encode()).isEqualTo("done");
            assertThat(job.getInteger("documents_done")).isEqualTo(1);
            assertThat(job.getInteger("documents_skipped")).as(job.encode()).isZero();
            assertThat(job.getLong("records")).isEqualTo(48);
        }
    }
}
