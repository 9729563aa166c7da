package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.pipeline.PolicyFile;
import com.carbon254.ingestion.pipeline.SerialQueue;
import com.carbon254.ingestion.pipeline.StageContext;
import com.carbon254.ingestion.pipeline.store.CurveQuery;
import com.carbon254.ingestion.pipeline.store.Stores;
import com.carbon254.ingestion.transport.Batch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.ArrayList;
import java.util.List;

/**
 * Shell of the aggregation stage: enriched ticks in, recomputed OHLC bars ({@code aggregation.ohlc.bars.v1}),
 * rolling metrics ({@code aggregation.rolling.metrics.v1}) and curve block points out: every recomputed point on
 * {@code aggregation.curve.prestage.v1}, and those {@link CurveChanges} finds changed on
 * {@code pricing.curve.updates.v1}. A batch is acknowledged once every output is.
 *
 * <p>Batches are applied one at a time, in arrival order ({@link SerialQueue}): before the first, wait until the
 * projector has stored every tick handled before this process took over ({@code Transport#caughtUp}: after a
 * restart, what the previous process handled), so a rebuild does not depend on how far the projector had got; learn
 * how far the store held each new market ({@link StoreHorizon}), reload the operating days the batch needs that the aggregator does not hold
 * whole ({@link Aggregator#missing}: after a restart, or for a day evicted behind {@code state_retention_days}), apply
 * the batch, recall the last published value of curve points an earlier process may have published. Publishing runs
 * outside that queue. Without a store (a test) nothing is asked or reloaded.
 */
public final class AggregatorVerticle extends VerticleBase {
    private final StageContext ctx;
    private final SerialQueue serial = new SerialQueue();
    private final StoreHorizon horizon = new StoreHorizon();
    private final CurveChanges curveChanges = new CurveChanges();
    private Aggregator aggregator;
    private Counter reloaded;
    /** Whether the projector had stored everything handled before this process's first batch (asked once). */
    private boolean caughtUp;

    public AggregatorVerticle(StageContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Future<?> start() {
        String file = ctx.settings().policies().aggregationPolicies();
        aggregator = new Aggregator(AggregationPolicy.from(PolicyFile.yaml(file), file));
        Gauge.builder("aggregation.state.intervals", aggregator, Aggregator::intervalsHeld)
                .description("intervals held as bar state").register(ctx.metrics().registry());
        reloaded = Counter.builder("aggregation.state.reloaded.ticks")
                .description("stored ticks reloaded into bar state (after a restart, or for a day evicted before)")
                .register(ctx.metrics().registry());
        return ctx.transport().<EnrichedTick>subscribe(Topics.ENRICHED_TICKS, Stage.AGGREGATOR.id(), this::handle);
    }

    Future<Void> handle(Batch<EnrichedTick> batch) {
        return serial.submit(() -> caughtUp()
                        .compose(v -> learnHorizon(batch))
                        .compose(v -> reload(batch))
                        .map(v -> apply(batch))
                        .compose(out -> recallCurves(out.curves()).map(out)))
                .compose(out -> publish(batch, out));
    }

    /**
     * Before the first batch: the projector has stored every tick handled before this process took over (after a
     * restart, the previous process's), so what the store answers for a market's horizon includes all of them.
     * Immediate once it held: later batches ask nothing.
     */
    private Future<Void> caughtUp() {
        if (caughtUp) return Future.succeededFuture();
        if (ctx.stores() == null) return Future.succeededFuture();
        return ctx.transport().caughtUp(Topics.ENRICHED_TICKS, Stage.AGGREGATOR.id(), Stage.PROJECTOR.id())
                .onSuccess(v -> caughtUp = true);
    }

    private Future<Void> learnHorizon(Batch<EnrichedTick> batch) {
        if (ctx.stores() == null) return Future.succeededFuture();
        List<Future<?>> asks = new ArrayList<>();
        for (StoreHorizon.Market m : horizon.unknown(batch.records())) {
            asks.add(ctx.stores().silver().newestInterval(m.tenant(), m.iso(), m.market())
                    .onSuccess(n -> horizon.learn(m, n)));
        }
        return Future.all(asks).<Void>mapEmpty().recover(e -> Future.failedFuture(new IllegalStateException(
                "aggregator: asking the store how far it holds each market failed (the batch is retried): "
                        + e.getMessage(), e)));
    }

    /** Reads the days the batch needs but the aggregator does not hold whole, and seeds them. */
    private Future<Void> reload(Batch<EnrichedTick> batch) {
        if (ctx.stores() == null) return Future.succeededFuture();
        List<Aggregator.Load> loads = aggregator.missing(batch.records(), horizon);
        List<Future<List<EnrichedTick>>> reads = new ArrayList<>(loads.size());
        for (Aggregator.Load l : loads) {
            reads.add(ctx.stores().silver().queryLatestTicks(l.tenant(), l.iso(), l.market(), l.locations(), l.from(),
                    l.to()));
        }
        return Future.all(reads).<Void>map(all -> {
            long seeded = 0;
            for (int i = 0; i < loads.size(); i++) {
                List<EnrichedTick> stored = all.resultAt(i);
                aggregator.seed(loads.get(i), stored);
                seeded += stored.size();
            }
            if (seeded > 0) reloaded.increment(seeded);
            return null;
        }).recover(e -> Future.failedFuture(new IllegalStateException(
                "aggregator: reloading stored days before a batch failed (the batch is retried): " + e.getMessage(), e)));
    }

    private Aggregator.Output apply(Batch<EnrichedTick> batch) {
        Timer.Sample sample = Timer.start();
        Aggregator.Output out = aggregator.applyAll(batch.records());
        sample.stop(ctx.metrics().aggregationRecompute());
        return out;
    }

    private Future<Void> recallCurves(List<CurvePoint> curves) {
        if (ctx.stores() == null || curves.isEmpty()) return Future.succeededFuture();
        List<Future<?>> reads = new ArrayList<>();
        for (CurveQuery q : curveChanges.toRecall(curves, horizon, aggregator.policy()::zone)) {
            reads.add(ctx.stores().queries().queryCurves(q).onSuccess(curveChanges::recalled));
        }
        return Future.all(reads).mapEmpty();
    }

    private Future<Void> publish(Batch<EnrichedTick> batch, Aggregator.Output out) {
        ctx.metrics().stageCounts(Stage.AGGREGATOR.id(), batch.size(), batch.size(), 0);
        Future<Void> b = out.bars().isEmpty() ? Future.succeededFuture()
                : ctx.transport().publish(Topics.OHLC_BARS, batch.with(out.bars()));
        Future<Void> r = out.rolling().isEmpty() ? Future.succeededFuture()
                : ctx.transport().publish(Topics.ROLLING_METRICS, batch.with(out.rolling()));
        return Future.all(b, r, publishCurves(batch, out.curves())).mapEmpty();
    }

    /** All recomputed points on the pre-stage topic; those that changed as updates, remembered once published. */
    private Future<Void> publishCurves(Batch<EnrichedTick> batch, List<CurvePoint> curves) {
        if (curves.isEmpty()) return Future.succeededFuture();
        List<CurvePoint> changed = curveChanges.changed(curves);
        Future<Void> c = ctx.transport().publish(Topics.CURVE_PRESTAGE, batch.with(curves));
        if (changed.isEmpty()) return c;
        // remembered only once published, so a failed batch is redelivered and publishes its updates again
        return c.compose(v -> ctx.transport().publish(Topics.CURVE_UPDATES, batch.with(changed)))
                .onSuccess(v -> curveChanges.published(changed));
    }
}
