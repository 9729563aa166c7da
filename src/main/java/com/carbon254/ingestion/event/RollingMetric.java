package com.carbon254.ingestion.event;

import java.time.Instant;

/**
 * Statistics over the last N intervals of one (tenant, iso, market, location, component), as of {@code windowEnd};
 * published on {@code aggregation.rolling.metrics.v1}.
 *
 * @param window    {@code <intervals>x<resolution>}, e.g. {@code 12x5m}
 * @param windowEnd end (exclusive) of the window's latest interval, UTC
 * @param count     intervals that contributed (fewer than the window size while it fills up)
 * @param stddev    population standard deviation
 */
public record RollingMetric(String tenant, String iso, String market, String location, Component component,
                            String window, Instant windowEnd, int count, double mean, double stddev, double min,
                            double max) {
}
