package com.carbon254.ingestion.app;

import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.json.JsonObject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static com.carbon254.ingestion.app.RunningApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry that dies between "the document is in Bronze" and "everything it produced is stored" must not leave the
 * file as a "duplicate" for ever with records that never went through: the next process takes the upload up again
 * under its id, and the same file posted afterwards is a duplicate only then.
 */
class UnfinishedImportPipelineTest {
    @TempDir
    Path dataDir;

    @Test
    void anUploadCutShortIsTakenUpAgainUnderItsIdAfterARestart() throws Exception {
        byte[] file = Files.readAllBytes(IsoSamples.projectRoot()
                .resolve("src/test/resources/fixtures/miso/20240115_da_expost_lmp.csv"));
        String sha = IsoSamples.sha256(file);
        AppConfig cfg = RunningApp.isolatedAllInOne(dataDir);
        // what the first process left: the document in Bronze, the upload noted as started, nothing published
        try (RunningApp first = RunningApp.start(cfg)) {
            assertThat(await(first.app.stores().bronze().putDocumentIfAbsent(new RawDocument("default", "miso",
                    "20240115_da_expost_lmp.csv", null, sha, file, Instant.now(), "job-cut-short")))).isTrue();
        }
        Files.writeString(dataDir.resolve("registry-state.json"), new JsonObject().put("unfinished_imports",
                new JsonObject().put(sha, new JsonObject().put("id", "job-cut-short").put("connector", "miso")
                        .put("file", "20240115_da_expost_lmp.csv").put("tenant", "default"))).encode());

        try (RunningApp second = RunningApp.start(cfg)) {
            JsonObject[] job = new JsonObject[1];
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                job[0] = second.get("/api/v1/imports/job-cut-short").bodyAsJsonObject();
                return !"running".equals(job[0].getString("status"));
            });
            assertThat(job[0].getString("status")).as(job[0].encode()).isEqualTo("done");
            assertThat(job[0].getLong("ticks_out")).isEqualTo(48);
            assertThat(second.bars("MISO", "DA_HOURLY", "TEST.HUB", "lmp", "1d", "2024-01-14", "2024-01-17"))
                    .hasSize(1);
            assertThat(Files.readString(dataDir.resolve("registry-state.json"))).doesNotContain(sha);

            JsonObject again = second.importFile("miso", file);
            assertThat(again.getInteger("duplicates")).as("finished now: a duplicate").isEqualTo(1);
        }
    }
}
