package com.carbon254.ingestion.pipeline.store;
/** Which market intervals a Bronze document holds: the ends of its first and last interval (both inclusive);
 *  written when the document is extracted, read by reprocessing to pick the documents of a window.
 *
 * @param tenant           the tenant that stored the document
 * @param documentId       the document's sha256 (its Bronze key, and the {@code document_id} of its ticks)
 * @param connector        the connector that fetched or imported it
 * @param iso              upper-case ISO name ({@code MISO}, {@code CAISO}), as in ticks
 * @param dataset          the connector's dataset id
 * @param firstIntervalEnd end of the document's earliest interval (UTC)
 * @param lastIntervalEnd  end of the document's latest interval (UTC)
 * @param receivedAt       when the document first arrived: reprocessing replays documents in this order
 */
public record DocumentCoverage(String tenant, String documentId, String connector, String iso, String dataset,
                               java.time.Instant firstIntervalEnd, java.time.Instant lastIntervalEnd,
                               java.time.Instant receivedAt) { }
