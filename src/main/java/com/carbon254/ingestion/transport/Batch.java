package com.carbon254.ingestion.transport;

import java.util.List;

/**
 * An immutable batch of records travelling together on one topic. Records travel in batches (hundreds per event-bus
 * message or Kafka poll); a batch shares its {@code traceId} and {@code tenantId} (Kafka: one header pair per record).
 */
public record Batch<T>(String traceId, String tenantId, List<T> records) {
    public Batch {
        records = List.copyOf(records);
    }

    public int size() {
        return records.size();
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }

    /** A batch with the same trace and tenant carrying other records (the next stage's output). */
    public <R> Batch<R> with(List<R> other) {
        return new Batch<>(traceId, tenantId, other);
    }
}
