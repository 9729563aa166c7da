package com.carbon254.ingestion.iso.csv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits one CSV line held as bytes into field ranges, without allocating per field. Unquoted lines (the normal case
 * for ISO reports) are split in place; a line containing a double quote is unquoted (RFC 4180: {@code ""} is an
 * escaped quote) into a scratch array first, so callers always read field {@code i} as
 * {@code data()[start(i) .. end(i))}. Not thread-safe: one instance per parse.
 */
public final class CsvFields {
    private int[] starts = new int[32];
    private int[] ends = new int[32];
    private int count;
    private byte[] data;
    private byte[] scratch = new byte[256];

    /** Splits {@code line[from, to)}; returns the number of fields (an empty line has one empty field). */
    public int split(byte[] line, int from, int to) {
        data = line;
        int n = 0;
        int[] s = starts;
        int[] e = ends;
        int fieldStart = from;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long word = Swar.read(line, i);
            if (Swar.matches(word, Swar.QUOTE) != 0) return splitQuoted(line, from, to); // rare: quote-aware path
            long commas = Swar.matches(word, Swar.COMMA);
            while (commas != 0) {
                int at = i + Swar.firstByte(commas);
                if (n == s.length) {
                    count = n;
                    grow();
                    s = starts;
                    e = ends;
                }
                s[n] = fieldStart;
                e[n++] = at;
                fieldStart = at + 1;
                commas &= commas - 1;
            }
        }
        for (; i < to; i++) {
            byte b = line[i];
            if (b == ',') {
                if (n == s.length) {
                    count = n;
                    grow();
                    s = starts;
                    e = ends;
                }
                s[n] = fieldStart;
                e[n++] = i;
                fieldStart = i + 1;
            } else if (b == '"') {
                return splitQuoted(line, from, to);
            }
        }
        count = n;
        add(fieldStart, to);
        return count;
    }

    private void grow() {
        starts = Arrays.copyOf(starts, starts.length * 2);
        ends = Arrays.copyOf(ends, ends.length * 2);
    }

    private int splitQuoted(byte[] line, int from, int to) {
        if (scratch.length < to - from) scratch = new byte[Math.max(to - from, scratch.length * 2)];
        byte[] out = scratch;
        data = out;
        count = 0;
        int w = 0;
        int fieldStart = 0;
        boolean quoted = false;
        for (int i = from; i < to; i++) {
            byte b = line[i];
            if (quoted) {
                if (b == '"') {
                    if (i + 1 < to && line[i + 1] == '"') {
                        out[w++] = '"';
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    out[w++] = b;
                }
            } else if (b == '"') {
                quoted = true;
            } else if (b == ',') {
                add(fieldStart, w);
                fieldStart = w;
            } else {
                out[w++] = b;
            }
        }
        add(fieldStart, w);
        return count;
    }

    private void add(int s, int e) {
        if (count == starts.length) grow();
        starts[count] = s;
        ends[count] = e;
        count++;
    }

    public int count() {
        return count;
    }

    public byte[] data() {
        return data;
    }

    public int start(int field) {
        return starts[field];
    }

    public int end(int field) {
        return ends[field];
    }

    public int length(int field) {
        return ends[field] - starts[field];
    }

    /** Field {@code i} decoded as UTF-8 with surrounding spaces trimmed (allocates: for headers and error paths). */
    public String string(int field) {
        int s = starts[field];
        int e = ends[field];
        while (s < e && data[s] == ' ') s++;
        while (e > s && data[e - 1] == ' ') e--;
        return new String(data, s, e - s, StandardCharsets.UTF_8);
    }

    /** True when field {@code i} is exactly the ASCII text {@code ascii}. */
    public boolean equalsAscii(int field, String ascii) {
        int s = starts[field];
        int len = ends[field] - s;
        if (len != ascii.length()) return false;
        for (int k = 0; k < len; k++) {
            if (data[s + k] != ascii.charAt(k)) return false;
        }
        return true;
    }

    /** The first index in {@code [s, e)} of {@code d} that is not a blank (space or tab), or {@code e}. */
    public static int trimStart(byte[] d, int s, int e) {
        while (s < e && (d[s] == ' ' || d[s] == '\t')) s++;
        return s;
    }

    /** The end of {@code d[s, e)} without its trailing blanks (spaces, tabs). */
    public static int trimEnd(byte[] d, int s, int e) {
        while (e > s && (d[e - 1] == ' ' || d[e - 1] == '\t')) e--;
        return e;
    }
}
