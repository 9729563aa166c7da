package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.RollingMetric;

import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;

/**
 * Pure core of the rolling metrics: mean, population standard deviation, min and max over the last N intervals of one
 * series, read from the aggregator's latest-tick-per-interval state (one state for bars and windows, so a revision or
 * a late interval recomputes both exactly).
 *
 * <p>The window ending at the interval starting at {@code s} covers the interval starts
 * {@code [s - (N-1)·interval, s]}; its {@code window_end} is {@code s + interval}; {@code count} is the number of
 * those intervals present with a value for the component (fewer while the series fills up, or across gaps).
 */
public final class Rolling {
    private Rolling() {
    }

    /** {@code <N>x<interval>}, e.g. {@code 12x5m}. */
    public static String windowName(int size, long intervalSeconds) {
        return size + "x" + AggregationPolicy.label(java.time.Duration.ofSeconds(intervalSeconds));
    }

    /**
     * Appends one metric per component with at least one value for the window of {@code size} intervals ending at the
     * interval starting at {@code start} (epoch seconds).
     *
     * @param points interval start (epoch seconds) → values by {@link Component#ordinal()}, NaN when absent
     */
    public static void window(String tenant, String iso, String market, String location,
                              NavigableMap<Long, double[]> points, long start, long intervalSeconds, int size,
                              List<RollingMetric> out) {
        long from = start - (size - 1L) * intervalSeconds;
        // the window's points walked once, then each component over the array (same order, same sums)
        double[][] w = points.subMap(from, true, start, true).values().toArray(new double[0][]);
        if (w.length == 0) return;
        String name = windowName(size, intervalSeconds);
        Instant end = Instant.ofEpochSecond(start + intervalSeconds);
        for (Component c : Component.all()) {
            int i = c.ordinal();
            int n = 0;
            double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (double[] p : w) {
                double v = p[i];
                if (Double.isNaN(v)) continue;
                n++;
                sum += v;
                if (v < min) min = v;
                if (v > max) max = v;
            }
            if (n == 0) continue;
            double mean = sum / n;
            double sq = 0;
            for (double[] p : w) {
                double v = p[i];
                if (!Double.isNaN(v)) sq += (v - mean) * (v - mean);
            }
            out.add(new RollingMetric(tenant, iso, market, location, c, name, end, n, mean, Math.sqrt(sq / n), min,
                    max));
        }
    }
}
