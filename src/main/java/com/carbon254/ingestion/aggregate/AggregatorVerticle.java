package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.app.Policies;
import com.carbon254.ingestion.app.StageContext;
import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.transport.Batch;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.List;

/** Shell of the aggregation stage: enriched ticks in, recomputed OHLC bars out ({@code aggregation.ohlc.bars.v1}). */
public final class AggregatorVerticle extends VerticleBase {
    public static final String GROUP = "aggregator";
    private final StageContext ctx;
    private Aggregator aggregator;

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
        List<Bar> bars = aggregator.apply(batch.records());
        sample.stop(ctx.metrics().aggregationRecompute());
        ctx.metrics().stageCounts(GROUP, batch.size(), batch.size(), 0);
        if (bars.isEmpty()) return Future.succeededFuture();
        return ctx.transport().publish(Topics.OHLC_BARS, batch.with(bars));
    }
}
