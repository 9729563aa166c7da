package com.carbon254.ingestion.store.memory;

import com.carbon254.ingestion.pipeline.store.LatestStore;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The all-in-one's latest values: a map in the process, the same rule as Redis (lost when the process stops). */
public final class MemoryLatestStore implements LatestStore {
    /** (tenant, kind, iso, market) → key → entry. */
    private final Map<String, Map<String, Entry>> groups = new ConcurrentHashMap<>();

    @Override
    public Future<Void> put(List<Entry> entries) {
        for (Entry e : entries) {
            groups.computeIfAbsent(group(e.kind(), e.tenant(), e.iso(), e.market()), g -> new ConcurrentHashMap<>())
                    .merge(e.key(), e, (cur, next) -> next.replaces(cur) ? next : cur);
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<List<Entry>> get(String kind, String tenant, String iso, String market, String location) {
        Map<String, Entry> g = groups.getOrDefault(group(kind, tenant, iso, market), Map.of());
        List<Entry> out = new ArrayList<>();
        for (Entry e : g.values()) if (location == null || location.equals(e.location())) out.add(e);
        out.sort(Comparator.comparing(Entry::location).thenComparing(Entry::field));
        return Future.succeededFuture(out);
    }

    private static String group(String kind, String tenant, String iso, String market) {
        return tenant + '\u0000' + kind + '\u0000' + iso + '\u0000' + market;
    }

    @Override
    public Future<Void> ping() {
        return Future.succeededFuture();
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
