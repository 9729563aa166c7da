package com.carbon254.ingestion.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Locale;

/**
 * The process's meters. Metric names are API (the seed's names): {@code normalization_records_processed_total},
 * {@code normalization_latency_seconds}, {@code aggregation_recompute_duration_seconds}, {@code connector_runs_total},
 * plus per-stage conservation counters {@code stage_records_total{stage,outcome=in|out|rejected}},
 * {@code dlq_records_total{stage,reason}}, {@code import_duration_seconds{connector,status}} and the JVM's
 * ({@link #bindJvm}). {@code ops/grafana/carbon-ingestion.json} charts them; a test keeps the two in step. Tag values are bounded enums (stage names, ISO codes, reason codes).
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry;
    private final OpsEvents events = new OpsEvents();

    public Metrics() {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // make the documented series visible from the first scrape, before any data flowed
        for (String s : new String[]{"connectors", "normalizer", "enricher", "aggregator", "projector"}) {
            for (String o : new String[]{"in", "out", "rejected"}) stage(s, o);
        }
        normalizationLatency();
        aggregationRecompute();
    }

    /** The live ops events of this process (what the event-bus bridge carries), reported beside the meters. */
    public OpsEvents events() {
        return events;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Prometheus text exposition of everything registered. */
    public String scrape() {
        return registry.scrape();
    }

    public Counter stage(String stage, String outcome) {
        return Counter.builder("stage.records").description("records per stage and outcome (in = out + rejected)")
                .tag("stage", stage).tag("outcome", outcome).register(registry);
    }

    public void stageCounts(String stage, long in, long out, long rejected) {
        if (in > 0) stage(stage, "in").increment(in);
        if (out > 0) stage(stage, "out").increment(out);
        if (rejected > 0) stage(stage, "rejected").increment(rejected);
    }

    public void normalized(String iso, long ok, long rejected) {
        String i = iso == null ? "unknown" : iso.toUpperCase(Locale.ROOT);
        if (ok > 0) Counter.builder("normalization.records.processed").description("raw records normalized")
                .tag("iso", i).tag("outcome", "ok").register(registry).increment(ok);
        if (rejected > 0) Counter.builder("normalization.records.processed").description("raw records normalized")
                .tag("iso", i).tag("outcome", "rejected").register(registry).increment(rejected);
    }

    public Timer normalizationLatency() {
        return Timer.builder("normalization.latency").description("time to normalize one batch")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    public Timer aggregationRecompute() {
        return Timer.builder("aggregation.recompute.duration").description("time to recompute the bars a batch touched")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    /** A write of the served latest values that failed (Redis down or slow); {@code reason}: {@code error|timeout}. */
    public void cacheError(String reason) {
        cacheErrors(reason).increment();
    }

    private Counter cacheErrors(String reason) {
        return Counter.builder("projection.cache.errors").description("latest-value cache writes that failed or timed"
                + " out; the values wait and are written when the cache answers again").tag("reason", reason)
                .register(registry);
    }

    /**
     * Latest values waiting for the cache (newest per key), read on scrape; registers the error counters too, at 0,
     * so a process serving latest values exports them before the first outage.
     */
    public void cachePending(java.util.function.IntSupplier pending) {
        cacheErrors("error");
        cacheErrors("timeout");
        io.micrometer.core.instrument.Gauge.builder("projection.cache.pending", pending, p -> p.getAsInt())
                .description("latest values waiting to be written to the cache").strongReference(true)
                .register(registry);
    }

    /** An import that ended ({@code status}: {@code done|failed}), from its submission to its end. */
    public void importDuration(String connector, String status, Duration elapsed) {
        Timer.builder("import.duration").description("time from an import's upload to everything it produced being"
                        + " queryable (or its failure)").tag("connector", connector).tag("status", status)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1)).register(registry).record(elapsed);
    }

    /**
     * Binds the JVM's meters (heap and non-heap by pool, GC pauses and allocation, threads) for {@code /metrics};
     * once per process.
     */
    public void bindJvm() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }

    public void connectorRun(String connector, String status) {
        Counter.builder("connector.runs").description("connector runs (imports, fetches) by outcome")
                .tag("connector", connector).tag("status", status).register(registry).increment();
    }

    /** One HTTP attempt of a connector; {@code status} -1 when no response came. */
    public void fetchAttempt(String connector, int status, Duration elapsed) {
        String cls = status < 0 ? "none" : (status / 100) + "xx";
        Timer.builder("connector.fetch.latency").description("time of one HTTP attempt to an ISO")
                .tag("connector", connector).tag("status", cls).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry).record(elapsed);
    }

    public void fetchBytes(String connector, long n) {
        Counter.builder("connector.fetch.bytes").baseUnit("bytes").description("bytes fetched from an ISO")
                .tag("connector", connector).register(registry).increment(n);
    }

    /** A retry, by reason: rate_limited, server_error, timeout, connection. */
    public void fetchRetry(String connector, String reason) {
        Counter.builder("connector.fetch.retries").description("fetch attempts retried")
                .tag("connector", connector).tag("reason", reason).register(registry).increment();
    }

    /**
     * Seconds since the end of the connector's newest ingested interval, 0 when it holds data ahead of now
     * (day-ahead prices for tomorrow); set by the registry, read on scrape.
     */
    public void dataLag(String connector, double seconds) {
        lags.computeIfAbsent(connector, c -> {
            java.util.concurrent.atomic.AtomicLong v = new java.util.concurrent.atomic.AtomicLong();
            io.micrometer.core.instrument.Gauge.builder("connector.data.lag", v, java.util.concurrent.atomic.AtomicLong::get)
                    .baseUnit("seconds").description("now minus the end of the newest interval ingested")
                    .tag("connector", c).register(registry);
            return v;
        }).set(Math.round(seconds));
    }

    private final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> lags =
            new java.util.concurrent.ConcurrentHashMap<>();

    public void dlq(String stage, String reason, long n) {
        Counter.builder("dlq.records").description("records sent to a DLQ")
                .tag("stage", stage).tag("reason", reason).register(registry).increment(n);
    }

    /** Curve points that changed and went downstream on {@code pricing.curve.updates.v1}. */
    public void curveUpdates(long n) {
        Counter.builder("curve.updates").description("curve points published as updates (value changed)")
                .register(registry).increment(n);
    }

    /** A stale-feed check that ran to its end (whatever it found): what a test or an operator waits on. */
    public void staleCheck() {
        Counter.builder("connector.stale.checks").description("stale-feed checks completed").register(registry)
                .increment();
    }

    /**
     * Ticks the enricher could not classify ({@code unknown_location}: not in the taxonomy; they pass on with type
     * {@code unknown}), or refused: {@code enrichment_failures_total{reason}}.
     */
    public void enrichmentFailures(String reason, long n) {
        Counter.builder("enrichment.failures").description("ticks the enricher could not classify or refused, by reason")
                .tag("reason", reason).register(registry).increment(n);
    }

    /** A request the API refused before it ran: {@code http_auth_refusals_total{reason}}. */
    public void authRefused(String reason) {
        Counter.builder("http.auth.refusals").description("requests refused for their token: missing_token,"
                + " unknown_token, scope, tenant").tag("reason", reason).register(registry).increment();
    }

    /**
     * Whether a dataset can be fetched now (its credentials are set): {@code connector_dataset_available} 1 or 0,
     * read on scrape, so an alert catches a key that went missing.
     */
    public void datasetAvailable(String connector, String dataset, java.util.function.BooleanSupplier available) {
        io.micrometer.core.instrument.Gauge.builder("connector.dataset.available", available,
                        a -> a.getAsBoolean() ? 1 : 0)
                .description("1 when the dataset's credentials are set, 0 when it is unavailable")
                .tag("connector", connector).tag("dataset", dataset)
                .strongReference(true) // the supplier is a lambda nothing else holds
                .register(registry);
    }

    public void anomaly(String type, long n) {
        Counter.builder("data.quality.anomalies").description("data-quality anomalies by type")
                .tag("type", type).register(registry).increment(n);
    }
}
