package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Tick;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pure core of the aggregation stage: OHLC bars per (tenant, iso, market, location, component, resolution).
 *
 * <p>State is the set of contributing intervals per series (the latest tick per interval start), never running
 * sums: every bar a batch touches is recomputed from its intervals, so a re-import, a revision or a late row gives
 * exactly the bar a single clean pass would have given. Not thread-safe: one instance per aggregator verticle, used
 * from its event loop.
 */
public final class Aggregator {
    private static final Component[] COMPONENTS = Component.all();

    private record SeriesKey(String tenant, String iso, String market, String location) {
    }

    /** One interval's values, by component ordinal. */
    private record Point(double[] values) {
    }

    private record BucketKey(SeriesKey series, String resolution, long start, long end) {
    }

    private final AggregationPolicy policy;
    private final Map<SeriesKey, NavigableMap<Long, Point>> state = new HashMap<>();
    /** Read by the metrics scraper from another thread, hence volatile rather than derived from {@link #state}. */
    private volatile long held;

    public AggregationPolicy policy() {
        return policy;
    }

    public Aggregator(AggregationPolicy policy) {
        this.policy = policy;
    }

    /** Number of intervals held (a gauge for memory). */
    public long intervalsHeld() {
        return held;
    }

    /**
     * Applies a batch (latest tick per interval wins; within the batch, later entries win) and returns every bar it
     * touched, recomputed. Ticks of markets without a policy are ignored (no bars configured).
     */
    public List<Bar> apply(List<EnrichedTick> ticks) {
        Set<BucketKey> touched = new LinkedHashSet<>();
        for (EnrichedTick et : ticks) {
            Tick t = et.tick();
            AggregationPolicy.MarketPolicy mp = policy.market(t.market());
            if (mp == null || mp.resolutions().isEmpty()) continue;
            SeriesKey sk = new SeriesKey(t.tenant(), t.iso(), t.market(), t.location());
            long start = t.intervalStart().getEpochSecond();
            double[] v = new double[COMPONENTS.length];
            for (Component c : COMPONENTS) v[c.ordinal()] = t.value(c);
            if (state.computeIfAbsent(sk, k -> new TreeMap<>()).put(start, new Point(v)) == null) held++;
            for (String res : mp.resolutions()) {
                touched.add(bucket(sk, res, t));
            }
        }
        List<Bar> bars = new ArrayList<>(touched.size() * 4);
        for (BucketKey b : touched) {
            NavigableMap<Long, Point> points = state.get(b.series).subMap(b.start, true, b.end, false);
            AggregationPolicy.MarketPolicy mp = policy.market(b.series.market);
            int expected = (int) ((b.end - b.start) / mp.interval().getSeconds());
            for (Component c : COMPONENTS) {
                Bar bar = compute(b, c, points, expected);
                if (bar != null) bars.add(bar);
            }
        }
        return bars;
    }

    private BucketKey bucket(SeriesKey sk, String res, Tick t) {
        if ("1d".equals(res)) {
            ZoneId zone = policy.zone(t.iso());
            LocalDate day = t.operatingDay() != null ? t.operatingDay()
                    : t.intervalStart().atZone(zone).toLocalDate();
            long s = day.atStartOfDay(zone).toEpochSecond();
            long e = day.plusDays(1).atStartOfDay(zone).toEpochSecond();
            return new BucketKey(sk, res, s, e);
        }
        long d = AggregationPolicy.duration(res).getSeconds();
        long s = Math.floorDiv(t.intervalStart().getEpochSecond(), d) * d;
        return new BucketKey(sk, res, s, s + d);
    }

    private static Bar compute(BucketKey b, Component c, NavigableMap<Long, Point> points, int expected) {
        int i = c.ordinal();
        double open = Double.NaN, close = Double.NaN, high = Double.NEGATIVE_INFINITY, low = Double.POSITIVE_INFINITY;
        double sum = 0;
        int count = 0;
        for (Point p : points.values()) {
            double v = p.values[i];
            if (Double.isNaN(v)) continue;
            if (count == 0) open = v;
            close = v;
            if (v > high) high = v;
            if (v < low) low = v;
            sum += v;
            count++;
        }
        if (count == 0) return null;
        SeriesKey s = b.series;
        return new Bar(s.tenant, s.iso, s.market, s.location, c, b.resolution, Instant.ofEpochSecond(b.start),
                Instant.ofEpochSecond(b.end), open, high, low, close, sum / count, count, expected, count == expected);
    }
}
