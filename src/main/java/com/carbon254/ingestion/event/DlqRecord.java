package com.carbon254.ingestion.event;

import java.time.Instant;

/**
 * A record a stage rejected, published on {@code <input topic>.dlq.v1}.
 *
 * @param stage      the stage that rejected it ({@code connector}, {@code normalizer}, ...)
 * @param inputTopic the topic the record was read from (or would have been published to, for the connector)
 * @param reason     short stable code ({@code non_numeric_value}, {@code header_drift}, {@code truncated_document} ...)
 * @param detail     human readable explanation naming the field/line
 * @param position   1-based line in the source document, or 0 when the whole document is rejected
 */
public record DlqRecord(String tenant, String traceId, String stage, String inputTopic, String reason, String detail,
                        String documentId, long position, String location, Instant at) {
}
