package com.carbon254.ingestion.event;

import java.time.Instant;

/**
 * The envelope fields of an event ({@code schemas/envelope.avsc}) apart from its payload.
 *
 * @param eventId       deterministic id from {@link EventIds} (see {@link EventCodec#eventId})
 * @param occurredAt    when the producing stage emitted the event; travels with microsecond precision
 * @param schemaVersion version of the topic schema the producer wrote with
 * @param producer      stage or client id of the producer
 */
public record EnvelopeMeta(String eventId, String traceId, Instant occurredAt, String tenantId, int schemaVersion,
                           String producer) {
}
