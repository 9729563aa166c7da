package com.carbon254.ingestion.iso;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/**
 * Allocation-light readers for the date and time labels ISO documents carry; each answers null (or -1) instead of
 * throwing, so a dialect turns a bad label into a {@code bad_timestamp} rejection with its own wording. Stateless.
 */
public final class Timestamps {
    private Timestamps() {
    }

    /** Parses a short unsigned decimal integer; -1 when it is not one. */
    public static int smallInt(String s) {
        if (s == null) return -1;
        String t = s.strip();
        if (t.isEmpty() || t.length() > 6) return -1;
        int v = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * A local date-time {@code yyyy-MM-ddTHH:mm[:ss]} (a space instead of the {@code T} is accepted), or null when
     * it is not one.
     */
    public static LocalDateTime localDateTime(String s) {
        if (s == null) return null;
        String t = s.strip();
        if (t.length() > 10 && t.charAt(10) == ' ') t = t.substring(0, 10) + 'T' + t.substring(11);
        try {
            return LocalDateTime.parse(t);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code yyyy-MM-dd}, or null when it is not one (or not a real date). */
    public static LocalDate isoDate(String s) {
        if (s == null || s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') return null;
        int y = digits(s, 0, 4);
        int m = digits(s, 5, 7);
        int d = digits(s, 8, 10);
        if (y < 0 || m < 0 || d < 0) return null;
        try {
            return LocalDate.of(y, m, d);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * An offset date-time such as CAISO's {@code 2020-01-02T05:00:00-00:00} (RFC 3339's {@code -00:00} means
     * UTC) or ISO-NE's {@code 2024-11-03T01:00:00.000-05:00}; those two fixed shapes are parsed by hand, anything
     * else by {@link OffsetDateTime#parse}.
     *
     * @return the instant, or null when the text is not a valid offset date-time
     */
    public static Instant offsetInstant(String s) {
        if (s == null) return null;
        // yyyy-MM-ddTHH:mm:ss±HH:mm (25 characters) or with milliseconds, .SSS (29: ISO-NE's BeginDate)
        int z = s.length() == 25 ? 19 : s.length() == 29 && s.charAt(19) == '.' ? 23 : -1;
        if (z > 0 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
                && s.charAt(16) == ':' && (s.charAt(z) == '+' || s.charAt(z) == '-') && s.charAt(z + 3) == ':') {
            int y = digits(s, 0, 4);
            int mo = digits(s, 5, 7);
            int d = digits(s, 8, 10);
            int h = digits(s, 11, 13);
            int mi = digits(s, 14, 16);
            int se = digits(s, 17, 19);
            int ms = z == 23 ? digits(s, 20, 23) : 0;
            int oh = digits(s, z + 1, z + 3);
            int om = digits(s, z + 4, z + 6);
            if (y < 0 || mo < 0 || d < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59 || ms < 0
                    || oh < 0 || oh > 18 || om < 0 || om > 59) {
                return null;
            }
            LocalDate date;
            try {
                date = LocalDate.of(y, mo, d);
            } catch (DateTimeException e) {
                return null;
            }
            int offset = (oh * 3600 + om * 60) * (s.charAt(z) == '-' ? -1 : 1);
            return Instant.ofEpochSecond(date.toEpochDay() * 86_400L + h * 3600L + mi * 60L + se - offset,
                    ms * 1_000_000L);
        }
        try {
            return OffsetDateTime.parse(s.strip()).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code MM/dd/yyyy} (ISO Express, ERCOT, SPP, NYISO), or null when it is not one (or not a real date). */
    public static LocalDate usDate(String s) {
        if (s == null || s.length() != 10 || s.charAt(2) != '/' || s.charAt(5) != '/') return null;
        int m = digits(s, 0, 2);
        int d = digits(s, 3, 5);
        int y = digits(s, 6, 10);
        if (m < 0 || d < 0 || y < 0) return null;
        try {
            return LocalDate.of(y, m, d);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code s[from, to)}, or -1 when a character there is not a digit. */
    public static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
