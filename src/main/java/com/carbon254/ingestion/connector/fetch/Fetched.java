package com.carbon254.ingestion.connector.fetch;

import java.time.Duration;
import java.util.Map;

/**
 * A successful (2xx) response. A 0-byte body is a success too: whether an empty document means "missing" is the
 * caller's call (SPP publishes real 0-byte interval files). The body is not copied: do not modify it.
 *
 * @param url      the requested URL with credential values replaced by {@code ***} ({@link HttpFetcher#redact})
 * @param attempts requests made, the successful one included
 * @param bytes    body length
 * @param elapsed  from the call to the last byte, politeness waits and backoff included
 * @param headers  response headers only (never the request's, which may carry keys), names lower-case,
 *                 repeated headers joined with {@code ", "}
 */
public record Fetched(String url, int status, byte[] body, int attempts, long bytes, Duration elapsed,
                      Map<String, String> headers) {
    public Fetched {
        headers = Map.copyOf(headers);
    }
}
