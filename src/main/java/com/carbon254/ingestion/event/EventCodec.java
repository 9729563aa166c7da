package com.carbon254.ingestion.event;

import org.apache.avro.Schema;

import java.time.Instant;

/**
 * Turns one topic's records into Avro single-object encoded events ({@code 0xC3 0x01}, the 8-byte CRC-64-AVRO
 * fingerprint of the writer schema, then the Avro binary body) and back. Obtained from
 * {@link EventCodecs#forTopic(String)}.
 *
 * <p>Thread-safe and stateless per call: one instance serves every thread (Avro's message encoder/decoder keep their
 * buffers per thread). Encoding never reflects on the record; the schema is parsed once.
 */
public interface EventCodec<T> {
    /** The topic this codec serves. */
    String topic();

    /** The full event schema (envelope + typed payload). */
    Schema schema();

    /** The Java record type of the payload. */
    Class<T> type();

    /** The version written into {@code schema_version}. */
    int schemaVersion();

    /**
     * Encodes {@code record} in {@code meta}'s envelope.
     *
     * @throws IllegalArgumentException when the record breaks the schema (e.g. null in a non-null field), naming
     *                                  the topic
     */
    byte[] encode(T record, EnvelopeMeta meta);

    /**
     * Decodes bytes written by {@link #encode}. Strict: bytes that do not start with the single-object marker, or
     * whose schema fingerprint is not this topic's schema, fail with an {@link IllegalArgumentException} naming the
     * fingerprint; so do truncated bodies.
     */
    Decoded<T> decode(byte[] bytes);

    /** The Kafka key: the location id (DLQ: the location, else the document id). Never null. */
    String key(T record);

    /** Deterministic event id from the record's natural key ({@link EventIds}); same record, same id. */
    String eventId(T record);

    /** The envelope for {@code record}: its deterministic id and this codec's schema version. */
    default EnvelopeMeta meta(T record, String traceId, String tenantId, Instant occurredAt, String producer) {
        return new EnvelopeMeta(eventId(record), traceId, occurredAt, tenantId, schemaVersion(), producer);
    }
}
