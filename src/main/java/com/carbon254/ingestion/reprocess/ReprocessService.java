package com.carbon254.ingestion.reprocess;

import com.carbon254.ingestion.app.PolicyFiles;
import com.carbon254.ingestion.connector.Connector;
import com.carbon254.ingestion.connector.Connectors;
import com.carbon254.ingestion.connector.DocumentRejectedException;
import com.carbon254.ingestion.connector.Extraction;
import com.carbon254.ingestion.enrich.Enricher;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.normalize.Normalizer;
import com.carbon254.ingestion.ops.JobTable;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.project.DocumentCoverage;
import com.carbon254.ingestion.project.StoreReads;
import com.carbon254.ingestion.transport.BatchPublisher;
import com.carbon254.ingestion.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
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
import java.util.function.UnaryOperator;

/**
 * Replays the Bronze documents of a window through a stage and everything after it.
 *
 * <p>A job lists the documents whose intervals overlap the window ({@link StoreReads#documentsCovering}), in the
 * order they first arrived, re-reads the policy files ({@link PolicyFiles#refreshAll}: an edited normalization rule or
 * taxonomy is what the replay applies), then takes one document at a time: Bronze → the connector's extract → only
 * the records whose interval lies in the window → the stages before the chosen one run here, in memory, with no side
 * outputs → the chosen stage's input topic, in batches with at most {@code max_in_flight} unacknowledged. From there
 * the pipeline is the live one: the same deterministic ids and keys, so silver and gold rows are replaced, never
 * duplicated, and a second identical replay changes nothing. One document in memory at a time, one job at a time
 * (later ones queue); on the event bus a document counts as done when everything it produced is stored, on Kafka
 * when the broker has it.
 *
 * <p>A document that is gone, whose connector this build lacks, or that its connector now refuses is skipped with
 * its reason and the job goes on; a failed publish fails the job (what was replayed before stays replayed; running
 * the job again is safe).
 */
public final class ReprocessService {
    private static final Logger LOG = LoggerFactory.getLogger(ReprocessService.class);
    static final int KEEP_FINISHED = 100;

    private final Vertx vertx;
    private final Transport transport;
    private final StoreReads reads;
    private final PolicyFiles policyFiles;
    private final Metrics metrics;
    private final Clock clock;
    private final int maxInFlight;
    private final JobTable<ReprocessJob> jobs = new JobTable<>(KEEP_FINISHED, ReprocessJob::finished);
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private final Deque<String> queue = new ArrayDeque<>();
    private boolean running;

    public ReprocessService(Vertx vertx, Transport transport, StoreReads reads, PolicyFiles policyFiles,
                            Metrics metrics, Clock clock, int maxInFlight) {
        this.vertx = vertx;
        this.transport = transport;
        this.reads = reads;
        this.policyFiles = policyFiles;
        this.metrics = metrics;
        this.clock = clock;
        this.maxInFlight = maxInFlight;
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
                    return new Pipeline(req.stage(), policyFiles);
                }, false)
                .compose(pipeline -> documents(req).compose(docs -> {
                    update(id, j -> j.running(docs.size(), clock.instant()));
                    LOG.info("reprocess {} running: {} documents through {}", id, docs.size(), req.stage());
                    return replayAll(id, req, pipeline, docs, 0);
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
        req.windows().forEach((iso, w) -> lists.add(reads.documentsCovering(req.tenant(), w.from(), w.to(),
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

    private Future<Void> replayAll(String id, ReprocessRequest req, Pipeline pipeline, List<DocumentCoverage> docs,
                                   int i) {
        if (i >= docs.size() || cancelled.contains(id)) return Future.succeededFuture();
        DocumentCoverage doc = docs.get(i);
        return replay(id, req, pipeline, doc).compose(outcome -> {
            update(id, j -> j.documentDone(outcome.records, outcome.skipped));
            metrics.registry().counter("reprocess.documents", "stage", req.stage(),
                    "outcome", outcome.skipped == null ? "replayed" : "skipped").increment();
            if (outcome.records > 0) {
                metrics.registry().counter("reprocess.records", "stage", req.stage()).increment(outcome.records);
            }
            Promise<Void> p = Promise.promise();
            // the next document on a fresh stack: a long window must not grow one chain of callbacks
            vertx.runOnContext(v -> replayAll(id, req, pipeline, docs, i + 1).onComplete(p));
            return p.future();
        });
    }

    private record Outcome(long records, String skipped) {
        static Outcome skip(DocumentCoverage d, String why) {
            return new Outcome(0, d.documentId() + " (" + d.connector() + " " + d.dataset() + "): " + why);
        }
    }

    private Future<Outcome> replay(String id, ReprocessRequest req, Pipeline pipeline, DocumentCoverage cov) {
        return reads.getDocument(req.tenant(), cov.documentId()).compose(found -> {
            if (found.isEmpty()) return Future.succeededFuture(Outcome.skip(cov, "not in Bronze any more"));
            RawDocument doc = found.get();
            Optional<Connector> connector = Connectors.byName(doc.connector());
            if (connector.isEmpty()) {
                return Future.succeededFuture(Outcome.skip(cov, "no connector named '" + doc.connector()
                        + "' in this build"));
            }
            Connector c = connector.get();
            return vertx.executeBlocking(() -> pipeline.prepare(c, doc, req), false).compose(prepared -> {
                if (prepared.refused != null) return Future.succeededFuture(Outcome.skip(cov, prepared.refused));
                return publish(id, req.tenant(), prepared).map(v -> new Outcome(prepared.items.size(), null));
            });
        });
    }

    @SuppressWarnings("unchecked")
    private Future<Void> publish(String traceId, String tenant, Prepared p) {
        if (p.items.isEmpty()) return Future.succeededFuture();
        return switch (p.stage) {
            case "normalizer" -> BatchPublisher.publish(transport, Topics.raw(p.iso), traceId, tenant,
                    (List<RawRecord>) p.items, RawRecord::location, BatchPublisher.DEFAULT_BATCH_SIZE, maxInFlight);
            case "enricher" -> BatchPublisher.publish(transport, Topics.NORMALIZED_TICKS, traceId, tenant,
                    (List<Tick>) p.items, Tick::location, BatchPublisher.DEFAULT_BATCH_SIZE, maxInFlight);
            default -> BatchPublisher.publish(transport, Topics.ENRICHED_TICKS, traceId, tenant,
                    (List<EnrichedTick>) p.items, e -> e.tick().location(), BatchPublisher.DEFAULT_BATCH_SIZE,
                    maxInFlight);
        };
    }

    /** What one document becomes before it enters the chosen stage (or why it does not). */
    private record Prepared(String stage, String iso, List<?> items, String refused) {
    }

    /**
     * The stages before the chosen one, built once per job from the policy files as they are now. Immutable apart
     * from the enricher's "unknown location reported" memory, which a replay does not use.
     */
    private static final class Pipeline {
        private final String stage;
        private final Normalizer normalizer;
        private final Enricher enricher;

        Pipeline(String stage, PolicyFiles files) {
            this.stage = stage;
            this.normalizer = stage.equals("normalizer") ? null : new Normalizer(files.normalizationRules().get());
            this.enricher = stage.equals("aggregator") ? new Enricher(files.taxonomy().get()) : null;
        }

        /** Blocking: extract, keep the window's records, run the earlier stages. */
        Prepared prepare(Connector c, RawDocument doc, ReprocessRequest req) {
            Extraction x;
            try {
                x = c.extract(doc);
            } catch (DocumentRejectedException e) {
                return new Prepared(stage, c.iso(), List.of(), "the connector now refuses it: " + e.reason() + ": "
                        + e.getMessage());
            }
            List<RawRecord> records = new ArrayList<>(x.records().size());
            for (RawRecord r : x.records()) {
                // a record without a readable interval belonged to no window: the live pipeline rejected it already
                Optional<java.time.Instant> end = c.intervalEnd(r);
                if (end.isPresent() && req.inWindow(c.iso(), end.get())) records.add(r);
            }
            if (normalizer == null) return new Prepared(stage, c.iso(), records, null);
            List<Tick> ticks = normalizer.normalize(records).ticks();
            if (enricher == null) return new Prepared(stage, c.iso(), ticks, null);
            return new Prepared(stage, c.iso(), enricher.enrich(ticks, java.time.Instant.EPOCH).ticks(), null);
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
