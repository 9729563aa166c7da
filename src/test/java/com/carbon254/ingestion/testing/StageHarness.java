package com.carbon254.ingestion.testing;

import com.carbon254.ingestion.app.App;
import com.carbon254.ingestion.app.AppConfig;
import com.carbon254.ingestion.app.Chain;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.pipeline.Catalog;
import com.carbon254.ingestion.pipeline.PolicyFiles;
import com.carbon254.ingestion.pipeline.StageContext;
import com.carbon254.ingestion.pipeline.StageSpec;
import com.carbon254.ingestion.pipeline.store.Stores;
import com.carbon254.ingestion.transport.Batch;
import com.carbon254.ingestion.transport.eventbus.EventBusTransport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One stage verticle on its own, the way a deployment hands it a context: the in-process event-bus transport, the
 * shipped policy files, catalog and stage chain, real metrics; a store only when the test gives one. Downstream
 * topics are read by {@link Recorder}s, whose acknowledgement a test can hold to watch back-pressure.
 */
public final class StageHarness {
    public final Vertx vertx;
    public final EventBusTransport transport;
    public final Metrics metrics = new Metrics();
    public final Catalog catalog;
    public final StageContext ctx;

    public StageHarness(Vertx vertx, Stage stage, Stores stores) {
        this.vertx = vertx;
        this.transport = new EventBusTransport(vertx, 30_000);
        AppConfig cfg = AppConfig.forRole("all-in-one", Map.of(), Map.of(), new AppConfig.Overrides(0, null));
        this.catalog = App.catalog(cfg);
        PolicyFiles files = new PolicyFiles();
        this.ctx = new StageContext(cfg.settings(), new StageSpec(stage, 1, Map.of()), transport, stores, metrics,
                Router.router(vertx), Clock.systemUTC(), catalog, files, new Chain(files, cfg.policies(),
                catalog.isos()));
    }

    public static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Subscribes a recorder to {@code topic} under {@code group}. */
    public <T> Recorder<T> record(String topic, String group) throws Exception {
        Recorder<T> r = new Recorder<>();
        await(transport.<T>subscribe(topic, group, r::take));
        return r;
    }

    /** {@code stage_records_total{stage, outcome}} as counted so far. */
    public double counted(Stage stage, String outcome) {
        var c = metrics.registry().find("stage.records").tag("stage", stage.id()).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    /** The batches a topic received, in order; {@link #hold()} keeps their acknowledgement until released. */
    public static final class Recorder<T> {
        public final List<Batch<T>> batches = new CopyOnWriteArrayList<>();
        private volatile Promise<Void> gate;

        Future<Void> take(Batch<T> b) {
            batches.add(b);
            Promise<Void> g = gate;
            return g == null ? Future.succeededFuture() : g.future();
        }

        /** Acknowledge nothing until {@link #release()}. */
        public void hold() {
            gate = Promise.promise();
        }

        public void release() {
            Promise<Void> g = gate;
            gate = null;
            if (g != null) g.complete();
        }

        public List<T> records() {
            return batches.stream().flatMap(b -> b.records().stream()).toList();
        }

        /** Waits until at least {@code n} batches arrived. */
        public Recorder<T> awaitBatches(int n) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() >= n);
            return this;
        }
    }
}
