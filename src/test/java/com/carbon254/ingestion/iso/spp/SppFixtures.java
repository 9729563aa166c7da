package com.carbon254.ingestion.iso.spp;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SPP files for DST days, written here from DOMAIN.md and SPP's file shape (never copied from recorded samples):
 * {@code Interval,GMTIntervalEnd,[BAA,]Settlement Location,Pnode,LMP,MLC,MCC,MEC}, both timestamps the interval END
 * as {@code MM/dd/yyyy HH:mm:ss}, {@code Interval} in Central prevailing time, {@code GMTIntervalEnd} in UTC, four
 * decimals, LF line ends, rows by interval then location.
 *
 * <p>The local and GMT labels are written out by hand below (hour arithmetic with the offsets CDT = GMT−5 and
 * CST = GMT−6 spelled out), not derived with java.time, so the tests check the connector against an independent
 * statement of SPP's time rule:
 * <ul>
 *   <li>fall-back 2024-11-03 (25 hours): the day starts 00:00 CDT = 05:00Z; hour ending 01:00 CDT ends 06:00Z, the
 *       repeated hour ending 01:00 CST ends 07:00Z (same {@code Interval}, different {@code GMTIntervalEnd}), then
 *       02:00 CST = 08:00Z … the hour ending 24 is written {@code 11/04/2024 00:00:00} = 06:00Z;</li>
 *   <li>spring-forward 2024-03-10 (23 hours): the day starts 00:00 CST = 06:00Z; 01:00 CST = 07:00Z, then 03:00 CDT
 *       = 08:00Z (no 02:00) … {@code 03/11/2024 00:00:00} = 05:00Z;</li>
 *   <li>the fall-back day's repeated hour in real time, 06:00Z–08:00Z, as 24 RTBM files named by their local end:
 *       {@code 0105} … {@code 0155} (CDT), {@code 0100d} … {@code 0155d} (CST) and {@code 0200}.</li>
 * </ul>
 */
public final class SppFixtures {
    public static final LocalDate FALL_BACK = LocalDate.of(2024, 11, 3);
    public static final LocalDate SPRING_FORWARD = LocalDate.of(2024, 3, 10);
    public static final String HEADER_8 = "Interval,GMTIntervalEnd,Settlement Location,Pnode,LMP,MLC,MCC,MEC";
    public static final String HEADER_9 = "Interval,GMTIntervalEnd,BAA,Settlement Location,Pnode,LMP,MLC,MCC,MEC";
    /** Settlement locations of the fixtures and their pnodes. */
    public static final List<String> LOCATIONS = List.of("OKGE_OKGE", "SPPNORTH_HUB", "SPPSOUTH_HUB");
    private static final List<String> PNODES = List.of("OKGE_LA", "SPPNORTH_H", "SPPSOUTH_H");

    private SppFixtures() {
    }

    /** One interval: SPP's two labels of its end, and its end as an instant (for the assertions). */
    public record Slot(String interval, String gmtEnd, Instant end) {
    }

    /** The hours of a DST day in time order, by hand (see the class comment). */
    public static List<Slot> hours(LocalDate day) {
        List<Slot> out = new ArrayList<>();
        if (day.equals(FALL_BACK)) {
            out.add(slot("11/03/2024 01:00:00", "11/03/2024 06:00:00", "2024-11-03T06:00:00Z")); // CDT
            out.add(slot("11/03/2024 01:00:00", "11/03/2024 07:00:00", "2024-11-03T07:00:00Z")); // CST, repeated
            for (int h = 2; h <= 23; h++) { // CST: GMT = local + 6
                int g = h + 6;
                String gmt = g < 24 ? String.format(Locale.ROOT, "11/03/2024 %02d:00:00", g) : String.format(Locale.ROOT, "11/04/2024 %02d:00:00", g - 24);
                String iso = g < 24 ? String.format(Locale.ROOT, "2024-11-03T%02d:00:00Z", g) : String.format(Locale.ROOT, "2024-11-04T%02d:00:00Z", g - 24);
                out.add(slot(String.format(Locale.ROOT, "11/03/2024 %02d:00:00", h), gmt, iso));
            }
            out.add(slot("11/04/2024 00:00:00", "11/04/2024 06:00:00", "2024-11-04T06:00:00Z"));
        } else if (day.equals(SPRING_FORWARD)) {
            out.add(slot("03/10/2024 01:00:00", "03/10/2024 07:00:00", "2024-03-10T07:00:00Z")); // CST
            for (int h = 3; h <= 23; h++) { // CDT: GMT = local + 5; 02:00 does not exist
                int g = h + 5;
                String gmt = g < 24 ? String.format(Locale.ROOT, "03/10/2024 %02d:00:00", g) : String.format(Locale.ROOT, "03/11/2024 %02d:00:00", g - 24);
                String iso = g < 24 ? String.format(Locale.ROOT, "2024-03-10T%02d:00:00Z", g) : String.format(Locale.ROOT, "2024-03-11T%02d:00:00Z", g - 24);
                out.add(slot(String.format(Locale.ROOT, "03/10/2024 %02d:00:00", h), gmt, iso));
            }
            out.add(slot("03/11/2024 00:00:00", "03/11/2024 05:00:00", "2024-03-11T05:00:00Z"));
        } else {
            throw new IllegalArgumentException("no DST fixture for " + day);
        }
        return out;
    }

    /**
     * The repeated hour of the fall-back day in real time: 24 five-minute intervals ending 06:05Z … 08:00Z, with
     * SPP's file name of each ({@code RTBM-LMP-SL-202411030105.csv} … {@code 202411030100d.csv} …
     * {@code 202411030200.csv}).
     */
    public static List<Slot> repeatedHourIntervals() {
        List<Slot> out = new ArrayList<>();
        for (int k = 1; k <= 24; k++) {
            int gmtMinutes = 6 * 60 + 5 * k; // minutes after 2024-11-03T00:00Z
            String gmt = String.format(Locale.ROOT, "11/03/2024 %02d:%02d:00", gmtMinutes / 60, gmtMinutes % 60);
            // ends up to 06:55Z are CDT (GMT-5); from 07:00Z, when the clocks went back, CST (GMT-6)
            int localMinutes = gmtMinutes - (gmtMinutes < 7 * 60 ? 5 * 60 : 6 * 60);
            String local = String.format(Locale.ROOT, "11/03/2024 %02d:%02d:00", localMinutes / 60, localMinutes % 60);
            out.add(slot(local, gmt, String.format(Locale.ROOT, "2024-11-03T%02d:%02d:00Z", gmtMinutes / 60, gmtMinutes % 60)));
        }
        return out;
    }

    /** SPP's name of the RTBM file of {@link #repeatedHourIntervals()}' slot {@code k} (0-based). */
    public static String repeatedHourFileName(int k) {
        Slot s = repeatedHourIntervals().get(k);
        String hhmm = s.interval().substring(11, 13) + s.interval().substring(14, 16);
        boolean secondPass = k >= 11 && k < 23; // ends 07:00Z … 07:55Z: 01:00 … 01:55 CST
        return "RTBM-LMP-SL-20241103" + hhmm + (secondPass ? "d" : "") + ".csv";
    }

    private static Slot slot(String interval, String gmt, String iso) {
        return new Slot(interval, gmt, Instant.parse(iso));
    }

    /** MEC, MCC, MLC of location {@code loc} in slot {@code i}; LMP (first) is their exact sum. */
    public static BigDecimal[] prices(int loc, int i) {
        BigDecimal mec = new BigDecimal("20.0000").add(new BigDecimal("0.2500").multiply(BigDecimal.valueOf(i)));
        BigDecimal mcc = switch (loc) {
            case 0 -> new BigDecimal("1.2345");
            case 1 -> new BigDecimal("-3.5000");
            default -> new BigDecimal("0.0000");
        };
        BigDecimal mlc = loc == 1 ? new BigDecimal("-0.8765") : new BigDecimal("0.1111");
        return new BigDecimal[]{mec.add(mcc).add(mlc), mlc, mcc, mec};
    }

    /** A file of {@code slots}, with or without the 2026 {@code BAA} column. */
    public static byte[] csv(List<Slot> slots, boolean baa) {
        return csv(slots, 0, baa);
    }

    /** The day-ahead file of a DST day. */
    public static byte[] dayAhead(LocalDate day, boolean baa) {
        return csv(hours(day), baa);
    }

    /** The RTBM file of the repeated hour's slot {@code k} (0-based), as SPP would serve it. */
    public static byte[] rtbm(int k, boolean baa) {
        return csv(List.of(repeatedHourIntervals().get(k)), k, baa);
    }

    /** Rows of {@code slots} for every location; slot {@code i} is priced as index {@code first + i}. */
    private static byte[] csv(List<Slot> slots, int first, boolean baa) {
        StringBuilder sb = new StringBuilder(baa ? HEADER_9 : HEADER_8).append('\n');
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            for (int l = 0; l < LOCATIONS.size(); l++) {
                sb.append(s.interval()).append(',').append(s.gmtEnd()).append(',');
                if (baa) sb.append("SPP,");
                sb.append(LOCATIONS.get(l)).append(',').append(PNODES.get(l));
                for (BigDecimal v : prices(l, first + i)) sb.append(',').append(v.toPlainString());
                sb.append('\n');
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
