package com.carbon254.ingestion.reprocess;

import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.ops.JobTable;
import com.carbon254.ingestion.ops.OpsEvents;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.ops.Tracing;
import com.carbon254.ingestion.pipeline.Catalog;
import com.carbon254.ingestion.pipeline.PolicyFiles;
import com.carbon254.ingestion.pipeline.StageChain;
import com.carbon254.ingestion.pipeline.StageOutputs;
import com.carbon254.ingestion.pipeline.Step;
import com.carbon254.ingestion.pipeline.StepResult;
import com.carbon254.ingestion.pipeline.store.BronzeStore;
import com.carbon254.ingestion.pipeline.store.DocumentCoverage;
import com.carbon254.ingestion.transport.Batch;
import com.carbon254.ingestion.transport.BatchPublisher;
import com.carbon254.ingestion.transport.Settlement;
import com.carbon254.ingestion.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Replays the Bronze documents of a window through a stage and everything after it.
 *
 * <p>A job lists the documents whose intervals overlap the window ({@link BronzeStore#documentsCovering}), in the
 * order they first arrived, re-reads the policy files ({@link PolicyFiles#refreshAll}: an edited normalization rule or
 * taxonomy is what the replay applies), then takes one document at a time: Bronze → the connector's extract → only
 * the records whose interval lies in the window → cut into the batches a live import publishes → for each batch the
 * steps of the stages before the chosen one, from the same {@link StageChain} the live stages run, with the same side
 * outputs (rejections to the DLQ, data-quality findings) → the chosen stage's input topic, with at most
 * {@code max_in_flight} batches unacknowledged. From there the pipeline is the live one: the same deterministic ids and
 * keys, so silver and gold rows, DLQ records and anomalies are replaced, never duplicated, and a second identical
 * replay changes nothing. One document in memory at a time, one job at a time (later ones queue); a document counts
 * as done when everything it produced is stored (on Kafka: its trace followed through the stages, {@link Settlement}).
 *
 * <p>A document that is gone, whose connector this build lacks, or that its connector now refuses is skipped with
 * its reason and the job goes on; a failed publish fails the job (what was replayed before stays replayed; running
 * the job again is safe).
 *
 * <p>Tracing: each document replayed is one trace, as a live import's document is — a root span
 * {@code reprocess <connector>} (attributes: connector, document sha256, tenant, the job id as
 * {@code ingestion.job_id}) whose W3C {@code traceparent} rides every batch it publishes, so the stages' spans are its
 * children; its trace id is what those batches carry as {@code trace_id} (and what the job follows the document by).
 * With tracing off the batches carry the job id as before and no span starts.
 */
public final class ReprocessService {
    private static final Logger LOG = LoggerFactory.getLogger(ReprocessService.class);
    static final int KEEP_FINISHED = 100;

    private final Vertx vertx;
    private final Transport transport;
    private final BronzeStore bronze;
    private final Catalog catalog;
    private final PolicyFiles policyFiles;
    private final StageChain chain;
    private final StageOutputs outputs;
    private final Metrics metrics;
    private final Clock clock;
    private final int maxInFlight;
    private final Tracing tracing;
    private final JobTable<ReprocessJob> jobs = new JobTable<>(KEEP_FINISHED, ReprocessJob::finished);
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private final Deque<String> queue = new ArrayDeque<>();
    private boolean running;

    public ReprocessService(Vertx vertx, Transport transport, BronzeStore bronze, Catalog catalog,
                            PolicyFiles policyFiles, StageChain chain, Metrics metrics, Clock clock, int maxInFlight) {
        this(vertx, transport, bronze, catalog, policyFiles, chain, metrics, clock, maxInFlight, Tracing.OFF);
    }

    /** As above, each replayed document traced with {@code tracing}. */
    public ReprocessService(Vertx vertx, Transport transport, BronzeStore bronze, Catalog catalog,
                            PolicyFiles policyFiles, StageChain chain, Metrics metrics, Clock clock, int maxInFlight,
                            Tracing tracing) {
        this.vertx = vertx;
        this.transport = transport;
        this.bronze = bronze;
        this.catalog = catalog;
        this.policyFiles = policyFiles;
        this.chain = chain;
        this.outputs = new StageOutputs(transport, metrics, clock);
        this.metrics = metrics;
        this.clock = clock;
        this.maxInFlight = maxInFlight;
        this.tracing = tracing;
        jobs.onChange(j -> metrics.events().progress(OpsEvents.Kind.REPROCESS, j.request().tenant(),
                () -> j.toJson(clock.instant())));
    }

    /** Queues a job and returns its id at once. */
    public String submit(ReprocessRequest request) {
        String id = UUID.randomUUID().toString();
        jobs.put(id, ReprocessJob.queued(id, request, clock.instant()));
        LOG.info("reprocess {} queued: {}", id, request.toJson().encode());
        synchronized (queue) {
            queue.add(id);
        }
        next();
        return id;
    }

    public Optional<ReprocessJob> job(String id) {
        return jobs.get(id);
    }

    /** Jobs still known, newest first. */
    public List<ReprocessJob> jobs() {
        List<ReprocessJob> all = jobs.all();
        all.sort(Comparator.comparing(ReprocessJob::submittedAt).reversed());
        return all;
    }

    /**
     * Asks a queued or running job to stop; a running one stops after the document in hand.
     *
     * @return false when no such job is known or it already ended
     */
    public boolean cancel(String id) {
        ReprocessJob j = jobs.get(id).orElse(null);
        if (j == null || j.finished()) return false;
        cancelled.add(id);
        boolean wasQueued;
        synchronized (queue) {
            wasQueued = queue.remove(id);
        }
        if (wasQueued) end(id, "cancelled", "cancelled before it started");
        return true;
    }

    private void next() {
        String id;
        synchronized (queue) {
            if (running || queue.isEmpty()) return;
            running = true;
            id = queue.poll();
        }
        run(id).onComplete(ar -> {
            synchronized (queue) {
                running = false;
            }
            next();
        });
    }

    private Future<Void> run(String id) {
        ReprocessRequest req = jobs.get(id).orElseThrow().request();
        return vertx.executeBlocking(() -> {
                    policyFiles.refreshAll();
                    return new Steps(req.stage(), chain);
                }, false)
                .compose(steps -> documents(req).compose(docs -> {
                    update(id, j -> j.running(docs.size(), clock.instant()));
                    LOG.info("reprocess {} running: {} documents through {}", id, docs.size(), req.stage());
                    return replayAll(id, req, steps, docs, 0);
                }))
                .onSuccess(v -> end(id, cancelled.contains(id) ? "cancelled" : "done", null))
                .recover(e -> {
                    LOG.error("reprocess {} failed: {}", id, e.toString());
                    end(id, "failed", String.valueOf(e.getMessage()));
                    return Future.succeededFuture();
                });
    }

    /** Every ISO's documents of its window, in arrival order, each once. */
    private Future<List<DocumentCoverage>> documents(ReprocessRequest req) {
        List<Future<List<DocumentCoverage>>> lists = new ArrayList<>();
        req.windows().forEach((iso, w) -> lists.add(bronze.documentsCovering(req.tenant(), w.from(), w.to(),
                Set.of(iso))));
        return Future.all(lists).map(cf -> {
            Map<String, DocumentCoverage> byId = new LinkedHashMap<>();
            for (int i = 0; i < cf.size(); i++) {
                for (DocumentCoverage c : cf.<List<DocumentCoverage>>resultAt(i)) byId.putIfAbsent(c.documentId(), c);
            }
            List<DocumentCoverage> out = new ArrayList<>(byId.values());
            out.sort(Comparator.comparing(DocumentCoverage::receivedAt,
                    Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(DocumentCoverage::documentId));
            return out;
        });
    }

    private Future<Void> replayAll(String id, ReprocessRequest req, Steps steps, List<DocumentCoverage> docs,
                                   int i) {
        if (i >= docs.size() || cancelled.contains(id)) return Future.succeededFuture();
        DocumentCoverage doc = docs.get(i);
        Tracing.DocumentSpan span = trace(id, req, doc);
        // a document is done when what it replayed is stored (Kafka: followed through the stages' progress reports)
        return Settlement.around(transport, span.traceId(), () -> replay(span, req, steps, doc))
                .onComplete(ar -> span.end(ar.cause())).compose(outcome -> {
            update(id, j -> j.documentDone(outcome.records, outcome.skipped));
            metrics.registry().counter("reprocess.documents", "stage", req.stage().id(),
                    "outcome", outcome.skipped == null ? "replayed" : "skipped").increment();
            if (outcome.records > 0) {
                metrics.registry().counter("reprocess.records", "stage", req.stage().id()).increment(outcome.records);
            }
            Promise<Void> p = Promise.promise();
            // the next document on a fresh stack: a long window must not grow one chain of callbacks
            vertx.runOnContext(v -> replayAll(id, req, steps, docs, i + 1).onComplete(p));
            return p.future();
        });
    }

    /**
     * The root span of one replayed document (its trace id is the job id when tracing is off, as before tracing).
     */
    private Tracing.DocumentSpan trace(String jobId, ReprocessRequest req, DocumentCoverage doc) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (doc.connector() != null) attributes.put("connector", doc.connector());
        attributes.put("document.sha256", doc.documentId());
        attributes.put("tenant_id", req.tenant());
        attributes.put("ingestion.job_id", jobId);
        attributes.put("reprocess.stage", req.stage().id());
        return tracing.document(doc.connector() == null ? "reprocess" : "reprocess " + doc.connector(), jobId,
                attributes);
    }

    private record Outcome(long records, String skipped) {
        static Outcome skip(DocumentCoverage d, String why) {
            return new Outcome(0, d.documentId() + " (" + d.connector() + " " + d.dataset() + "): " + why);
        }
    }

    private Future<Outcome> replay(Tracing.DocumentSpan span, ReprocessRequest req, Steps steps,
                                   DocumentCoverage cov) {
        return bronze.getDocument(req.tenant(), cov.documentId()).compose(found -> {
            if (found.isEmpty()) return Future.succeededFuture(Outcome.skip(cov, "not in Bronze any more"));
            RawDocument doc = found.get();
            // the connector that read it (its coverage); Bronze keeps the one it was first posted to, which may have
            // refused it (a file posted to the wrong ISO, then to the right one)
            String name = cov.connector() != null ? cov.connector() : doc.connector();
            Optional<Connector> connector = catalog.connector(name);
            if (connector.isEmpty()) {
                return Future.succeededFuture(Outcome.skip(cov, "no connector named '" + name + "' in this build"));
            }
            Connector c = connector.get();
            return vertx.executeBlocking(() -> inWindow(c, doc, req), false).compose(records -> {
                if (records instanceof String refused) return Future.succeededFuture(Outcome.skip(cov, refused));
                @SuppressWarnings("unchecked")
                List<RawRecord> rs = (List<RawRecord>) records;
                AtomicLong sent = new AtomicLong();
                return BatchPublisher.forEachBatch(rs, RawRecord::location, BatchPublisher.DEFAULT_BATCH_SIZE,
                                maxInFlight, slice -> replayBatch(steps, c.iso(), new Batch<>(span.traceId(),
                                        req.tenant(), slice, span.traceparent()), sent))
                        .map(v -> new Outcome(sent.get(), null));
            });
        });
    }

    /** Blocking: extract, keep the window's records; or why the connector now refuses the document. */
    private static Object inWindow(Connector c, RawDocument doc, ReprocessRequest req) {
        Extraction x;
        try {
            x = c.extract(doc);
        } catch (DocumentRejectedException e) {
            return "the connector now refuses it: " + e.reason() + ": " + e.getMessage();
        }
        List<RawRecord> records = new ArrayList<>(x.records().size());
        for (RawRecord r : x.records()) {
            // a record without a readable interval belonged to no window: the live pipeline rejected it already
            Optional<Instant> end = c.intervalEnd(r);
            if (end.isPresent() && req.inWindow(c.iso(), end.get())) records.add(r);
        }
        return records;
    }

    /**
     * One batch: the steps before the chosen stage (on a worker, one batch at a time: steps keep per-job memory),
     * their side outputs, then what the last one made onto the chosen stage's input topic.
     */
    private Future<Void> replayBatch(Steps steps, String iso, Batch<RawRecord> raw, AtomicLong sent) {
        String rawTopic = Topics.raw(iso);
        if (steps.normalize == null) {
            sent.addAndGet(raw.size());
            return transport.publish(rawTopic, raw);
        }
        return vertx.executeBlocking(() -> steps.run(raw, clock.instant()), true).compose(r -> {
            List<Future<?>> all = new ArrayList<>();
            all.add(outputs.sideOutputs(Stage.NORMALIZER, rawTopic, raw, r.normalized()));
            if (r.enriched() == null) {
                sent.addAndGet(r.normalized().out().size());
                all.add(transport.publish(Topics.NORMALIZED_TICKS, raw.with(r.normalized().out())));
            } else {
                Batch<Tick> ticks = raw.with(r.normalized().out());
                all.add(outputs.sideOutputs(Stage.ENRICHER, Topics.NORMALIZED_TICKS, ticks, r.enriched()));
                sent.addAndGet(r.enriched().out().size());
                all.add(transport.publish(Topics.ENRICHED_TICKS, ticks.with(r.enriched().out())));
            }
            return Future.all(all).mapEmpty();
        });
    }

    /** What the steps before the chosen stage made of one batch; {@code enriched} null when the enricher runs live. */
    private record Ran(StepResult<Tick> normalized, StepResult<EnrichedTick> enriched) {
    }

    /**
     * The steps before the chosen stage, made once per job from the chain (so they follow the policy files as they
     * are now, and an unknown location is reported once per job).
     */
    private static final class Steps {
        private final Step<RawRecord, Tick> normalize;
        private final Step<Tick, EnrichedTick> enrich;

        Steps(Stage stage, StageChain chain) {
            this.normalize = stage == Stage.NORMALIZER ? null : chain.normalizer();
            this.enrich = stage == Stage.AGGREGATOR ? chain.enricher() : null;
        }

        synchronized Ran run(Batch<RawRecord> raw, Instant now) {
            StepResult<Tick> n = normalize.apply(raw.records(), now);
            return new Ran(n, enrich == null ? null : enrich.apply(n.out(), now));
        }
    }

    private void end(String id, String status, String why) {
        ReprocessJob j = update(id, old -> old.finish(status, why, clock.instant()));
        cancelled.remove(id);
        if (j != null) {
            LOG.info("reprocess {} {}: {}/{} documents ({} skipped), {} records", id, status, j.documentsDone(),
                    j.documentsTotal(), j.documentsSkipped(), j.records());
        }
    }

    private ReprocessJob update(String id, UnaryOperator<ReprocessJob> f) {
        return jobs.update(id, f);
    }
}
