package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RollingMetric;
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
 *
 * <p>State is kept per (series, operating day). A day is <em>whole</em> once this instance has either applied a row
 * of it or been given the day's stored ticks ({@link #missing} says which days a batch needs, {@link #seed} takes
 * them): a process that restarts, or a late row for a day evicted long ago, first reloads that day, so its bars are
 * never recomputed from part of it. Days more than {@code state_retention_days} behind a series' newest day are
 * evicted after each batch, which bounds memory.
 */
public final class Aggregator {
    private static final Component[] COMPONENTS = Component.all();

    private record SeriesKey(String tenant, String iso, String market, String location) {
    }

    private record BucketKey(SeriesKey series, String resolution, long start, long end) {
    }

    private final AggregationPolicy policy;
    private final Map<SeriesKey, NavigableMap<Long, double[]>> state = new HashMap<>();
    /** Operating days per series that are whole in {@link #state} (applied here, or seeded from the store). */
    private final Map<SeriesKey, java.util.TreeSet<LocalDate>> wholeDays = new HashMap<>();
    /** Per series, the first day still held after an eviction: days before it were dropped and may be stored. */
    private final Map<SeriesKey, LocalDate> evictedBefore = new HashMap<>();
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
     * Stored ticks a batch needs before it is applied: the locations of one (tenant, iso, market) whose operating days
     * in {@code days} are not whole here, with the window {@code [from, to)} covering those days and, before them,
     * the longest rolling window of the market.
     */
    public record Load(String tenant, String iso, String market, Map<String, java.util.TreeSet<LocalDate>> days,
                       Instant from, Instant to) {
        public Set<String> locations() {
            return days.keySet();
        }
    }

    /**
     * How far the store held a (tenant, iso, market) when this instance first met it: the end of its newest stored
     * interval, or null when nothing was stored. A day starting at or after it cannot have stored ticks this
     * instance has not applied itself (everything stored since came through this instance), so it needs no load.
     */
    @FunctionalInterface
    public interface StoredUntil {
        Instant of(String tenant, String iso, String market);
    }

    /**
     * The loads a batch needs, one per (tenant, iso, market): the (location, operating day)s it touches that are not
     * whole here and may have stored ticks — the day starts before {@code storedUntil}, or was evicted.
     */
    public List<Load> missing(List<EnrichedTick> ticks, StoredUntil storedUntil) {
        Map<List<String>, Map<String, java.util.TreeSet<LocalDate>>> groups = new java.util.LinkedHashMap<>();
        Tick previous = null;
        for (EnrichedTick et : ticks) {
            Tick t = et.tick();
            // batches come grouped by location: a tick of the same series and day as the one before is decided
            boolean same = previous != null && t.location().equals(previous.location())
                    && t.market().equals(previous.market()) && t.iso().equals(previous.iso())
                    && t.tenant().equals(previous.tenant()) && day(t).equals(day(previous));
            previous = t;
            if (same || !aggregated(t.market())) continue;
            SeriesKey sk = new SeriesKey(t.tenant(), t.iso(), t.market(), t.location());
            LocalDate day = day(t);
            java.util.TreeSet<LocalDate> whole = wholeDays.get(sk);
            if (whole != null && whole.contains(day)) continue;
            LocalDate evicted = evictedBefore.get(sk);
            Instant until = storedUntil.of(t.tenant(), t.iso(), t.market());
            boolean mayBeStored = (until != null && day.atStartOfDay(policy.zone(t.iso())).toInstant().isBefore(until))
                    || (evicted != null && day.isBefore(evicted));
            if (!mayBeStored) continue;
            groups.computeIfAbsent(List.of(t.tenant(), t.iso(), t.market()), k -> new HashMap<>())
                    .computeIfAbsent(t.location(), k -> new java.util.TreeSet<>()).add(day);
        }
        List<Load> out = new ArrayList<>(groups.size());
        groups.forEach((k, byLocation) -> {
            ZoneId zone = policy.zone(k.get(1));
            LocalDate first = null;
            LocalDate last = null;
            for (java.util.TreeSet<LocalDate> days : byLocation.values()) {
                if (first == null || days.first().isBefore(first)) first = days.first();
                if (last == null || days.last().isAfter(last)) last = days.last();
            }
            long lookback = rollingLookbackSeconds(k.get(2));
            out.add(new Load(k.get(0), k.get(1), k.get(2), byLocation,
                    first.atStartOfDay(zone).toInstant().minusSeconds(lookback),
                    last.plusDays(1).atStartOfDay(zone).toInstant()));
        });
        return out;
    }

    /**
     * Takes the stored ticks of a {@link Load} (an interval already held keeps its value: what this instance applied is
     * never older than the store) and marks the load's days whole.
     */
    public void seed(Load load, List<EnrichedTick> stored) {
        for (EnrichedTick et : stored) {
            Tick t = et.tick();
            if (!aggregated(t.market())) continue;
            SeriesKey sk = new SeriesKey(t.tenant(), t.iso(), t.market(), t.location());
            double[] v = new double[COMPONENTS.length];
            for (Component c : COMPONENTS) v[c.ordinal()] = t.value(c);
            if (state.computeIfAbsent(sk, k -> new TreeMap<>()).putIfAbsent(t.intervalStart().getEpochSecond(), v)
                    == null) {
                held++;
            }
        }
        load.days().forEach((location, days) -> wholeDays.computeIfAbsent(
                new SeriesKey(load.tenant(), load.iso(), load.market(), location), k -> new java.util.TreeSet<>())
                .addAll(days));
    }

    private boolean aggregated(String market) {
        AggregationPolicy.MarketPolicy mp = policy.market(market);
        return mp != null && !(mp.resolutions().isEmpty() && policy.rollingWindows(market).isEmpty());
    }

    /** The span of the market's longest rolling window: what a day's first windows reach back into. */
    private long rollingLookbackSeconds(String market) {
        return policy.market(market).interval().getSeconds()
                * policy.rollingWindows(market).stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** A tick's operating day: the one its ISO stated, else its start's date in the ISO's operating-day zone. */
    private LocalDate day(Tick t) {
        return t.operatingDay() != null ? t.operatingDay()
                : t.intervalStart().atZone(policy.zone(t.iso())).toLocalDate();
    }

    /** Drops the days of the touched series that lie more than the retention behind the series' newest whole day. */
    private void evict(Set<SeriesKey> touched) {
        for (SeriesKey sk : touched) {
            java.util.TreeSet<LocalDate> days = wholeDays.get(sk);
            if (days == null || days.isEmpty()) continue;
            LocalDate keepFrom = days.last().minusDays(policy.stateRetentionDays() - 1L);
            if (!days.first().isBefore(keepFrom)) continue;
            days.headSet(keepFrom).clear();
            evictedBefore.put(sk, keepFrom);
            NavigableMap<Long, double[]> points = state.get(sk);
            // the rolling lookback before the first kept day stays (windows ending early in that day need it)
            long lookback = rollingLookbackSeconds(sk.market);
            NavigableMap<Long, double[]> old = points.headMap(
                    keepFrom.atStartOfDay(policy.zone(sk.iso)).toEpochSecond() - lookback, false);
            held -= old.size();
            old.clear();
        }
    }

    /** What one batch recomputed: bars, rolling metrics and curve block points. */
    public record Output(List<Bar> bars, List<RollingMetric> rolling, List<CurvePoint> curves) {
    }

    /** Bars only ({@link #applyAll}). */
    public List<Bar> apply(List<EnrichedTick> ticks) {
        return applyAll(ticks).bars();
    }

    /**
     * Applies a batch (latest tick per interval wins; within the batch, later entries win) and returns every bar it
     * touched and, for every interval it touched, the rolling windows ending at that interval (and at the following
     * intervals whose windows contain it), all recomputed from the state. Ticks of markets without a policy are
     * ignored (no bars configured).
     */
    public Output applyAll(List<EnrichedTick> ticks) {
        Set<BucketKey> touched = new LinkedHashSet<>();
        Map<SeriesKey, java.util.TreeSet<Long>> touchedIntervals = new java.util.LinkedHashMap<>();
        Map<SeriesKey, java.util.TreeSet<LocalDate>> touchedDays = new java.util.LinkedHashMap<>();
        Set<SeriesKey> touchedSeries = new java.util.HashSet<>();
        for (EnrichedTick et : ticks) {
            Tick t = et.tick();
            if (!aggregated(t.market())) continue;
            AggregationPolicy.MarketPolicy mp = policy.market(t.market());
            SeriesKey sk = new SeriesKey(t.tenant(), t.iso(), t.market(), t.location());
            long start = t.intervalStart().getEpochSecond();
            double[] v = new double[COMPONENTS.length];
            for (Component c : COMPONENTS) v[c.ordinal()] = t.value(c);
            if (state.computeIfAbsent(sk, k -> new TreeMap<>()).put(start, v) == null) held++;
            wholeDays.computeIfAbsent(sk, k -> new java.util.TreeSet<>()).add(day(t));
            touchedSeries.add(sk);
            for (String res : mp.resolutions()) {
                touched.add(bucket(sk, res, t));
            }
            if (Curves.MARKET.equals(t.market()) && "hub".equalsIgnoreCase(et.locationType())) {
                touchedDays.computeIfAbsent(sk, k -> new java.util.TreeSet<>()).add(day(t));
            }
            if (!policy.rollingWindows(t.market()).isEmpty()) {
                touchedIntervals.computeIfAbsent(sk, k -> new java.util.TreeSet<>()).add(start);
            }
        }
        List<Bar> bars = new ArrayList<>(touched.size() * 4);
        for (BucketKey b : touched) {
            // the bucket's points walked once (a tree walk is the costly part), then each component over the array
            double[][] points = state.get(b.series).subMap(b.start, true, b.end, false).values()
                    .toArray(new double[0][]);
            AggregationPolicy.MarketPolicy mp = policy.market(b.series.market);
            int expected = (int) ((b.end - b.start) / mp.interval().getSeconds());
            for (Component c : COMPONENTS) {
                Bar bar = compute(b, c, points, expected);
                if (bar != null) bars.add(bar);
            }
        }
        List<CurvePoint> curves = new ArrayList<>();
        touchedDays.forEach((sk, days) -> {
            for (LocalDate day : days) {
                curves.addAll(Curves.day(sk.tenant, sk.iso, sk.location, day, policy.zone(sk.iso), state.get(sk)));
            }
        });
        Output out = new Output(bars, rolling(touchedIntervals), curves);
        evict(touchedSeries);
        return out;
    }

    /**
     * Windows to recompute: every window containing a touched interval, i.e. those ending at a touched interval or at
     * a present interval up to N-1 intervals after it (a revision changes the later windows too).
     */
    private List<RollingMetric> rolling(Map<SeriesKey, java.util.TreeSet<Long>> touchedIntervals) {
        List<RollingMetric> out = new ArrayList<>();
        touchedIntervals.forEach((sk, starts) -> {
            NavigableMap<Long, double[]> points = state.get(sk);
            long d = policy.market(sk.market).interval().getSeconds();
            for (int size : policy.rollingWindows(sk.market)) {
                java.util.TreeSet<Long> ends = new java.util.TreeSet<>(starts);
                for (long s : starts) ends.addAll(points.subMap(s, false, s + (size - 1L) * d, true).keySet());
                for (long end : ends) {
                    Rolling.window(sk.tenant, sk.iso, sk.market, sk.location, points, end, d, size, out);
                }
            }
        });
        return out;
    }

    private BucketKey bucket(SeriesKey sk, String res, Tick t) {
        if ("1d".equals(res)) {
            ZoneId zone = policy.zone(t.iso());
            LocalDate day = day(t);
            long s = day.atStartOfDay(zone).toEpochSecond();
            long e = day.plusDays(1).atStartOfDay(zone).toEpochSecond();
            return new BucketKey(sk, res, s, e);
        }
        long d = AggregationPolicy.duration(res).getSeconds();
        long s = Math.floorDiv(t.intervalStart().getEpochSecond(), d) * d;
        return new BucketKey(sk, res, s, s + d);
    }

    private static Bar compute(BucketKey b, Component c, double[][] points, int expected) {
        int i = c.ordinal();
        double open = Double.NaN, close = Double.NaN, high = Double.NEGATIVE_INFINITY, low = Double.POSITIVE_INFINITY;
        double sum = 0;
        int count = 0;
        for (double[] p : points) {
            double v = p[i];
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
