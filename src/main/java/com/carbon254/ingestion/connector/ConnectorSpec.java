package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.iso.Connector;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code connectors/<name>/connector.yaml}, validated (see {@link ConnectorSpecs#load}). Immutable.
 *
 * @param name                     connector name = its directory = {@link Connector#name()}
 * @param version                  semantic version of the connector's config/format handling
 * @param market                   the ISO/RTO ({@code MISO}, {@code CAISO}); DAG ids use it lower-cased
 * @param mode                     how runs are triggered
 * @param schedule                 5-field cron (UTC) of the connector's runs; datasets may override it
 * @param outputTopic              {@code ingestion.<market>.raw.v1}
 * @param schema                   {@code connectors/<name>/schemas/<name>_raw_record.avsc}
 * @param retries                  attempts after the first failure of a fetch
 * @param backoffSeconds           first retry delay (the runner doubles it per attempt)
 * @param tenantStrategy           {@code shared} (public data fetched once for every tenant) or {@code per_tenant}
 *                                 (each tenant fetches with its own credentials)
 * @param transforms               what the extractor does to the rows, in order (documentation for operators)
 * @param minRequestSpacingSeconds least time between two requests to the ISO (CAISO OASIS: 5 s, else HTTP 429)
 * @param source                   the file it was read from, e.g. {@code connectors/miso/connector.yaml}
 */
public record ConnectorSpec(String name, String version, String market, Mode mode, String schedule, boolean enabled,
                            String outputTopic, String schema, int retries, int backoffSeconds, String tenantStrategy,
                            List<String> transforms, String owner, int minRequestSpacingSeconds,
                            List<Dataset> datasets, List<EnvVar> environment, String source) {

    public ConnectorSpec {
        transforms = List.copyOf(transforms);
        datasets = List.copyOf(datasets);
        environment = List.copyOf(environment);
    }

    /**
     * An environment variable the connector reads: an endpoint base URL (with its live default) or a credential
     * ({@code secret}: never given a default here, never logged).
     */
    public record EnvVar(String name, String defaultValue, boolean secret, String description) {
    }

    /** Defaults of the declared variables that have one (the live ISO endpoints). */
    public Map<String, String> environmentDefaults() {
        Map<String, String> out = new LinkedHashMap<>();
        environment.forEach(e -> {
            if (e.defaultValue() != null) out.put(e.name(), e.defaultValue());
        });
        return out;
    }

    public enum Mode {
        BATCH, STREAMING, HYBRID;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One dataset the connector fetches.
     *
     * @param endpoint template: {@code ${ENV_VAR}} is resolved from the environment; {@code {yyyyMMdd}} is the
     *                 window's first day in {@link Window#align()}, {@code {start}}/{@code {end}} the window bounds in
     *                 UTC as {@code yyyyMMdd'T'HH:mm-0000} (OASIS's form)
     * @param market   canonical market of its ticks ({@code DA_HOURLY}, {@code RT_5MIN}, ...)
     * @param interval length of one price interval
     * @param format   body format: {@code csv}, {@code zip} or {@code json}
     * @param enabled  false while the connector cannot parse it yet
     * @param schedule cron overriding the connector's, or null
     * @param staleAfter the feed's allowance ({@code stale_after}), or null for none: the dataset is stale when the end
     *                 of the newest interval stored for its (iso, market) is more than this before now, and a
     *                 {@code stale_feed} anomaly is raised ({@link StaleFeedMonitor})
     */
    public record Dataset(String id, String endpoint, String market, Duration interval, String format,
                          boolean enabled, String schedule, Window window, Duration staleAfter) {
    }

    /**
     * Which time range one request covers.
     *
     * @param span     the window of one scheduled run
     * @param maxSpan  the largest window one request may ask for (backfills are cut into pieces this long)
     * @param align    windows start on a multiple of {@code span} at midnight in this zone (the ISO's operating day)
     * @param offset   where a run's window starts relative to the run time aligned down (P1D: tomorrow's day-ahead)
     * @param lookback how far back each run re-fetches, to pick up revisions and re-posted files
     */
    public record Window(Duration span, Duration maxSpan, ZoneId align, Duration offset, Duration lookback) {
    }

    /** {@code ingest_<market>_<mode>}: the Airflow DAG built for this connector. */
    public String dagId() {
        return "ingest_" + market.toLowerCase(Locale.ROOT) + "_" + mode.id();
    }

    /** The index entry ({@code connectors_index.json}): plain maps, lists, strings, numbers and booleans. */
    public Map<String, Object> toIndexEntry() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("version", version);
        m.put("market", market);
        m.put("mode", mode.id());
        m.put("schedule", schedule);
        m.put("enabled", enabled);
        m.put("dag_id", dagId());
        m.put("output_topic", outputTopic);
        m.put("schema", schema);
        m.put("retries", retries);
        m.put("backoff_seconds", backoffSeconds);
        m.put("min_request_spacing_seconds", minRequestSpacingSeconds);
        m.put("tenant_strategy", tenantStrategy);
        m.put("transforms", transforms);
        m.put("owner", owner);
        m.put("source", source);
        m.put("datasets", datasets.stream().map(ConnectorSpec::datasetEntry).toList());
        m.put("environment", environment.stream().map(e -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", e.name());
            if (e.description() != null) v.put("description", e.description());
            if (e.defaultValue() != null) v.put("default", e.defaultValue());
            v.put("secret", e.secret());
            return v;
        }).toList());
        return m;
    }

    private static Map<String, Object> datasetEntry(Dataset d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("endpoint", d.endpoint());
        m.put("market", d.market());
        m.put("interval", iso(d.interval()));
        m.put("format", d.format());
        m.put("enabled", d.enabled());
        if (d.schedule() != null) m.put("schedule", d.schedule());
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("span", iso(d.window().span()));
        w.put("max_span", iso(d.window().maxSpan()));
        w.put("align", d.window().align().getId());
        w.put("offset", iso(d.window().offset()));
        w.put("lookback", iso(d.window().lookback()));
        m.put("window", w);
        if (d.staleAfter() != null) m.put("stale_after", iso(d.staleAfter()));
        return m;
    }

    /** ISO-8601 with whole days kept as days ({@code P31D}, not {@code PT744H}). */
    static String iso(Duration d) {
        if (d.isNegative()) return "-" + iso(d.negated()); // -PT1H rather than Duration's PT-1H
        long s = d.getSeconds();
        if (s != 0 && d.getNano() == 0 && s % 86_400 == 0) return "P" + s / 86_400 + "D";
        return d.toString();
    }
}
