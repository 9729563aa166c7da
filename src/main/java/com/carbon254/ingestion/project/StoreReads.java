package com.carbon254.ingestion.project;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.RawDocument;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * Reads beyond {@link Store}: Bronze documents (reprocessing, audits) and anomalies (ops views). Both stores implement
 * it; kept apart so the {@link Store} contract stays as the stages see it.
 */
public interface StoreReads {
    /** The stored document with that sha256, content included; empty when none is stored. */
    Future<Optional<RawDocument>> getDocument(String tenant, String sha256);

    /**
     * The documents to replay for a window: the coverages of {@code tenant} with some interval END in
     * {@code (from, to]}, i.e. {@code lastIntervalEnd > from AND firstIntervalEnd <= to} (a null bound is open; a
     * coverage without interval ends matches no window), of the given ISOs ({@code isos} empty or null = every ISO;
     * names as stored, upper case like {@code MISO}), in their original arrival order: by {@code receivedAt}, then
     * {@code documentId}.
     */
    Future<List<DocumentCoverage>> documentsCovering(String tenant, java.time.Instant from, java.time.Instant to,
                                                     java.util.Set<String> isos);

    /** A tenant's anomalies, oldest first. */
    Future<List<Anomaly>> queryAnomalies(String tenant);

    /** Anomalies matching {@code q}, newest first (see {@link AnomalyQuery}). */
    Future<List<Anomaly>> queryAnomalies(AnomalyQuery q);

    /** Records a stage rejected, newest first (what an operator reads after an import reports rejections). */
    Future<List<com.carbon254.ingestion.event.DlqRecord>> queryDlq(DlqQuery q);
}
