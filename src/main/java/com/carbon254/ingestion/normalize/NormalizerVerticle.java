package com.carbon254.ingestion.normalize;

import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.pipeline.Flow;
import com.carbon254.ingestion.pipeline.StageContext;
import com.carbon254.ingestion.pipeline.Step;
import com.carbon254.ingestion.pipeline.StepResult;
import com.carbon254.ingestion.transport.Batch;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.ArrayList;
import java.util.List;

/**
 * Shell of the normalization stage: raw records of every ISO the deployment knows in, canonical ticks out
 * ({@link StageContext#chain()}'s normalizer step: the ISO's dialect, then the data-quality checks), each rejected
 * record to {@code ingestion.<iso>.raw.dlq.v1} with its reason and original position, the checks' findings to
 * {@code data.quality.anomalies.v1}. A batch is acknowledged when all of those were acknowledged downstream. The
 * rules file is followed by the process ({@code PolicyFiles}): a changed file applies to the next batch.
 */
public final class NormalizerVerticle extends VerticleBase {
    private final StageContext ctx;
    private Step<RawRecord, Tick> step;

    public NormalizerVerticle(StageContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> ctx.chain().normalizer(), false).compose(s -> {
            step = s;
            List<Future<?>> subs = new ArrayList<>();
            for (String topic : Flow.inputs(Stage.NORMALIZER, ctx.catalog())) {
                subs.add(ctx.transport().<RawRecord>subscribe(topic, Stage.NORMALIZER.id(), b -> handle(topic, b)));
            }
            return Future.all(subs);
        });
    }

    Future<Void> handle(String topic, Batch<RawRecord> batch) {
        Timer.Sample sample = Timer.start();
        StepResult<Tick> r = step.apply(batch.records(), ctx.clock().instant());
        sample.stop(ctx.metrics().normalizationLatency());
        String iso = batch.isEmpty() ? null : batch.records().get(0).iso();
        ctx.metrics().normalized(iso, r.out().size(), r.rejected().size());
        Future<Void> ticks = r.out().isEmpty() ? Future.succeededFuture()
                : ctx.transport().publish(Topics.NORMALIZED_TICKS, batch.with(r.out()));
        return Future.all(ticks, ctx.outputs().sideOutputs(Stage.NORMALIZER, topic, batch, r)).mapEmpty();
    }
}
