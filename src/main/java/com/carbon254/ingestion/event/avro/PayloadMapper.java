package com.carbon254.ingestion.event.avro;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Maps one payload record type to its Avro payload record by field position (checked against the schema once, when
 * the mapper is built). Implementations are stateless and thread-safe.
 */
interface PayloadMapper<T> {
    Class<T> type();

    GenericData.Record write(T record);

    T read(GenericRecord payload);

    String key(T record);

    String eventId(T record);
}
