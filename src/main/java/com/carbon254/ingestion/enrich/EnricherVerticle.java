package com.carbon254.ingestion.enrich;

import com.carbon254.ingestion.app.PolicyFile;
import com.carbon254.ingestion.app.StageContext;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.transport.Batch;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Shell of the enrichment stage: normalized ticks in, enriched ticks and {@code unknown_location} anomalies out.
 * The taxonomy file is re-checked every {@code ttl_seconds} (and by every reprocess before it replays); a broken
 * edit is logged and the last good taxonomy kept.
 */
public final class EnricherVerticle extends VerticleBase {
    public static final String GROUP = "enricher";
    private final StageContext ctx;
    private PolicyFile<Taxonomy> taxonomyFile;
    private Enricher enricher;

    public EnricherVerticle(StageContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Future<?> start() {
        taxonomyFile = ctx.policyFiles().taxonomy();
        enricher = new Enricher(taxonomyFile.get());
        vertx.setPeriodic(taxonomyFile.get().ttlSeconds() * 1000,
                id -> vertx.executeBlocking(taxonomyFile::refresh, false));
        return ctx.transport().<Tick>subscribe(Topics.NORMALIZED_TICKS, GROUP, this::handle);
    }

    Future<Void> handle(Batch<Tick> batch) {
        Taxonomy now = taxonomyFile.get();
        if (now != enricher.taxonomy()) enricher.taxonomy(now);
        Enricher.Result r = enricher.enrich(batch.records(), ctx.clock().instant());
        ctx.metrics().stageCounts(GROUP, batch.size(), r.ticks().size(), 0);
        Future<Void> anomalies = Future.succeededFuture();
        if (!r.anomalies().isEmpty()) {
            r.anomalies().forEach(a -> ctx.metrics().anomaly(a.type(), 1));
            anomalies = ctx.transport().publish(Topics.ANOMALIES, batch.with(r.anomalies()));
        }
        return Future.all(ctx.transport().publish(Topics.ENRICHED_TICKS, batch.with(r.ticks())), anomalies).mapEmpty();
    }
}
