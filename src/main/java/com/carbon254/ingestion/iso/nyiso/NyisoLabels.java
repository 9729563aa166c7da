package com.carbon254.ingestion.iso.nyiso;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.List;

/**
 * NYISO's {@code Time Stamp} labels: Eastern prevailing time without an offset, {@code MM/dd/yyyy HH:mm} (day-ahead)
 * or {@code MM/dd/yyyy HH:mm:ss} (real-time), the START of a day-ahead hour and the END of a real-time interval.
 *
 * <p>A label can name two instants on the fall-back day. Its <em>readings</em> are the instants it can name, oldest
 * first:
 * <ul>
 *   <li>a START label names the label at each offset the zone allows for it: {@code 01:00} on 2025-11-02 is 05:00Z
 *       (EDT) and 06:00Z (EST), {@code 02:00} on 2025-03-09 does not exist (no reading);</li>
 *   <li>an END label must itself be a local time that exists; it names the label at an offset that was in force at
 *       the interval's start or at its end, so that both ways of writing the end of the last daylight interval are
 *       read: on 2025-11-02 {@code 02:00} is 06:00Z (the end written in the EDT clock it began in) and 07:00Z (EST),
 *       {@code 01:00} is 05:00Z and 06:00Z; on 2025-03-09 {@code 03:00} is 07:00Z and {@code 02:00} nothing.</li>
 * </ul>
 * Which reading a row means is told by the file's {@code Time Zone} column where it has one, else by row order
 * (NYISO's files are in time order: the first pass through a repeated label is EDT, the second EST); see
 * {@link NyisoConnector}. Stateless.
 */
final class NyisoLabels {
    static final ZoneOffset EST = ZoneOffset.ofHours(-5);
    static final ZoneOffset EDT = ZoneOffset.ofHours(-4);
    private static final long[] NONE = new long[0];

    private NyisoLabels() {
    }

    /**
     * {@code M/d/yyyy H:mm} or {@code M/d/yyyy H:mm:ss} (one or two digits for month, day and hour, spaces around it
     * ignored), or null when {@code s} is not one or names no real date and time.
     */
    static LocalDateTime parse(String s) {
        if (s == null) return null;
        int n = s.length();
        int i = 0;
        while (i < n && s.charAt(i) == ' ') i++;
        while (n > i && s.charAt(n - 1) == ' ') n--;
        int[] pos = {i};
        int month = digits(s, pos, n, 1, 2);
        if (month < 0 || !expect(s, pos, n, '/')) return null;
        int day = digits(s, pos, n, 1, 2);
        if (day < 0 || !expect(s, pos, n, '/')) return null;
        int year = digits(s, pos, n, 4, 4);
        if (year < 0 || pos[0] >= n || s.charAt(pos[0]) != ' ') return null;
        while (pos[0] < n && s.charAt(pos[0]) == ' ') pos[0]++;
        int hour = digits(s, pos, n, 1, 2);
        if (hour < 0 || !expect(s, pos, n, ':')) return null;
        int minute = digits(s, pos, n, 2, 2);
        if (minute < 0) return null;
        int second = 0;
        if (pos[0] < n) {
            if (!expect(s, pos, n, ':')) return null;
            second = digits(s, pos, n, 2, 2);
            if (second < 0 || pos[0] != n) return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int[] pos, int end, int min, int max) {
        int v = 0;
        int k = 0;
        while (k < max && pos[0] < end) {
            char c = s.charAt(pos[0]);
            if (c < '0' || c > '9') break;
            v = v * 10 + (c - '0');
            pos[0]++;
            k++;
        }
        return k < min ? -1 : v;
    }

    private static boolean expect(String s, int[] pos, int end, char c) {
        if (pos[0] >= end || s.charAt(pos[0]) != c) return false;
        pos[0]++;
        return true;
    }

    /**
     * The instants (epoch seconds) {@code label} can name, oldest first: none, one, or two on the fall-back day.
     *
     * @param start   true for a START label (day-ahead), false for the END of an interval (real-time)
     * @param seconds the interval's length (an END label's start is this much earlier)
     */
    static long[] readings(LocalDateTime label, ZoneRules rules, boolean start, long seconds) {
        List<ZoneOffset> own = rules.getValidOffsets(label);
        if (own.isEmpty()) return NONE; // a local time that does not exist (spring-forward)
        if (start) {
            if (own.size() == 1) return new long[]{label.toEpochSecond(own.get(0))};
            return sorted(label.toEpochSecond(own.get(0)), label.toEpochSecond(own.get(1)));
        }
        long[] out = new long[4];
        int n = 0;
        n = endReadings(label, own, rules, seconds, out, n);
        n = endReadings(label, rules.getValidOffsets(label.minusSeconds(seconds)), rules, seconds, out, n);
        if (n == 0) return NONE;
        long[] r = Arrays.copyOf(out, n);
        Arrays.sort(r);
        return r;
    }

    private static int endReadings(LocalDateTime label, List<ZoneOffset> offsets, ZoneRules rules, long seconds,
                                   long[] out, int n) {
        for (ZoneOffset o : offsets) {
            long end = label.toEpochSecond(o);
            boolean valid = rules.getOffset(Instant.ofEpochSecond(end - seconds)).equals(o)
                    || rules.getOffset(Instant.ofEpochSecond(end)).equals(o);
            if (!valid) continue;
            boolean seen = false;
            for (int k = 0; k < n; k++) seen |= out[k] == end;
            if (!seen) out[n++] = end;
        }
        return n;
    }

    private static long[] sorted(long a, long b) {
        return a == b ? new long[]{a} : a < b ? new long[]{a, b} : new long[]{b, a};
    }

    /** The offset a {@code Time Zone} cell names ({@code EST}, {@code EDT}), or null. */
    static ZoneOffset offsetOf(String timeZone) {
        if (timeZone == null) return null;
        return switch (timeZone.strip()) {
            case "EST" -> EST;
            case "EDT" -> EDT;
            default -> null;
        };
    }

    /**
     * Which of {@code readings} a record means: the one its {@code Time Zone} names when it has one (-1 when that
     * reading does not exist), else the second for {@code occurrence} 2 of two readings, else the first; -1 when
     * there is none.
     */
    static int pick(long[] readings, LocalDateTime label, String timeZone, String occurrence) {
        if (readings.length == 0) return -1;
        if (timeZone != null) {
            ZoneOffset o = offsetOf(timeZone);
            if (o == null) return -1;
            long at = label.toEpochSecond(o);
            for (int k = 0; k < readings.length; k++) if (readings[k] == at) return k;
            return -1;
        }
        return readings.length == 2 && "2".equals(occurrence) ? 1 : 0;
    }
}
