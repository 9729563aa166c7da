package com.carbon254.ingestion.iso.isone;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * ISO-NE documents written here by hand from DOMAIN.md and ISO-NE's published layouts (never copied from recorded
 * samples, never derived with java.time): the web services' {@code HourlyLmps} JSON and ISO Express's
 * {@code WW_DALMP_ISO} CSV of a whole operating day, DST days included.
 *
 * <ul>
 *   <li>Fall-back 2024-11-03: 25 hours. JSON BeginDates 00:00−04:00, 01:00−04:00, 01:00−05:00, 02:00−05:00 …
 *       23:00−05:00; CSV Hour Ending 01, 02, 02X, 03 … 24. The day runs 2024-11-03T04:00Z .. 2024-11-04T05:00Z.</li>
 *   <li>Spring-forward 2024-03-10: 23 hours. JSON 00:00−05:00, 01:00−05:00, 03:00−04:00 … 23:00−04:00; CSV 01, 02,
 *       04 … 24. The day runs 2024-03-10T05:00Z .. 2024-03-11T04:00Z.</li>
 *   <li>An ordinary day, 2024-01-15: 24 hours at −05:00, 05:00Z .. next 05:00Z.</li>
 * </ul>
 * Hour {@code i} (0-based, in time order) of location {@code n} is priced energy 30.00 + i, congestion 1.25 / −0.75,
 * loss 0.35 / −0.12, LMP their exact sum.
 */
public final class IsoneFixtures {
    public static final LocalDate FALL_BACK = LocalDate.of(2024, 11, 3);
    public static final LocalDate SPRING_FORWARD = LocalDate.of(2024, 3, 10);
    public static final LocalDate ORDINARY = LocalDate.of(2024, 1, 15);

    /** id, name, type: the hub and a generator unit whose name has inner spaces. */
    public static final String[][] LOCATIONS = {{"4000", ".H.INTERNAL_HUB", "HUB"},
            {"324", "UN.CDEC    13.8AETN", "NETWORK NODE"}};
    /** Two load zones, for a second file of the same day. */
    public static final String[][] ZONES = {{"4001", ".Z.MAINE", "LOAD ZONE"}, {"4003", ".Z.VERMONT", "LOAD ZONE"}};

    static final String CSV_HEADER = "\"H\",\"Date\",\"Hour Ending\",\"Location ID\",\"Location Name\","
            + "\"Location Type\",\"Locational Marginal Price\",\"Energy Component\",\"Congestion Component\","
            + "\"Marginal Loss Component\"";
    static final String CSV_TYPES = "\"H\",\"Date\",\"HE\",\"String\",\"String\",\"String\",\"Number\",\"Number\","
            + "\"Number\",\"Number\"";

    private IsoneFixtures() {
    }

    /** One hour of a fixture day: its JSON BeginDate, its CSV Hour Ending and its UTC start. */
    public record Hour(String beginDate, String hourEnding, Instant start) {
        public Instant end() {
            return start.plusSeconds(3600);
        }
    }

    /** The hours of a fixture day in time order, written out as ISO-NE labels them. */
    public static List<Hour> hours(LocalDate day) {
        List<String> local = new ArrayList<>();
        List<String> offsets = new ArrayList<>();
        List<String> he = new ArrayList<>();
        Instant first;
        String d = day.toString();
        if (day.equals(FALL_BACK)) {
            first = Instant.parse("2024-11-03T04:00:00Z");
            for (int h = 0; h <= 1; h++) {
                local.add(hh(h));
                offsets.add("-04:00");
            }
            he.add("01");
            he.add("02");
            local.add("01");
            offsets.add("-05:00");
            he.add("02X");
            for (int h = 2; h <= 23; h++) {
                local.add(hh(h));
                offsets.add("-05:00");
                he.add(hh(h + 1));
            }
        } else if (day.equals(SPRING_FORWARD)) {
            first = Instant.parse("2024-03-10T05:00:00Z");
            for (int h = 0; h <= 1; h++) {
                local.add(hh(h));
                offsets.add("-05:00");
                he.add(hh(h + 1));
            }
            for (int h = 3; h <= 23; h++) {
                local.add(hh(h));
                offsets.add("-04:00");
                he.add(hh(h + 1));
            }
        } else if (day.equals(ORDINARY)) {
            first = Instant.parse("2024-01-15T05:00:00Z");
            for (int h = 0; h <= 23; h++) {
                local.add(hh(h));
                offsets.add("-05:00");
                he.add(hh(h + 1));
            }
        } else {
            throw new IllegalArgumentException("no fixture for " + day);
        }
        List<Hour> out = new ArrayList<>();
        for (int i = 0; i < local.size(); i++) {
            out.add(new Hour(d + "T" + local.get(i) + ":00:00.000" + offsets.get(i), he.get(i),
                    first.plusSeconds(3600L * i)));
        }
        return out;
    }

    private static String hh(int h) {
        return (h < 10 ? "0" : "") + h;
    }

    /** LMP, energy, congestion, loss of location {@code n} in hour {@code i}; LMP is the exact sum. */
    public static BigDecimal[] prices(int n, int i) {
        BigDecimal energy = new BigDecimal("30.00").add(BigDecimal.valueOf(i));
        BigDecimal congestion = n == 0 ? new BigDecimal("1.25") : new BigDecimal("-0.75");
        BigDecimal loss = n == 0 ? new BigDecimal("0.35") : new BigDecimal("-0.12");
        return new BigDecimal[]{energy.add(congestion).add(loss), energy, congestion, loss};
    }

    /** {@code hourlylmp/da/final/day/<day>} for the fixture locations, compact as the web services write it. */
    public static String dayAheadJson(LocalDate day) {
        return dayAheadJson(day, LOCATIONS);
    }

    /** As {@link #dayAheadJson(LocalDate)} for {@code locations} ({id, name, type}; prices by their index). */
    public static String dayAheadJson(LocalDate day, String[][] locations) {
        StringBuilder sb = new StringBuilder("{\"HourlyLmps\":{\"HourlyLmp\":[");
        List<Hour> hours = hours(day);
        boolean first = true;
        for (int i = 0; i < hours.size(); i++) {
            for (int n = 0; n < locations.length; n++) {
                if (!first) sb.append(',');
                first = false;
                sb.append(item(hours.get(i).beginDate(), locations[n], prices(n, i)));
            }
        }
        return sb.append("]}}").toString();
    }

    static String item(String beginDate, int n, BigDecimal[] p) {
        return item(beginDate, LOCATIONS[n], p);
    }

    public static String item(String beginDate, String[] loc, BigDecimal[] p) {
        return "{\"BeginDate\":\"" + beginDate + "\",\"Location\":{\"@LocId\":\"" + loc[0] + "\",\"$\":\""
                + loc[1] + "\",\"@LocType\":\"" + loc[2] + "\"},\"LmpTotal\":" + p[0].toPlainString()
                + ",\"EnergyComponent\":" + p[1].toPlainString() + ",\"CongestionComponent\":" + p[2].toPlainString()
                + ",\"LossComponent\":" + p[3].toPlainString() + "}";
    }

    /** MM/DD/YYYY of a fixture day. */
    public static String csvDate(LocalDate day) {
        String d = day.toString();
        return d.substring(5, 7) + "/" + d.substring(8, 10) + "/" + d.substring(0, 4);
    }

    /** ISO Express's {@code WW_DALMP_ISO_<day>.csv} for the fixture locations. */
    public static String dayAheadCsv(LocalDate day) {
        return dayAheadCsv(day, LOCATIONS);
    }

    /** As {@link #dayAheadCsv(LocalDate)} for {@code locations}. */
    public static String dayAheadCsv(LocalDate day, String[][] locations) {
        String date = csvDate(day);
        StringBuilder sb = new StringBuilder();
        sb.append("\"C\",\"Day-Ahead Energy Market Hourly LMP Report\"\n");
        sb.append("\"C\",\"Filename: WW_DALMP_ISO_").append(day.toString().replace("-", "")).append(".csv\"\n");
        sb.append("\"C\",\"Report for: ").append(date).append(" - ").append(date).append("\"\n");
        sb.append("\"C\",\"Report generated: 01/01/2024 13:07:54 EST\"\n");
        sb.append(CSV_HEADER).append('\n').append(CSV_TYPES).append('\n');
        List<Hour> hours = hours(day);
        int rows = 0;
        for (int i = 0; i < hours.size(); i++) {
            for (int n = 0; n < locations.length; n++) {
                sb.append(csvRow(date, hours.get(i).hourEnding(), locations[n], prices(n, i))).append('\n');
                rows++;
            }
        }
        return sb.append("\"T\",\"").append(rows).append(" lines\"\n").toString();
    }

    static String csvRow(String date, String he, int n, BigDecimal[] p) {
        return csvRow(date, he, LOCATIONS[n], p);
    }

    static String csvRow(String date, String he, String[] loc, BigDecimal[] p) {
        return "\"D\",\"" + date + "\",\"" + he + "\",\"" + loc[0] + "\",\"" + loc[1] + "\",\""
                + loc[2] + "\"," + p[0].toPlainString() + "," + p[1].toPlainString() + ","
                + p[2].toPlainString() + "," + p[3].toPlainString();
    }
}
