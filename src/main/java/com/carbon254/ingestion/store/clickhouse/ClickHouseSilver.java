package com.carbon254.ingestion.store.clickhouse;

import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.pipeline.store.SilverStore;
import com.carbon254.ingestion.pipeline.store.TickQuery;
import com.carbon254.ingestion.store.LastWins;
import com.carbon254.ingestion.store.Micros;
import com.carbon254.ingestion.store.Table;
import com.carbon254.ingestion.store.Tables.SilverTicks;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static com.carbon254.ingestion.store.clickhouse.ClickHouseSql.lit;

/**
 * Silver ticks in ClickHouse: {@code silver_ticks} on the tick key and {@code silver_tick_revisions} on (tick key,
 * revision, document), both {@code ReplacingMergeTree(updated_at)} read with {@code FINAL}; one write puts the same
 * rows, with one version, in both.
 */
final class ClickHouseSilver implements SilverStore {
    private final ClickHouseHttp http;

    ClickHouseSilver(ClickHouseHttp http) {
        this.http = http;
    }

    @Override
    public Future<Void> writeTicks(List<EnrichedTick> ticks) {
        if (ticks.isEmpty()) return Future.succeededFuture();
        long version = http.nextVersion();
        List<EnrichedTick> rows = LastWins.perKey(SilverTicks.TABLE, ticks);
        return http.insert(SilverTicks.REVISIONS, rows, version)
                .compose(v -> http.insert(SilverTicks.TABLE, rows, version));
    }

    @Override
    public Future<List<EnrichedTick>> queryLatestTicks(String tenant, String iso, String market,
                                                       Collection<String> locations, Instant from, Instant to) {
        if (locations.isEmpty()) return Future.succeededFuture(List.of());
        return ticks(SilverTicks.TABLE, "location, interval_start", tenant, iso, market, locations, from, to);
    }

    /** The latest tick per interval of one location (the read API). */
    Future<List<EnrichedTick>> latest(TickQuery q) {
        return ticks(SilverTicks.TABLE, "interval_start", q);
    }

    /** One row per (interval, revision, document): the newest write of it, in arrival order per interval. */
    Future<List<EnrichedTick>> revisions(TickQuery q) {
        return ticks(SilverTicks.REVISIONS, "interval_start, updated_at", q);
    }

    private Future<List<EnrichedTick>> ticks(Table<EnrichedTick> table, String orderBy, TickQuery q) {
        return ticks(table, orderBy, q.tenant(), q.iso(), q.market(), Collections.singletonList(q.location()),
                q.from(), q.to());
    }

    /**
     * Ticks of some locations of one series whose interval start lies in {@code [from, to)}; the locations are
     * {@link ClickHouseSql#lit} literals, in the request body (a long list may pass {@code max_query_size}, which
     * {@link ClickHouseHttp#query} raises for it).
     */
    private Future<List<EnrichedTick>> ticks(Table<EnrichedTick> table, String orderBy, String tenant, String iso,
                                             String market, Collection<String> locations, Instant from, Instant to) {
        String location = locations.size() == 1 ? " AND location = " + lit(locations.iterator().next())
                : " AND location IN " + ClickHouseSql.in(locations);
        return http.select(table, " FINAL WHERE tenant = " + lit(tenant) + " AND iso = " + lit(iso)
                + " AND market = " + lit(market) + location + ClickHouseSql.window("interval_start", from, to)
                + " ORDER BY " + orderBy);
    }

    @Override
    public Future<Optional<Instant>> newestInterval(String tenant, String iso, String market) {
        // max() over the plain table: a replaced row has the same key and so the same interval_end
        return http.query("SELECT count(), max(interval_end) FROM " + http.table(SilverTicks.TABLE) + " WHERE tenant = "
                + lit(tenant) + " AND iso = " + lit(iso) + " AND market = " + lit(market)).map(r -> {
                    r.nextRow();
                    long n = r.int64();
                    Long us = r.nullableInt64();
                    return n == 0 || us == null ? Optional.<Instant>empty() : Optional.of(Micros.toInstant(us));
                });
    }
}
