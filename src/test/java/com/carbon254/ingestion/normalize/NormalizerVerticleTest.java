package com.carbon254.ingestion.normalize;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.testing.StageHarness;
import com.carbon254.ingestion.transport.Batch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.carbon254.ingestion.testing.StageHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The normalization shell on the in-process transport: raw records in; ticks, DLQ records and anomalies out; a batch
 * acknowledged only once everything it produced was.
 */
@ExtendWith(VertxExtension.class)
class NormalizerVerticleTest {
    static final String RAW = Topics.raw("MISO");
    StageHarness h;
    StageHarness.Recorder<Tick> ticks;
    StageHarness.Recorder<Anomaly> anomalies;
    StageHarness.Recorder<DlqRecord> dlq;

    static RawRecord hour(int he, String lmp) {
        return new RawRecord("t1", "MISO", "lmp_da_expost", "DA_HOURLY", "doc-1", 6 + he, "TEST.HUB",
                Map.of("date", "2024-01-15", "he", String.valueOf(he), "type", "Hub", "revision", "expost"),
                Map.of("LMP", lmp, "MCC", "1", "MLC", "0.5"));
    }

    @BeforeEach
    void deploy(Vertx vertx) throws Exception {
        h = new StageHarness(vertx, Stage.NORMALIZER, null);
        ticks = h.record(Topics.NORMALIZED_TICKS, "next");
        anomalies = h.record(Topics.ANOMALIES, "ops");
        dlq = h.record(Topics.dlq(RAW), "ops");
        await(vertx.deployVerticle(new NormalizerVerticle(h.ctx)));
    }

    @Test
    void ticksRejectionsAndFindingsLeaveOnTheirTopics() throws Exception {
        await(h.transport.publish(RAW, new Batch<>("trace-1", "t1",
                List.of(hour(1, "20000"), hour(2, "abc"), hour(3, "31.5")))));

        assertThat(ticks.records()).extracting(Tick::intervalStart).containsExactly(
                Instant.parse("2024-01-15T05:00:00Z"), Instant.parse("2024-01-15T07:00:00Z"));
        assertThat(ticks.batches.get(0).traceId()).as("the batch keeps its trace").isEqualTo("trace-1");
        assertThat(dlq.records()).singleElement().satisfies(d -> {
            assertThat(d.stage()).isEqualTo("normalizer");
            assertThat(d.inputTopic()).isEqualTo(RAW);
            assertThat(d.reason()).isEqualTo("non_numeric_value");
            assertThat(d.documentId()).isEqualTo("doc-1");
            assertThat(d.position()).isEqualTo(8);
        });
        assertThat(anomalies.records()).extracting(Anomaly::type).contains("out_of_range");
        assertThat(h.counted(Stage.NORMALIZER, "in")).isEqualTo(3);
        assertThat(h.counted(Stage.NORMALIZER, "out")).isEqualTo(2);
        assertThat(h.counted(Stage.NORMALIZER, "rejected")).isEqualTo(1);
    }

    @Test
    void aBatchIsAcknowledgedOnlyOnceItsTicksAre() throws Exception {
        ticks.hold();
        Future<Void> published = h.transport.publish(RAW, new Batch<>("trace-2", "t1", List.of(hour(4, "30"))));
        ticks.awaitBatches(1);
        assertThat(published.isComplete()).as("the raw batch waits for the tick consumer").isFalse();
        ticks.release();
        await(published);
    }

    @Test
    void aRecordOfAnIsoWithoutADialectIsRejectedNotDropped() throws Exception {
        RawRecord aeso = new RawRecord("t1", "AESO", "x", "DA_HOURLY", "doc-9", 1, "ALBERTA", Map.of(),
                Map.of("LMP", "1"));
        String topic = Topics.raw("MISO");
        await(h.transport.publish(topic, new Batch<>("trace-3", "t1", List.of(aeso))));
        assertThat(ticks.batches).isEmpty();
        assertThat(dlq.records()).extracting(DlqRecord::reason).containsExactly("unknown_iso");
    }
}
