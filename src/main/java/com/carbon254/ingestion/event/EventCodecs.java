package com.carbon254.ingestion.event;

import com.carbon254.ingestion.event.avro.AvroCodecs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The codec of every topic, by topic name: the {@link Topics} constants, {@code ingestion.<iso>.raw.v1} for every ISO
 * whose connector ships {@code connectors/<iso>/schemas/<iso>_raw_record.avsc}, and any {@code *.dlq.v1}.
 * Codecs are built once per topic and shared (they are thread-safe).
 */
public final class EventCodecs {
    private static final Map<String, EventCodec<?>> CODECS = new ConcurrentHashMap<>();

    private EventCodecs() {
    }

    /**
     * The codec of {@code topic}; the caller names the record type it expects
     * ({@code EventCodec<Tick> c = EventCodecs.forTopic(Topics.NORMALIZED_TICKS)}). Use {@link EventCodec#type()}
     * to check a record before encoding when the type is not known statically.
     *
     * @throws IllegalArgumentException for an unknown topic, naming the accepted ones
     */
    @SuppressWarnings("unchecked")
    public static <T> EventCodec<T> forTopic(String topic) {
        EventCodec<?> c = CODECS.get(topic);
        if (c == null) {
            c = CODECS.computeIfAbsent(topic, AvroCodecs::create);
        }
        return (EventCodec<T>) c;
    }
}
