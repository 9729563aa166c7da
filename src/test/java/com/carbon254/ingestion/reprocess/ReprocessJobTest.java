package com.carbon254.ingestion.reprocess;

import com.carbon254.ingestion.event.Stage;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReprocessJobTest {
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    static ReprocessJob job() {
        ReprocessRequest r = ReprocessRequest.parse(new JsonObject().put("from", "2024-01-15").put("to", "2024-01-16"),
                Set.of("MISO"), Stage.NORMALIZER, "default", iso -> ZoneId.of("-05:00"));
        return ReprocessJob.queued("j1", r, T0);
    }

    @Test
    void etaIsThePaceSoFarTimesWhatRemains() {
        ReprocessJob j = job();
        assertThat(j.etaSeconds(T0)).as("queued: unknown").isNull();
        j = j.running(10, T0);
        assertThat(j.etaSeconds(T0.plusSeconds(3))).as("no document finished yet").isNull();
        j = j.documentDone(500, null).documentDone(0, "gone");
        // 2 documents in 4 s → 8 left take 16 s
        assertThat(j.etaSeconds(T0.plusSeconds(4))).isEqualTo(16);
        assertThat(j.etaSeconds(T0.plusMillis(4001))).as("rounded up").isEqualTo(17);
        JsonObject json = j.toJson(T0.plusSeconds(4));
        assertThat(json.getString("status")).isEqualTo("running");
        assertThat(json.getInteger("documents_done")).isEqualTo(2);
        assertThat(json.getInteger("documents_total")).isEqualTo(10);
        assertThat(json.getInteger("documents_skipped")).isEqualTo(1);
        assertThat(json.getLong("records")).isEqualTo(500);
        assertThat(json.getLong("eta_seconds")).isEqualTo(16);
        assertThat(json.getJsonArray("skipped").stream().map(String::valueOf).toList()).containsExactly("gone");
        ReprocessJob done = j.finish("done", null, T0.plusSeconds(9));
        assertThat(done.finished()).isTrue();
        assertThat(done.etaSeconds(T0.plusSeconds(9))).isZero();
        assertThat(done.toJson(T0).getString("finished_at")).isEqualTo("2026-11-27T10:00:09Z");
    }

    @Test
    void skippedReasonsAreCapped() {
        ReprocessJob j = job().running(100, T0);
        for (int i = 0; i < 30; i++) j = j.documentDone(0, "doc " + i);
        assertThat(j.documentsSkipped()).isEqualTo(30);
        assertThat(j.skipped()).hasSize(ReprocessJob.KEEP_SKIPPED);
    }
}
