package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.pipeline.store.CurveQuery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which recomputed curve points go out on {@code pricing.curve.updates.v1}: those whose price, hours or completeness
 * differ from the value last published. After a restart the last published value of a point an earlier process may
 * have published (its day starts before how far the store held day-ahead prices) is recalled from the stored curves
 * first ({@link #toRecall}); without it every point recomputed after a restart would look changed.
 *
 * <p>Pure (the shell reads the store and publishes) and thread-safe: a batch's updates are remembered only once
 * published ({@link #published}), which may be while the next batch is decided.
 */
final class CurveChanges {
    private record Key(String tenant, String iso, String location, LocalDate date, String block) {
        static Key of(CurvePoint p) {
            return new Key(p.tenant(), p.iso(), p.location(), p.date(), p.block());
        }
    }

    private final Map<Key, CurvePoint> last = new ConcurrentHashMap<>();

    /**
     * The stored curves to read before {@link #changed}: per (tenant, iso, location), the days of points not
     * remembered here whose day starts before the store's horizon for day-ahead prices.
     */
    List<CurveQuery> toRecall(List<CurvePoint> curves, Aggregator.StoredUntil horizon, Function<String, ZoneId> zone) {
        Map<List<String>, TreeSet<LocalDate>> ask = new LinkedHashMap<>();
        for (CurvePoint p : curves) {
            if (last.containsKey(Key.of(p))) continue;
            Instant until = horizon.of(p.tenant(), p.iso(), Curves.MARKET);
            if (until == null || !p.date().atStartOfDay(zone.apply(p.iso())).toInstant().isBefore(until)) continue;
            ask.computeIfAbsent(List.of(p.tenant(), p.iso(), p.location()), k -> new TreeSet<>()).add(p.date());
        }
        List<CurveQuery> out = new ArrayList<>(ask.size());
        ask.forEach((k, days) -> out.add(new CurveQuery(k.get(0), k.get(1), k.get(2), days.first(),
                days.last().plusDays(1))));
        return out;
    }

    /** Stored points read back ({@link #toRecall}); a point remembered meanwhile keeps the remembered value. */
    void recalled(List<CurvePoint> stored) {
        for (CurvePoint p : stored) last.putIfAbsent(Key.of(p), p);
    }

    /** The points whose price, hours or completeness differ from the last published (or that were never published). */
    List<CurvePoint> changed(List<CurvePoint> curves) {
        List<CurvePoint> out = new ArrayList<>();
        for (CurvePoint p : curves) {
            CurvePoint prev = last.get(Key.of(p));
            if (prev == null || prev.price() != p.price() || prev.hours() != p.hours()
                    || prev.complete() != p.complete()) {
                out.add(p);
            }
        }
        return out;
    }

    /** Points that went out as updates: the values later points are compared with. */
    void published(List<CurvePoint> updates) {
        for (CurvePoint p : updates) last.put(Key.of(p), p);
    }
}
