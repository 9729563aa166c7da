package com.carbon254.ingestion.store.duckdb;

import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.pipeline.store.SilverStore;
import com.carbon254.ingestion.pipeline.store.TickQuery;
import com.carbon254.ingestion.store.LastWins;
import com.carbon254.ingestion.store.Micros;
import com.carbon254.ingestion.store.Table;
import com.carbon254.ingestion.store.Tables.SilverTicks;
import io.vertx.core.Future;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Silver ticks in DuckDB: every write appended to {@code silver_tick_revisions}, the one table of ticks; the latest
 * per key is its newest row per key, read with a window ({@code silver_ticks} is that view, {@link DuckDbSql#VIEWS}),
 * and every revision is its newest row per (tick key, revision, document).
 */
final class DuckDbSilver implements SilverStore {
    /** Past this many locations a tick read filters them in Java instead of an SQL IN list. */
    static final int MANY_LOCATIONS = 32;

    private final DuckDbEngine db;
    /** The version of the last tick write: strictly increasing, it orders the revisions of an interval by arrival. */
    private final AtomicLong tickWrites = new AtomicLong();

    DuckDbSilver(DuckDbEngine db) {
        this.db = db;
    }

    @Override
    public Future<Void> writeTicks(List<EnrichedTick> ticks) {
        if (ticks.isEmpty()) return Future.succeededFuture();
        List<EnrichedTick> rows = LastWins.perKey(SilverTicks.TABLE, ticks);
        long now = tickWrites.updateAndGet(prev -> Math.max(prev + 1, Micros.of(Instant.now())));
        // append-only: a replay or a redelivery adds a newer copy of its rows, and reads keep the newest per key (the
        // latest tick) or per (tick key, revision, document) (the revisions). Replacing the older copy here would cost
        // an index on the largest table, or a scan of it on every write.
        return db.append(SilverTicks.REVISIONS, rows, now, 0);
    }

    @Override
    public Future<List<EnrichedTick>> queryLatestTicks(String tenant, String iso, String market,
                                                       Collection<String> locations, Instant from, Instant to) {
        if (locations.isEmpty()) return Future.succeededFuture(List.of());
        // copied here: the caller may change its collection while the query waits for the worker
        return ticks(SilverTicks.REVISIONS, DuckDbSql.newestPerKey(SilverTicks.TABLE), "location, interval_start",
                tenant, iso, market, new ArrayList<>(locations), from, to);
    }

    /** The latest tick per interval of one location (the read API). */
    Future<List<EnrichedTick>> latest(TickQuery q) {
        return ticks(SilverTicks.REVISIONS, DuckDbSql.newestPerKey(SilverTicks.TABLE), "interval_start", q);
    }

    /** One row per (interval, revision, document): the newest write of it, in arrival order per interval. */
    Future<List<EnrichedTick>> revisions(TickQuery q) {
        // null revision/document = '', as in EventIds and ClickHouse's sorting key
        return ticks(SilverTicks.REVISIONS, " QUALIFY row_number() OVER (PARTITION BY interval_start, "
                + "coalesce(revision, ''), coalesce(document_id, '') ORDER BY updated_at DESC) = 1",
                "interval_start, updated_at", q);
    }

    private Future<List<EnrichedTick>> ticks(Table<EnrichedTick> table, String qualify, String orderBy, TickQuery q) {
        return ticks(table, qualify, orderBy, q.tenant(), q.iso(), q.market(), Collections.singletonList(q.location()),
                q.from(), q.to());
    }

    /**
     * Ticks of some locations of one series whose interval start lies in {@code [from, to)}; every location is a bound
     * parameter (one {@code ?} each), never SQL text.
     */
    private Future<List<EnrichedTick>> ticks(Table<EnrichedTick> table, String qualify, String orderBy, String tenant,
                                             String iso, String market, List<String> locations, Instant from,
                                             Instant to) {
        // a long IN list costs DuckDB more to plan than scanning the window's rows does (a batch names most of a
        // market's nodes): past a few locations, the window is read and the locations kept here
        Set<String> keep = locations.size() > MANY_LOCATIONS ? new HashSet<>(locations) : null;
        String location = keep != null ? "" : locations.size() == 1 ? " AND location = ?"
                : " AND location IN " + DuckDbSql.marks(locations.size());
        String where = " WHERE tenant = ? AND iso = ? AND market = ?" + location
                + DuckDbSql.window("interval_start", from, to) + qualify + " ORDER BY " + orderBy;
        return db.select(table, where, ps -> {
            int i = DuckDbSql.bind(ps, tenant, iso, market);
            if (keep == null) for (String l : locations) ps.setString(i++, l);
            DuckDbSql.bindWindow(ps, i, from, to);
        }, keep == null ? null : row -> keep.contains(row.string(SilverTicks.LOCATION)));
    }

    @Override
    public Future<Optional<Instant>> newestInterval(String tenant, String iso, String market) {
        return db.onWorker(() -> {
            try (PreparedStatement ps = db.conn().prepareStatement("SELECT epoch_us(max(interval_end)) FROM "
                    + SilverTicks.REVISIONS.name() + " WHERE tenant = ? AND iso = ? AND market = ?")) {
                DuckDbSql.bind(ps, tenant, iso, market);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Optional.ofNullable(DuckDbSql.instant(rs, 1));
                }
            }
        });
    }
}
