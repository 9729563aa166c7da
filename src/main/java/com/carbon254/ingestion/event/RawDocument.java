package com.carbon254.ingestion.event;

import java.time.Instant;

/**
 * A document exactly as fetched or uploaded (Bronze). Identified by the sha256 of its bytes: a document whose
 * checksum is already stored is acknowledged and not re-emitted.
 *
 * @param connector connector name ({@code miso}, {@code caiso})
 * @param name      file name or URL it came from (audit only)
 * @param dataset   dataset id recognised from the content, or {@code null} when not (yet) recognised
 */
public record RawDocument(String tenant, String connector, String name, String dataset, String sha256,
                          byte[] content, Instant receivedAt, String traceId) {
    public RawDocument withDataset(String ds) {
        return new RawDocument(tenant, connector, name, ds, sha256, content, receivedAt, traceId);
    }

    public RawDocument withTraceId(String trace) {
        return new RawDocument(tenant, connector, name, dataset, sha256, content, receivedAt, trace);
    }
}
