package com.carbon254.ingestion.pipeline.store;

import java.util.List;

/**
 * What the store holds for a set of documents.
 *
 * @param ticks    silver ticks whose latest version came from those documents
 * @param rejected DLQ rows from those documents
 * @param reasons  DLQ rows grouped by reason code, most frequent first
 */
public record DocumentCounts(long ticks, long rejected, List<ReasonCount> reasons) {
    public record ReasonCount(String reason, long count, String example) {
    }
}
