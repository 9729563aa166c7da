package com.carbon254.ingestion.pipeline.store;

import io.vertx.core.Future;

/** The engine behind a process's store ports: started and stopped once, asked whether it answers. */
public interface StoreEngine {
    /**
     * Creates tables if missing (idempotent); fails, naming the tables to drop, on tables an older version created
     * with an incompatible layout. No migration.
     */
    Future<Void> init();

    /** Answers when the engine answers (readiness). */
    Future<Void> ping();

    /** Engine name as in descriptors ({@code duckdb}, {@code clickhouse}). */
    String name();

    Future<Void> close();
}
