package com.carbon254.ingestion.store.clickhouse;

import com.carbon254.ingestion.pipeline.store.StoreEngine;
import com.carbon254.ingestion.store.Column;
import com.carbon254.ingestion.store.Table;
import com.carbon254.ingestion.store.Tables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A ClickHouse database's lifecycle: its tables ({@link ClickHouseSql#ddl}), readiness, and its removal (tests). */
public final class ClickHouseEngine implements StoreEngine {
    private final ClickHouseHttp http;

    /** An engine of its own, on a client of its own (test clean-up). */
    public ClickHouseEngine(Vertx vertx, ClickHouseStoreConfig cfg) {
        this(new ClickHouseHttp(vertx, cfg));
    }

    ClickHouseEngine(ClickHouseHttp http) {
        this.http = http;
    }

    @Override
    public String name() {
        return "clickhouse";
    }

    /** The database this store writes to. */
    public String database() {
        return http.config().database();
    }

    @Override
    public Future<Void> init() {
        Future<Void> chain = http.exec("CREATE DATABASE IF NOT EXISTS " + http.db());
        for (String ddl : ClickHouseSql.ddl(http.db())) chain = chain.compose(v -> http.exec(ddl));
        return chain.compose(v -> requireCurrentSchema()).compose(v -> addNewColumns());
    }

    /**
     * Nullable columns declared after a table was created (the tick's {@code location_id}) are added to it: tables an
     * older version created keep working, their rows read NULL there.
     */
    private Future<Void> addNewColumns() {
        return http.query("SELECT table, name FROM system.columns WHERE database = " + ClickHouseSql.lit(database()))
                .compose(r -> {
                    Map<String, java.util.Set<String>> have = new java.util.HashMap<>();
                    while (r.nextRow()) have.computeIfAbsent(r.string(), k -> new java.util.HashSet<>()).add(r.string());
                    Future<Void> chain = Future.succeededFuture();
                    for (Table<?> t : Tables.ALL) {
                        java.util.Set<String> cols = have.get(t.name());
                        if (cols == null) continue;
                        for (Column<?> c : t.columns()) {
                            if (c.inClickHouse() && c.nullable() && !cols.contains(c.clickHouseName())) {
                                chain = chain.compose(v -> http.exec(ClickHouseSql.addColumn(database(), t, c)));
                            }
                        }
                    }
                    return chain;
                });
    }

    /**
     * {@code CREATE TABLE IF NOT EXISTS} leaves tables of an older version as they are: the append-only MergeTree
     * revisions, DLQ and anomaly tables would fail writes or {@code FINAL} reads, so start-up refuses them with what to
     * do (no migration: the project is young).
     */
    private Future<Void> requireCurrentSchema() {
        return http.query("SELECT name, engine FROM system.tables WHERE database = " + ClickHouseSql.lit(database())
                + " AND name IN ('silver_tick_revisions', 'dlq', 'anomalies') AND engine != 'ReplacingMergeTree'"
                + " ORDER BY name").compose(r -> {
                    List<String> old = new ArrayList<>();
                    while (r.nextRow()) old.add(database() + "." + r.string() + " (" + r.string() + ")");
                    if (old.isEmpty()) return Future.succeededFuture();
                    return Future.failedFuture(new IllegalStateException("ClickHouse table(s) " + String.join(", ", old)
                            + " were created by an older carbon-ingestion (append-only); this version keeps one row per "
                            + "key in a ReplacingMergeTree: drop them (DROP TABLE) or use a new database"));
                });
    }

    @Override
    public Future<Void> ping() {
        return http.exec("SELECT 1");
    }

    @Override
    public Future<Void> close() {
        return http.close();
    }

    /** Drops this store's database (test clean-up). */
    public Future<Void> dropDatabase() {
        return http.exec("DROP DATABASE IF EXISTS " + http.db());
    }
}
