package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.connector.fetch.HttpFetcher;
import com.carbon254.ingestion.connector.fetch.Windows;
import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.ops.Tracing;
import com.carbon254.ingestion.pipeline.StageContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Streaming and hybrid connectors: their intra-day datasets (window span under a day, such as MISO's 5-minute
 * "Current" endpoint) are polled every {@code poll} instead of on a cron, and only intervals not emitted before are
 * published — the end of the newest interval emitted is a cursor kept in {@link RegistryState}, so it survives a
 * restart. Hybrid first takes a snapshot (the dataset's windows with their look-back), then goes incremental;
 * streaming starts incremental. Day-ahead datasets stay on their schedule in every mode.
 *
 * <p>One poll at a time per dataset: a tick that finds the previous poll still running is skipped.
 */
public final class StreamingPoller {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingPoller.class);
    private final StageContext ctx;
    private final RunService runs;
    private final DocumentIngest ingest;
    private final RegistryState state;
    private final Map<String, ConnectorSpec> specs;
    private final Duration poll;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> snapshotDone = ConcurrentHashMap.newKeySet();

    /** @param poll null: each dataset's own interval */
    public StreamingPoller(StageContext ctx, RunService runs, DocumentIngest ingest, RegistryState state,
                           Map<String, ConnectorSpec> specs, Duration poll) {
        this.ctx = ctx;
        this.runs = runs;
        this.ingest = ingest;
        this.state = state;
        this.specs = specs;
        this.poll = poll;
    }

    /** Whether a dataset is polled by this class rather than scheduled. */
    public static boolean polled(ConnectorSpec spec, ConnectorSpec.Dataset ds) {
        return spec.mode() != ConnectorSpec.Mode.BATCH && ds.window().span().compareTo(Duration.ofDays(1)) < 0;
    }

    /** Starts one timer per polled dataset; returns how many. */
    public int start(Vertx vertx) {
        int n = 0;
        for (ConnectorSpec spec : specs.values()) {
            for (ConnectorSpec.Dataset ds : spec.datasets()) {
                if (!ds.enabled() || !polled(spec, ds)) continue;
                long every = (poll != null ? poll : ds.interval()).toMillis();
                vertx.setTimer(10, id -> pollOnce(spec, ds));
                vertx.setPeriodic(Math.max(100, every), id -> pollOnce(spec, ds));
                n++;
            }
        }
        return n;
    }

    /** One poll of one dataset; completes when everything it published is acknowledged. */
    Future<Void> pollOnce(ConnectorSpec spec, ConnectorSpec.Dataset ds) {
        String key = spec.name() + "/" + ds.id();
        if (!state.enabled(spec) || !runs.scheduled(spec, ds) || !inFlight.add(key)) return Future.succeededFuture();
        Connector parser = Isos.byConnector(spec.name()).map(Iso::connector).orElseThrow();
        List<Windows.Window> windows = Windows.forRun(ds.window(), ctx.clock().instant());
        boolean snapshot = spec.mode() == ConnectorSpec.Mode.HYBRID && !snapshotDone.contains(key);
        List<Windows.Window> todo = snapshot || windows.isEmpty() ? windows
                : List.of(windows.get(windows.size() - 1));
        Future<Void> chain = Future.succeededFuture();
        List<String> errors = new ArrayList<>();
        for (Windows.Window w : todo) {
            chain = chain.compose(v -> one(spec, ds, parser, w).recover(e -> {
                errors.add(e.getMessage());
                return Future.succeededFuture();
            }));
        }
        return chain.onComplete(ar -> {
            inFlight.remove(key);
            String err = errors.isEmpty() ? null : String.join("; ", errors);
            if (err == null && snapshot) snapshotDone.add(key);
            if (err != null) LOG.warn("poll of {} failed: {}", key, err);
            ctx.metrics().connectorRun(spec.name(), err == null ? "succeeded" : "failed");
            state.recordRun(spec.name(), ctx.clock().instant(), err);
        });
    }

    private Future<Void> one(ConnectorSpec spec, ConnectorSpec.Dataset ds, Connector parser, Windows.Window w) {
        Map<String, String> vars = runs.endpoints();
        String url = RunService.url(ds.endpoint(), ds, w, vars, Map.of());
        if (url.startsWith("sim:")) return Future.failedFuture("endpoint " + url + " needs the simulator stage");
        Tracing.DocumentSpan span = ingest.trace("poll", parser, HttpFetcher.redact(url),
                "poll-" + spec.name() + "-" + ds.id());
        return runs.headers(ds, vars).compose(headers -> runs.fetcher(spec).get(url, headers)).compose(f -> {
            if (f.body().length == 0) return Future.succeededFuture(); // not posted yet: the next poll asks again
            Instant cursor = state.cursor(spec.name(), ds.id()).orElse(null);
            return ingest.document(parser, f.url(), f.body(), span.traceId())
                    .compose(doc -> ingest.validatedFirst(parser, doc, cursor == null ? Instant.MIN : cursor,
                            span.traceparent()))
                    .compose(o -> switch (o.kind()) {
                        case REJECTED -> Future.failedFuture(o.reason() + ": " + o.detail());
                        case DUPLICATE -> Future.succeededFuture();
                        case PUBLISHED -> o.newestInterval() == null ? Future.succeededFuture()
                                : state.setCursor(spec.name(), ds.id(), o.newestInterval());
                    });
        }).onComplete(ar -> span.end(ar.cause()));
    }
}
