package com.carbon254.ingestion.pipeline;

import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;

/**
 * The pipeline's steps in flow order, made by the deployment from the policy files the process follows: the live
 * normalizer and enricher run them, and a reprocess runs the ones before its chosen stage — the same code with the
 * same checks and the same DLQ, never a second wiring. Each call makes a new step (with its own memory), following
 * the policy file as it is reloaded.
 */
public interface StageChain {
    /** Raw records to ticks: the ISO's dialect, then the data-quality checks over the batch's ticks. */
    Step<RawRecord, Tick> normalizer();

    /** Ticks to enriched ticks, with an {@code unknown_location} anomaly the first time this step meets one. */
    Step<Tick, EnrichedTick> enricher();
}
