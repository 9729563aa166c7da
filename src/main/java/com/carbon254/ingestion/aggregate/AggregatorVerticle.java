package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.app.Policies;
import com.carbon254.ingestion.app.StageContext;
import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RollingMetric;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.transport.Batch;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shell of the aggregation stage: enriched ticks in, recomputed OHLC bars ({@code aggregation.ohlc.bars.v1}) and
 * rolling metrics ({@code aggregation.rolling.metrics.v1}) and curve block points out: every recomputed point on
 * {@code aggregation.curve.prestage.v1}, and those whose price, hours or completeness differ from the last published
 * on {@code pricing.curve.updates.v1}. A batch is acknowledged once every output is.
 */
public final class AggregatorVerticle extends VerticleBase {
    public static final String GROUP = "aggregator";
    private final StageContext ctx;
    private Aggregator aggregator;
    /** Last published value per (tenant, iso, location, date, block); touched only from this verticle's event loop. */
    private final Map<List<Object>, CurvePoint> lastCurves = new HashMap<>();

    public AggregatorVerticle(StageContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Future<?> start() {
        String file = ctx.config().policies().aggregationPolicies();
        aggregator = new Aggregator(AggregationPolicy.from(Policies.load(file), file));
        Gauge.builder("aggregation.state.intervals", aggregator, Aggregator::intervalsHeld)
                .description("intervals held as bar state").register(ctx.metrics().registry());
        return ctx.transport().<EnrichedTick>subscribe(Topics.ENRICHED_TICKS, GROUP, this::handle);
    }

    Future<Void> handle(Batch<EnrichedTick> batch) {
        Timer.Sample sample = Timer.start();
        Aggregator.Output out = aggregator.applyAll(batch.records());
        sample.stop(ctx.metrics().aggregationRecompute());
        ctx.metrics().stageCounts(GROUP, batch.size(), batch.size(), 0);
        List<Bar> bars = out.bars();
        List<RollingMetric> rolling = out.rolling();
        Future<Void> b = bars.isEmpty() ? Future.succeededFuture()
                : ctx.transport().publish(Topics.OHLC_BARS, batch.with(bars));
        Future<Void> r = rolling.isEmpty() ? Future.succeededFuture()
                : ctx.transport().publish(Topics.ROLLING_METRICS, batch.with(rolling));
        List<CurvePoint> curves = out.curves();
        Future<Void> c = Future.succeededFuture();
        if (!curves.isEmpty()) {
            List<CurvePoint> changed = new ArrayList<>();
            for (CurvePoint p : curves) {
                CurvePoint prev = lastCurves.get(curveKey(p));
                if (prev == null || prev.price() != p.price() || prev.hours() != p.hours()
                        || prev.complete() != p.complete()) {
                    changed.add(p);
                }
            }
            c = ctx.transport().publish(Topics.CURVE_PRESTAGE, batch.with(curves));
            if (!changed.isEmpty()) {
                // remembered only once published, so a failed batch is redelivered and publishes its updates again
                c = c.compose(v -> ctx.transport().publish(Topics.CURVE_UPDATES, batch.with(changed)))
                        .onSuccess(v -> changed.forEach(p -> lastCurves.put(curveKey(p), p)));
            }
        }
        return Future.all(b, r, c).mapEmpty();
    }

    private static List<Object> curveKey(CurvePoint p) {
        return List.of(p.tenant(), p.iso(), p.location(), p.date(), p.block());
    }
}
