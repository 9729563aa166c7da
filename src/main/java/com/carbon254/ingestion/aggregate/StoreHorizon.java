package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Tick;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far the store held each (tenant, iso, market) when this aggregator first met it: the end of its newest stored
 * interval, or none. A day starting at or after that horizon cannot have stored ticks this aggregator has not applied
 * itself (everything stored since came through it), so in steady state a new day costs no store read; a day before it
 * may (after a restart), and is reloaded first ({@link Aggregator#missing}). Asked once per market and process.
 *
 * <p>Pure (the shell asks the store and tells it what it learnt) and thread-safe.
 */
final class StoreHorizon implements Aggregator.StoredUntil {
    /** One market of one tenant. */
    record Market(String tenant, String iso, String market) {
    }

    private final Map<Market, Optional<Instant>> known = new ConcurrentHashMap<>();

    /** The markets of a batch this horizon does not know yet, in batch order. */
    Set<Market> unknown(List<EnrichedTick> batch) {
        Set<Market> out = new LinkedHashSet<>();
        Tick previous = null;
        for (EnrichedTick et : batch) {
            Tick t = et.tick();
            // a batch is one or a few series: look a key up only when it changes, not once per tick
            if (previous != null && t.tenant().equals(previous.tenant()) && t.iso().equals(previous.iso())
                    && t.market().equals(previous.market())) {
                continue;
            }
            previous = t;
            Market m = new Market(t.tenant(), t.iso(), t.market());
            if (!known.containsKey(m)) out.add(m);
        }
        return out;
    }

    /** What the store answered for {@code m}; the first answer stays (later ones include this process's writes). */
    void learn(Market m, Optional<Instant> newestEnd) {
        known.putIfAbsent(m, newestEnd);
    }

    @Override
    public Instant of(String tenant, String iso, String market) {
        return known.getOrDefault(new Market(tenant, iso, market), Optional.empty()).orElse(null);
    }
}
