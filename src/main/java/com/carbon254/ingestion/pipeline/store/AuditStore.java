package com.carbon254.ingestion.pipeline.store;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.DlqRecord;
import io.vertx.core.Future;

import java.util.List;

/** Audit: what the stages rejected and what the data-quality checks found, each stored once per event id. */
public interface AuditStore {
    /** Stores records a stage rejected; one already stored (same event id) keeps its first write. */
    Future<Void> writeDlq(List<DlqRecord> records);

    /** Stores data-quality findings; one already stored (same event id) keeps its first write. */
    Future<Void> writeAnomalies(List<Anomaly> anomalies);
}
