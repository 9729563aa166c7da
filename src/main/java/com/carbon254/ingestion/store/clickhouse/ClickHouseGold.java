package com.carbon254.ingestion.store.clickhouse;

import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.RollingMetric;
import com.carbon254.ingestion.pipeline.store.GoldStore;
import com.carbon254.ingestion.store.LastWins;
import com.carbon254.ingestion.store.Table;
import com.carbon254.ingestion.store.Tables.GoldBars;
import com.carbon254.ingestion.store.Tables.GoldCurves;
import com.carbon254.ingestion.store.Tables.GoldRolling;
import io.vertx.core.Future;

import java.util.List;

/** Gold in ClickHouse: every table a {@code ReplacingMergeTree(updated_at)} on its key, one version per write. */
final class ClickHouseGold implements GoldStore {
    private final ClickHouseHttp http;

    ClickHouseGold(ClickHouseHttp http) {
        this.http = http;
    }

    @Override
    public Future<Void> writeBars(List<Bar> bars) {
        return upsert(GoldBars.TABLE, bars);
    }

    @Override
    public Future<Void> writeRolling(List<RollingMetric> metrics) {
        return upsert(GoldRolling.TABLE, metrics);
    }

    @Override
    public Future<Void> writeCurves(List<CurvePoint> points) {
        return upsert(GoldCurves.TABLE, points);
    }

    /** Rows of one insert share its version: a key repeated in the batch is collapsed first, the last one winning. */
    private <T> Future<Void> upsert(Table<T> t, List<T> rows) {
        if (rows.isEmpty()) return Future.succeededFuture();
        return http.insert(t, LastWins.perKey(t, rows), http.nextVersion());
    }
}
