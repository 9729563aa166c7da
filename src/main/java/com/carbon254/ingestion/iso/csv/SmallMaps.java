package com.carbon254.ingestion.iso.csv;

import java.util.AbstractMap;
import java.util.Map;

/**
 * Builds immutable maps from key/value pairs held in an array. {@link com.carbon254.ingestion.event.RawRecord}
 * copies its maps with {@link Map#copyOf}, which is free for maps that are already immutable ({@code Map.of}), so
 * connectors build them this way instead of through a {@code HashMap} per record.
 */
public final class SmallMaps {
    private SmallMaps() {
    }

    /** {@code kv} holds key, value, key, value ...; only the first {@code pairs} pairs are used. */
    public static Map<String, String> of(String[] kv, int pairs) {
        String[] a = kv;
        return switch (pairs) {
            case 0 -> Map.of();
            case 1 -> Map.of(a[0], a[1]);
            case 2 -> Map.of(a[0], a[1], a[2], a[3]);
            case 3 -> Map.of(a[0], a[1], a[2], a[3], a[4], a[5]);
            case 4 -> Map.of(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
            case 5 -> Map.of(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]);
            case 6 -> Map.of(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]);
            case 7 -> Map.of(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13]);
            default -> ofEntries(a, pairs);
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, String> ofEntries(String[] kv, int pairs) {
        Map.Entry<String, String>[] entries = new Map.Entry[pairs];
        for (int i = 0; i < pairs; i++) entries[i] = new AbstractMap.SimpleImmutableEntry<>(kv[2 * i], kv[2 * i + 1]);
        return Map.ofEntries(entries);
    }
}
