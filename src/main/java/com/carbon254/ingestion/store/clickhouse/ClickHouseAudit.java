package com.carbon254.ingestion.store.clickhouse;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.pipeline.store.AuditStore;
import com.carbon254.ingestion.store.Tables.Anomalies;
import com.carbon254.ingestion.store.Tables.Dlq;
import io.vertx.core.Future;

import java.util.List;

/**
 * DLQ records and anomalies in ClickHouse: {@code ReplacingMergeTree(version)} on (tenant, deterministic event id),
 * where a later write has a lower version, so the FIRST write of an id stays (with its time), whatever replay or
 * redelivery writes it again. Read with {@code FINAL}.
 */
final class ClickHouseAudit implements AuditStore {
    private final ClickHouseHttp http;

    ClickHouseAudit(ClickHouseHttp http) {
        this.http = http;
    }

    @Override
    public Future<Void> writeDlq(List<DlqRecord> records) {
        return http.insertNew(Dlq.TABLE, records);
    }

    @Override
    public Future<Void> writeAnomalies(List<Anomaly> anomalies) {
        return http.insertNew(Anomalies.TABLE, anomalies);
    }
}
