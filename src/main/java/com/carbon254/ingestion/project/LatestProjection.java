package com.carbon254.ingestion.project;

import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.pipeline.Catalog;
import com.carbon254.ingestion.pipeline.store.LatestStore;
import com.carbon254.ingestion.pipeline.store.LatestStore.Entry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the served latest values ({@link LatestStore}) from the ticks and bars the projector stores. The cache never
 * holds gold storage back: a batch waits for its latest values at most {@link #WAIT_MS} (so on a healthy cache an
 * import is done only once they are served too); when the cache fails or is slow the values wait here — the newest per
 * key, so the backlog is bounded by the number of series — and are written again every {@link #RETRY_MS} until the
 * cache takes them, counted in {@code projection_cache_errors_total} and said once in the log per outage. Writes are
 * compared on the cache's side, so a late retry can never put an older value over a newer one.
 */
final class LatestProjection {
    private static final Logger LOG = LoggerFactory.getLogger(LatestProjection.class);
    static final long WAIT_MS = 2_000;
    static final long RETRY_MS = 1_000;

    private final Vertx vertx;
    private final LatestStore store;
    /** The deployment's ISOs by code: their revision ranks. */
    private final Map<String, Iso> isos = new HashMap<>();
    private final Metrics metrics;
    /** Values not yet taken by the cache, newest per key; guarded by {@code this}. */
    private final Map<String, Entry> pending = new HashMap<>();
    private boolean retryScheduled;
    /** The last write to the cache started: a batch whose values it carries waits for it. */
    private Future<Void> lastFlush = Future.succeededFuture();
    private boolean failing;
    private volatile boolean closed;

    LatestProjection(Vertx vertx, LatestStore store, Catalog catalog, Metrics metrics) {
        this.vertx = vertx;
        this.store = store;
        for (Iso i : catalog.isos()) isos.put(i.code(), i);
        this.metrics = metrics;
        metrics.cachePending(this::pendingCount);
    }

    Future<Void> ticks(List<EnrichedTick> ticks) {
        // the newest of each location in this batch first (a batch often holds a location's whole day)
        Map<Series, Candidate> newest = new HashMap<>();
        for (EnrichedTick et : ticks) {
            Tick t = et.tick();
            if (t.intervalStart() == null) continue;
            Iso iso = isos.get(t.iso());
            Candidate c = new Candidate(et, micros(t.intervalStart()), iso == null ? 0 : iso.revisionRank(t.revision()));
            newest.merge(new Series(t.tenant(), t.iso(), t.market(), t.location()), c,
                    (cur, next) -> Entry.newer(next.at, next.rank, cur.at, cur.rank) ? next : cur);
        }
        List<Entry> entries = new ArrayList<>(newest.size());
        for (Candidate c : newest.values()) entries.add(tick(c.tick, c.rank));
        return write(entries);
    }

    Future<Void> bars(List<Bar> bars) {
        Map<String, Bar> newest = new HashMap<>();
        for (Bar b : bars) {
            String k = b.tenant() + '\u0000' + b.iso() + '\u0000' + b.market() + '\u0000' + b.location() + '\u0000'
                    + b.component().id() + '\u0000' + b.resolution();
            newest.merge(k, b, (cur, next) -> next.start().isBefore(cur.start()) ? cur : next);
        }
        List<Entry> entries = new ArrayList<>(newest.size());
        for (Bar b : newest.values()) entries.add(bar(b));
        return write(entries);
    }

    private record Series(String tenant, String iso, String market, String location) {
    }

    private record Candidate(EnrichedTick tick, long at, int rank) {
    }

    /** {@code entries}: one per key (what {@link #ticks} and {@link #bars} make). */
    private Future<Void> write(List<Entry> entries) {
        if (entries.isEmpty()) return Future.succeededFuture();
        synchronized (this) {
            for (Entry e : entries) pending.merge(e.key(), e, (cur, next) -> next.replaces(cur) ? next : cur);
        }
        Promise<Void> answered = Promise.promise();
        long timer = vertx.setTimer(WAIT_MS, id -> {
            if (answered.tryComplete()) {
                metrics.cacheError("timeout");
                LOG.warn("latest-value cache ({}) did not answer within {} ms; storage goes on, the values wait",
                        store.name(), WAIT_MS);
            }
        });
        flush().onComplete(ar -> {
            vertx.cancelTimer(timer);
            answered.tryComplete();
        });
        return answered.future();
    }

    /** Writes what is pending; on failure puts it back (newer values that came meanwhile win) and retries later. */
    private Future<Void> flush() {
        List<Entry> batch;
        Promise<Void> written = Promise.promise();
        synchronized (this) {
            // nothing left: another flush took these values; wait for that one
            if (pending.isEmpty()) return lastFlush;
            batch = new ArrayList<>(pending.values());
            pending.clear();
            lastFlush = written.future();
        }
        return store.put(batch).onComplete(written).onSuccess(v -> {
            boolean recovered;
            synchronized (this) {
                recovered = failing && pending.isEmpty();
                if (recovered) failing = false;
            }
            if (recovered) LOG.info("latest-value cache ({}) answers again; caught up", store.name());
        }).onFailure(e -> {
            boolean first;
            synchronized (this) {
                for (Entry x : batch) pending.merge(x.key(), x, (cur, next) -> cur.replaces(next) ? cur : next);
                first = !failing;
                failing = true;
            }
            metrics.cacheError("error");
            if (first) {
                LOG.warn("latest-value cache ({}) failed: {}; gold storage goes on, {} latest values wait and are"
                        + " written when it answers again", store.name(), e.getMessage(), pendingCount());
            }
            scheduleRetry();
        });
    }

    private synchronized void scheduleRetry() {
        if (retryScheduled || closed) return;
        retryScheduled = true;
        vertx.setTimer(RETRY_MS, id -> {
            synchronized (this) {
                retryScheduled = false;
            }
            if (!closed) flush();
        });
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    void close() {
        closed = true;
    }

    private static Entry tick(EnrichedTick et, int rank) {
        Tick t = et.tick();
        return new Entry(t.tenant(), LatestStore.TICK, t.iso(), t.market(), t.location(), "",
                micros(t.intervalStart()), rank, () -> QueryApi.tickJson(et).put("iso", t.iso())
                        .put("market", t.market()).put("location", t.location()));
    }

    private static Entry bar(Bar b) {
        return new Entry(b.tenant(), LatestStore.BAR, b.iso(), b.market(), b.location(),
                b.component().id() + ":" + b.resolution(), micros(b.start()), 0, () -> QueryApi.barJson(b)
                        .put("iso", b.iso()).put("market", b.market()).put("location", b.location())
                        .put("component", b.component().id()).put("resolution", b.resolution()));
    }

    private static long micros(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000);
    }
}
