package com.carbon254.ingestion.enrich;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Tick;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Pure core of the enrichment stage: attaches location type, hub, zone, commodity and product to each tick from one
 * taxonomy. Never drops a tick: an unknown location passes with type {@code unknown}, and the first tick of each
 * unknown location not yet reported gives one {@code unknown_location} anomaly (what was reported before is passed in;
 * the caller keeps it). Stateless and thread-safe.
 */
public final class Enricher {
    public static final String UNKNOWN_LOCATION = "unknown_location";

    /**
     * @param reported the unknown locations this batch reported ({@link #unknownKey}), for the caller to remember
     */
    public record Result(List<EnrichedTick> ticks, List<Anomaly> anomalies, Set<String> reported) {
    }

    private final Taxonomy taxonomy;

    public Enricher(Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
    }

    public Taxonomy taxonomy() {
        return taxonomy;
    }

    /** As {@link #enrich(List, Instant, Set)} with nothing reported before. */
    public Result enrich(List<Tick> ticks, Instant now) {
        return enrich(ticks, now, Set.of());
    }

    /**
     * @param alreadyReported unknown locations reported before ({@link #unknownKey}): no anomaly again for them
     */
    public Result enrich(List<Tick> ticks, Instant now, Set<String> alreadyReported) {
        Taxonomy tx = taxonomy;
        List<EnrichedTick> out = new ArrayList<>(ticks.size());
        List<Anomaly> anomalies = new ArrayList<>(0);
        Set<String> reported = new LinkedHashSet<>(0);
        for (Tick t : ticks) {
            Taxonomy.Entry e = tx.lookup(t.iso(), t.location(), t.locationType());
            String product = tx.product(t.market());
            if (e != null) {
                out.add(new EnrichedTick(t, e.type(), e.hub(), e.zone(), tx.commodity(), product));
                continue;
            }
            out.add(new EnrichedTick(t, Taxonomy.UNKNOWN, null, null, tx.commodity(), product));
            String key = unknownKey(t.tenant(), t.iso(), t.location());
            if (!alreadyReported.contains(key) && reported.add(key)) {
                anomalies.add(new Anomaly(t.tenant(), t.iso(), null, t.location(), t.intervalStart(), UNKNOWN_LOCATION,
                        "location " + t.location() + " (ISO type " + (t.locationType() == null ? "none"
                                : t.locationType()) + ") is not in the enrichment taxonomy", t.documentId(), now));
            }
        }
        return new Result(out, anomalies, reported);
    }

    /** What identifies an unknown location across batches: tenant, ISO and location. */
    public static String unknownKey(String tenant, String iso, String location) {
        return tenant + '|' + iso + '|' + location;
    }
}
