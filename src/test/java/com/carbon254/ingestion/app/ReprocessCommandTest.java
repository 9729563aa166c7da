package com.carbon254.ingestion.app;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReprocessCommandTest {
    @Test
    void theBarShowsDocumentsRecordsAndEta() {
        JsonObject running = new JsonObject().put("status", "running").put("documents_total", 40)
                .put("documents_done", 10).put("records", 1234567L).put("eta_seconds", 42L);
        assertThat(ReprocessCommand.bar(running, 20))
                .isEqualTo("[#####---------------] 10/40 documents  1,234,567 records  eta 42s  running");
        JsonObject listing = new JsonObject().put("status", "running").put("documents_total", 0)
                .put("documents_done", 0).put("records", 0L).putNull("eta_seconds");
        assertThat(ReprocessCommand.bar(listing, 10)).isEqualTo("[----------] 0/0 documents  0 records  running");
        JsonObject emptyWindow = listing.copy().put("status", "done").put("eta_seconds", 0L);
        assertThat(ReprocessCommand.bar(emptyWindow, 10)).startsWith("[##########] 0/0");
    }

    @Test
    void theSummaryNamesFailuresAndSkippedDocuments() {
        JsonObject failed = new JsonObject().put("id", "j1").put("status", "failed").put("documents_total", 3)
                .put("documents_done", 2).put("documents_skipped", 1).put("records", 96L)
                .put("error", "no consumer on ingestion.miso.raw.v1")
                .put("skipped", new JsonArray().add("abc (miso lmp_da_expost): not in Bronze any more"));
        assertThat(ReprocessCommand.summary(failed)).isEqualTo("""
                reprocess j1: failed, 1 of 3 documents replayed, 1 skipped, 96 records
                  error: no consumer on ingestion.miso.raw.v1
                  skipped abc (miso lmp_da_expost): not in Bronze any more""");
    }
}
