package com.carbon254.ingestion.iso.csv;

import java.util.Arrays;

/**
 * Open-addressing {@code long → int} map (absent = -1, values must be ≥ 0): what a connector keys its groups by
 * (a packed node and interval) without boxing a key per row. Capacity is a power of two; not thread-safe.
 */
public final class LongIntMap {
    private long[] keys;
    private int[] vals;
    private int size;

    /** @param capacity a power of two; the map grows past half of it */
    public LongIntMap(int capacity) {
        if (Integer.bitCount(capacity) != 1) throw new IllegalArgumentException("capacity must be a power of two");
        keys = new long[capacity];
        vals = new int[capacity];
        Arrays.fill(vals, -1);
    }

    private static int mix(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The value of {@code k}, or -1. */
    public int get(long k) {
        int mask = keys.length - 1;
        for (int i = mix(k) & mask; vals[i] >= 0; i = (i + 1) & mask) {
            if (keys[i] == k) return vals[i];
        }
        return -1;
    }

    /** Sets {@code k} to {@code v} (≥ 0). */
    public void put(long k, int v) {
        if (v < 0) throw new IllegalArgumentException("values must be >= 0");
        if ((size + 1) * 2 > keys.length) grow();
        int mask = keys.length - 1;
        int i = mix(k) & mask;
        while (vals[i] >= 0) {
            if (keys[i] == k) {
                vals[i] = v;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = k;
        vals[i] = v;
        size++;
    }

    public int size() {
        return size;
    }

    private void grow() {
        long[] ok = keys;
        int[] ov = vals;
        keys = new long[ok.length * 2];
        vals = new int[ok.length * 2];
        Arrays.fill(vals, -1);
        size = 0;
        for (int i = 0; i < ok.length; i++) if (ov[i] >= 0) put(ok[i], ov[i]);
    }
}
