package com.carbon254.ingestion.store.duckdb;

import com.carbon254.ingestion.pipeline.store.Stores;
import io.vertx.core.Vertx;

import java.nio.file.Path;

/** The store ports on one DuckDB file (or {@code :memory:}), sharing one {@link DuckDbEngine}. */
public final class DuckDbStores {
    private DuckDbStores() {
    }

    /**
     * The ports on {@code file} (parent directories are created by {@code init()}), or on a new in-memory database for
     * {@code :memory:}; nothing is opened before {@code stores.engine().init()}.
     */
    public static Stores open(Vertx vertx, Path file) {
        return open(vertx, file, DuckDbEngine.IDLE_CHECKPOINT_MS);
    }

    /** @param idleCheckpointMs how long writes must have paused before the store checkpoints (tests shorten it) */
    static Stores open(Vertx vertx, Path file, long idleCheckpointMs) {
        DuckDbEngine engine = new DuckDbEngine(vertx, file, idleCheckpointMs);
        DuckDbSilver silver = new DuckDbSilver(engine);
        return new Stores(engine, new DuckDbBronze(engine), silver, new DuckDbGold(engine), new DuckDbAudit(engine),
                new DuckDbQueries(engine, silver));
    }
}
