package com.carbon254.ingestion.store;

import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RollingMetric;
import com.carbon254.ingestion.event.Tick;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collapses a write batch to one row per natural key, the last occurrence winning, the way the batch would have
 * ended had its rows been written one by one. Both engines need it: DuckDB refuses to upsert one key twice in one
 * statement, and rows of one ClickHouse insert share a version, so ReplacingMergeTree could keep either.
 * Anomalies and DLQ records are the exception: {@link #firstById} keeps the first occurrence of each event id, as
 * their tables keep the first write (the time an operator first saw it).
 */
final class LastWins {
    private record TickKey(String tenant, String iso, String market, String location, Instant start) {
    }

    private record BarKey(String tenant, String iso, String market, String location, Object component,
                          String resolution, Instant start) {
    }

    private record RollingKey(String tenant, String iso, String market, String location, Object component,
                              String window, Instant end) {
    }

    private record CurveKey(String tenant, String iso, String location, java.time.LocalDate date, String block) {
    }

    private LastWins() {
    }

    static List<CurvePoint> curves(List<CurvePoint> rows) {
        Map<CurveKey, Integer> last = new HashMap<>(rows.size() * 2);
        for (int i = 0; i < rows.size(); i++) {
            CurvePoint p = rows.get(i);
            last.put(new CurveKey(p.tenant(), p.iso(), p.location(), p.date(), p.block()), i);
        }
        return keep(rows, last);
    }

    static List<RollingMetric> rolling(List<RollingMetric> rows) {
        Map<RollingKey, Integer> last = new HashMap<>(rows.size() * 2);
        for (int i = 0; i < rows.size(); i++) {
            RollingMetric m = rows.get(i);
            last.put(new RollingKey(m.tenant(), m.iso(), m.market(), m.location(), m.component(), m.window(),
                    m.windowEnd()), i);
        }
        return keep(rows, last);
    }

    static List<EnrichedTick> ticks(List<EnrichedTick> ticks) {
        Map<TickKey, Integer> last = new HashMap<>(ticks.size() * 2);
        for (int i = 0; i < ticks.size(); i++) {
            Tick t = ticks.get(i).tick();
            last.put(new TickKey(t.tenant(), t.iso(), t.market(), t.location(), t.intervalStart()), i);
        }
        return keep(ticks, last);
    }

    static List<Bar> bars(List<Bar> bars) {
        Map<BarKey, Integer> last = new HashMap<>(bars.size() * 2);
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            last.put(new BarKey(b.tenant(), b.iso(), b.market(), b.location(), b.component(), b.resolution(),
                    b.start()), i);
        }
        return keep(bars, last);
    }

    /**
     * One row per deterministic event id ({@link com.carbon254.ingestion.event.EventIds}), the FIRST occurrence
     * winning, in batch order; keyed by that id. The ids include the tenant.
     */
    static <T> Map<String, T> firstById(List<T> rows, java.util.function.Function<T, String> id) {
        Map<String, T> first = new java.util.LinkedHashMap<>(rows.size() * 2);
        for (T row : rows) first.putIfAbsent(id.apply(row), row);
        return first;
    }

    /** The rows at the winning indexes, in their original order (no copy when nothing repeats). */
    private static <T> List<T> keep(List<T> rows, Map<?, Integer> last) {
        if (last.size() == rows.size()) return rows;
        boolean[] wins = new boolean[rows.size()];
        for (int i : last.values()) wins[i] = true;
        List<T> out = new ArrayList<>(last.size());
        for (int i = 0; i < rows.size(); i++) {
            if (wins[i]) out.add(rows.get(i));
        }
        return out;
    }
}
