package com.carbon254.ingestion.event;

import java.util.Locale;

/** The one place topic names live (DESIGN.md flow table). */
public final class Topics {
    public static final String NORMALIZED_TICKS = "normalized.market.ticks.v1";
    public static final String ENRICHED_TICKS = "enriched.market.ticks.v1";
    public static final String OHLC_BARS = "aggregation.ohlc.bars.v1";
    public static final String ROLLING_METRICS = "aggregation.rolling.metrics.v1";
    public static final String CURVE_PRESTAGE = "aggregation.curve.prestage.v1";
    public static final String CURVE_UPDATES = "pricing.curve.updates.v1";
    public static final String ANOMALIES = "data.quality.anomalies.v1";
    /**
     * The Kafka transport's own: what each consumer group handled of which trace, so a publisher can tell when its
     * records are stored (JSON, not an event: a stage never sees it).
     */
    public static final String PROGRESS = "ingestion.progress.v1";
    /** Every DLQ topic ends with this suffix. */
    public static final String DLQ_SUFFIX = ".dlq.v1";

    private Topics() {
    }

    /** {@code ingestion.<iso>.raw.v1} */
    public static String raw(String iso) {
        return "ingestion." + iso.toLowerCase(Locale.ROOT) + ".raw.v1";
    }

    /** {@code <input topic>.dlq.v1}: strips the input's own {@code .v1} first, so {@code a.b.v1 -> a.b.dlq.v1}. */
    public static String dlq(String inputTopic) {
        String base = inputTopic.endsWith(".v1") ? inputTopic.substring(0, inputTopic.length() - 3) : inputTopic;
        return base + DLQ_SUFFIX;
    }
}
