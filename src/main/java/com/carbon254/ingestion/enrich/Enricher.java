package com.carbon254.ingestion.enrich;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Tick;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pure core of the enrichment stage: attaches location type, hub, zone, commodity and product to each tick.
 * Never drops a tick: an unknown location passes with type {@code unknown} and produces one
 * {@code unknown_location} anomaly the first time this enricher sees it (not once per tick).
 *
 * <p>Thread-safe; the taxonomy is swapped atomically by {@link #taxonomy(Taxonomy)} on reload.
 */
public final class Enricher {
    public record Result(List<EnrichedTick> ticks, List<Anomaly> anomalies) {
    }

    private volatile Taxonomy taxonomy;
    private final Set<String> reportedUnknown = ConcurrentHashMap.newKeySet();

    public Enricher(Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
    }

    /** Replaces the taxonomy; locations reported unknown are reported again if still unknown. */
    public void taxonomy(Taxonomy t) {
        this.taxonomy = t;
        reportedUnknown.clear();
    }

    public Taxonomy taxonomy() {
        return taxonomy;
    }

    public Result enrich(List<Tick> ticks, Instant now) {
        Taxonomy tx = taxonomy;
        List<EnrichedTick> out = new ArrayList<>(ticks.size());
        List<Anomaly> anomalies = new ArrayList<>(0);
        for (Tick t : ticks) {
            Taxonomy.Entry e = tx.lookup(t.iso(), t.location(), t.locationType());
            String product = tx.product(t.market());
            if (e == null) {
                out.add(new EnrichedTick(t, Taxonomy.UNKNOWN, null, null, tx.commodity(), product));
                if (reportedUnknown.add(t.tenant() + '|' + t.iso() + '|' + t.location())) {
                    anomalies.add(new Anomaly(t.tenant(), t.iso(), null, t.location(), t.intervalStart(),
                            "unknown_location", "location " + t.location() + " (ISO type "
                            + (t.locationType() == null ? "none" : t.locationType())
                            + ") is not in the enrichment taxonomy", t.documentId(), now));
                }
            } else {
                out.add(new EnrichedTick(t, e.type(), e.hub(), e.zone(), tx.commodity(), product));
            }
        }
        return new Result(out, anomalies);
    }
}
