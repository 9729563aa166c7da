package com.carbon254.ingestion.transport;

import java.util.List;

/**
 * An immutable batch of records travelling together on one topic. Records travel in batches (hundreds per event-bus
 * message or Kafka poll); a batch shares its {@code traceId} and {@code tenantId} (Kafka: one header pair per record).
 *
 * @param traceparent the W3C {@code traceparent} of the span that published the batch (event bus: a message header,
 *                    Kafka: a record header); null when tracing is off. A stage handling the batch sees its own
 *                    span here, so what it publishes with {@link #with} is that span's child.
 */
public record Batch<T>(String traceId, String tenantId, List<T> records, String traceparent) {
    public Batch {
        records = List.copyOf(records);
    }

    /** A batch outside any traced span. */
    public Batch(String traceId, String tenantId, List<T> records) {
        this(traceId, tenantId, records, null);
    }

    public int size() {
        return records.size();
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }

    /** A batch with the same trace, parent span and tenant carrying other records (the next stage's output). */
    public <R> Batch<R> with(List<R> other) {
        return new Batch<>(traceId, tenantId, other, traceparent);
    }

    /** The same batch under another parent span. */
    public Batch<T> withTraceparent(String parent) {
        // the same object when nothing changes: in-process subscribers share one batch, never a copy per group
        if (java.util.Objects.equals(parent, traceparent)) return this;
        return new Batch<>(traceId, tenantId, records, parent);
    }
}
