package com.carbon254.ingestion.store.clickhouse;

/**
 * A ClickHouse request that failed; the message carries ClickHouse's own error text. {@link #status()} is the HTTP
 * status, or 0 when no response arrived (connection refused, timeout) — the case a caller may retry as transient.
 */
public class ClickHouseException extends RuntimeException {
    private final int status;

    public ClickHouseException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
