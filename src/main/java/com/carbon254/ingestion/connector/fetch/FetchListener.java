package com.carbon254.ingestion.connector.fetch;

import java.time.Duration;

/**
 * Metrics hooks of {@link HttpFetcher}, so it needs no metrics library. {@code host} is {@code host:port}. Called on
 * the fetch's event-loop thread: implementations must be quick, thread-safe and must not throw.
 */
public interface FetchListener {
    /** Does nothing. */
    FetchListener NONE = new FetchListener() {
    };

    /**
     * One request finished.
     *
     * @param status HTTP status, or -1 when no response came (connection error, timeout)
     */
    default void onAttempt(String host, int status, Duration elapsed) {
    }

    /**
     * A retry was scheduled.
     *
     * @param reason one of {@code rate_limited} (429), {@code server_error} (5xx), {@code timeout} (no connection or
     *               no data in time, or 408), {@code connection} (refused, reset, DNS)
     */
    default void onRetry(String host, String reason) {
    }

    /** A successful response's body length. */
    default void onBytes(String host, long n) {
    }
}
