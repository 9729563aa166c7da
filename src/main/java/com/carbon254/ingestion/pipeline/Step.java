package com.carbon254.ingestion.pipeline;

import java.time.Instant;
import java.util.List;

/**
 * A stage's work on one batch, as the live stage and a reprocess both run it ({@link StageChain}): no I/O, no
 * Vert.x; the shell publishes what it returns. A step may hold what its shell keeps between batches (the enricher's
 * "already reported" locations); one instance is used by one shell at a time.
 */
@FunctionalInterface
public interface Step<I, O> {
    /** @param now the time anomalies and DLQ records found now carry */
    StepResult<O> apply(List<I> batch, Instant now);
}
