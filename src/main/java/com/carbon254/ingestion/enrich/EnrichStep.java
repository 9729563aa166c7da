package com.carbon254.ingestion.enrich;

import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.pipeline.Step;
import com.carbon254.ingestion.pipeline.StepResult;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The enrichment stage's step: {@link Enricher} over the taxonomy as it is now, and the shell's memory of the unknown
 * locations already reported, so each is reported once per step — again after the taxonomy changed (it may know
 * them now, or still not). Used by one shell at a time (a verticle instance, or one reprocess job).
 */
public final class EnrichStep implements Step<Tick, EnrichedTick> {
    private final Supplier<Taxonomy> taxonomy;
    private final Set<String> reported = new HashSet<>();
    private Enricher enricher;

    /** @param taxonomy the current taxonomy (a reloaded file's value), asked once per batch */
    public EnrichStep(Supplier<Taxonomy> taxonomy) {
        this.taxonomy = taxonomy;
    }

    @Override
    public StepResult<EnrichedTick> apply(List<Tick> batch, Instant now) {
        Taxonomy tx = taxonomy.get();
        if (enricher == null || enricher.taxonomy() != tx) {
            enricher = new Enricher(tx);
            reported.clear();
        }
        Enricher.Result r = enricher.enrich(batch, now, reported);
        reported.addAll(r.reported());
        return new StepResult<>(r.ticks(), List.of(), r.anomalies());
    }
}
