package com.carbon254.ingestion.store;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Reads a ClickHouse {@code FORMAT TabSeparated} answer field by field. Raw tab and newline bytes only ever separate
 * fields and rows (ClickHouse escapes them inside values), so the text is split on bytes and each field unescaped
 * ({@code \t \n \\ \' \0 ...}); {@code \N} alone is NULL. Works on bytes, so binary String columns survive.
 */
final class TsvReader {
    private final byte[] data;
    private int pos;
    private int rowEnd = -1;

    TsvReader(byte[] data) {
        this.data = data;
    }

    /** Moves to the next row; false at the end. */
    boolean nextRow() {
        if (rowEnd >= 0) pos = rowEnd + 1;
        if (pos >= data.length) return false;
        int end = pos;
        while (end < data.length && data[end] != '\n') end++;
        rowEnd = end;
        return true;
    }

    /** The next field's raw bytes, unescaped; null for {@code \N}. */
    byte[] bytes() {
        if (pos > rowEnd) throw new IllegalStateException("row has fewer fields than read");
        int start = pos;
        int end = start;
        while (end < rowEnd && data[end] != '\t') end++;
        pos = end + 1;
        if (end - start == 2 && data[start] == '\\' && data[start + 1] == 'N') return null;
        byte[] out = new byte[end - start];
        int n = 0;
        for (int i = start; i < end; i++) {
            byte b = data[i];
            if (b == '\\' && i + 1 < end) {
                b = unescape(data[++i]);
            }
            out[n++] = b;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    String string() {
        byte[] b = bytes();
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    long int64() {
        return Long.parseLong(ascii());
    }

    Long nullableInt64() {
        String s = ascii();
        return s == null ? null : Long.valueOf(s);
    }

    int int32() {
        return Integer.parseInt(ascii());
    }

    boolean bool() {
        return int32() != 0;
    }

    /** Float64 or Nullable(Float64); NULL reads as NaN. */
    double float64() {
        String s = ascii();
        if (s == null) return Double.NaN;
        return switch (s) {
            case "nan", "-nan" -> Double.NaN;
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    LocalDate date() {
        String s = ascii();
        return s == null ? null : LocalDate.parse(s);
    }

    private String ascii() {
        byte[] b = bytes();
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
