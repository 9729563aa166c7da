package com.carbon254.ingestion.event;

import java.time.Instant;

/** A data-quality finding on {@code data.quality.anomalies.v1}. {@code location}/{@code interval} may be null. */
public record Anomaly(String tenant, String iso, String dataset, String location, Instant interval, String type,
                      String detail, String documentId, Instant at) {
}
