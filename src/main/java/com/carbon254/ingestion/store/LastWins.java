package com.carbon254.ingestion.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collapses a write batch to one row per natural key ({@link Table#key()}), the last occurrence winning, the way the
 * batch would have ended had its rows been written one by one. Both engines need it: DuckDB refuses to upsert one key
 * twice in one statement, and rows of one ClickHouse insert share a version, so ReplacingMergeTree could keep either.
 * Anomalies and DLQ records are the exception: {@link #firstById} keeps the first occurrence of each event id, as
 * their tables keep the first write (the time an operator first saw it).
 */
public final class LastWins {
    private LastWins() {
    }

    /** The rows whose key does not occur again later in the batch, in their original order (no copy when none does). */
    public static <T> List<T> perKey(Table<T> table, List<T> rows) {
        @SuppressWarnings("unchecked")
        Column<T>[] key = table.key().toArray(Column[]::new);
        Map<Key, Integer> last = new HashMap<>(rows.size() * 2);
        for (int i = 0; i < rows.size(); i++) {
            T row = rows.get(i);
            Object[] values = new Object[key.length];
            for (int k = 0; k < values.length; k++) values[k] = key[k].value(row);
            last.put(new Key(values), i);
        }
        if (last.size() == rows.size()) return rows;
        boolean[] wins = new boolean[rows.size()];
        for (int i : last.values()) wins[i] = true;
        List<T> out = new ArrayList<>(last.size());
        for (int i = 0; i < rows.size(); i++) {
            if (wins[i]) out.add(rows.get(i));
        }
        return out;
    }

    /**
     * One row per deterministic event id ({@link Table#eventId()}), the FIRST occurrence winning, in batch order;
     * keyed by that id. The ids include the tenant.
     */
    public static <T> Map<String, T> firstById(Table<T> table, List<T> rows) {
        Column<T> id = table.eventId();
        Map<String, T> first = new LinkedHashMap<>(rows.size() * 2);
        for (T row : rows) first.putIfAbsent(id.string(row), row);
        return first;
    }

    private static final class Key {
        private final Object[] values;
        private final int hash;

        Key(Object[] values) {
            this.values = values;
            this.hash = Arrays.hashCode(values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && Arrays.equals(values, k.values);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
