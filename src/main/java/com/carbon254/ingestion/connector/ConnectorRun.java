package com.carbon254.ingestion.connector;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One run of a connector's dataset over operating days {@code [from, to)}: requested over the API or by the scheduler.
 * Immutable snapshot; the run service replaces it as the run advances.
 *
 * @param status     {@code queued}, {@code running}, {@code succeeded} or {@code failed}
 * @param attempts   HTTP attempts across every request of the run (retries included)
 * @param documents  documents fetched and published
 * @param records    raw records published
 * @param duplicates documents already stored (nothing re-emitted)
 * @param missing    0-byte answers: a document the ISO has not posted, not an empty table
 */
public record ConnectorRun(String id, String connector, String dataset, LocalDate from, LocalDate to, String trigger,
                           String status, int attempts, int documents, long records, int duplicates, int missing,
                           long bytes, String error, Instant queuedAt, Instant startedAt, Instant finishedAt) {

    public static ConnectorRun queued(String id, String connector, String dataset, LocalDate from, LocalDate to,
                                      String trigger, Instant now) {
        return new ConnectorRun(id, connector, dataset, from, to, trigger, "queued", 0, 0, 0, 0, 0, 0, null, now,
                null, null);
    }

    public boolean finished() {
        return "succeeded".equals(status) || "failed".equals(status);
    }

    ConnectorRun started(Instant at) {
        return new ConnectorRun(id, connector, dataset, from, to, trigger, "running", attempts, documents, records,
                duplicates, missing, bytes, error, queuedAt, at, null);
    }

    ConnectorRun fetched(int moreAttempts, long moreBytes) {
        return new ConnectorRun(id, connector, dataset, from, to, trigger, status, attempts + moreAttempts, documents,
                records, duplicates, missing, bytes + moreBytes, error, queuedAt, startedAt, finishedAt);
    }

    ConnectorRun counted(int moreDocuments, long moreRecords, int moreDuplicates, int moreMissing) {
        return new ConnectorRun(id, connector, dataset, from, to, trigger, status, attempts, documents + moreDocuments,
                records + moreRecords, duplicates + moreDuplicates, missing + moreMissing, bytes, error, queuedAt,
                startedAt, finishedAt);
    }

    ConnectorRun ended(String err, Instant at) {
        return new ConnectorRun(id, connector, dataset, from, to, trigger, err == null ? "succeeded" : "failed",
                attempts, documents, records, duplicates, missing, bytes, err, queuedAt, startedAt, at);
    }

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("connector", connector).put("dataset", dataset)
                .put("from", from.toString()).put("to", to.toString()).put("trigger", trigger).put("status", status)
                .put("attempts", attempts).put("documents", documents).put("records", records)
                .put("duplicates", duplicates).put("missing", missing).put("bytes", bytes).put("error", error)
                .put("queued_at", queuedAt.toString())
                .put("started_at", startedAt == null ? null : startedAt.toString())
                .put("finished_at", finishedAt == null ? null : finishedAt.toString());
    }
}
