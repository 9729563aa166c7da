package com.carbon254.ingestion.connector.fetch;

import com.carbon254.ingestion.connector.ConnectorSpec;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link HttpFetcher} treats one ISO's servers: retries, backoff, timeout and politeness. Immutable.
 *
 * @param retries           attempts after the first (so at most {@code retries + 1} requests per fetch)
 * @param backoffBase       wait before the first retry; doubled per further retry (plus jitter)
 * @param maxBackoff        cap on the doubled wait; also the longest {@code Retry-After} a fetch will wait out
 * @param requestTimeout    connect and idle timeout of one attempt: no connection or no data for this long fails
 *                          the attempt (a slow but progressing download is not cut)
 * @param minSpacingByHost  least time between the end of one request and the start of the next to a host, keyed
 *                          {@code host:port} or {@code host} (any port), lower-case
 * @param defaultMinSpacing the spacing for hosts not in {@code minSpacingByHost}; zero = no queue
 */
public record FetchPolicy(int retries, Duration backoffBase, Duration maxBackoff, Duration requestTimeout,
                          Map<String, Duration> minSpacingByHost, Duration defaultMinSpacing) {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);

    public FetchPolicy {
        if (retries < 0) throw new IllegalArgumentException("retries " + retries + " < 0");
        nonNegative("backoffBase", backoffBase);
        nonNegative("maxBackoff", maxBackoff);
        nonNegative("defaultMinSpacing", defaultMinSpacing);
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.toMillis() < 1) throw new IllegalArgumentException("requestTimeout must be at least 1 ms");
        Map<String, Duration> m = new HashMap<>();
        minSpacingByHost.forEach((host, d) -> m.put(host.toLowerCase(Locale.ROOT),
                nonNegative("minSpacingByHost[" + host + "]", d)));
        minSpacingByHost = Map.copyOf(m);
    }

    /**
     * The policy a connector's {@code connector.yaml} asks for: {@code retries}, {@code backoff_seconds} as the base,
     * {@code min_request_spacing_seconds} for every host it fetches from; a 60-second timeout
     * and a 5-minute backoff cap (or the base, when that is longer).
     */
    public static FetchPolicy of(ConnectorSpec spec) {
        Duration base = Duration.ofSeconds(spec.backoffSeconds());
        return new FetchPolicy(spec.retries(), base, base.compareTo(DEFAULT_MAX_BACKOFF) > 0 ? base : DEFAULT_MAX_BACKOFF,
                DEFAULT_REQUEST_TIMEOUT, Map.of(), Duration.ofSeconds(spec.minRequestSpacingSeconds()));
    }

    /** The spacing for {@code hostPort} ({@code host:port}): its own entry, else its host's, else the default. */
    public Duration minSpacing(String hostPort) {
        String key = hostPort.toLowerCase(Locale.ROOT);
        Duration d = minSpacingByHost.get(key);
        if (d != null) return d;
        int colon = key.lastIndexOf(':');
        if (colon > 0 && key.indexOf(']', colon) < 0) d = minSpacingByHost.get(key.substring(0, colon));
        return d != null ? d : defaultMinSpacing;
    }

    private static Duration nonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) throw new IllegalArgumentException(name + " " + d + " is negative");
        return d;
    }
}
