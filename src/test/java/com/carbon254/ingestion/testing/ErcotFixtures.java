package com.carbon254.ingestion.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * ERCOT DST-day files in ERCOT's formats, written here from DOMAIN.md and the recorded samples' shapes (never copied
 * from them). The UTC hours are written out by hand, not derived with java.time:
 * <ul>
 *   <li>fall-back 2024-11-03 (25 hours): 00:00 CDT = 05:00Z is HE 01; HE 02 with DSTFlag N is 01:00 CDT = 06:00Z,
 *       HE 02 with DSTFlag Y the repeated 01:00 CST = 07:00Z; HE 03 is 02:00 CST = 08:00Z … HE 24 ends
 *       2024-11-04T06:00Z;</li>
 *   <li>spring-forward 2024-03-10 (23 hours): 00:00 CST = 06:00Z is HE 01, HE 02 = 07:00Z, HE 03 is absent, HE 04 is
 *       03:00 CDT = 08:00Z … HE 24 ends 2024-03-11T05:00Z.</li>
 * </ul>
 * Formats: NP4-190-CD as the MIS CSV (in its zip) and as the public API's JSON; NP6-905-CD (15-minute prices, load
 * zones also energy-weighted) as the MIS CSV; NP6-788-CD (SCED LMPs) as the public API's JSON, one run every 5 minutes
 * 20 seconds into the interval.
 */
public final class ErcotFixtures {
    public static final LocalDate FALL_BACK = LocalDate.of(2024, 11, 3);
    public static final LocalDate SPRING_FORWARD = LocalDate.of(2024, 3, 10);
    /** A hub, a load zone (NP6-905 also publishes it energy-weighted, as LZ_HOUSTON_EW) and a resource node. */
    public static final List<String> NODES = List.of("HB_NORTH", "LZ_HOUSTON", "AMISTAD_ALL");
    private static final List<String> TYPES = List.of("HU", "LZ", "RN");

    private ErcotFixtures() {
    }

    /** One hour of a delivery day: its hour ending, whether DSTFlag is Y, and its UTC start. */
    public record Hour(int he, boolean repeated, Instant start) {
        public Instant end() {
            return start.plusSeconds(3600);
        }

        /** {@code 02:00} */
        public String label() {
            return (he < 10 ? "0" : "") + he + ":00";
        }
    }

    /** The hours of {@link #FALL_BACK} or {@link #SPRING_FORWARD} in time order, by hand (see the class comment). */
    public static List<Hour> hours(LocalDate day) {
        List<Hour> out = new ArrayList<>();
        if (day.equals(FALL_BACK)) {
            Instant first = Instant.parse("2024-11-03T05:00:00Z");
            out.add(new Hour(1, false, first));
            out.add(new Hour(2, false, first.plusSeconds(3600)));
            out.add(new Hour(2, true, first.plusSeconds(7200)));
            for (int he = 3; he <= 24; he++) out.add(new Hour(he, false, first.plusSeconds(3600L * (he))));
        } else if (day.equals(SPRING_FORWARD)) {
            Instant first = Instant.parse("2024-03-10T06:00:00Z");
            out.add(new Hour(1, false, first));
            out.add(new Hour(2, false, first.plusSeconds(3600)));
            for (int he = 4; he <= 24; he++) out.add(new Hour(he, false, first.plusSeconds(3600L * (he - 2))));
        } else {
            throw new IllegalArgumentException("no DST fixture for " + day);
        }
        return out;
    }

    /** The UTC bounds of the delivery day: {@code [start of hour 0, end of the last hour)}. */
    public static Instant dayStart(LocalDate day) {
        return hours(day).get(0).start();
    }

    public static Instant dayEnd(LocalDate day) {
        List<Hour> h = hours(day);
        return h.get(h.size() - 1).end();
    }

    /** The DAM price of node {@code n} in the {@code i}-th hour of the day (time order): distinct for every hour. */
    public static BigDecimal damPrice(int n, int i) {
        return new BigDecimal("20.00").add(BigDecimal.valueOf(i)).add(new BigDecimal("0.25").multiply(
                BigDecimal.valueOf(n)));
    }

    private static String mdy(LocalDate d) {
        return String.format("%02d/%02d/%04d", d.getMonthValue(), d.getDayOfMonth(), d.getYear());
    }

    /** NP4-190-CD as the MIS CSV: {@code DeliveryDate,HourEnding,SettlementPoint,SettlementPointPrice,DSTFlag}. */
    public static String damCsv(LocalDate day) {
        StringBuilder b = new StringBuilder("DeliveryDate,HourEnding,SettlementPoint,SettlementPointPrice,DSTFlag\n");
        List<Hour> hours = hours(day);
        for (int i = 0; i < hours.size(); i++) {
            Hour h = hours.get(i);
            for (int n = 0; n < NODES.size(); n++) {
                b.append(mdy(day)).append(',').append(h.label()).append(',').append(NODES.get(n)).append(',')
                        .append(damPrice(n, i).toPlainString()).append(',').append(h.repeated() ? 'Y' : 'N').append('\n');
            }
        }
        return b.toString();
    }

    /** {@link #damCsv} in its MIS zip, the member named as ERCOT names it. */
    public static byte[] damZip(LocalDate day) {
        String posted = day.minusDays(1).toString().replace("-", "");
        return zip("cdr.00012331.0000000000000000." + posted + ".133017.DAMSPNP4190.csv", damCsv(day));
    }

    /** NP4-190-CD as the public API's JSON (numbers as JSON numbers, DSTFlag as JSON booleans). */
    public static String damJson(LocalDate day) {
        StringBuilder b = new StringBuilder();
        List<Hour> hours = hours(day);
        int rows = hours.size() * NODES.size();
        b.append("{\"_meta\":{\"totalRecords\":").append(rows).append(",\"pageSize\":50000,\"totalPages\":1,")
                .append("\"currentPage\":1},\"report\":{\"reportName\":\"dam_stlmnt_pnt_prices\",\"reportEMIL\":")
                .append("\"NP4-190-CD\"},\"fields\":[{\"name\":\"deliveryDate\"},{\"name\":\"hourEnding\"},")
                .append("{\"name\":\"settlementPoint\"},{\"name\":\"settlementPointPrice\"},{\"name\":\"DSTFlag\"}],")
                .append("\"data\":[");
        boolean first = true;
        for (int i = 0; i < hours.size(); i++) {
            Hour h = hours.get(i);
            for (int n = 0; n < NODES.size(); n++) {
                if (!first) b.append(',');
                first = false;
                b.append("[\"").append(day).append("\",\"").append(h.label()).append("\",\"").append(NODES.get(n))
                        .append("\",").append(damPrice(n, i).stripTrailingZeros().toPlainString()).append(',')
                        .append(h.repeated()).append(']');
            }
        }
        return b.append("]}").toString();
    }

    /** The 15-minute price of node {@code n} in quarter {@code q} (0-based, time order) of the day. */
    public static BigDecimal sppPrice(int n, int q) {
        return new BigDecimal("30.00").add(new BigDecimal("0.01").multiply(BigDecimal.valueOf(q)))
                .add(BigDecimal.valueOf(n));
    }

    /** The energy-weighted price published beside a load zone's: 0.05 above it. */
    public static BigDecimal energyWeighted(BigDecimal price) {
        return price.add(new BigDecimal("0.05"));
    }

    /**
     * NP6-905-CD for a whole delivery day as the MIS CSV (ERCOT posts one file per 15 minutes; a day's worth in one
     * file is the same format): {@code DeliveryHour} and {@code DeliveryInterval} unpadded, the load zone also as
     * {@code LZEW}.
     */
    public static String sppCsv(LocalDate day) {
        StringBuilder b = new StringBuilder("DeliveryDate,DeliveryHour,DeliveryInterval,SettlementPointName,"
                + "SettlementPointType,SettlementPointPrice,DSTFlag\n");
        List<Hour> hours = hours(day);
        for (int i = 0; i < hours.size(); i++) {
            Hour h = hours.get(i);
            for (int k = 1; k <= 4; k++) {
                for (int n = 0; n < NODES.size(); n++) {
                    BigDecimal p = sppPrice(n, 4 * i + k - 1);
                    String row = mdy(day) + "," + h.he() + "," + k + "," + NODES.get(n) + ",";
                    String flag = "," + (h.repeated() ? 'Y' : 'N') + "\n";
                    b.append(row).append(TYPES.get(n)).append(',').append(p.toPlainString()).append(flag);
                    if (TYPES.get(n).equals("LZ")) {
                        b.append(row).append("LZEW,").append(energyWeighted(p).toPlainString()).append(flag);
                    }
                }
            }
        }
        return b.toString();
    }

    public static byte[] sppZip(LocalDate day) {
        return zip("cdr.00012301.0000000000000000." + day.toString().replace("-", "")
                + ".001822.SPPHLZNP6905_" + day.toString().replace("-", "") + "_0015.csv", sppCsv(day));
    }

    /** The SCED LMP of node {@code n} in 5-minute interval {@code f} (0-based, time order) of the day. */
    public static BigDecimal scedLmp(int n, int f) {
        return new BigDecimal("25.00").add(new BigDecimal("0.01").multiply(BigDecimal.valueOf(f)))
                .subtract(BigDecimal.valueOf(n));
    }

    /**
     * NP6-788-CD for a whole delivery day as the public API's JSON ({@code SCEDTimestamp} ISO-8601 local time,
     * {@code repeatHourFlag} boolean): a run 20 s into every 5-minute interval, the repeated hour's twelve runs twice.
     */
    public static String scedJson(LocalDate day) {
        StringBuilder b = new StringBuilder("{\"_meta\":{\"totalRecords\":0},\"report\":{\"reportEMIL\":\"NP6-788-CD\"},"
                + "\"fields\":[{\"name\":\"SCEDTimestamp\"},{\"name\":\"repeatHourFlag\"},{\"name\":\"settlementPoint\"},"
                + "{\"name\":\"LMP\"}],\"data\":[");
        List<Hour> hours = hours(day);
        boolean first = true;
        for (int i = 0; i < hours.size(); i++) {
            Hour h = hours.get(i);
            for (int m = 0; m < 12; m++) {
                String stamp = day + "T" + String.format("%02d:%02d:20", h.he() - 1, 5 * m);
                for (int n = 0; n < NODES.size(); n++) {
                    if (!first) b.append(',');
                    first = false;
                    b.append("[\"").append(stamp).append("\",").append(h.repeated()).append(",\"").append(NODES.get(n))
                            .append("\",").append(scedLmp(n, 12 * i + m).toPlainString()).append(']');
                }
            }
        }
        return b.append("]}").toString();
    }

    /** A zip holding {@code csv} as its one member. */
    public static byte[] zip(String member, String csv) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry(member));
            z.write(csv.getBytes(StandardCharsets.US_ASCII));
            z.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
