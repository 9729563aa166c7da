package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.iso.Connector;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
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
     * @param headers  static request headers ({@code Accept: application/json})
     * @param auth     the credentials its requests carry, or null when the ISO serves it anonymously
     * @param paging   how its answers are paged, or null when one request returns the whole window
     * @param fallbackEndpoint fetched for the same window when {@code endpoint}'s answer yields no record (PJM's
     *                 unverified 5-minute prices while the verified ones are not posted), or null
     * @param listing  the ISO's document listing fetched first ({@code Connector.listedDocuments} picks the window's
     *                 documents from it; {@code endpoint}'s {@code {doc}} is each one), or null
     * @param alternativeTo the id of the dataset this one stands in for while that one is unavailable (an anonymous
     *                 file feed while the API's credentials are not set); it is not scheduled while that one is available
     */
    public record Dataset(String id, String endpoint, String market, Duration interval, String format,
                          boolean enabled, String schedule, Window window, Duration staleAfter,
                          Map<String, String> headers, Auth auth, Paging paging, String fallbackEndpoint,
                          String listing, String alternativeTo) {
        public Dataset {
            headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /** An anonymous, unpaged dataset fetched by one request per window. */
        public Dataset(String id, String endpoint, String market, Duration interval, String format, boolean enabled,
                       String schedule, Window window, Duration staleAfter) {
            this(id, endpoint, market, interval, format, enabled, schedule, window, staleAfter, Map.of(), null, null,
                    null, null, null);
        }

        /** The environment variables its requests need that are not set in {@code env} (its missing credentials). */
        public List<String> missingCredentials(Map<String, String> env) {
            if (auth == null) return List.of();
            return auth.variables().stream().filter(v -> env.get(v) == null || env.get(v).isBlank()).toList();
        }
    }

    /**
     * The credentials a dataset's requests carry; the fields name environment variables, never values.
     *
     * @param type     {@code api_key}: {@code header} = the value of {@code key}; {@code basic}: HTTP Basic of
     *                 {@code username} and {@code password}; {@code ercot_token}: an ID token from {@code tokenUrl}
     *                 (OAuth2 resource-owner password grant, renewed before it expires) as {@code Authorization: Bearer}
     *                 plus the subscription key {@code key} in {@code Ocp-Apim-Subscription-Key}
     * @param tokenUrl template ({@code ${VAR}} allowed) of the token endpoint, {@code ercot_token} only
     * @param clientId the token request's {@code client_id}, {@code ercot_token} only
     * @param scope    the token request's {@code scope}, {@code ercot_token} only
     */
    public record Auth(AuthType type, String header, String key, String username, String password, String tokenUrl,
                       String clientId, String scope) {
        /** The environment variables holding its secrets. */
        public List<String> variables() {
            List<String> out = new java.util.ArrayList<>();
            if (key != null) out.add(key);
            if (username != null) out.add(username);
            if (password != null) out.add(password);
            return out;
        }
    }

    public enum AuthType {
        API_KEY, BASIC, ERCOT_TOKEN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How a dataset's answers are paged: {@code param} = the first row (unit {@code row}, {@code first},
     * {@code first + size}, …) or page number ({@code page}: {@code first}, {@code first + 1}, …) and
     * {@code sizeParam} = {@code size} are added to each request; pages are requested until one holds fewer than
     * {@code size} source rows. Each page is its own document.
     */
    public record Paging(String param, String sizeParam, int size, long first, boolean byRow) {
        /** The value of {@code param} for the {@code n}-th page (0-based). */
        public long value(int n) {
            return byRow ? first + (long) n * size : first + n;
        }
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
        if (!d.headers().isEmpty()) m.put("headers", d.headers());
        if (d.auth() != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("type", d.auth().type().id());
            if (d.auth().header() != null) a.put("header", d.auth().header());
            a.put("variables", d.auth().variables());
            m.put("auth", a);
        }
        if (d.paging() != null) {
            m.put("paging", Map.of("param", d.paging().param(), "size_param", d.paging().sizeParam(),
                    "size", d.paging().size(), "first", d.paging().first(), "unit", d.paging().byRow() ? "row" : "page"));
        }
        if (d.fallbackEndpoint() != null) m.put("fallback_endpoint", d.fallbackEndpoint());
        if (d.listing() != null) m.put("listing", d.listing());
        if (d.alternativeTo() != null) m.put("alternative_to", d.alternativeTo());
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
