package com.carbon254.ingestion.connector;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * Progress and outcome of one import (a file posted to {@code /api/v1/connectors/{name}/imports} or given to the
 * {@code import} command). Immutable snapshot; the service replaces it as the import advances.
 *
 * @param status     {@code running}, {@code done} (everything is queryable), or {@code failed} (the document could not
 *                   be read at all, or the pipeline failed)
 * @param recordsIn  raw units the document held: one per (location, interval), plus rows rejected before grouping
 * @param ticksOut   silver ticks now served from this document
 * @param rejected   records of this document in the DLQ
 * @param tenant     whose import this is: the only tenant that sees it
 */
public record ImportJob(String id, String connector, String fileName, String status, String dataset, String documentId,
                        int documents, int duplicates, long recordsIn, long ticksOut, long rejected,
                        List<Reason> reasons, String error, Instant startedAt, Instant finishedAt, String tenant) {

    public record Reason(String reason, long count, String example) {
    }

    public static ImportJob running(String id, String tenant, String connector, String fileName, Instant now) {
        return new ImportJob(id, connector, fileName, "running", null, null, 0, 0, 0, 0, 0, List.of(), null, now, null,
                tenant);
    }

    /** The same job advanced: status, what was learnt about the document, counts so far. */
    ImportJob with(String newStatus, String newDataset, String sha, int newDuplicates, long newRecordsIn,
                   String newError) {
        return new ImportJob(id, connector, fileName, newStatus, newDataset == null ? dataset : newDataset, sha,
                sha == null ? 0 : 1, newDuplicates, newRecordsIn, ticksOut, rejected, reasons, newError, startedAt,
                finishedAt, tenant);
    }

    /** The job at its end, with the counts read back from the store. */
    ImportJob finish(String newStatus, long newTicksOut, long newRejected, List<Reason> newReasons, Instant at) {
        return new ImportJob(id, connector, fileName, newStatus, dataset, documentId, documents, duplicates, recordsIn,
                newTicksOut, newRejected, newReasons, error, startedAt, at, tenant);
    }

    public boolean finished() {
        return !"running".equals(status);
    }

    public double elapsedSeconds() {
        Instant end = finishedAt == null ? Instant.now() : finishedAt;
        return (end.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
    }

    public JsonObject toJson() {
        JsonArray rs = new JsonArray();
        reasons.forEach(r -> rs.add(new JsonObject().put("reason", r.reason()).put("count", r.count())
                .put("example", r.example())));
        return new JsonObject().put("id", id).put("tenant", tenant).put("connector", connector).put("file", fileName).put("status", status)
                .put("dataset", dataset).put("document_sha256", documentId)
                .put("documents", documents).put("duplicates", duplicates).put("records_in", recordsIn)
                .put("ticks_out", ticksOut).put("rejected", rejected).put("reasons", rs).put("error", error)
                .put("started_at", startedAt.toString())
                .put("finished_at", finishedAt == null ? null : finishedAt.toString())
                .put("elapsed_seconds", elapsedSeconds());
    }
}
