package com.carbon254.ingestion.project;

import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.pipeline.Flow;
import com.carbon254.ingestion.pipeline.store.BarQuery;
import com.carbon254.ingestion.pipeline.store.DlqQuery;
import com.carbon254.ingestion.pipeline.store.Stores;
import com.carbon254.ingestion.pipeline.store.TickQuery;
import com.carbon254.ingestion.store.duckdb.DuckDbStores;
import com.carbon254.ingestion.testing.StageHarness;
import com.carbon254.ingestion.transport.Batch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static com.carbon254.ingestion.testing.StageHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection shell over a real (in-memory) DuckDB: each topic reaches its projection, and a batch is acknowledged
 * only once it is queryable — or fails, when the store does not take it, so the transport redelivers it.
 */
@ExtendWith(VertxExtension.class)
class ProjectorVerticleTest {
    static final Instant T0 = Instant.parse("2024-01-15T05:00:00Z");
    StageHarness h;
    Stores stores;
    boolean closed;

    static EnrichedTick tick(int hour, double lmp) {
        Instant s = T0.plusSeconds(3600L * hour);
        Tick t = new Tick("default", "MISO", "DA_HOURLY", "INDIANA.HUB", "Hub", s, s.plusSeconds(3600),
                LocalDate.of(2024, 1, 15), "HE " + (hour + 1), lmp, lmp - 1, 0.5, 0.5, Double.NaN, 0, "expost",
                "doc-1", hour + 7);
        return new EnrichedTick(t, "hub", "INDIANA.HUB", "MISO-CENTRAL", "power", "energy_day_ahead_hourly");
    }

    @BeforeEach
    void deploy(Vertx vertx) throws Exception {
        stores = DuckDbStores.open(vertx, Path.of(":memory:"));
        await(stores.engine().init());
        h = new StageHarness(vertx, Stage.PROJECTOR, stores);
        await(vertx.deployVerticle(new ProjectorVerticle(h.ctx)));
    }

    @AfterEach
    void close() throws Exception {
        if (!closed) await(stores.engine().close());
    }

    @Test
    void acknowledgedMeansQueryable() throws Exception {
        await(h.transport.publish(Topics.ENRICHED_TICKS, new Batch<>("tr", "default", List.of(tick(0, 30), tick(1, 31)))));
        assertThat(await(stores.queries().queryTicks(new TickQuery("default", "MISO", "DA_HOURLY", "INDIANA.HUB",
                T0, T0.plusSeconds(86_400))))).extracting(e -> e.tick().lmp()).containsExactly(30.0, 31.0);

        Bar bar = new Bar("default", "MISO", "DA_HOURLY", "INDIANA.HUB", Component.LMP, "1d", T0,
                T0.plusSeconds(86_400), 30, 31, 30, 31, 30.5, 2, 24, false);
        await(h.transport.publish(Topics.OHLC_BARS, new Batch<>("tr", "default", List.of(bar))));
        assertThat(await(stores.queries().queryBars(new BarQuery("default", "MISO", "DA_HOURLY", "INDIANA.HUB",
                Component.LMP, "1d", T0, T0.plusSeconds(86_400))))).containsExactly(bar);
        assertThat(h.counted(Stage.PROJECTOR, "in")).isEqualTo(3);
    }

    @Test
    void everyDlqTopicOfTheDeploymentIsStored() throws Exception {
        for (String topic : Flow.dlqTopics(h.catalog)) {
            DlqRecord d = new DlqRecord("default", "tr", "normalizer", topic, "bad_timestamp", "detail " + topic,
                    "doc-1", 3, "X", T0);
            await(h.transport.publish(topic, new Batch<>("tr", "default", List.of(d))));
        }
        assertThat(await(stores.queries().queryDlq(new DlqQuery("default", null, null, null, 100))))
                .extracting(DlqRecord::inputTopic)
                .containsExactlyInAnyOrderElementsOf(Flow.dlqTopics(h.catalog));
        assertThat(Flow.dlqTopics(h.catalog)).contains(Topics.dlq(Topics.raw("MISO")),
                Topics.dlq(Topics.raw("CAISO")), Topics.dlq(Topics.NORMALIZED_TICKS));
    }

    @Test
    void aBatchTheStoreDoesNotTakeIsNotAcknowledged() throws Exception {
        await(stores.engine().close());
        closed = true;
        Future<Void> published = h.transport.publish(Topics.ENRICHED_TICKS,
                new Batch<>("tr", "default", List.of(tick(2, 32))));
        org.awaitility.Awaitility.await().until(published::isComplete);
        assertThat(published.failed()).as("the transport must redeliver it").isTrue();
        assertThat(h.counted(Stage.PROJECTOR, "in")).isZero();
    }
}
