package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.pipeline.store.SilverStore;
import com.carbon254.ingestion.transport.Batch;
import com.carbon254.ingestion.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Raises {@code stale_feed} anomalies: no new interval within a dataset's allowance. Every check looks at each enabled
 * dataset of each enabled connector that declares {@code stale_after}; the dataset is stale when the end of the
 * newest interval stored for its (iso, market) ({@link SilverStore#newestInterval}) is more than {@code stale_after} before
 * now. Datasets sharing a market (MISO's ex-post and ex-ante day-ahead) each judge that market's newest interval by
 * their own allowance. A market that never had data stored raises nothing: there is no feed to call stale yet.
 *
 * <p>One anomaly per episode: an episode opens at the first check that finds the dataset stale and closes at the first
 * check that finds it fresh again. Its anomaly's {@code interval} is the newest interval end the feed was stuck at
 * when it opened (the start of the first interval that had not arrived), named in its detail. The detail holds no
 * wall-clock time, so the anomaly's id ({@code EventIds.anomaly}) is the same in a replay or a redelivery. Later
 * checks of an open episode stay silent — also while a slow catch-up moves the newest interval without making the
 * feed fresh, and after a restart (the open episode is kept in {@link RegistryState}). Each anomaly published is counted in {@code data_quality_anomalies_total{type="stale_feed"}}.
 *
 * <p>Checks run on the caller's context every {@code stale_check_seconds} (connectors stage config, default
 * {@value ConnectorsConfig#DEFAULT_STALE_CHECK_SECONDS}; 0 = off), the first one period after start so runs catching up after a restart land
 * first. A check still waiting for the store when the next one is due makes that one a no-op.
 */
public final class StaleFeedMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(StaleFeedMonitor.class);
    public static final String TYPE = "stale_feed";

    private final Map<String, ConnectorSpec> specs;
    private final RegistryState state;
    private final SilverStore store;
    private final Transport transport;
    private final Metrics metrics;
    private final String tenant;
    private final Clock clock;
    private final AtomicBoolean checking = new AtomicBoolean();

    public StaleFeedMonitor(Map<String, ConnectorSpec> specs, RegistryState state, SilverStore store, Transport transport,
                            Metrics metrics, String tenant, Clock clock) {
        this.specs = specs;
        this.state = state;
        this.store = store;
        this.transport = transport;
        this.metrics = metrics;
        this.tenant = tenant;
        this.clock = clock;
    }

    /** Whether a feed whose newest interval ends at {@code newestEnd} is stale at {@code now}: strictly past the allowance. */
    public static boolean stale(Instant newestEnd, Duration allowance, Instant now) {
        return newestEnd.plus(allowance).isBefore(now);
    }

    /** The anomaly's detail: deterministic (no wall-clock time), since the anomaly's id is computed from it. */
    static String detail(Instant newestEnd, Duration allowance) {
        return "no interval after " + newestEnd + " (allowance " + ConnectorSpec.iso(allowance) + ")";
    }

    /** Checks every {@code periodMs} on the caller's context, the first time one period from now; the timer id. */
    public long start(Vertx vertx, long periodMs) {
        return vertx.setPeriodic(periodMs, id -> check());
    }

    private record Watched(ConnectorSpec spec, ConnectorSpec.Dataset dataset, String series) {
    }

    /**
     * One check of every watched dataset; completes with the anomalies it published (none while the previous check
     * is still running). A store or transport failure is logged and fails the future; the episode is then reported
     * by a later check.
     */
    public Future<List<Anomaly>> check() {
        if (!checking.compareAndSet(false, true)) return Future.succeededFuture(List.of());
        Future<List<Anomaly>> done;
        try {
            done = checkOnce();
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        return done.transform(ar -> {
            checking.set(false);
            if (ar.succeeded()) {
                metrics.staleCheck();
                return Future.succeededFuture(ar.result());
            }
            LOG.warn("stale-feed check failed: {}", String.valueOf(ar.cause()));
            return Future.failedFuture(ar.cause());
        });
    }

    private Future<List<Anomaly>> checkOnce() {
        Instant now = clock.instant();
        List<Watched> watched = new ArrayList<>();
        Map<String, Future<Optional<Instant>>> newest = new LinkedHashMap<>();
        specs.values().stream().sorted(Comparator.comparing(ConnectorSpec::name)).filter(state::enabled)
                .forEach(spec -> spec.datasets().forEach(ds -> {
                    if (!ds.enabled() || ds.staleAfter() == null) return;
                    String series = spec.market() + "|" + ds.market();
                    newest.computeIfAbsent(series, k -> store.newestInterval(tenant, spec.market(), ds.market()));
                    watched.add(new Watched(spec, ds, series));
                }));
        if (watched.isEmpty()) return Future.succeededFuture(List.of());
        return Future.all(new ArrayList<>(newest.values())).compose(v -> {
            List<Anomaly> out = new ArrayList<>();
            List<Watched> reported = new ArrayList<>();
            List<Future<Void>> closed = new ArrayList<>();
            for (Watched w : watched) {
                Instant end = newest.get(w.series()).result().orElse(null);
                if (end == null) continue;
                if (!stale(end, w.dataset().staleAfter(), now)) {
                    closed.add(state.clearStaleReported(w.spec().name(), w.dataset().id()));
                    continue;
                }
                // still stale: the open episode was reported, even if a slow catch-up moved the newest interval
                if (state.staleReported(w.spec().name(), w.dataset().id()).isPresent()) continue;
                out.add(new Anomaly(tenant, w.spec().market(), w.dataset().id(), null, end, TYPE,
                        detail(end, w.dataset().staleAfter()), null, now));
                reported.add(w);
            }
            if (out.isEmpty()) return Future.all(closed).<List<Anomaly>>map(List.of()).otherwise(List.of());
            return transport.publish(Topics.ANOMALIES, new Batch<>("stale_feed@" + now, tenant, out)).compose(x -> {
                metrics.anomaly(TYPE, out.size());
                metrics.events().anomalies(out);
                List<Future<Void>> saved = new ArrayList<>();
                for (int i = 0; i < out.size(); i++) {
                    Watched w = reported.get(i);
                    LOG.warn("feed {}/{} is stale: {}", w.spec().name(), w.dataset().id(), out.get(i).detail());
                    saved.add(state.setStaleReported(w.spec().name(), w.dataset().id(), out.get(i).interval()));
                }
                // the episode is remembered in memory either way; RegistryState logs a file it could not write
                return Future.all(saved).<List<Anomaly>>map(List.copyOf(out)).otherwise(List.copyOf(out));
            });
        });
    }
}
