package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.app.StageContext;
import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.project.DocumentCounts;
import com.carbon254.ingestion.transport.Batch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Takes a document exactly as the ISO serves it into the pipeline: Bronze first (stored with its sha256; a document
 * already stored is acknowledged and not re-emitted), then the connector's extract, then the raw records published in
 * batches with a bounded number in flight. On the event bus a publish completes only when the whole pipeline has
 * finished with the batch, so the job turns {@code done} exactly when everything it produced is queryable.
 */
public final class ImportService {
    private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);
    public static final String STAGE = "connectors";
    private final Vertx vertx;
    private final StageContext ctx;
    private final int batchSize;
    private final int maxInFlight;
    private final Map<String, ImportJob> jobs = new ConcurrentHashMap<>();

    public ImportService(Vertx vertx, StageContext ctx, int batchSize) {
        this.vertx = vertx;
        this.ctx = ctx;
        this.batchSize = batchSize;
        this.maxInFlight = ctx.config().transport().maxInFlight();
    }

    public Optional<ImportJob> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Starts an import and returns its id at once; {@link #job} follows it. */
    public String submit(Connector connector, String fileName, byte[] content) {
        String id = UUID.randomUUID().toString();
        jobs.put(id, ImportJob.running(id, connector.name(), fileName, ctx.clock().instant()));
        run(id, connector, fileName, content);
        return id;
    }

    /** Runs an import to its end; the future completes with the final job (never fails: failures are a status). */
    public Future<ImportJob> run(Connector connector, String fileName, byte[] content) {
        String id = UUID.randomUUID().toString();
        jobs.put(id, ImportJob.running(id, connector.name(), fileName, ctx.clock().instant()));
        return run(id, connector, fileName, content);
    }

    private Future<ImportJob> run(String id, Connector connector, String fileName, byte[] content) {
        String tenant = ctx.config().tenant();
        String rawTopic = Topics.raw(connector.iso());
        return vertx.executeBlocking(() -> sha256(content))
                .compose(sha -> {
                    RawDocument doc = new RawDocument(tenant, connector.name(), fileName, null, sha, content,
                            ctx.clock().instant(), id);
                    update(id, j -> with(j, "running", null, sha, 1, 0, 0, null));
                    return ctx.store().putDocumentIfAbsent(doc).compose(fresh -> {
                        if (!fresh) {
                            ctx.metrics().connectorRun(connector.name(), "duplicate");
                            return Future.succeededFuture(update(id, j -> finish(with(j, "done", null, sha, 1, 1, 0,
                                    null), "done", 0, 0, List.of())));
                        }
                        return extractAndPublish(id, connector, doc, rawTopic);
                    });
                })
                .recover(e -> {
                    LOG.error("import {} of {} failed: {}", id, fileName, e.toString());
                    ctx.metrics().connectorRun(connector.name(), "failed");
                    return Future.succeededFuture(update(id, j -> new ImportJob(j.id(), j.connector(), j.fileName(),
                            "failed", j.dataset(), j.documentId(), j.documents(), j.duplicates(), j.recordsIn(),
                            j.ticksOut(), j.rejected(), j.reasons(), e.getMessage(), j.startedAt(), ctx.clock().instant())));
                });
    }

    private Future<ImportJob> extractAndPublish(String id, Connector connector, RawDocument doc, String rawTopic) {
        return vertx.executeBlocking(() -> {
            try {
                return connector.extract(doc);
            } catch (DocumentRejectedException e) {
                return e;
            }
        }, false).compose(result -> {
            if (result instanceof DocumentRejectedException e) {
                Rejection r = new Rejection(e.reason(), e.getMessage(), 0, null);
                return ctx.reject(STAGE, rawTopic, id, doc.tenant(), doc.sha256(), List.of(r))
                        .compose(v -> counts(doc))
                        .map(c -> {
                            ctx.metrics().connectorRun(connector.name(), "failed");
                            ctx.metrics().stageCounts(STAGE, 1, 0, 1);
                            return update(id, j -> finish(with(j, "failed", null, doc.sha256(), 1, 0, 0,
                                    e.reason() + ": " + e.getMessage()), "failed", c.ticks(), c.rejected(),
                                    reasons(c)));
                        });
            }
            Extraction x = (Extraction) result;
            long in = x.records().size() + x.rejections().size();
            ctx.metrics().stageCounts(STAGE, in, x.records().size(), x.rejections().size());
            update(id, j -> with(j, "running", x.dataset(), doc.sha256(), 1, 0, in, null));
            Future<Void> rejected = ctx.reject(STAGE, rawTopic, id, doc.tenant(), doc.sha256(), x.rejections());
            return Future.all(rejected, publishAll(rawTopic, id, doc.tenant(), byLocation(x.records())))
                    .compose(v -> counts(doc))
                    .map(c -> {
                        ctx.metrics().connectorRun(connector.name(), "succeeded");
                        return update(id, j -> finish(j, "done", c.ticks(), c.rejected(), reasons(c)));
                    });
        });
    }

    /**
     * ISO files are often unsorted (CAISO's long format): grouping a document's records by location makes each batch
     * touch few bars, so the aggregator recomputes and the projector rewrites each bar about once per document
     * instead of once per batch. Stable, so a location's records keep their document order.
     */
    private static List<RawRecord> byLocation(List<RawRecord> records) {
        List<RawRecord> sorted = new java.util.ArrayList<>(records);
        sorted.sort(java.util.Comparator.comparing(RawRecord::location));
        return sorted;
    }

    /** Publishes in batches, at most {@code maxInFlight} unacknowledged at once; fails on the first failed batch. */
    private Future<Void> publishAll(String topic, String traceId, String tenant, List<RawRecord> records) {
        int n = (records.size() + batchSize - 1) / batchSize;
        if (n == 0) return Future.succeededFuture();
        Promise<Void> done = Promise.promise();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= n) return;
            List<RawRecord> slice = records.subList(i * batchSize, Math.min(records.size(), (i + 1) * batchSize));
            ctx.transport().publish(topic, new Batch<>(traceId, tenant, slice)).onComplete(ar -> {
                if (ar.failed()) {
                    done.tryFail(ar.cause());
                } else if (completed.incrementAndGet() == n) {
                    done.tryComplete();
                } else {
                    pump[0].run();
                }
            });
        };
        for (int k = 0; k < Math.min(maxInFlight, n); k++) pump[0].run();
        return done.future();
    }

    private Future<DocumentCounts> counts(RawDocument doc) {
        return ctx.store().countsForDocuments(doc.tenant(), List.of(doc.sha256()));
    }

    private static List<ImportJob.Reason> reasons(DocumentCounts c) {
        return c.reasons().stream().map(r -> new ImportJob.Reason(r.reason(), r.count(), r.example())).toList();
    }

    private ImportJob update(String id, java.util.function.UnaryOperator<ImportJob> f) {
        return jobs.compute(id, (k, j) -> f.apply(j));
    }

    private static ImportJob with(ImportJob j, String status, String dataset, String sha, int documents, int duplicates,
                                  long recordsIn, String error) {
        return new ImportJob(j.id(), j.connector(), j.fileName(), status, dataset == null ? j.dataset() : dataset, sha,
                documents, duplicates, recordsIn, j.ticksOut(), j.rejected(), j.reasons(), error, j.startedAt(),
                j.finishedAt());
    }

    private ImportJob finish(ImportJob j, String status, long ticks, long rejected, List<ImportJob.Reason> reasons) {
        return new ImportJob(j.id(), j.connector(), j.fileName(), status, j.dataset(), j.documentId(), j.documents(),
                j.duplicates(), j.recordsIn(), ticks, rejected, reasons, j.error(), j.startedAt(), ctx.clock().instant());
    }

    static String sha256(byte[] content) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
