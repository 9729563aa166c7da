package com.carbon254.ingestion.iso;

/** A whole document cannot be read; {@link #reason()} is a stable code, the message says what and where. */
public class DocumentRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public DocumentRejectedException(String reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public DocumentRejectedException(String reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
