package com.carbon254.ingestion.pipeline.store;

import com.carbon254.ingestion.event.RawDocument;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Bronze: every document exactly as fetched or posted, by sha256 per tenant, and the intervals each holds. */
public interface BronzeStore {
    /**
     * Stores a Bronze document; completes with {@code false} when this tenant already stored a document with the same
     * sha256 (another tenant's identical bytes are that tenant's own document).
     */
    Future<Boolean> putDocumentIfAbsent(RawDocument doc);

    /** The stored document with that sha256, content included; empty when none is stored. */
    Future<Optional<RawDocument>> getDocument(String tenant, String sha256);

    /**
     * Records which intervals a Bronze document holds (written when it is extracted), upserted on (tenant,
     * documentId): writing it again, as a replay does, replaces it.
     */
    Future<Void> putCoverage(DocumentCoverage c);

    /**
     * The documents to replay for a window: the coverages of {@code tenant} with some interval END in
     * {@code (from, to]}, i.e. {@code lastIntervalEnd > from AND firstIntervalEnd <= to} (a null bound is open; a
     * coverage without interval ends matches no window), of the given ISOs ({@code isos} empty or null = every ISO;
     * names as stored, upper case like {@code MISO}), in their original arrival order: by {@code receivedAt}, then
     * {@code documentId}.
     */
    Future<List<DocumentCoverage>> documentsCovering(String tenant, Instant from, Instant to, Set<String> isos);
}
