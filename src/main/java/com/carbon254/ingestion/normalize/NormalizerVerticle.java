package com.carbon254.ingestion.normalize;

import com.carbon254.ingestion.app.PolicyFile;
import com.carbon254.ingestion.app.StageContext;
import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.quality.QualityChecks;
import com.carbon254.ingestion.transport.Batch;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shell of the normalization stage: raw records of every ISO the deployment knows in, canonical ticks out, and each
 * rejected record to {@code ingestion.<iso>.raw.dlq.v1} with its reason and original position. A batch is
 * acknowledged when both its ticks and its rejections were acknowledged downstream.
 *
 * <p>Each batch's ticks also go through {@link QualityChecks}; the findings are counted in
 * {@code data_quality_anomalies_total{type}} and published on {@link Topics#ANOMALIES} next to the ticks (never
 * instead of them), and the batch is acknowledged only when both were acknowledged.
 *
 * <p>The rules file is re-checked every {@link #RULES_CHECK_MS} ms (and by every reprocess before it replays): a
 * changed file applies to the next batch; an invalid edit is logged and the previous rules kept.
 */
public final class NormalizerVerticle extends VerticleBase {
    public static final String GROUP = "normalizer";
    static final long RULES_CHECK_MS = 10_000;
    private final StageContext ctx;
    private PolicyFile<NormalizationRules> rulesFile;
    private NormalizationRules rules;
    private Normalizer normalizer;
    private QualityChecks checks;

    public NormalizerVerticle(StageContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Future<?> start() {
        rulesFile = ctx.policyFiles().normalizationRules();
        useRules();
        vertx.setPeriodic(RULES_CHECK_MS, id -> vertx.executeBlocking(rulesFile::refresh, false));
        List<Future<?>> subs = new ArrayList<>();
        for (String iso : ctx.catalog().isos()) {
            String topic = Topics.raw(iso);
            subs.add(ctx.transport().<RawRecord>subscribe(topic, GROUP, b -> handle(topic, b)));
        }
        return Future.all(subs);
    }

    /** Rebuilds the normalizer and checks when the shared rules file holds new rules. */
    private void useRules() {
        NormalizationRules now = rulesFile.get();
        if (now == rules) return;
        rules = now;
        normalizer = new Normalizer(now);
        checks = new QualityChecks(now);
    }

    Future<Void> handle(String topic, Batch<RawRecord> batch) {
        useRules();
        Timer.Sample sample = Timer.start();
        NormalizeResult r = normalizer.normalize(batch.records());
        sample.stop(ctx.metrics().normalizationLatency());
        String iso = batch.isEmpty() ? null : batch.records().get(0).iso();
        ctx.metrics().normalized(iso, r.ticks().size(), r.rejected().size());
        ctx.metrics().stageCounts(GROUP, batch.size(), r.ticks().size(), r.rejected().size());
        Future<Void> ticks = r.ticks().isEmpty() ? Future.succeededFuture()
                : ctx.transport().publish(Topics.NORMALIZED_TICKS, batch.with(r.ticks()));
        Future<Void> anomalies = anomalies(batch, r);
        if (r.rejected().isEmpty()) return Future.all(ticks, anomalies).mapEmpty();
        // rejections of one batch may come from several documents only in theory; group to keep document ids exact
        java.util.Map<String, List<Rejection>> byDoc = new java.util.LinkedHashMap<>();
        for (NormalizeResult.Rejected rj : r.rejected()) {
            byDoc.computeIfAbsent(rj.record().documentId(), k -> new ArrayList<>()).add(rj.rejection());
        }
        List<Future<?>> all = new ArrayList<>();
        all.add(ticks);
        all.add(anomalies);
        byDoc.forEach((doc, rs) -> all.add(ctx.reject(GROUP, topic, batch.traceId(), batch.tenantId(), doc, rs)));
        return Future.all(all).mapEmpty();
    }

    /** Runs the data-quality checks over the batch's ticks, counts and publishes what they find. */
    private Future<Void> anomalies(Batch<RawRecord> batch, NormalizeResult r) {
        if (r.ticks().isEmpty()) return Future.succeededFuture();
        Map<String, String> datasets = new HashMap<>();
        for (RawRecord raw : batch.records()) {
            if (raw.dataset() != null) datasets.putIfAbsent(raw.documentId(), raw.dataset());
        }
        List<Anomaly> found = checks.check(r.ticks(), datasets, ctx.clock().instant());
        if (found.isEmpty()) return Future.succeededFuture();
        Map<String, Long> byType = new java.util.TreeMap<>();
        for (Anomaly a : found) byType.merge(a.type(), 1L, Long::sum);
        byType.forEach((type, n) -> ctx.metrics().anomaly(type, n));
        return ctx.transport().publish(Topics.ANOMALIES, batch.with(found));
    }
}
