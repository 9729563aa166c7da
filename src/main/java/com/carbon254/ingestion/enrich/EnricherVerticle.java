package com.carbon254.ingestion.enrich;

import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.pipeline.StageContext;
import com.carbon254.ingestion.pipeline.Step;
import com.carbon254.ingestion.pipeline.StepResult;
import com.carbon254.ingestion.transport.Batch;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Shell of the enrichment stage: normalized ticks in, enriched ticks and {@code unknown_location} anomalies out
 * ({@link StageContext#chain()}'s enricher step). The taxonomy file is followed by the process ({@code PolicyFiles},
 * every {@code ttl_seconds}); a broken edit is logged and the last good taxonomy kept.
 */
public final class EnricherVerticle extends VerticleBase {
    private final StageContext ctx;
    private Step<Tick, EnrichedTick> step;

    public EnricherVerticle(StageContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Future<?> start() {
        // exported from the start (0 until a location cannot be classified), as the seed's metric list promises
        ctx.metrics().enrichmentFailures(Enricher.UNKNOWN_LOCATION, 0);
        return vertx.executeBlocking(() -> ctx.chain().enricher(), false).compose(s -> {
            step = s;
            return ctx.transport().<Tick>subscribe(Topics.NORMALIZED_TICKS, Stage.ENRICHER.id(), this::handle);
        });
    }

    Future<Void> handle(Batch<Tick> batch) {
        StepResult<EnrichedTick> r = step.apply(batch.records(), ctx.clock().instant());
        long unclassified = 0;
        for (EnrichedTick e : r.out()) if (Taxonomy.UNKNOWN.equals(e.locationType())) unclassified++;
        if (unclassified > 0) ctx.metrics().enrichmentFailures(Enricher.UNKNOWN_LOCATION, unclassified);
        return Future.all(ctx.transport().publish(Topics.ENRICHED_TICKS, batch.with(r.out())),
                ctx.outputs().sideOutputs(Stage.ENRICHER, Topics.NORMALIZED_TICKS, batch, r)).mapEmpty();
    }
}
