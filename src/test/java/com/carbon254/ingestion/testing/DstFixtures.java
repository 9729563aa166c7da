package com.carbon254.ingestion.testing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * DST-day files in each ISO's real format, written here from DOMAIN.md (never copied from recorded samples).
 *
 * <ul>
 *   <li>CAISO OASIS SingleZip {@code PRC_LMP} DAM: long format, one row per node x hour x LMP_TYPE (LMP, MCE, MCC,
 *       MCL with LMP = MCE + MCC + MCL), rows shuffled. Fall-back 2024-11-03: 25 hours, OPR_HR 1, 2, 25, 3 … 24 in
 *       time order (HR 25 is the repeated 1 a.m. hour, PST, placed between 2 and 3); spring-forward 2024-03-10:
 *       23 hours, OPR_HR 3 absent. The GMT columns are written out by hand below, not derived with java.time.</li>
 *   <li>CAISO {@code PRC_INTVL_LMP} RTM (5-minute, price column {@code VALUE}, {@code OPR_INTERVAL} 1–12) for the
 *       fall-back day's first 1 a.m. hour (OPR_HR 2, 08:00Z–09:00Z) and its repeat (OPR_HR 25, 09:00Z–10:00Z).</li>
 *   <li>MISO day-ahead report CSVs: preamble, {@code Node,Type,Value,HE 1..HE 24}, rows grouped by Value; always
 *       24 HE columns in fixed EST, DST or not.</li>
 * </ul>
 */
public final class DstFixtures {
    private DstFixtures() {
    }

    public static final LocalDate FALL_BACK = LocalDate.of(2024, 11, 3);
    public static final LocalDate SPRING_FORWARD = LocalDate.of(2024, 3, 10);
    public static final List<String> CAISO_NODES = List.of("TH_NP15_GEN-APND", "DST_TEST_1_GN001-APND");
    public static final List<String> MISO_NODES = List.of("INDIANA.HUB", "MINN.HUB");

    /** One OASIS hour: its OPR_HR label and its GMT start (the end is one hour later). */
    public record CaisoHour(int oprHr, Instant start) {
        public Instant end() {
            return start.plusSeconds(3600);
        }
    }

    /**
     * The hours of a CAISO trade date in time order, by hand from DOMAIN.md: 2024-11-03 begins at 00:00 PDT =
     * 07:00Z (HR 1), HR 2 is 01:00 PDT = 08:00Z, HR 25 the repeated 01:00 PST = 09:00Z, HR 3 02:00 PST = 10:00Z …
     * HR 24 ends 2024-11-04T08:00Z. 2024-03-10 begins at 00:00 PST = 08:00Z, HR 2 = 09:00Z, HR 3 does not exist,
     * HR 4 = 03:00 PDT = 10:00Z … HR 24 ends 2024-03-11T07:00Z.
     */
    public static List<CaisoHour> caisoHours(LocalDate day) {
        List<Integer> labels = new ArrayList<>();
        Instant first;
        if (day.equals(FALL_BACK)) {
            first = Instant.parse("2024-11-03T07:00:00Z");
            labels.addAll(List.of(1, 2, 25));
            for (int h = 3; h <= 24; h++) labels.add(h);
        } else if (day.equals(SPRING_FORWARD)) {
            first = Instant.parse("2024-03-10T08:00:00Z");
            labels.addAll(List.of(1, 2));
            for (int h = 4; h <= 24; h++) labels.add(h);
        } else {
            throw new IllegalArgumentException("no DST fixture for " + day);
        }
        List<CaisoHour> out = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) out.add(new CaisoHour(labels.get(i), first.plusSeconds(3600L * i)));
        return out;
    }

    private static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'-00:00'")
            .withZone(java.time.ZoneOffset.UTC);

    static String gmt(Instant t) {
        return GMT.format(t);
    }

    /** MCE, MCC, MCL of a node/hour/interval; LMP is their exact decimal sum. */
    static BigDecimal[] caisoComponents(int node, int oprHr, int interval) {
        BigDecimal mce = new BigDecimal("30.00").add(BigDecimal.valueOf(oprHr))
                .add(new BigDecimal("0.05").multiply(BigDecimal.valueOf(interval)));
        BigDecimal mcc = node == 0 ? new BigDecimal("1.25") : new BigDecimal("-0.75");
        BigDecimal mcl = node == 0 ? new BigDecimal("0.35") : new BigDecimal("-0.12");
        return new BigDecimal[]{mce.add(mcc).add(mcl), mce, mcc, mcl};
    }

    /** LMP published for {@code node} (index into the node list) at {@code oprHr} of the DAM fixture. */
    public static double caisoDamLmp(int node, int oprHr) {
        return caisoComponents(node, oprHr, 0)[0].doubleValue();
    }

    private static final String[] TYPES = {"LMP", "MCE", "MCC", "MCL"};

    private static String item(String type) {
        return switch (type) {
            case "LMP" -> "LMP_PRC";
            case "MCE" -> "LMP_ENE_PRC";
            case "MCC" -> "LMP_CONG_PRC";
            default -> "LMP_LOSS_PRC";
        };
    }

    public static final String CAISO_DAM_HEADER = IsoFixtures.CAISO_HEADER;
    public static final String CAISO_RTM_HEADER = IsoFixtures.CAISO_HEADER.replace(",MW,", ",VALUE,");

    private static String row(String start, String end, LocalDate oprDt, int hr, int interval, String node,
                              String market, String type, BigDecimal value) {
        return String.join(",", start, end, oprDt.toString(), String.valueOf(hr), String.valueOf(interval), node, node,
                node, market, type, item(type), node, "ALL_APNODES", "0", value.toPlainString(), "1");
    }

    /** The DAM CSV for {@code day} and {@code nodes}, without the OPR_HRs in {@code skip}, rows shuffled. */
    public static String caisoDamCsv(LocalDate day, List<String> nodes, Set<Integer> skip) {
        List<String> rows = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            for (CaisoHour h : caisoHours(day)) {
                if (skip.contains(h.oprHr())) continue;
                BigDecimal[] v = caisoComponents(n, h.oprHr(), 0);
                for (int t = 0; t < TYPES.length; t++) {
                    rows.add(row(gmt(h.start()), gmt(h.end()), day, h.oprHr(), 0, nodes.get(n), "DAM", TYPES[t], v[t]));
                }
            }
        }
        Collections.shuffle(rows, new Random(day.toEpochDay()));
        return CAISO_DAM_HEADER + "\n" + String.join("\n", rows) + "\n";
    }

    public static String caisoDamMember(LocalDate day) {
        String d = day.toString().replace("-", "");
        String next = day.plusDays(1).toString().replace("-", "");
        return d + "_" + next + "_PRC_LMP_DAM_" + day.minusDays(1).toString().replace("-", "") + "_13_00_00_v1.csv";
    }

    public static byte[] caisoDamZip(LocalDate day, List<String> nodes, Set<Integer> skip) {
        return IsoFixtures.zip(caisoDamMember(day), caisoDamCsv(day, nodes, skip));
    }

    public static byte[] caisoDamZip(LocalDate day) {
        return caisoDamZip(day, CAISO_NODES, Set.of());
    }

    /** The repeated hour's two OASIS hours on the fall-back day: OPR_HR 2 (08:00Z) and OPR_HR 25 (09:00Z). */
    public static final List<Integer> RTM_HOURS = List.of(2, 25);

    /** 5-minute interval {@code k} (1–12) of OPR_HR {@code hr} on 2024-11-03, as its GMT start. */
    public static Instant rtmStart(int hr, int k) {
        CaisoHour h = caisoHours(FALL_BACK).stream().filter(x -> x.oprHr() == hr).findFirst().orElseThrow();
        return h.start().plusSeconds(300L * (k - 1));
    }

    public static String caisoRtmCsv() {
        List<String> rows = new ArrayList<>();
        for (int n = 0; n < CAISO_NODES.size(); n++) {
            for (int hr : RTM_HOURS) {
                for (int k = 1; k <= 12; k++) {
                    Instant s = rtmStart(hr, k);
                    BigDecimal[] v = caisoComponents(n, hr, k);
                    for (int t = 0; t < TYPES.length; t++) {
                        rows.add(row(gmt(s), gmt(s.plusSeconds(300)), FALL_BACK, hr, k, CAISO_NODES.get(n), "RTM",
                                TYPES[t], v[t]));
                    }
                }
            }
        }
        Collections.shuffle(rows, new Random(7));
        return CAISO_RTM_HEADER + "\n" + String.join("\n", rows) + "\n";
    }

    public static double caisoRtmLmp(int node, int hr, int k) {
        return caisoComponents(node, hr, k)[0].doubleValue();
    }

    public static byte[] caisoRtmZip() {
        return IsoFixtures.zip("20241103_20241103_PRC_INTVL_LMP_RTM_20241103_10_05_00_v1.csv", caisoRtmCsv());
    }

    // ---------------------------------------------------------------- MISO

    /** MISO's short number style ({@code .6}, {@code -.37}). */
    static String misoNumber(BigDecimal v) {
        String s = v.stripTrailingZeros().toPlainString();
        if (s.startsWith("0.")) return s.substring(1);
        if (s.startsWith("-0.")) return "-" + s.substring(2);
        return s;
    }

    static BigDecimal[] misoValues(int node, int he) {
        BigDecimal lmp = new BigDecimal("25.00").add(BigDecimal.valueOf(he)).add(new BigDecimal("0.5")
                .multiply(BigDecimal.valueOf(node)));
        BigDecimal mcc = node == 0 ? new BigDecimal("0.6") : new BigDecimal("-0.37");
        BigDecimal mlc = node == 0 ? new BigDecimal("-0.02") : new BigDecimal("1.1");
        return new BigDecimal[]{lmp, mcc, mlc};
    }

    public static double misoLmp(int node, int he) {
        return misoValues(node, he)[0].doubleValue();
    }

    /** A MISO day-ahead ex-post report for {@code day}: 24 HE columns in EST whatever the date. */
    public static String misoDaCsv(LocalDate day) {
        StringBuilder b = new StringBuilder();
        b.append("Day Ahead Market ExPost LMPs\n");
        b.append(String.format("%02d/%02d/%04d%n", day.getMonthValue(), day.getDayOfMonth(), day.getYear())
                .replace(System.lineSeparator(), "\n"));
        b.append("\n");
        b.append(",,,All Hours-Ending are Eastern Standard Time (EST)\n");
        b.append("Node,Type,Value");
        for (int he = 1; he <= 24; he++) b.append(",HE ").append(he);
        b.append('\n');
        String[] values = {"LMP", "MCC", "MLC"};
        for (int v = 0; v < values.length; v++) {
            for (int n = 0; n < MISO_NODES.size(); n++) {
                b.append(MISO_NODES.get(n)).append(",Hub,").append(values[v]);
                for (int he = 1; he <= 24; he++) b.append(',').append(misoNumber(misoValues(n, he)[v]));
                b.append('\n');
            }
        }
        return b.toString();
    }
}
