package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.pipeline.ConfigException;
import com.carbon254.ingestion.transport.BatchPublisher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The connectors stage's own configuration ({@code verticles[connectors].config} of a descriptor), typed and
 * validated at once: every problem is listed with its key, like the rest of the configuration.
 *
 * <pre>
 * batch_size: 20000                      # raw records per published batch (1..1000000)
 * scheduler: {enabled: true, period_ms: 10000}
 * streaming: {enabled: true, poll_ms: 60000}   # poll_ms absent: each dataset's own interval
 * stale_check_seconds: 60                # 0 = no stale-feed checks (0..86400)
 * endpoints: {MISO_REPORTS_URL: sim:/miso/marketreports}
 * </pre>
 *
 * @param schedulerPeriod how often the scheduler looks for due firings; null when the scheduler is off
 * @param streaming       whether streaming/hybrid datasets are polled
 * @param pollEvery       the poll interval for every polled dataset, null for each dataset's own
 * @param staleCheck      seconds between stale-feed checks, 0 = none
 * @param endpoints       endpoint variables over the connector.yaml defaults (the environment wins over both)
 */
public record ConnectorsConfig(int batchSize, Duration schedulerPeriod, boolean streaming, Duration pollEvery,
                               int staleCheck, Map<String, String> endpoints) {
    public static final int DEFAULT_BATCH_SIZE = BatchPublisher.DEFAULT_BATCH_SIZE;
    public static final Duration DEFAULT_SCHEDULER_PERIOD = Duration.ofSeconds(15);
    public static final int DEFAULT_STALE_CHECK_SECONDS = 60;
    static final int MAX_STALE_CHECK_SECONDS = 86_400;
    private static final Set<String> KEYS = Set.of("batch_size", "scheduler", "streaming", "stale_check_seconds",
            "endpoints");

    public ConnectorsConfig {
        endpoints = Map.copyOf(endpoints);
    }

    /**
     * @param source where the config came from ({@code conf/deployments/all-in-one.yaml}), named in every problem
     * @throws ConfigException listing every problem, each as {@code <source>: verticles[connectors].config.<key>: …}
     */
    public static ConnectorsConfig from(Map<String, Object> cfg, String source) {
        List<String> problems = new ArrayList<>();
        String at = source + ": verticles[connectors].config.";
        for (String k : cfg.keySet()) {
            if (!KEYS.contains(k)) problems.add(at + k + ": unknown key (expected " + String.join(", ", KEYS.stream()
                    .sorted().toList()) + ")");
        }
        int batch = (int) whole(cfg.get("batch_size"), DEFAULT_BATCH_SIZE, 1, 1_000_000, at + "batch_size",
                "a whole number of records 1..1000000", problems);
        Map<String, Object> sched = section(cfg.get("scheduler"), Set.of("enabled", "period_ms"), at + "scheduler",
                problems);
        boolean schedOn = flag(sched.get("enabled"), true, at + "scheduler.enabled", problems);
        long period = whole(sched.get("period_ms"), DEFAULT_SCHEDULER_PERIOD.toMillis(), 100, 86_400_000,
                at + "scheduler.period_ms", "a whole number of milliseconds 100..86400000", problems);
        Map<String, Object> stream = section(cfg.get("streaming"), Set.of("enabled", "poll_ms"), at + "streaming",
                problems);
        boolean streamOn = flag(stream.get("enabled"), true, at + "streaming.enabled", problems);
        long poll = whole(stream.get("poll_ms"), -1, 100, 86_400_000, at + "streaming.poll_ms",
                "a whole number of milliseconds 100..86400000", problems);
        int stale = (int) whole(cfg.get("stale_check_seconds"), DEFAULT_STALE_CHECK_SECONDS, 0,
                MAX_STALE_CHECK_SECONDS, at + "stale_check_seconds", "a whole number of seconds 0.."
                        + MAX_STALE_CHECK_SECONDS + " (0 = no stale-feed checks)", problems);
        Map<String, String> endpoints = new LinkedHashMap<>();
        Object e = cfg.get("endpoints");
        if (e instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (v instanceof Map || v instanceof List || v == null) {
                    problems.add(at + "endpoints." + k + ": expected a URL or sim:/path, found " + ConnectorSpecs.describe(v));
                } else {
                    endpoints.put(String.valueOf(k), String.valueOf(v));
                }
            });
        } else if (e != null) {
            problems.add(at + "endpoints: expected a mapping of variable to URL, found " + ConnectorSpecs.describe(e));
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new ConnectorsConfig(batch, schedOn ? Duration.ofMillis(period) : null, streamOn,
                poll < 0 ? null : Duration.ofMillis(poll), stale, endpoints);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Object v, Set<String> keys, String at, List<String> problems) {
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?> m)) {
            problems.add(at + ": expected a mapping with " + String.join(", ", keys.stream().sorted().toList())
                    + ", found " + ConnectorSpecs.describe(v));
            return Map.of();
        }
        for (Object k : m.keySet()) {
            if (!keys.contains(String.valueOf(k))) {
                problems.add(at + "." + k + ": unknown key (expected " + String.join(", ", keys.stream().sorted()
                        .toList()) + ")");
            }
        }
        return (Map<String, Object>) m;
    }

    private static boolean flag(Object v, boolean dflt, String at, List<String> problems) {
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        problems.add(at + ": expected true or false, found " + ConnectorSpecs.describe(v));
        return dflt;
    }

    private static long whole(Object v, long dflt, long min, long max, String at, String what,
                              List<String> problems) {
        if (v == null) return dflt;
        if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() >= min
                && ((Number) v).longValue() <= max) {
            return ((Number) v).longValue();
        }
        problems.add(at + ": expected " + what + ", found " + ConnectorSpecs.describe(v));
        return dflt;
    }
}
