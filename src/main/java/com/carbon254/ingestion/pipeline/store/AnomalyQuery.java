package com.carbon254.ingestion.pipeline.store;

import java.time.Instant;

/**
 * A tenant's anomalies, optionally of one ISO and one type, whose time lies in {@code [from, to)}; the time is the
 * anomaly's {@code interval}, or its detection time {@code at} when it has none (a rejected document). Answers are
 * newest first by that time, at most {@code limit}.
 *
 * @param iso  null for every ISO
 * @param type null for every type
 * @param from null for open
 * @param to   null for open
 */
public record AnomalyQuery(String tenant, String iso, String type, Instant from, Instant to, int limit) {
    public static final int MAX_LIMIT = 10_000;

    public AnomalyQuery {
        if (limit <= 0 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
    }
}
