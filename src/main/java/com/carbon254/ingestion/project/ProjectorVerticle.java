package com.carbon254.ingestion.project;

import com.carbon254.ingestion.app.Catalog;
import com.carbon254.ingestion.app.StageContext;
import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RollingMetric;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.transport.Batch;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.ArrayList;
import java.util.List;

/**
 * Shell of the projection stage: writes enriched ticks (silver), bars (gold), DLQ and anomaly records to the store
 * and serves the read API. A batch is acknowledged only once the store accepted it, so "acknowledged" means
 * "queryable".
 */
public final class ProjectorVerticle extends VerticleBase {
    public static final String GROUP = "projector";
    private final StageContext ctx;

    public ProjectorVerticle(StageContext ctx) {
        this.ctx = ctx;
    }

    /** Every DLQ topic the pipeline writes: one per raw topic, plus the normalized and enriched tick topics. */
    public static List<String> dlqTopics(Catalog catalog) {
        List<String> out = new ArrayList<>();
        catalog.isos().stream().sorted().forEach(iso -> out.add(Topics.dlq(Topics.raw(iso))));
        out.add(Topics.dlq(Topics.NORMALIZED_TICKS));
        out.add(Topics.dlq(Topics.ENRICHED_TICKS));
        return out;
    }

    @Override
    public Future<?> start() {
        Store store = ctx.store();
        Catalog cat = ctx.catalog();
        new QueryApi(store, ctx.config().tenant(), cat.isos(), cat.markets(), cat.resolutions(), cat::zone)
                .mount(ctx.router());
        new AnomaliesApi(store, ctx.config().tenant()).mount(ctx.router());
        new DlqApi(store, ctx.config().tenant()).mount(ctx.router());

        List<Future<?>> subs = new ArrayList<>();
        subs.add(ctx.transport().<EnrichedTick>subscribe(Topics.ENRICHED_TICKS, GROUP, b -> write(b, store::writeTicks)));
        subs.add(ctx.transport().<Bar>subscribe(Topics.OHLC_BARS, GROUP, b -> write(b, store::writeBars)));
        subs.add(ctx.transport().<RollingMetric>subscribe(Topics.ROLLING_METRICS, GROUP,
                b -> write(b, store::writeRolling)));
        subs.add(ctx.transport().<CurvePoint>subscribe(Topics.CURVE_PRESTAGE, GROUP,
                b -> write(b, store::writeCurves)));
        // updates go downstream (pricing); here they are only counted, and the subscription keeps the topic consumed
        subs.add(ctx.transport().<CurvePoint>subscribe(Topics.CURVE_UPDATES, GROUP, b -> {
            ctx.metrics().curveUpdates(b.size());
            return Future.succeededFuture();
        }));
        subs.add(ctx.transport().<Anomaly>subscribe(Topics.ANOMALIES, GROUP, b -> write(b, store::writeAnomalies)));
        for (String t : dlqTopics(cat)) {
            subs.add(ctx.transport().<DlqRecord>subscribe(t, GROUP, b -> write(b, store::writeDlq)));
        }
        return Future.all(subs);
    }

    private <T> Future<Void> write(Batch<T> batch, java.util.function.Function<List<T>, Future<Void>> writer) {
        if (batch.isEmpty()) return Future.succeededFuture();
        return writer.apply(batch.records())
                .onSuccess(v -> ctx.metrics().stageCounts(GROUP, batch.size(), batch.size(), 0));
    }
}
