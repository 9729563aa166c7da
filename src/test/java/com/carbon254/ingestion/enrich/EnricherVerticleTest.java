package com.carbon254.ingestion.enrich;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.EnrichedTick;
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

import java.util.List;

import static com.carbon254.ingestion.testing.StageHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The enrichment shell on the in-process transport, with the shipped taxonomy. */
@ExtendWith(VertxExtension.class)
class EnricherVerticleTest {
    StageHarness h;
    StageHarness.Recorder<EnrichedTick> enriched;
    StageHarness.Recorder<Anomaly> anomalies;

    @BeforeEach
    void deploy(Vertx vertx) throws Exception {
        h = new StageHarness(vertx, Stage.ENRICHER, null);
        enriched = h.record(Topics.ENRICHED_TICKS, "next");
        anomalies = h.record(Topics.ANOMALIES, "ops");
        await(vertx.deployVerticle(new EnricherVerticle(h.ctx)));
    }

    @Test
    void everyTickIsEnrichedAndAnUnknownLocationIsReportedOncePerProcess() throws Exception {
        Tick hub = EnricherTest.tick("MISO", "INDIANA.HUB", "Hub");
        Tick mystery = EnricherTest.tick("MISO", "MYSTERY", null);
        await(h.transport.publish(Topics.NORMALIZED_TICKS, new Batch<>("tr", "t", List.of(hub, mystery, mystery))));
        await(h.transport.publish(Topics.NORMALIZED_TICKS, new Batch<>("tr", "t", List.of(mystery))));

        assertThat(enriched.records()).extracting(EnrichedTick::locationType)
                .containsExactly("hub", "unknown", "unknown", "unknown");
        assertThat(enriched.records().get(0).hub()).isEqualTo("INDIANA.HUB");
        assertThat(anomalies.records()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo("unknown_location");
            assertThat(a.location()).isEqualTo("MYSTERY");
        });
        assertThat(h.counted(Stage.ENRICHER, "in")).isEqualTo(4);
        assertThat(h.counted(Stage.ENRICHER, "out")).isEqualTo(4);
    }

    @Test
    void aBatchIsAcknowledgedOnlyOnceItsAnomaliesAre() throws Exception {
        anomalies.hold();
        Future<Void> published = h.transport.publish(Topics.NORMALIZED_TICKS,
                new Batch<>("tr", "t", List.of(EnricherTest.tick("CAISO", "NOWHERE", null))));
        anomalies.awaitBatches(1);
        assertThat(published.isComplete()).isFalse();
        anomalies.release();
        await(published);
        assertThat(enriched.records()).hasSize(1);
    }
}
