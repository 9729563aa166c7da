package com.carbon254.ingestion.enrich;

import com.carbon254.ingestion.app.ConfigException;
import com.carbon254.ingestion.app.Policies;
import com.carbon254.ingestion.app.StageContext;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.transport.Batch;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shell of the enrichment stage: normalized ticks in, enriched ticks and {@code unknown_location} anomalies out.
 * The taxonomy file is re-read every {@code ttl_seconds}; a broken edit is logged and the last good taxonomy kept.
 */
public final class EnricherVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(EnricherVerticle.class);
    public static final String GROUP = "enricher";
    private final StageContext ctx;
    private Enricher enricher;
    private long lastModified;

    public EnricherVerticle(StageContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Future<?> start() {
        String file = ctx.config().policies().enrichmentTaxonomy();
        Taxonomy tx = Taxonomy.from(Policies.load(file), file);
        lastModified = Policies.lastModified(file);
        enricher = new Enricher(tx);
        vertx.setPeriodic(tx.ttlSeconds() * 1000, id -> reload(file));
        return ctx.transport().<Tick>subscribe(Topics.NORMALIZED_TICKS, GROUP, this::handle);
    }

    private void reload(String file) {
        long lm = Policies.lastModified(file);
        if (lm == lastModified) return;
        vertx.executeBlocking(() -> Taxonomy.from(Policies.load(file), file)).onComplete(ar -> {
            if (ar.succeeded()) {
                enricher.taxonomy(ar.result());
                lastModified = lm;
                LOG.info("reloaded enrichment taxonomy from {}", file);
            } else {
                String why = ar.cause() instanceof ConfigException ce ? String.join("; ", ce.problems())
                        : ar.cause().toString();
                LOG.error("enrichment taxonomy {} not reloaded, keeping the previous one: {}", file, why);
                lastModified = lm;
            }
        });
    }

    Future<Void> handle(Batch<Tick> batch) {
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
