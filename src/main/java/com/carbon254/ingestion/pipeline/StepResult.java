package com.carbon254.ingestion.pipeline;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Rejection;

import java.util.List;

/**
 * What one stage made of a batch: the records it passes on, the records it refused (each to the DLQ of its input
 * topic, with the Bronze document it came from) and the anomalies it found. Conservation (DESIGN invariant 2):
 * {@code out.size() + rejected.size()} is the batch's size for a stage that maps one record to one.
 */
public record StepResult<O>(List<O> out, List<Rejected> rejected, List<Anomaly> anomalies) {
    public StepResult {
        out = List.copyOf(out);
        rejected = List.copyOf(rejected);
        anomalies = List.copyOf(anomalies);
    }

    /** A refused input record: its document and why. */
    public record Rejected(String documentId, Rejection rejection) {
    }
}
