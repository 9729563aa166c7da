package com.carbon254.ingestion.pipeline.store;

import com.carbon254.ingestion.event.EnrichedTick;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Silver: canonical, enriched ticks — the latest per interval, and every revision. */
public interface SilverStore {
    /** Upserts ticks on their natural key and appends them to the revisions (one row per key, revision, document). */
    Future<Void> writeTicks(List<EnrichedTick> ticks);

    /**
     * The latest tick per interval of several locations of one (tenant, iso, market) whose interval start lies in
     * {@code [from, to)}, ordered by location, then interval start — what the aggregator reloads after a restart
     * (one query per batch, not one per location).
     */
    Future<List<EnrichedTick>> queryLatestTicks(String tenant, String iso, String market, Collection<String> locations,
                                                Instant from, Instant to);

    /**
     * The end of the newest interval stored for a series of ticks (the data lag, the stale-feed check, how far the
     * aggregator must reload); empty when none is stored.
     */
    Future<Optional<Instant>> newestInterval(String tenant, String iso, String market);
}
