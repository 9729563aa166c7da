package com.carbon254.ingestion.pipeline.store;

/**
 * A tenant's rejected records, optionally of one document, one stage and one reason code; newest first, at most
 * {@code limit}.
 *
 * @param documentId null for every document
 * @param stage      null for every stage
 * @param reason     null for every reason
 */
public record DlqQuery(String tenant, String documentId, String stage, String reason, int limit) {
    public static final int MAX_LIMIT = 10_000;

    public DlqQuery {
        if (limit <= 0 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
    }
}
