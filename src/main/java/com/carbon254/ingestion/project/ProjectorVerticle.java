package com.carbon254.ingestion.project;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RollingMetric;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.pipeline.Catalog;
import com.carbon254.ingestion.pipeline.Flow;
import com.carbon254.ingestion.pipeline.StageContext;
import com.carbon254.ingestion.pipeline.store.Stores;
import com.carbon254.ingestion.transport.Batch;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shell of the projection stage: each topic goes to its {@link Projection}s — enriched ticks to silver, bars, rolling
 * metrics and curve points to gold, DLQ records and anomalies to audit, curve updates to a counter — and the read API
 * is served from the store. A batch is acknowledged only once every projection of its topic wrote it, so
 * "acknowledged" means "queryable".
 */
public final class ProjectorVerticle extends VerticleBase {
    private final StageContext ctx;

    public ProjectorVerticle(StageContext ctx) {
        this.ctx = ctx;
    }

    /** What the projector writes where: the one place a sink is wired. */
    static List<Projection<?>> projections(Stores stores, Catalog catalog, Metrics metrics, LatestProjection latest) {
        List<Projection<?>> out = new ArrayList<>();
        out.add(new StoreProjection<EnrichedTick>(Topics.ENRICHED_TICKS, stores.silver()::writeTicks));
        out.add(new StoreProjection<Bar>(Topics.OHLC_BARS, stores.gold()::writeBars));
        if (latest != null) { // the served latest values; never failing a batch (see LatestProjection)
            out.add(projection(Topics.ENRICHED_TICKS, latest::ticks));
            out.add(projection(Topics.OHLC_BARS, latest::bars));
        }
        out.add(new StoreProjection<RollingMetric>(Topics.ROLLING_METRICS, stores.gold()::writeRolling));
        out.add(new StoreProjection<CurvePoint>(Topics.CURVE_PRESTAGE, stores.gold()::writeCurves));
        // updates go downstream (pricing); here they are only counted, and the subscription keeps the topic consumed
        out.add(new StoreProjection<CurvePoint>(Topics.CURVE_UPDATES, points -> {
            metrics.curveUpdates(points.size());
            return Future.succeededFuture();
        }));
        out.add(new StoreProjection<Anomaly>(Topics.ANOMALIES, stores.audit()::writeAnomalies));
        for (String t : Flow.dlqTopics(catalog)) out.add(new StoreProjection<DlqRecord>(t, stores.audit()::writeDlq));
        return out;
    }

    private static <T> Projection<T> projection(String topic,
                                                java.util.function.Function<List<T>, Future<Void>> write) {
        return new Projection<>() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public Future<Void> write(List<T> records) {
                return write.apply(records);
            }
        };
    }

    private LatestProjection latest;

    @Override
    public Future<?> start() {
        Stores stores = ctx.stores();
        Catalog cat = ctx.catalog();
        if (ctx.latest() != null) {
            latest = new LatestProjection(vertx, ctx.latest(), cat, ctx.metrics());
            new LatestApi(ctx.latest(), ctx.tenant(), cat.isoCodes(), cat.markets()).mount(ctx.router());
        }
        new QueryApi(stores.queries(), ctx.tenant(), cat.isoCodes(), cat.markets(), cat.resolutions(), cat::zone)
                .mount(ctx.router());
        new AnomaliesApi(stores.queries(), ctx.tenant()).mount(ctx.router());
        new DlqApi(stores.queries(), ctx.tenant()).mount(ctx.router());

        Map<String, List<Projection<Object>>> byTopic = new LinkedHashMap<>();
        for (Projection<?> p : projections(stores, cat, ctx.metrics(), latest)) {
            byTopic.computeIfAbsent(p.topic(), k -> new ArrayList<>()).add(cast(p));
        }
        List<Future<?>> subs = new ArrayList<>();
        byTopic.forEach((topic, ps) -> subs.add(ctx.transport().subscribe(topic, Stage.PROJECTOR.id(),
                (Batch<Object> b) -> write(b, ps))));
        return Future.all(subs);
    }

    @Override
    public Future<?> stop() {
        if (latest != null) latest.close();
        return Future.succeededFuture();
    }

    @SuppressWarnings("unchecked")
    private static Projection<Object> cast(Projection<?> p) {
        return (Projection<Object>) p;
    }

    private Future<Void> write(Batch<Object> batch, List<Projection<Object>> projections) {
        if (batch.isEmpty()) return Future.succeededFuture();
        List<Future<?>> writes = new ArrayList<>(projections.size());
        for (Projection<Object> p : projections) writes.add(p.write(batch.records()));
        return Future.all(writes).<Void>mapEmpty()
                .onSuccess(v -> ctx.metrics().stageCounts(Stage.PROJECTOR.id(), batch.size(), batch.size(), 0));
    }
}
