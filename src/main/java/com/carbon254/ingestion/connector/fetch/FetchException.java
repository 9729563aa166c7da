package com.carbon254.ingestion.connector.fetch;

/**
 * A fetch failed for good. {@link Kind#TRANSIENT_EXHAUSTED}: the server was busy, down or slow on every attempt
 * (retrying later may work; the work stays to do). {@link Kind#PERMANENT}: it answered with a client error (401,
 * 403, 404 …), a TLS failure or the URL is invalid (retrying will not help; fix the config or the request).
 *
 * <p>The URL and message never hold credentials: the constructor redacts the URL ({@link HttpFetcher#redact}) and
 * scrubs the values of its credential parameters from the message, whatever the caller passed.
 */
public final class FetchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind { TRANSIENT_EXHAUSTED, PERMANENT }

    private final String url;
    private final Kind kind;
    private final int status;
    private final int attempts;

    /**
     * @param url    the requested URL (redacted here)
     * @param status the last HTTP status, or -1 when the last attempt got no response
     */
    public FetchException(String url, Kind kind, int status, int attempts, String message) {
        super(HttpFetcher.scrub(message, url));
        this.url = HttpFetcher.redact(url);
        this.kind = kind;
        this.status = status;
        this.attempts = attempts;
    }

    /** The URL with credential values replaced by {@code ***}. */
    public String url() {
        return url;
    }

    public Kind kind() {
        return kind;
    }

    /** The last HTTP status, or -1 when the last attempt got no response. */
    public int status() {
        return status;
    }

    /** Requests made (0 when the URL could not be requested at all). */
    public int attempts() {
        return attempts;
    }

    public boolean isTransient() {
        return kind == Kind.TRANSIENT_EXHAUSTED;
    }
}
