package com.carbon254.ingestion.normalize;

import com.carbon254.ingestion.app.Policies;
import com.carbon254.ingestion.app.StageContext;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.transport.Batch;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.ArrayList;
import java.util.List;

/**
 * Shell of the normalization stage: raw records of every ISO the deployment knows in, canonical ticks out, and each
 * rejected record to {@code ingestion.<iso>.raw.dlq.v1} with its reason and original position. A batch is
 * acknowledged when both its ticks and its rejections were acknowledged downstream.
 */
public final class NormalizerVerticle extends VerticleBase {
    public static final String GROUP = "normalizer";
    private final StageContext ctx;
    private Normalizer normalizer;

    public NormalizerVerticle(StageContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Future<?> start() {
        String file = ctx.config().policies().normalizationRules();
        normalizer = new Normalizer(NormalizationRules.parse(Policies.text(file), file));
        List<Future<?>> subs = new ArrayList<>();
        for (String iso : ctx.catalog().isos()) {
            String topic = Topics.raw(iso);
            subs.add(ctx.transport().<RawRecord>subscribe(topic, GROUP, b -> handle(topic, b)));
        }
        return Future.all(subs);
    }

    Future<Void> handle(String topic, Batch<RawRecord> batch) {
        Timer.Sample sample = Timer.start();
        NormalizeResult r = normalizer.normalize(batch.records());
        sample.stop(ctx.metrics().normalizationLatency());
        String iso = batch.isEmpty() ? null : batch.records().get(0).iso();
        ctx.metrics().normalized(iso, r.ticks().size(), r.rejected().size());
        ctx.metrics().stageCounts(GROUP, batch.size(), r.ticks().size(), r.rejected().size());
        Future<Void> ticks = r.ticks().isEmpty() ? Future.succeededFuture()
                : ctx.transport().publish(Topics.NORMALIZED_TICKS, batch.with(r.ticks()));
        if (r.rejected().isEmpty()) return ticks;
        // rejections of one batch may come from several documents only in theory; group to keep document ids exact
        java.util.Map<String, List<Rejection>> byDoc = new java.util.LinkedHashMap<>();
        for (NormalizeResult.Rejected rj : r.rejected()) {
            byDoc.computeIfAbsent(rj.record().documentId(), k -> new ArrayList<>()).add(rj.rejection());
        }
        List<Future<?>> all = new ArrayList<>();
        all.add(ticks);
        byDoc.forEach((doc, rs) -> all.add(ctx.reject(GROUP, topic, batch.traceId(), batch.tenantId(), doc, rs)));
        return Future.all(all).mapEmpty();
    }
}
