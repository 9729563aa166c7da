package com.carbon254.ingestion.iso.csv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns byte ranges as Strings: repeated labels (node names, timestamps, LMP types) become one String instance
 * each, with a dense int id, instead of one String per row. Open addressing keyed by the bytes themselves, so a
 * lookup of an already seen label allocates nothing. Not thread-safe: one instance per parse.
 */
public final class ByteSymbols {
    private int[] table;
    private int[] hashes;
    private byte[][] keys;
    private String[] strings;
    private int size;

    public ByteSymbols(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        table = new int[cap];
        hashes = new int[Math.max(16, expected)];
        keys = new byte[hashes.length][];
        strings = new String[hashes.length];
    }

    /** Id of {@code b[off, off + len)}, adding it when new. Ids are dense from 0 in order of first sight. */
    public int id(byte[] b, int off, int len) {
        int h = hash(b, off, len);
        int mask = table.length - 1;
        int slot = h & mask;
        while (true) {
            int entry = table[slot];
            if (entry == 0) return add(slot, h, b, off, len);
            int id = entry - 1;
            byte[] k = keys[id];
            if (hashes[id] == h && Arrays.equals(k, 0, k.length, b, off, off + len)) return id;
            slot = (slot + 1) & mask;
        }
    }

    /** True when symbol {@code id} is exactly {@code b[off, off + len)}. */
    public boolean equals(int id, byte[] b, int off, int len) {
        byte[] k = keys[id];
        return Arrays.equals(k, 0, k.length, b, off, off + len);
    }

    /** Eight bytes per step: labels such as {@code 2020-01-02T05:00:00-00:00} are hashed in 4 steps, not 25. */
    private static int hash(byte[] b, int off, int len) {
        long h = len;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) h = (h + Swar.read(b, i)) * 0x9E3779B97F4A7C15L;
        for (; i < end; i++) h = (h + b[i]) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private int add(int slot, int h, byte[] b, int off, int len) {
        if (size == hashes.length) {
            int n = size * 2;
            hashes = Arrays.copyOf(hashes, n);
            keys = Arrays.copyOf(keys, n);
            strings = Arrays.copyOf(strings, n);
        }
        int id = size++;
        hashes[id] = h;
        keys[id] = Arrays.copyOfRange(b, off, off + len);
        strings[id] = new String(b, off, len, StandardCharsets.UTF_8);
        table[slot] = id + 1;
        if (size * 2 > table.length) rehash();
        return id;
    }

    private void rehash() {
        int[] t = new int[table.length * 2];
        int mask = t.length - 1;
        for (int id = 0; id < size; id++) {
            int slot = hashes[id] & mask;
            while (t[slot] != 0) slot = (slot + 1) & mask;
            t[slot] = id + 1;
        }
        table = t;
    }

    public String string(int id) {
        return strings[id];
    }

    public int size() {
        return size;
    }
}
