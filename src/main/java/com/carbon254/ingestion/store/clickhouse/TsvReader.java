package com.carbon254.ingestion.store.clickhouse;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Reads a ClickHouse {@code FORMAT TabSeparated} answer row by row, a row's fields by position (0-based) or one after
 * the other. Raw tab and newline bytes only ever separate fields and rows (ClickHouse escapes them inside values), so
 * the text is split on bytes and each field unescaped ({@code \t \n \\ \' \0 ...}); {@code \N} alone is NULL. Works on
 * bytes, so binary String columns survive.
 */
final class TsvReader {
    private final byte[] data;
    /** Start of the next row. */
    private int next;
    /** Field {@code i} of the current row starts at {@code starts[i]} and ends before {@code starts[i + 1] - 1}. */
    private int[] starts = new int[32];
    private int fields;
    private int rowEnd;
    /** The field the sequential readers read next. */
    private int cursor;

    TsvReader(byte[] data) {
        this.data = data;
    }

    /** Moves to the next row; false at the end. */
    boolean nextRow() {
        if (next >= data.length) return false;
        int end = next;
        fields = 0;
        starts[fields++] = next;
        while (end < data.length && data[end] != '\n') {
            if (data[end] == '\t') {
                if (fields == starts.length - 1) starts = Arrays.copyOf(starts, starts.length * 2);
                starts[fields++] = end + 1;
            }
            end++;
        }
        rowEnd = end;
        starts[fields] = end + 1;
        next = end + 1;
        cursor = 0;
        return true;
    }

    /** Field {@code i}'s raw bytes, unescaped; null for {@code \N}. */
    byte[] bytes(int i) {
        int start = start(i);
        int end = starts[i + 1] - 1;
        if (isNull(start, end)) return null;
        byte[] out = new byte[end - start];
        int n = 0;
        for (int k = start; k < end; k++) {
            byte b = data[k];
            if (b == '\\' && k + 1 < end) {
                b = unescape(data[++k]);
            }
            out[n++] = b;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    String string(int i) {
        byte[] b = bytes(i);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Whether field {@code i} is NULL. */
    boolean isNull(int i) {
        int start = start(i);
        return isNull(start, starts[i + 1] - 1);
    }

    long int64(int i) {
        return Long.parseLong(ascii(i));
    }

    int int32(int i) {
        return Integer.parseInt(ascii(i));
    }

    boolean bool(int i) {
        return int32(i) != 0;
    }

    /** Float64 or Nullable(Float64); NULL reads as NaN. */
    double float64(int i) {
        String s = ascii(i);
        if (s == null) return Double.NaN;
        return switch (s) {
            case "nan", "-nan" -> Double.NaN;
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    LocalDate date(int i) {
        String s = ascii(i);
        return s == null ? null : LocalDate.parse(s);
    }

    // --- the same, field after field ---

    byte[] bytes() {
        return bytes(cursor++);
    }

    String string() {
        return string(cursor++);
    }

    long int64() {
        return int64(cursor++);
    }

    Long nullableInt64() {
        int i = cursor++;
        return isNull(i) ? null : int64(i);
    }

    int int32() {
        return int32(cursor++);
    }

    boolean bool() {
        return bool(cursor++);
    }

    double float64() {
        return float64(cursor++);
    }

    LocalDate date() {
        return date(cursor++);
    }

    private int start(int i) {
        if (i >= fields) throw new IllegalStateException("row has fewer fields than read");
        return starts[i];
    }

    private boolean isNull(int start, int end) {
        return end - start == 2 && data[start] == '\\' && data[start + 1] == 'N';
    }

    private String ascii(int i) {
        byte[] b = bytes(i);
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte unescape(byte c) {
        return switch (c) {
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case '0' -> 0;
            case 'a' -> 7;
            case 'v' -> 11;
            default -> c; // \\ \' and anything else stand for themselves
        };
    }
}
