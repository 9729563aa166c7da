package com.carbon254.ingestion.store.duckdb;

import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.RollingMetric;
import com.carbon254.ingestion.pipeline.store.GoldStore;
import com.carbon254.ingestion.store.LastWins;
import com.carbon254.ingestion.store.Micros;
import com.carbon254.ingestion.store.Tables.GoldBars;
import com.carbon254.ingestion.store.Tables.GoldCurves;
import com.carbon254.ingestion.store.Tables.GoldRolling;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Gold in DuckDB: bars and curve points upserted, rolling metrics appended (the newest version per key is read). */
final class DuckDbGold implements GoldStore {
    private final DuckDbEngine db;
    /** The last row version given to a rolling metric. */
    private final AtomicLong rollingVersion = new AtomicLong();

    DuckDbGold(DuckDbEngine db) {
        this.db = db;
    }

    @Override
    public Future<Void> writeBars(List<Bar> bars) {
        if (bars.isEmpty()) return Future.succeededFuture();
        return db.upsert(GoldBars.TABLE, LastWins.perKey(GoldBars.TABLE, bars), Micros.of(Instant.now()));
    }

    @Override
    public Future<Void> writeRolling(List<RollingMetric> metrics) {
        if (metrics.isEmpty()) return Future.succeededFuture();
        long now = Micros.of(Instant.now());
        // one increasing version per row: a later row of the same key wins, within a batch too, with no dedupe pass
        long last = rollingVersion.updateAndGet(p -> Math.max(p, now) + metrics.size());
        return db.append(GoldRolling.TABLE, metrics, now, last - metrics.size() + 1);
    }

    @Override
    public Future<Void> writeCurves(List<CurvePoint> points) {
        if (points.isEmpty()) return Future.succeededFuture();
        return db.upsert(GoldCurves.TABLE, LastWins.perKey(GoldCurves.TABLE, points), Micros.of(Instant.now()));
    }
}
