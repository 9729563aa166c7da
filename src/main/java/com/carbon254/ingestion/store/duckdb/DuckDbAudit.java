package com.carbon254.ingestion.store.duckdb;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.pipeline.store.AuditStore;
import com.carbon254.ingestion.store.Tables.Anomalies;
import com.carbon254.ingestion.store.Tables.Dlq;
import io.vertx.core.Future;

import java.util.List;

/**
 * DLQ records and anomalies in DuckDB, keyed by (tenant, deterministic event id) and inserted only when new
 * ({@code ON CONFLICT DO NOTHING}): a record written again (a replay, a redelivery) is not stored twice, and the first
 * write, with its time, stays.
 */
final class DuckDbAudit implements AuditStore {
    private final DuckDbEngine db;

    DuckDbAudit(DuckDbEngine db) {
        this.db = db;
    }

    @Override
    public Future<Void> writeDlq(List<DlqRecord> records) {
        return db.insertNew(Dlq.TABLE, records);
    }

    @Override
    public Future<Void> writeAnomalies(List<Anomaly> anomalies) {
        return db.insertNew(Anomalies.TABLE, anomalies);
    }
}
