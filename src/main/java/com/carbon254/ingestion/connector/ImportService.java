package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.ops.JobTable;
import com.carbon254.ingestion.ops.Tracing;
import com.carbon254.ingestion.ops.OpsEvents;
import com.carbon254.ingestion.pipeline.StageContext;
import com.carbon254.ingestion.pipeline.store.DocumentCounts;
import io.vertx.core.Future;
import net.logstash.logback.argument.StructuredArguments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Uploads: a document exactly as the ISO serves it, posted by a user or given to the {@code import} command, taken
 * into the pipeline by {@link DocumentIngest#bronzeFirst}. The job turns {@code done} when everything it produced is
 * queryable; its counts are then read back from the store (ticks served from the document, its DLQ rows by reason).
 */
public final class ImportService {
    private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);
    private final StageContext ctx;
    private final DocumentIngest ingest;
    /** Finished imports kept for {@code GET /api/v1/imports/{id}}; older ones are forgotten (their data is not). */
    static final int KEEP_FINISHED = 1000;
    private final JobTable<ImportJob> jobs = new JobTable<>(KEEP_FINISHED, ImportJob::finished);

    private final RegistryState state;

    /** @param state where uploads between Bronze and "everything stored" are kept, to be taken up after a crash */
    public ImportService(StageContext ctx, DocumentIngest ingest, RegistryState state) {
        this.ctx = ctx;
        this.ingest = ingest;
        this.state = state;
        jobs.onChange(j -> ctx.metrics().events().progress(OpsEvents.Kind.IMPORT,
                j.tenant() != null ? j.tenant() : ctx.tenant(), j::toJson));
    }

    /** The imports still known, newest first, at most {@code limit}. */
    public List<ImportJob> recent(int limit) {
        return jobs.all().stream().sorted(Comparator.comparing(ImportJob::startedAt).reversed())
                .limit(limit).toList();
    }

    public Optional<ImportJob> job(String id) {
        return jobs.get(id);
    }

    /** The import {@code id} when it is {@code tenant}'s: another tenant's import is as absent as an unknown one. */
    public Optional<ImportJob> job(String id, String tenant) {
        return jobs.get(id).filter(j -> tenant.equals(j.tenant()));
    }

    /** Starts an import of the process's tenant and returns its id at once; {@link #job} follows it. */
    public String submit(Connector connector, String fileName, byte[] content) {
        return submit(ctx.tenant(), connector, fileName, content);
    }

    /** Starts an import stored under {@code tenant} and returns its id at once. */
    public String submit(String tenant, Connector connector, String fileName, byte[] content) {
        String id = UUID.randomUUID().toString();
        jobs.put(id, ImportJob.running(id, tenant, connector.name(), fileName, ctx.clock().instant()));
        run(id, tenant, connector, fileName, content);
        return id;
    }

    /** Runs an import to its end; the future completes with the final job (never fails: failures are a status). */
    public Future<ImportJob> run(Connector connector, String fileName, byte[] content) {
        String id = UUID.randomUUID().toString();
        jobs.put(id, ImportJob.running(id, ctx.tenant(), connector.name(), fileName, ctx.clock().instant()));
        return run(id, ctx.tenant(), connector, fileName, content);
    }

    private Future<ImportJob> run(String id, String tenant, Connector connector, String fileName, byte[] content) {
        Tracing.DocumentSpan span = ingest.trace("import", connector, fileName, id);
        String parent = span.traceparent();
        return ended(id, connector, span, ingest.document(tenant, connector, fileName, content, span.traceId())
                .compose(doc -> {
            update(id, j -> j.with("running", null, doc.sha256(), 0, 0, null));
            // the same bytes again while their first upload is unfinished: published again, not a duplicate
            Future<DocumentIngest.Outcome> work = state.unfinished(doc.sha256()).isPresent()
                    ? ingest.republish(connector, doc, parent)
                    : state.importStarted(new RegistryState.Unfinished(id, connector.name(), fileName, doc.tenant(),
                    doc.sha256())).compose(v -> ingest.bronzeFirst(connector, doc, parent));
            return stored(id, tenant, connector, doc.sha256(), work);
        }));
    }

    /**
     * Takes up the uploads a previous process left unfinished (it died, or publishing failed, between Bronze and
     * "everything stored"): each is published again from Bronze under its own id, which {@code GET
     * /api/v1/imports/{id}} follows again. Returns how many were taken up.
     */
    public int resumeUnfinished() {
        int n = 0;
        for (RegistryState.Unfinished u : state.unfinishedImports()) {
            Connector c = ctx.catalog().connector(u.connector()).orElse(null);
            if (c == null) {
                LOG.warn("unfinished import {} names connector '{}', which this build lacks; dropped", u.id(),
                        u.connector());
                state.importFinished(u.sha256());
                continue;
            }
            n++;
            LOG.info("taking up unfinished import {} of {} ({})", u.id(), u.fileName(), u.sha256());
            jobs.put(u.id(), ImportJob.running(u.id(), u.tenant(), c.name(), u.fileName(), ctx.clock().instant()));
            update(u.id(), j -> j.with("running", null, u.sha256(), 0, 0, null));
            Tracing.DocumentSpan span = ingest.trace("import", c, u.fileName(), u.id());
            ended(u.id(), c, span, ctx.stores().bronze().getDocument(u.tenant(), u.sha256()).compose(found -> {
                if (found.isEmpty()) { // died before Bronze had it: nothing went out, the user posts it again
                    return state.importFinished(u.sha256()).compose(v -> Future.failedFuture(
                            "the document never reached Bronze before the registry stopped: post it again"));
                }
                return stored(u.id(), u.tenant(), c, u.sha256(), ingest.republish(c,
                        found.get().withTraceId(span.traceId()), span.traceparent()));
            }));
        }
        return n;
    }

    /** Once {@code work} stored everything: the upload is no longer unfinished, and the job ends with its outcome. */
    private Future<ImportJob> stored(String id, String tenant, Connector connector, String sha256,
                                     Future<DocumentIngest.Outcome> work) {
        return work.compose(o -> state.importFinished(sha256).map(o))
                .compose(o -> finish(id, tenant, connector, sha256, o));
    }

    /**
     * The job's end: what {@code work} finished with, or {@code failed} with its error (never a failed future); the
     * document's span ends with it, and the line saying so carries the document's trace id.
     */
    @SuppressWarnings("try") // the log scope is only opened and closed around the lines it marks
    private Future<ImportJob> ended(String id, Connector connector, Tracing.DocumentSpan span,
                                    Future<ImportJob> work) {
        return work
                .onComplete(ar -> span.end(ar.cause()))
                .recover(e -> {
                    try (Tracing.LogScope ignored = span.log()) {
                        LOG.error("import {} ({}) failed: {}", id, connector.name(), e.toString());
                    }
                    ctx.metrics().connectorRun(connector.name(), "failed");
                    return Future.succeededFuture(update(id, j -> j.with("failed", null, j.documentId(),
                            j.duplicates(), j.recordsIn(), e.getMessage()).finish("failed", j.ticksOut(),
                            j.rejected(), j.reasons(), ctx.clock().instant())));
                })
                .onSuccess(job -> {
                    if (job != null && job.finishedAt() != null) {
                        ctx.metrics().importDuration(job.connector(), job.status(),
                                Duration.between(job.startedAt(), job.finishedAt()));
                    }
                    try (Tracing.LogScope ignored = span.log()) {
                        // connector and records as their own keys of the JSON line (the seed's log fields)
                        LOG.info("import {} of {} ({}) {}: {} records in, {} ticks out, {} rejected", id,
                                job.fileName(), StructuredArguments.v("connector", connector.name()), job.status(),
                                StructuredArguments.v("records", job.recordsIn()), job.ticksOut(), job.rejected());
                    }
                });
    }

    private Future<ImportJob> finish(String id, String tenant, Connector c, String sha, DocumentIngest.Outcome o) {
        if (o.kind() == DocumentIngest.Kind.DUPLICATE) {
            ctx.metrics().connectorRun(c.name(), "duplicate");
            return Future.succeededFuture(update(id, j -> j.with("done", null, sha, 1, 0, null)
                    .finish("done", 0, 0, List.of(), ctx.clock().instant())));
        }
        boolean failed = o.kind() == DocumentIngest.Kind.REJECTED;
        String status = failed ? "failed" : "done";
        ctx.metrics().connectorRun(c.name(), failed ? "failed" : "succeeded");
        return ctx.stores().queries().countsForDocuments(tenant, List.of(sha)).map(counts -> update(id, j ->
                j.with(status, o.dataset(), sha, 0, o.recordsIn(), failed ? o.reason() + ": " + o.detail() : null)
                        .finish(status, counts.ticks(), counts.rejected(), reasons(counts), ctx.clock().instant())));
    }

    private static List<ImportJob.Reason> reasons(DocumentCounts c) {
        return c.reasons().stream().map(r -> new ImportJob.Reason(r.reason(), r.count(), r.example())).toList();
    }

    private ImportJob update(String id, UnaryOperator<ImportJob> f) {
        return jobs.update(id, f);
    }
}
