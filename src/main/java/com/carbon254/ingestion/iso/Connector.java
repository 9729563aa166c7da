package com.carbon254.ingestion.iso;

import com.carbon254.ingestion.event.RawDocument;

/**
 * One ISO's extract step for documents in its own formats. Pure: no Vert.x, no I/O beyond reading the document's
 * bytes. Implementations are stateless and thread-safe.
 */
public interface Connector {
    /** Connector name as in {@code connectors/<name>/connector.yaml} ({@code miso}, {@code caiso}). */
    String name();

    /** ISO code as in ticks and topics ({@code MISO}, {@code CAISO}). */
    String iso();

    /**
     * Recognises which of this connector's datasets the document is (from its content, not its name) and regroups
     * its rows into raw records, one per (location, interval).
     *
     * @throws DocumentRejectedException when the document as a whole cannot be read (truncated zip, drifted header,
     *                                   unknown format, ISO error document, 0 bytes); nothing is emitted for it
     */
    Extraction extract(RawDocument document) throws DocumentRejectedException;

    /**
     * The end of the interval a raw record of this connector describes, read from the ISO's own labels; empty when the
     * labels do not say (the normalizer will reject such a record). Streaming connectors use it to emit only
     * intervals they have not emitted before.
     */
    default java.util.Optional<java.time.Instant> intervalEnd(com.carbon254.ingestion.event.RawRecord record) {
        return java.util.Optional.empty();
    }

    /**
     * For a dataset fetched through the ISO's document listing (its {@code connector.yaml} dataset has a
     * {@code listing} endpoint, e.g. ERCOT MIS {@code IceDocListJsonWS?reportTypeId=…}, and an {@code endpoint} with a
     * {@code {doc}} placeholder, e.g. {@code mirDownload?doclookupId={doc}}): the documents of {@code listing} that
     * hold data of the request window {@code [from, to)}, as the values {@code {doc}} takes, oldest first. Only the
     * newest posting of a report that the ISO posted twice for the same interval need be listed.
     *
     * @throws DocumentRejectedException when the listing cannot be read (not this ISO's listing, an error page)
     */
    default java.util.List<String> listedDocuments(String dataset, byte[] listing, java.time.Instant from,
                                                   java.time.Instant to) throws DocumentRejectedException {
        throw new DocumentRejectedException("no_listing", "connector " + name() + " reads no document listing"
                + " (dataset " + dataset + ")");
    }
}
