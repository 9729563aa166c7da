package com.carbon254.ingestion.iso.nyiso;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * NYISO LBMP files for DST days, written here in NYISO's format (never copied from recorded files). The UTC instants
 * are written out by hand from the rules (Eastern prevailing time: EDT = UTC−4 until 2025-11-02 06:00Z, then EST =
 * UTC−5; EST until 2025-03-09 07:00Z, then EDT), not derived with java.time's zone rules, so that a test compares the
 * code's reading of the labels with an independent one.
 *
 * <ul>
 *   <li>Day-ahead ({@code damlbmp_zone}): {@code Time Stamp} = hour START as {@code MM/dd/yyyy HH:mm}. Fall-back
 *       2025-11-02: 25 hours, {@code 01:00} twice (WEST 50.72 at 05:00Z, then 48.63 at 06:00Z); spring-forward
 *       2025-03-09: 23 hours, no {@code 02:00}.</li>
 *   <li>Real-time ({@code realtime_zone}): {@code Time Stamp} = interval END as {@code MM/dd/yyyy HH:mm:ss}, 00:05
 *       through 24:00 (written as the next day's 00:00:00). On the fall-back day in either way a repeated end can be
 *       written: {@link RtClock#START} (the end in the clock the interval began in: ends 01:05..02:00 repeat) or
 *       {@link RtClock#END} (the wall clock at the end: 01:00..01:55 repeat).</li>
 * </ul>
 */
public final class NyisoFixtures {
    public static final LocalDate FALL_BACK = LocalDate.of(2025, 11, 2);
    public static final LocalDate SPRING_FORWARD = LocalDate.of(2025, 3, 9);
    public static final LocalDate NORMAL = LocalDate.of(2025, 11, 1);
    public static final List<String> NODES = List.of("WEST", "N.Y.C.", "H Q");
    public static final List<String> PTIDS = List.of("61752", "61761", "61844");
    public static final String HEADER = "Time Stamp,Name,PTID,LBMP ($/MWHr),Marginal Cost Losses ($/MWHr),"
            + "Marginal Cost Congestion ($/MWHr)";
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm");
    private static final DateTimeFormatter RT = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss");

    /** 2025-11-02 06:00Z: 02:00 EDT becomes 01:00 EST. */
    static final Instant FALL_SWITCH = Instant.parse("2025-11-02T06:00:00Z");
    /** 2025-03-09 07:00Z: 02:00 EST becomes 03:00 EDT. */
    static final Instant SPRING_SWITCH = Instant.parse("2025-03-09T07:00:00Z");

    /** How a real-time file writes an interval END that falls in the repeated hour. */
    public enum RtClock { START, END }

    private NyisoFixtures() {
    }

    /** Local midnight starting {@code day}, in UTC (by hand: EDT before the fall-back switch, EST on 11-01/11-03). */
    public static Instant dayStart(LocalDate day) {
        if (day.equals(FALL_BACK) || day.equals(NORMAL)) return Instant.parse(day + "T04:00:00Z");
        if (day.equals(SPRING_FORWARD)) return Instant.parse("2025-03-09T05:00:00Z");
        if (day.equals(LocalDate.of(2025, 11, 3))) return Instant.parse("2025-11-03T05:00:00Z");
        if (day.equals(LocalDate.of(2025, 3, 10))) return Instant.parse("2025-03-10T04:00:00Z");
        throw new IllegalArgumentException("no fixture day " + day);
    }

    /** Hours of the operating day: 25, 23 or 24. */
    public static int hours(LocalDate day) {
        return day.equals(FALL_BACK) ? 25 : day.equals(SPRING_FORWARD) ? 23 : 24;
    }

    /** Eastern offset at {@code t} on the fixture days. */
    static ZoneOffset offsetAt(Instant t) {
        if (t.isBefore(Instant.parse("2025-06-01T00:00:00Z"))) {
            return t.isBefore(SPRING_SWITCH) ? ZoneOffset.ofHours(-5) : ZoneOffset.ofHours(-4);
        }
        return t.isBefore(FALL_SWITCH) ? ZoneOffset.ofHours(-4) : ZoneOffset.ofHours(-5);
    }

    /** The start of hour {@code h} (0-based) of the day, by hand. */
    public static Instant hourStart(LocalDate day, int h) {
        return dayStart(day).plusSeconds(3600L * h);
    }

    /** The day-ahead LBMP of node {@code n} in hour {@code h}: WEST 50.72 then 48.63 in the fall-back 01:00 hours. */
    public static BigDecimal daLbmp(LocalDate day, int n, int h) {
        if (day.equals(FALL_BACK) && n == 0 && h == 1) return new BigDecimal("50.72");
        if (day.equals(FALL_BACK) && n == 0 && h == 2) return new BigDecimal("48.63");
        return new BigDecimal("30.00").add(BigDecimal.valueOf(h)).add(new BigDecimal("0.25").multiply(
                BigDecimal.valueOf(n)));
    }

    public static BigDecimal loss(int n) {
        return new BigDecimal(new String[]{"-2.68", "2.31", "-2.72"}[n]);
    }

    /** Congestion as NYISO publishes it (canonical congestion is its negation). */
    public static BigDecimal publishedCongestion(int n) {
        return new BigDecimal(new String[]{"0.39", "-12.50", "4.43"}[n]);
    }

    /** The day-ahead zonal file of {@code day} for {@link #NODES}, CRLF, rows in time order. */
    public static String damlbmp(LocalDate day) {
        StringBuilder b = new StringBuilder(HEADER).append("\r\n");
        for (int h = 0; h < hours(day); h++) {
            Instant s = hourStart(day, h);
            String stamp = DA.format(LocalDateTime.ofInstant(s, offsetAt(s)));
            for (int n = 0; n < NODES.size(); n++) {
                b.append(stamp).append(',').append(NODES.get(n)).append(',').append(PTIDS.get(n)).append(',')
                        .append(daLbmp(day, n, h).toPlainString()).append(',').append(loss(n).toPlainString())
                        .append(',').append(publishedCongestion(n).toPlainString()).append("\r\n");
            }
        }
        return b.toString();
    }

    /** 5-minute intervals of the day. */
    public static int intervals(LocalDate day) {
        return hours(day) * 12;
    }

    /** The real-time LBMP of node {@code n} in interval {@code k}: different for every interval. */
    public static BigDecimal rtLbmp(int n, int k) {
        return new BigDecimal("20.00").add(new BigDecimal("0.05").multiply(BigDecimal.valueOf(k)))
                .add(BigDecimal.valueOf(n * 100L));
    }

    /** The {@code Time Stamp} of real-time interval {@code k} (0-based) of {@code day}. */
    public static String rtStamp(LocalDate day, int k, RtClock clock) {
        Instant start = dayStart(day).plusSeconds(300L * k);
        Instant end = start.plusSeconds(300);
        ZoneOffset o = clock == RtClock.START ? offsetAt(start) : offsetAt(end);
        return RT.format(LocalDateTime.ofInstant(end, o));
    }

    /** The real-time zonal file of a whole {@code day}, CRLF, rows in time order. */
    public static String realtime(LocalDate day, RtClock clock) {
        StringBuilder b = new StringBuilder(HEADER).append("\r\n");
        for (int k = 0; k < intervals(day); k++) {
            String stamp = rtStamp(day, k, clock);
            for (int n = 0; n < NODES.size(); n++) {
                b.append(stamp).append(',').append(NODES.get(n)).append(',').append(PTIDS.get(n)).append(',')
                        .append(rtLbmp(n, k).toPlainString()).append(',').append(loss(n).toPlainString())
                        .append(',').append(publishedCongestion(n).toPlainString()).append("\r\n");
            }
        }
        return b.toString();
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A monthly archive: one member per day, named as NYISO names them. */
    public static byte[] archive(String report, List<LocalDate> days, java.util.function.Function<LocalDate, String> file) {
        Map<String, String> members = new LinkedHashMap<>();
        for (LocalDate d : days) {
            members.put(d.toString().replace("-", "") + report + "_zone.csv", file.apply(d));
        }
        return zip(members);
    }

    public static byte[] zip(Map<String, String> members) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> m : members.entrySet()) {
                z.putNextEntry(new ZipEntry(m.getKey()));
                z.write(m.getValue().getBytes(StandardCharsets.US_ASCII));
                z.closeEntry();
            }
            z.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The expected UTC starts of every interval of {@code day} in time order ({@code seconds} apart). */
    public static List<Instant> starts(LocalDate day, long seconds) {
        List<Instant> out = new ArrayList<>();
        Instant end = dayStart(day).plusSeconds(3600L * hours(day));
        for (Instant s = dayStart(day); s.isBefore(end); s = s.plusSeconds(seconds)) out.add(s);
        return out;
    }
}
