package com.carbon254.ingestion.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Locale;

/**
 * The process's meters. Metric names are API (the seed's names): {@code normalization_records_processed_total},
 * {@code normalization_latency_seconds}, {@code aggregation_recompute_duration_seconds}, {@code connector_runs_total},
 * plus per-stage conservation counters {@code stage_records_total{stage,outcome=in|out|rejected}} and
 * {@code dlq_records_total{stage,reason}}. Tag values are bounded enums (stage names, ISO codes, reason codes).
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry;

    public Metrics() {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // make the documented series visible from the first scrape, before any data flowed
        for (String s : new String[]{"connectors", "normalizer", "enricher", "aggregator", "projector"}) {
            for (String o : new String[]{"in", "out", "rejected"}) stage(s, o);
        }
        normalizationLatency();
        aggregationRecompute();
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

    public void connectorRun(String connector, String status) {
        Counter.builder("connector.runs").description("connector runs (imports, fetches) by outcome")
                .tag("connector", connector).tag("status", status).register(registry).increment();
    }

    public void dlq(String stage, String reason, long n) {
        Counter.builder("dlq.records").description("records sent to a DLQ")
                .tag("stage", stage).tag("reason", reason).register(registry).increment(n);
    }

    public void anomaly(String type, long n) {
        Counter.builder("data.quality.anomalies").description("data-quality anomalies by type")
                .tag("type", type).register(registry).increment(n);
    }
}
