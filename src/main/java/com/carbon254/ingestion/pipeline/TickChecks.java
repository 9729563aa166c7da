package com.carbon254.ingestion.pipeline;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Tick;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Data-quality checks over a batch of normalized ticks: findings, never rejections. */
@FunctionalInterface
public interface TickChecks {
    /**
     * @param datasetByDocument dataset id per Bronze document id, for the anomalies' {@code dataset}; may miss keys
     * @param now               the anomalies' {@code at}
     */
    List<Anomaly> check(List<Tick> batch, Map<String, String> datasetByDocument, Instant now);
}
