package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.connector.fetch.Credentials;
import com.carbon254.ingestion.connector.fetch.FetchException;
import com.carbon254.ingestion.connector.fetch.HttpFetcher;
import com.carbon254.ingestion.connector.fetch.Windows;
import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.ops.Tracing;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.ops.JobTable;
import com.carbon254.ingestion.ops.OpsEvents;
import com.carbon254.ingestion.pipeline.StageContext;
import com.carbon254.ingestion.transport.Batch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import net.logstash.logback.argument.StructuredArguments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs connectors: a run fetches every request window of a dataset over operating days {@code [from, to)} with the
 * connector's {@link HttpFetcher} (politeness, retries, backoff), and takes each document in through
 * {@link DocumentIngest#validatedFirst}. One run at a time per connector; others queue in arrival order.
 *
 * <p>A run fails on the first document it cannot use — an ISO error disguised as data (CAISO's HTTP-200 error zip,
 * reported with the ISO's code), an unreadable body, retries exhausted — with that reason in {@code error}; what it
 * published before stays published (every document is idempotent). A 0-byte answer is a missing document, counted
 * and reported as an {@code empty_document} anomaly, not an empty table.
 */
public final class RunService {
    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);
    /** Longest range one run may cover; a larger backfill is several runs (and a reprocess is not a fetch). */
    static final int MAX_DAYS = 366;
    private static final int KEEP_FINISHED = 1000;

    private final Vertx vertx;
    private final StageContext ctx;
    private final DocumentIngest ingest;
    private final RegistryState state;
    private final Map<String, ConnectorSpec> specs;
    private final java.util.function.Supplier<Map<String, String>> env;
    private final Function<ConnectorSpec, HttpFetcher> fetchers;
    private final Credentials credentials;
    private final Map<String, HttpFetcher> fetcherByConnector = new ConcurrentHashMap<>();
    private final JobTable<ConnectorRun> runs = new JobTable<>(KEEP_FINISHED, ConnectorRun::finished);
    private final Map<String, Deque<Queued>> queues = new LinkedHashMap<>();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    private record Queued(String runId, List<Windows.Window> windows) {
    }

    public RunService(Vertx vertx, StageContext ctx, DocumentIngest ingest, RegistryState state,
                      Map<String, ConnectorSpec> specs, java.util.function.Supplier<Map<String, String>> env,
                      Function<ConnectorSpec, HttpFetcher> fetchers) {
        this.vertx = vertx;
        this.ctx = ctx;
        this.ingest = ingest;
        this.state = state;
        this.specs = specs;
        this.env = env;
        this.fetchers = fetchers;
        this.credentials = new Credentials(vertx, ctx.clock());
        runs.onChange(r -> ctx.metrics().events().progress(OpsEvents.Kind.RUN, ctx.tenant(), r::toJson));
    }

    public Optional<ConnectorRun> run(String id) {
        return runs.get(id);
    }

    /** The runs still known, newest first, at most {@code limit}. */
    public List<ConnectorRun> recent(int limit) {
        return runs.all().stream().sorted(Comparator.comparing(ConnectorRun::queuedAt).reversed())
                .limit(limit).toList();
    }

    public boolean busy(String connector) {
        synchronized (queues) {
            return busy.contains(connector) || !queues.getOrDefault(connector, new ArrayDeque<>()).isEmpty();
        }
    }

    /**
     * Queues a run over operating days {@code [from, to)}.
     *
     * @throws IllegalArgumentException naming what is wrong (unknown connector or dataset, disabled, bad range)
     */
    public ConnectorRun submit(String connector, String dataset, LocalDate from, LocalDate to, String trigger) {
        ConnectorSpec.Dataset ds = dataset(connector, dataset);
        if (!to.isAfter(from)) throw new IllegalArgumentException("'to' must be after 'from' (to is exclusive)");
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw new IllegalArgumentException("a run covers at most " + MAX_DAYS + " operating days; split the range");
        }
        return enqueue(connector, dataset, from, to, trigger, Windows.split(ds.window(), from, to));
    }

    /** Queues a run over the windows a scheduled firing at {@code at} covers ({@link Windows#forRun}). */
    public ConnectorRun submitAt(String connector, String dataset, java.time.Instant at, String trigger) {
        return submitWindows(connector, dataset, Windows.forRun(dataset(connector, dataset).window(), at), trigger);
    }

    /** Queues a run over explicit request windows (the scheduler's firings). */
    public ConnectorRun submitWindows(String connector, String dataset, List<Windows.Window> windows, String trigger) {
        java.time.ZoneId zone = dataset(connector, dataset).window().align();
        if (windows.isEmpty()) throw new IllegalArgumentException("no request window");
        // the operating days the windows cover, in the dataset's own zone
        LocalDate from = windows.get(0).start().atZone(zone).toLocalDate();
        java.time.ZonedDateTime end = windows.get(windows.size() - 1).end().atZone(zone);
        LocalDate to = end.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? end.toLocalDate()
                : end.toLocalDate().plusDays(1);
        return enqueue(connector, dataset, from, to, trigger, windows);
    }

    private ConnectorSpec.Dataset dataset(String connector, String dataset) {
        ConnectorSpec spec = specs.get(connector);
        if (spec == null) throw new IllegalArgumentException("unknown connector '" + connector + "'");
        if (!state.enabled(spec)) throw new IllegalArgumentException("connector '" + connector + "' is disabled");
        ConnectorSpec.Dataset ds = spec.datasets().stream().filter(d -> d.id().equals(dataset)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("connector '" + connector + "' has no dataset '"
                        + dataset + "' (has " + spec.datasets().stream().map(ConnectorSpec.Dataset::id).toList() + ")"));
        if (!ds.enabled()) throw new IllegalArgumentException("dataset '" + dataset + "' is disabled");
        Optional<String> why = unavailable(ds);
        if (why.isPresent()) throw new IllegalArgumentException(why.get());
        return ds;
    }

    private ConnectorRun enqueue(String connector, String dataset, LocalDate from, LocalDate to, String trigger,
                                 List<Windows.Window> windows) {
        String id = UUID.randomUUID().toString();
        ConnectorRun run = ConnectorRun.queued(id, connector, dataset, from, to, trigger, ctx.clock().instant());
        runs.put(id, run);
        synchronized (queues) {
            queues.computeIfAbsent(connector, k -> new ArrayDeque<>()).add(new Queued(id, windows));
        }
        vertx.runOnContext(v -> pump(connector));
        return run;
    }

    private void pump(String connector) {
        Queued next;
        synchronized (queues) {
            if (busy.contains(connector)) return;
            next = queues.getOrDefault(connector, new ArrayDeque<>()).poll();
            if (next == null) return;
            busy.add(connector);
        }
        String id = next.runId();
        runs.update(id, r -> r.started(ctx.clock().instant()));
        ConnectorSpec spec = specs.get(connector);
        Connector parser = Isos.byConnector(connector).map(Iso::connector).orElseThrow();
        ConnectorSpec.Dataset ds = dataset(connector, runs.get(id).orElseThrow().dataset());
        Future<Void> chain = Future.succeededFuture();
        for (Windows.Window w : next.windows()) {
            chain = chain.compose(v -> fetchOne(id, spec, parser, ds, w));
        }
        chain.onComplete(ar -> {
            String err = ar.succeeded() ? null : String.valueOf(ar.cause().getMessage());
            ConnectorRun done = runs.update(id, r -> r.ended(err, ctx.clock().instant()));
            ctx.metrics().connectorRun(connector, err == null ? "succeeded" : "failed");
            if (err != null) LOG.warn("run {} of {}/{} failed: {}", id, connector, ds.id(), err);
            state.recordRun(connector, ctx.clock().instant(), err);
            if (done != null) {
                LOG.info("run {} of {} {}: {}", id, StructuredArguments.v("connector", connector), done.status(),
                        done.toJson().encode(), StructuredArguments.keyValue("records", done.records()));
            }
            synchronized (queues) {
                busy.remove(connector);
            }
            pump(connector);
        });
    }

    private Future<Void> fetchOne(String runId, ConnectorSpec spec, Connector parser, ConnectorSpec.Dataset ds,
                                  Windows.Window w) {
        Map<String, String> vars = env.get();
        return credentials.headers(ds, vars).compose(headers -> {
            if (ds.listing() != null) return listed(runId, spec, parser, ds, w, vars, headers);
            return paged(runId, spec, parser, ds, w, ds.endpoint(), vars, headers).compose(records -> {
                if (records > 0 || ds.fallbackEndpoint() == null) return Future.<Void>succeededFuture();
                LOG.info("{}/{}: nothing for {} .. {} from its endpoint; trying its fallback endpoint", spec.name(),
                        ds.id(), w.start(), w.end());
                return paged(runId, spec, parser, ds, w, ds.fallbackEndpoint(), vars, headers).mapEmpty();
            });
        });
    }

    /** The listing first, then each document it lists for the window ({@code {doc}}), oldest first. */
    private Future<Void> listed(String runId, ConnectorSpec spec, Connector parser, ConnectorSpec.Dataset ds,
                                Windows.Window w, Map<String, String> vars, Map<String, String> headers) {
        String listingUrl;
        try {
            listingUrl = url(ds.listing(), ds, w, vars, Map.of());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e.getMessage());
        }
        return fetcher(spec).get(listingUrl, headers).compose(f -> {
            runs.update(runId, r -> r.fetched(f.attempts(), f.bytes()));
            // a listing is a JSON document of hundreds of entries: read on a worker, not the event loop
            return vertx.executeBlocking(() -> {
                try {
                    return parser.listedDocuments(ds.id(), f.body(), w.start(), w.end());
                } catch (com.carbon254.ingestion.iso.DocumentRejectedException e) {
                    throw new IllegalStateException(e.reason() + ": listing " + HttpFetcher.redact(listingUrl)
                            + ": " + e.getMessage(), e);
                }
            }, false).recover(e -> Future.failedFuture(e.getMessage()))
                    .compose(docs -> fetchListed(runId, spec, parser, ds, w, vars, headers, listingUrl, docs));
        });
    }

    private Future<Void> fetchListed(String runId, ConnectorSpec spec, Connector parser, ConnectorSpec.Dataset ds,
                                     Windows.Window w, Map<String, String> vars, Map<String, String> headers,
                                     String listingUrl, List<String> docs) {
        if (docs.isEmpty()) {
            return missing(runId, parser, ds, w, "the listing " + HttpFetcher.redact(listingUrl)
                    + " holds no document for this window yet");
        }
        Future<Void> chain = Future.succeededFuture();
        for (String doc : docs) {
            chain = chain.compose(v -> {
                String url;
                try {
                    url = url(ds.endpoint(), ds, w, vars, Map.of("doc", doc));
                } catch (IllegalArgumentException e) {
                    return Future.failedFuture(e.getMessage());
                }
                return document(runId, spec, parser, ds, w, url, headers).mapEmpty();
            });
        }
        return chain;
    }

    /**
     * Every page of {@code template} for the window (one request when the dataset is not paged).
     *
     * @return the records published or already stored (a duplicate counts its source rows), so a fallback is tried
     *         only when the ISO had nothing
     */
    private Future<Long> paged(String runId, ConnectorSpec spec, Connector parser, ConnectorSpec.Dataset ds,
                               Windows.Window w, String template, Map<String, String> vars,
                               Map<String, String> headers) {
        String base;
        try {
            base = url(template, ds, w, vars, Map.of());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e.getMessage());
        }
        ConnectorSpec.Paging paging = ds.paging();
        if (paging == null) {
            return document(runId, spec, parser, ds, w, base, headers)
                    .map(o -> o == null ? 0L : Math.max(o.recordsIn(), o.sourceRows()));
        }
        return page(runId, spec, parser, ds, w, base, headers, paging, 0, 0L);
    }

    /** Pages can only be as many as a run could ever need: a runaway server is stopped here. */
    static final int MAX_PAGES = 1000;

    private Future<Long> page(String runId, ConnectorSpec spec, Connector parser, ConnectorSpec.Dataset ds,
                              Windows.Window w, String base, Map<String, String> headers, ConnectorSpec.Paging paging,
                              int n, long total) {
        if (n >= MAX_PAGES) {
            return Future.failedFuture("more than " + MAX_PAGES + " pages of " + paging.size() + " for one window of "
                    + ds.id() + "; narrow the window (max_span)");
        }
        String url = base + (base.indexOf('?') >= 0 ? "&" : "?") + paging.param() + "=" + paging.value(n) + "&"
                + paging.sizeParam() + "=" + paging.size();
        return document(runId, spec, parser, ds, w, url, headers).compose(o -> {
            long rows = o == null ? 0 : o.sourceRows();
            long sum = total + (o == null ? 0 : Math.max(o.recordsIn(), rows));
            if (rows < paging.size()) return Future.succeededFuture(sum);
            return page(runId, spec, parser, ds, w, base, headers, paging, n + 1, sum);
        });
    }

    /**
     * One GET and its document taken in.
     *
     * @return the outcome, or null for a 0-byte answer (a missing document, reported)
     */
    private Future<DocumentIngest.Outcome> document(String runId, ConnectorSpec spec, Connector parser,
                                                    ConnectorSpec.Dataset ds, Windows.Window w, String url,
                                                    Map<String, String> headers) {
        if (url.startsWith("sim:")) {
            return Future.failedFuture("endpoint " + url + " points at the simulator, which this process does not run "
                    + "(add the simulator stage, or set the endpoint variable to a real URL)");
        }
        // the document's trace starts with its GET; off, its documents carry the run's id as before
        Tracing.DocumentSpan span = ingest.trace("fetch", parser, HttpFetcher.redact(url), runId);
        return fetcher(spec).get(url, headers)
                .recover(e -> {
                    if (e instanceof FetchException fe) runs.update(runId, r -> r.fetched(fe.attempts(), 0));
                    return Future.failedFuture(e);
                })
                .compose(f -> {
                    runs.update(runId, r -> r.fetched(f.attempts(), f.bytes()));
                    if (f.body().length == 0) {
                        return missing(runId, parser, ds, w, "0-byte answer for " + HttpFetcher.redact(f.url())
                                + ": the ISO has not posted this document").map((DocumentIngest.Outcome) null);
                    }
                    return ingest.document(parser, HttpFetcher.redact(url), f.body(), span.traceId())
                            .compose(doc -> ingest.validatedFirst(parser, doc, span.traceparent()))
                            .compose(o -> switch (o.kind()) {
                                case PUBLISHED -> {
                                    runs.update(runId, r -> r.counted(1, o.recordsIn(), 0, 0));
                                    yield Future.succeededFuture(o);
                                }
                                case DUPLICATE -> {
                                    runs.update(runId, r -> r.counted(0, 0, 1, 0));
                                    yield Future.succeededFuture(o);
                                }
                                case REJECTED -> Future.<DocumentIngest.Outcome>failedFuture(o.reason() + ": "
                                        + o.detail());
                            });
                })
                .onComplete(ar -> span.end(ar.cause()));
    }

    /** The request headers of {@code ds} (static ones and its credentials). */
    Future<Map<String, String>> headers(ConnectorSpec.Dataset ds, Map<String, String> vars) {
        return credentials.headers(ds, vars);
    }

    static String url(String template, ConnectorSpec.Dataset ds, Windows.Window w, Map<String, String> vars,
                              Map<String, String> extra) {
        return Windows.url(template, w, ds.window().align(), vars, extra);
    }

    /**
     * Why {@code ds} cannot be fetched now (its credentials are not set), or empty when it can. (Whether an
     * {@code alternative_to} dataset runs is {@link #scheduled}'s question.)
     */
    public Optional<String> unavailable(ConnectorSpec.Dataset ds) {
        List<String> missing = ds.missingCredentials(env.get());
        return missing.isEmpty() ? Optional.empty() : Optional.of(Credentials.unavailable(ds, missing));
    }

    /** Whether the scheduler should fire {@code ds}: available, and not standing in for an available dataset. */
    public boolean scheduled(ConnectorSpec spec, ConnectorSpec.Dataset ds) {
        if (unavailable(ds).isPresent()) return false;
        if (ds.alternativeTo() == null) return true;
        return spec.datasets().stream().filter(d -> d.id().equals(ds.alternativeTo()))
                .noneMatch(d -> d.enabled() && unavailable(d).isEmpty());
    }

    /** The connector's one fetcher: politeness towards an ISO holds across runs and streaming polls. */
    HttpFetcher fetcher(ConnectorSpec spec) {
        return fetcherByConnector.computeIfAbsent(spec.name(), k -> fetchers.apply(spec));
    }

    /** The endpoint variables as of now (a simulator's base URL resolves once it listens). */
    Map<String, String> endpoints() {
        return env.get();
    }

    private Future<Void> missing(String runId, Connector parser, ConnectorSpec.Dataset ds, Windows.Window w,
                                 String why) {
        runs.update(runId, r -> r.counted(0, 0, 0, 1));
        ctx.metrics().anomaly("empty_document", 1);
        Anomaly a = new Anomaly(ctx.tenant(), parser.iso(), ds.id(), null, w.start(), "empty_document", why, null,
                ctx.clock().instant());
        ctx.metrics().events().anomalies(List.of(a));
        return ctx.transport().publish(Topics.ANOMALIES, new Batch<>(runId, ctx.tenant(), List.of(a)));
    }

}
