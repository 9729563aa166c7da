package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.ops.Tracing;
import com.carbon254.ingestion.pipeline.StageContext;
import com.carbon254.ingestion.pipeline.store.DocumentCoverage;
import com.carbon254.ingestion.transport.Batch;
import com.carbon254.ingestion.transport.BatchPublisher;
import com.carbon254.ingestion.transport.Settlement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Takes one document into the pipeline — Bronze (stored with its sha256; a document already stored is acknowledged
 * and not re-emitted), the connector's extract on a worker thread, then the raw records published in batches with a
 * bounded number in flight. Shared by uploads and scheduled/requested connector runs; the only difference is when a
 * document the connector rejects is stored (see the two entry points).
 *
 * <p>An outcome completes only once everything the document produced is queryable: on the event bus a publish
 * completes only when the whole pipeline has finished with the batch; on Kafka the document's trace is followed
 * through the stages' progress reports ({@link Settlement}).
 *
 * <p>Tracing: the caller starts the document's span ({@link #trace}); its W3C {@code traceparent} is handed to the
 * entry points, and every batch the document publishes (records, DLQ, anomalies) is that span's child.
 */
public final class DocumentIngest {

    public enum Kind { PUBLISHED, DUPLICATE, REJECTED }

    /**
     * @param recordsIn raw units the document held: grouped records plus rows rejected before grouping
     * @param reason    for {@link Kind#REJECTED}: the connector's reason code; {@code detail} says what and where
     */
    /**
     * @param skipped        records left out because their interval was emitted before (streaming only)
     * @param newestInterval end of the newest interval published (streaming only), else null
     * @param sourceRows     data rows the document held ({@link Extraction#sourceRows()}), also for a duplicate
     *                       (what paging needs to know whether another page follows); 0 when it was not read
     */
    public record Outcome(Kind kind, String dataset, long recordsIn, long rejectedRows, String reason, String detail,
                          long skipped, Instant newestInterval, long sourceRows) {
        static Outcome duplicate(long sourceRows) {
            return new Outcome(Kind.DUPLICATE, null, 0, 0, null, null, 0, null, sourceRows);
        }
    }

    private final Vertx vertx;
    private final StageContext ctx;
    private final int batchSize;
    private final int maxInFlight;

    public DocumentIngest(Vertx vertx, StageContext ctx, int batchSize) {
        this.vertx = vertx;
        this.ctx = ctx;
        this.batchSize = batchSize;
        this.maxInFlight = ctx.settings().maxInFlight();
    }

    /**
     * Starts the root span of one document's trace ({@code kind}: import, fetch, poll); with tracing off its trace id
     * is {@code ownId}. The caller ends it when the document's outcome is known.
     */
    public Tracing.DocumentSpan trace(String kind, Connector c, String name, String ownId) {
        return ctx.tracing().document(kind + " " + c.name(), ownId, Map.of("connector", c.name(),
                "document.name", name, "tenant_id", ctx.tenant(), "ingestion.job_id", ownId));
    }

    /** A Bronze document for {@code content}, its sha256 computed on a worker thread. */
    public Future<RawDocument> document(Connector c, String name, byte[] content, String traceId) {
        return document(ctx.tenant(), c, name, content, traceId);
    }

    /** {@link #document} of {@code tenant} (an upload is its caller's tenant's, not the process's). */
    public Future<RawDocument> document(String tenant, Connector c, String name, byte[] content, String traceId) {
        Instant now = ctx.clock().instant();
        return vertx.executeBlocking(() -> new RawDocument(tenant, c.name(), name, null,
                sha256(content), content, now, traceId));
    }

    /**
     * Uploads: whatever a user posted is kept (audit), readable or not. A document already stored for this connector
     * is a duplicate even if it was unreadable the first time. One stored for another connector (posted to the wrong
     * ISO first, and refused there) is read by this one: a mistaken post never blocks the right one; the coverage its
     * records write names this connector, which is what a reprocess replays it with. (Bronze keeps the first
     * connector's name, so a later post of it is read again rather than called a duplicate: the same records with the
     * same ids, nothing stored twice.)
     */
    public Future<Outcome> bronzeFirst(Connector c, RawDocument doc, String traceparent) {
        return Settlement.around(ctx.transport(), doc.traceId(), () -> bronzeFirstPublished(c, doc, traceparent));
    }

    private Future<Outcome> bronzeFirstPublished(Connector c, RawDocument doc, String tp) {
        return ctx.stores().bronze().putDocumentIfAbsent(doc).compose(fresh -> {
            if (fresh) return extractAndPublish(c, doc, tp);
            return ctx.stores().bronze().getDocument(doc.tenant(), doc.sha256()).compose(stored ->
                    stored.isPresent() && !c.name().equals(stored.get().connector())
                            ? extractAndPublish(c, doc, tp)
                            : Future.succeededFuture(Outcome.duplicate(0)));
        });
    }

    private Future<Outcome> extractAndPublish(Connector c, RawDocument doc, String tp) {
        return extract(c, doc).compose(r -> r instanceof Extraction x ? publish(c, doc, tp, x, x.records().size(),
                false) : reject(c, doc, tp, (DocumentRejectedException) r));
    }

    /**
     * An upload already in Bronze whose records may not all have gone through (its import was cut short by a crash or
     * a failed publish): extracted and published again. Records have deterministic ids, so whatever went through the
     * first time is replaced by itself.
     */
    public Future<Outcome> republish(Connector c, RawDocument doc, String traceparent) {
        return Settlement.around(ctx.transport(), doc.traceId(), () -> extractAndPublish(c, doc, traceparent));
    }

    /**
     * Fetched documents: an ISO error disguised as data (CAISO's HTTP-200 error zip) or an unreadable body is not
     * data, so it is not stored — a later fetch of the same error must fail again, not pass as a duplicate.
     */
    public Future<Outcome> validatedFirst(Connector c, RawDocument doc, String traceparent) {
        return validatedFirst(c, doc, null, traceparent);
    }

    /**
     * As {@link #validatedFirst(Connector, RawDocument, String)}, publishing only records whose interval ends after
     * {@code after} (streaming: a "current" document repeats intervals already emitted). Null publishes all.
     */
    public Future<Outcome> validatedFirst(Connector c, RawDocument doc, Instant after, String traceparent) {
        return Settlement.around(ctx.transport(), doc.traceId(), () -> validatedFirstPublished(c, doc, after,
                traceparent));
    }

    private Future<Outcome> validatedFirstPublished(Connector c, RawDocument doc, Instant after, String tp) {
        return extract(c, doc).compose(r -> {
            if (r instanceof DocumentRejectedException e) return reject(c, doc, tp, e);
            Extraction x = (Extraction) r;
            return ctx.stores().bronze().putDocumentIfAbsent(doc.withDataset(x.dataset())).compose(fresh -> fresh
                    ? publish(c, doc, tp, after == null ? x : newerThan(c, x, after), x.records().size(),
                    after != null)
                    : Future.succeededFuture(Outcome.duplicate(x.sourceRows())));
        });
    }

    /** The extraction without records at or before {@code after}; records without a readable interval are kept. */
    private static Extraction newerThan(Connector c, Extraction x, Instant after) {
        List<RawRecord> keep = new ArrayList<>(x.records().size());
        for (RawRecord r : x.records()) {
            java.util.Optional<Instant> end = c.intervalEnd(r);
            if (end.isEmpty() || end.get().isAfter(after)) keep.add(r);
        }
        return new Extraction(x.dataset(), x.market(), keep, x.rejections(), x.sourceRows());
    }

    private Future<Object> extract(Connector c, RawDocument doc) {
        return vertx.executeBlocking(() -> {
            try {
                return c.extract(doc);
            } catch (DocumentRejectedException e) {
                return e;
            }
        }, false);
    }

    /**
     * A whole document refused: one DLQ record, and for a drifted header or an empty document also a
     * {@code schema_drift} / {@code empty_document} anomaly, so format changes show up in the data-quality stream.
     */
    private Future<Outcome> reject(Connector c, RawDocument doc, String tp, DocumentRejectedException e) {
        ctx.metrics().stageCounts(Stage.CONNECTORS.id(), 1, 0, 1);
        Rejection r = new Rejection(e.reason(), e.getMessage(), 0, null);
        Future<Void> dlq = ctx.outputs().reject(Stage.CONNECTORS, Topics.raw(c.iso()), doc.traceId(), tp, doc.tenant(),
                doc.sha256(), List.of(r));
        String type = switch (e.reason()) {
            case "header_drift" -> "schema_drift";
            case "empty_document" -> "empty_document";
            default -> null;
        };
        Future<Void> anomaly = Future.succeededFuture();
        if (type != null) {
            ctx.metrics().anomaly(type, 1);
            Anomaly a = new Anomaly(doc.tenant(), c.iso(), doc.dataset(), null, null, type,
                    doc.name() + ": " + e.getMessage(), doc.sha256(), ctx.clock().instant());
            ctx.metrics().events().anomalies(List.of(a));
            anomaly = ctx.transport().publish(Topics.ANOMALIES, new Batch<>(doc.traceId(), doc.tenant(), List.of(a),
                    tp));
        }
        return Future.all(dlq, anomaly)
                .map(new Outcome(Kind.REJECTED, null, 0, 1, e.reason(), e.getMessage(), 0, null, 0));
    }

    private Future<Outcome> publish(Connector c, RawDocument doc, String tp, Extraction x, int extracted,
                                    boolean trackNewest) {
        long in = x.records().size() + x.rejections().size();
        long skipped = extracted - x.records().size();
        Instant newest = null;
        if (trackNewest) {
            for (RawRecord r : x.records()) {
                Instant e = c.intervalEnd(r).orElse(null);
                if (e != null && (newest == null || e.isAfter(newest))) newest = e;
            }
        }
        Instant newestEnd = newest;
        ctx.metrics().stageCounts(Stage.CONNECTORS.id(), in, x.records().size(), x.rejections().size());
        String topic = Topics.raw(c.iso());
        Future<Void> rejected = ctx.outputs().reject(Stage.CONNECTORS, topic, doc.traceId(), tp, doc.tenant(),
                doc.sha256(), x.rejections());
        // coverage first: a document whose publish fails half-way can still be found and reprocessed
        return coverage(c, doc, x).compose(v -> Future.all(rejected, BatchPublisher.publish(ctx.transport(), topic,
                        doc.traceId(), tp, doc.tenant(), x.records(), RawRecord::location, batchSize, maxInFlight)))
                .map(new Outcome(Kind.PUBLISHED, x.dataset(), in, x.rejections().size(), null, null, skipped, newestEnd,
                        x.sourceRows()));
    }

    /**
     * Records which intervals the document holds (reprocessing selects documents by it). Nothing is recorded for a
     * document none of whose records names a readable interval: there is nothing a window could select.
     */
    private Future<Void> coverage(Connector c, RawDocument doc, Extraction x) {
        // an interval per record to read (CAISO: 40k timestamps): not on the event loop
        return vertx.executeBlocking(() -> coverageOf(c, doc, x), false)
                .compose(cov -> cov.map(ctx.stores().bronze()::putCoverage).orElse(Future.succeededFuture()));
    }

    /** The document's first and last interval end over the extracted records, empty when none has one. */
    static java.util.Optional<DocumentCoverage> coverageOf(Connector c, RawDocument doc, Extraction x) {
        Instant first = null;
        Instant last = null;
        for (RawRecord r : x.records()) {
            Instant e = c.intervalEnd(r).orElse(null);
            if (e == null) continue;
            if (first == null || e.isBefore(first)) first = e;
            if (last == null || e.isAfter(last)) last = e;
        }
        if (first == null) return java.util.Optional.empty();
        return java.util.Optional.of(new DocumentCoverage(doc.tenant(), doc.sha256(), c.name(), c.iso(),
                x.dataset() != null ? x.dataset() : doc.dataset(), first, last, doc.receivedAt()));
    }

    static String sha256(byte[] content) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
