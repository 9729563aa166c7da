package com.carbon254.ingestion.store.clickhouse;

import com.carbon254.ingestion.pipeline.store.Stores;
import io.vertx.core.Vertx;

/** The store ports on one ClickHouse database, sharing one HTTP client ({@link ClickHouseHttp}). */
public final class ClickHouseStores {
    private ClickHouseStores() {
    }

    /** The ports on {@code cfg}'s database, created (with its tables) by {@code stores.engine().init()}. */
    public static Stores open(Vertx vertx, ClickHouseStoreConfig cfg) {
        ClickHouseHttp http = new ClickHouseHttp(vertx, cfg);
        ClickHouseSilver silver = new ClickHouseSilver(http);
        return new Stores(new ClickHouseEngine(http), new ClickHouseBronze(http), silver, new ClickHouseGold(http),
                new ClickHouseAudit(http), new ClickHouseQueries(http, silver));
    }
}
