package com.carbon254.ingestion.app;

import com.carbon254.ingestion.aggregate.AggregatorVerticle;
import com.carbon254.ingestion.enrich.EnricherVerticle;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.normalize.NormalizerVerticle;
import com.carbon254.ingestion.pipeline.Flow;
import com.carbon254.ingestion.pipeline.StageContext;
import com.carbon254.ingestion.pipeline.store.Stores;
import com.carbon254.ingestion.project.ProjectorVerticle;
import com.carbon254.ingestion.store.duckdb.DuckDbStores;
import com.carbon254.ingestion.testing.StageHarness;
import com.carbon254.ingestion.transport.Batch;
import com.carbon254.ingestion.transport.BatchHandler;
import com.carbon254.ingestion.transport.Subscription;
import com.carbon254.ingestion.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static com.carbon254.ingestion.testing.StageHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Flow} is what a Kafka publisher waits for before it calls an import done: it must name exactly what each
 * stage verticle subscribes to, under the stage's name — a topic it forgot would be stored after "done", a group it
 * invented would keep every import running.
 */
@ExtendWith(VertxExtension.class)
class FlowTest {

    @Test
    void everyStageSubscribesToExactlyTheTopicsTheFlowNames(Vertx vertx) throws Exception {
        Stores stores = DuckDbStores.open(vertx, Path.of(":memory:"));
        await(stores.engine().init());
        Map<Stage, Function<StageContext, Deployable>> verticles = Map.of(
                Stage.NORMALIZER, NormalizerVerticle::new, Stage.ENRICHER, EnricherVerticle::new,
                Stage.AGGREGATOR, AggregatorVerticle::new, Stage.PROJECTOR, ProjectorVerticle::new);
        for (Map.Entry<Stage, Function<StageContext, Deployable>> e : verticles.entrySet()) {
            StageHarness h = new StageHarness(vertx, e.getKey(), stores);
            Recording recording = new Recording(h.transport);
            StageContext c = h.ctx;
            StageContext ctx = new StageContext(c.settings(), c.spec(), recording, c.stores(), c.metrics(),
                    c.router(), c.clock(), c.catalog(), c.policyFiles(), c.chain());
            String id = await(vertx.deployVerticle(e.getValue().apply(ctx)));
            assertThat(recording.subscriptions).as(e.getKey().id())
                    .containsExactlyInAnyOrderElementsOf(Flow.inputs(e.getKey(), h.catalog).stream()
                            .map(t -> t + " as " + e.getKey().id()).toList());
            await(vertx.undeploy(id));
        }
        await(stores.engine().close());
    }

    @Test
    void everyTopicAStageWritesHasAConsumerAndTheProjectorStoresEveryOutput() {
        StageHarness h = new StageHarness(Vertx.vertx(), Stage.PROJECTOR, null);
        Map<String, Set<String>> consumers = Flow.consumers(h.catalog);
        assertThat(consumers.get(Topics.raw("CAISO"))).containsExactly("normalizer");
        assertThat(consumers.get(Topics.ENRICHED_TICKS)).containsExactlyInAnyOrder("aggregator", "projector");
        for (String out : List.of(Topics.OHLC_BARS, Topics.ROLLING_METRICS, Topics.CURVE_PRESTAGE,
                Topics.CURVE_UPDATES, Topics.ANOMALIES, Topics.dlq(Topics.raw("MISO")),
                Topics.dlq(Topics.NORMALIZED_TICKS), Topics.dlq(Topics.ENRICHED_TICKS))) {
            assertThat(consumers.get(out)).as(out).containsExactly("projector");
        }
        assertThat(consumers).doesNotContainKey(Topics.PROGRESS);
        h.vertx.close();
    }

    /** The event-bus transport, noting each subscription as "topic as group". */
    private static final class Recording implements Transport {
        final List<String> subscriptions = new CopyOnWriteArrayList<>();
        private final Transport delegate;

        Recording(Transport delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T> Future<Void> publish(String topic, Batch<T> batch) {
            return delegate.publish(topic, batch);
        }

        @Override
        public <T> Future<Subscription> subscribe(String topic, String group, BatchHandler<T> handler) {
            subscriptions.add(topic + " as " + group);
            return delegate.subscribe(topic, group, handler);
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public Future<Void> ping() {
            return delegate.ping();
        }

        @Override
        public Future<Void> close() {
            return delegate.close();
        }
    }
}
