package com.carbon254.ingestion.normalize;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.event.Tick;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns raw records into canonical ticks (DOMAIN.md per-ISO conventions). Every input record ends as exactly one
 * tick or one {@link NormalizeResult.Rejected}; a bad record never stops the batch.
 *
 * <ul>
 *   <li><b>MISO</b> ({@code date}, {@code he}): labels are hour-ending in fixed EST (the rules' zone,
 *       {@code -05:00}) all year, so {@code end = date + he hours}, {@code start = end - 1h}; lmp = LMP,
 *       congestion = MCC, loss = MLC; energy = MEC when published, else LMP − MCC − MLC, marked derived.</li>
 *   <li><b>MISO real-time</b> ({@code interval_end_est}, e.g. {@code 2026-07-27T08:15:00}): the interval END in the
 *       same fixed EST, so {@code end} = that local time at {@code -05:00}, {@code start = end −} the market's
 *       interval (5 min for {@code RT_5MIN}); the operating day is the EST date of the START (the interval ending
 *       00:00 belongs to the day before); label {@code <date> INT <hh:mm> EST} as MISO wrote it; components as
 *       above. An end off the interval grid (08:17) is a {@code bad_timestamp}.</li>
 *   <li><b>CAISO</b> ({@code interval_start_gmt}, {@code interval_end_gmt}, {@code opr_dt}, {@code opr_hr},
 *       {@code opr_interval}): the GMT instants are trusted; lmp = LMP, energy = MCE, congestion = MCC,
 *       loss = MCL, ghg = MGHG (NaN when absent). A missing LMP is derived as MCE+MCC+MCL(+MGHG), a missing MCE as
 *       LMP−MCC−MCL(−MGHG); derived values are rounded to 1e-6 to drop binary noise. Revision = {@code version}
 *       attribute ({@code v1}) or {@code final}.</li>
 * </ul>
 *
 * <p>Congestion is the ISO's column times the rules' {@code congestion_sign} (1 for MISO and CAISO as shipped), and
 * every derivation above uses the signed value.
 *
 * <p>Reason codes: {@code non_numeric_value}, {@code non_finite_value}, {@code missing_component},
 * {@code bad_timestamp}, {@code unknown_market}, {@code unknown_iso}.
 *
 * <p>Immutable and thread-safe: {@link #normalize} keeps its state on the stack, so one instance serves every
 * verticle instance.
 */
public final class Normalizer {
    private static final int LMP = Component.LMP.bit();
    private static final int ENERGY = Component.ENERGY.bit();

    private final NormalizationRules rules;
    private final ZoneId misoZone;
    private final int misoCongestionSign;
    private final int caisoCongestionSign;

    public Normalizer() {
        this(NormalizationRules.defaults());
    }

    public Normalizer(NormalizationRules rules) {
        this.rules = rules;
        this.misoZone = rules.forIso("MISO").map(NormalizationRules.IsoRules::zone).orElse(ZoneOffset.ofHours(-5));
        this.misoCongestionSign = rules.forIso("MISO").map(NormalizationRules.IsoRules::congestionSign).orElse(1);
        this.caisoCongestionSign = rules.forIso("CAISO").map(NormalizationRules.IsoRules::congestionSign).orElse(1);
    }

    public NormalizationRules rules() {
        return rules;
    }

    /** Normalizes a batch; the result accounts for every input record exactly once, in input order per list. */
    public NormalizeResult normalize(List<RawRecord> batch) {
        List<Tick> ticks = new ArrayList<>(batch.size());
        List<NormalizeResult.Rejected> rejected = new ArrayList<>();
        Out out = new Out();
        for (RawRecord r : batch) {
            out.rejection = null;
            Tick t;
            String iso = r.iso();
            if ("CAISO".equals(iso) && rules.isos().containsKey(iso)) t = caiso(r, out);
            else if ("MISO".equals(iso) && rules.isos().containsKey(iso)) t = miso(r, out);
            else t = out.reject(r, "unknown_iso", "no normalization rules for ISO '" + iso + "' (known: "
                    + String.join(", ", rules.isos().keySet()) + ")");
            if (t != null) ticks.add(t);
            else rejected.add(new NormalizeResult.Rejected(r, out.rejection));
        }
        return new NormalizeResult(ticks, rejected);
    }

    /** Per-call scratch: the rejection of the record being normalized (methods return null when they set it). */
    private static final class Out {
        Rejection rejection;

        Tick reject(RawRecord r, String reason, String detail) {
            rejection = new Rejection(reason, detail, r.position(), r.location());
            return null;
        }
    }

    // ---------------------------------------------------------------- MISO

    private Tick miso(RawRecord r, Out out) {
        if (r.attr("interval_end_est") != null) return misoInterval(r, out);
        long hourSeconds = expectedSeconds(r.market());
        if (hourSeconds != 3600) {
            return out.reject(r, "unknown_market", "MISO market '" + r.market()
                    + "' is not hourly; only hour-ending (he) records are understood");
        }
        String dateText = r.attr("date");
        String heText = r.attr("he");
        LocalDate date = isoDate(dateText);
        if (date == null) {
            return out.reject(r, "bad_timestamp", "date '" + dateText + "' is not a yyyy-MM-dd date at line "
                    + r.position() + " (node " + r.location() + ")");
        }
        int he = smallInt(heText);
        if (he < 1 || he > 24) {
            return out.reject(r, "bad_timestamp", "HE '" + heText + "' is outside 1..24 at line " + r.position()
                    + " (node " + r.location() + ", date " + dateText + ")");
        }
        Instant end;
        if (misoZone instanceof ZoneOffset off) {
            end = Instant.ofEpochSecond(date.toEpochDay() * 86_400L + he * 3600L - off.getTotalSeconds());
        } else {
            end = date.atStartOfDay().plusHours(he).atZone(misoZone).toInstant();
        }
        Instant start = end.minusSeconds(3600);
        return misoTick(r, start, end, date, dateText + " HE " + he, "HE " + he, out);
    }

    /** A real-time record: {@code interval_end_est} is the interval END in MISO's fixed EST. */
    private Tick misoInterval(RawRecord r, Out out) {
        long seconds = expectedSeconds(r.market());
        if (seconds <= 0) {
            return out.reject(r, "unknown_market", "MISO market '" + r.market() + "' has no known interval length"
                    + " (expected RT_5MIN, RT_15MIN, RT_HOURLY or DA_HOURLY)");
        }
        String text = r.attr("interval_end_est");
        LocalDateTime local = localDateTime(text);
        if (local == null) {
            return out.reject(r, "bad_timestamp", "INTERVAL '" + text + "' is not a yyyy-MM-ddTHH:mm:ss EST time at"
                    + " row " + r.position() + " (node " + r.location() + ")");
        }
        if (local.toLocalTime().toSecondOfDay() % seconds != 0 || local.getNano() != 0) {
            return out.reject(r, "bad_timestamp", "INTERVAL '" + text + "' is not on the " + seconds / 60
                    + "-minute grid of " + r.market() + " at row " + r.position() + " (node " + r.location() + ")");
        }
        Instant end = local.atZone(misoZone).toInstant();
        Instant start = end.minusSeconds(seconds);
        LocalDate day = start.atZone(misoZone).toLocalDate();
        String hhmm = local.toLocalTime().toString().substring(0, 5);
        return misoTick(r, start, end, day, local.toLocalDate() + " INT " + hhmm + " EST", "INT " + hhmm + " EST",
                out);
    }

    /** Components, derivations and the tick, shared by the hour-ending and the real-time records. */
    private Tick misoTick(RawRecord r, Instant start, Instant end, LocalDate day, String label, String at,
                          Out out) {
        Map<String, String> v = r.values();
        double lmp = misoValue(r, "LMP", at, out);
        if (out.rejection != null) return null;
        double mcc = signed(misoValue(r, "MCC", at, out), misoCongestionSign);
        if (out.rejection != null) return null;
        double mlc = misoValue(r, "MLC", at, out);
        if (out.rejection != null) return null;
        double mec = v.containsKey("MEC") ? misoValue(r, "MEC", at, out) : Double.NaN;
        if (out.rejection != null) return null;

        int derived = 0;
        if (Double.isNaN(lmp)) {
            if (Double.isNaN(mec) || Double.isNaN(mcc) || Double.isNaN(mlc)) {
                return out.reject(r, "missing_component", "LMP is absent and cannot be derived (needs MEC, MCC and"
                        + " MLC; have " + v.keySet().stream().sorted().toList() + ")" + misoPosition(r) + r.position()
                        + " (node " + r.location() + ", " + at + ")");
            }
            lmp = round6(mec + mcc + mlc);
            derived |= LMP;
        }
        double energy = mec;
        if (Double.isNaN(energy) && !Double.isNaN(mcc) && !Double.isNaN(mlc)) {
            energy = round6(lmp - mcc - mlc);
            derived |= ENERGY;
        }
        String revision = r.attr("revision");
        if (revision == null) revision = "lmp_da_exante".equals(r.dataset()) ? "exante" : "expost";
        return new Tick(r.tenant(), r.iso(), r.market(), r.location(), r.attr("type"), start, end, day, label,
                lmp, energy, mcc, mlc, Double.NaN, derived, revision, r.documentId(), r.position());
    }

    /** {@code x} with the ISO's congestion sign applied; 0 stays 0 (never -0.0), NaN stays NaN. */
    private static double signed(double x, int sign) {
        return sign == 1 ? x : 0.0 - x;
    }

    /** A CSV record's position is its line, a JSON (real-time API) record's its row in {@code data}. */
    private static String misoPosition(RawRecord r) {
        return r.attr("interval_end_est") != null ? " at row " : " at line ";
    }

    private static double misoValue(RawRecord r, String key, String at, Out out) {
        String s = r.values().get(key);
        if (s == null) return Double.NaN;
        double d = Numbers.parse(s);
        if (Double.isFinite(d)) return d;
        String line = r.attr("line:" + key);
        String where = misoPosition(r) + (line != null ? line : Long.toString(r.position())) + " (node "
                + r.location() + ", " + at + ")";
        if (Double.isNaN(d) && !Numbers.isNonFiniteLiteral(s)) {
            out.reject(r, "non_numeric_value", key + " '" + s + "' is not a number" + where);
        } else {
            out.reject(r, "non_finite_value", key + " '" + s + "' is not a finite number" + where);
        }
        return Double.NaN;
    }

    // ---------------------------------------------------------------- CAISO

    private Tick caiso(RawRecord r, Out out) {
        long expected = expectedSeconds(r.market());
        if (expected <= 0) {
            return out.reject(r, "unknown_market", "CAISO market '" + r.market() + "' has no known interval length"
                    + " (expected DA_HOURLY, RT_HOURLY, RT_15MIN or RT_5MIN)");
        }
        String startText = r.attr("interval_start_gmt");
        String endText = r.attr("interval_end_gmt");
        Instant start = offsetInstant(startText);
        if (start == null) {
            return out.reject(r, "bad_timestamp", "INTERVALSTARTTIME_GMT '" + startText + "' is not an offset"
                    + " date-time at line " + r.position() + " (node " + r.location() + ")");
        }
        Instant end = offsetInstant(endText);
        if (end == null) {
            return out.reject(r, "bad_timestamp", "INTERVALENDTIME_GMT '" + endText + "' is not an offset"
                    + " date-time at line " + r.position() + " (node " + r.location() + ")");
        }
        long seconds = end.getEpochSecond() - start.getEpochSecond();
        if (seconds <= 0) {
            return out.reject(r, "bad_timestamp", "interval end " + endText + " is not after its start " + startText
                    + " at line " + r.position() + " (node " + r.location() + ")");
        }
        if (seconds != expected) {
            return out.reject(r, "bad_timestamp", "interval " + startText + " → " + endText + " lasts "
                    + seconds / 60.0 + " min, but " + r.market() + " intervals last " + expected / 60 + " min, at"
                    + " line " + r.position() + " (node " + r.location() + ")");
        }
        String oprDt = r.attr("opr_dt");
        LocalDate day = isoDate(oprDt);
        if (day == null) {
            return out.reject(r, "bad_timestamp", "OPR_DT '" + oprDt + "' is not a yyyy-MM-dd date at line "
                    + r.position() + " (node " + r.location() + ")");
        }
        String oprHr = r.attr("opr_hr");
        int hr = smallInt(oprHr);
        if (hr < 1 || hr > 25) {
            return out.reject(r, "bad_timestamp", "OPR_HR '" + oprHr + "' is outside 1..25 at line " + r.position()
                    + " (node " + r.location() + ")");
        }
        String oprInterval = r.attr("opr_interval");
        boolean subHourly = expected < 3600;
        if (subHourly) {
            int k = smallInt(oprInterval);
            if (k < 1 || k > 3600 / expected) {
                return out.reject(r, "bad_timestamp", "OPR_INTERVAL '" + oprInterval + "' is outside 1.."
                        + 3600 / expected + " at line " + r.position() + " (node " + r.location() + ")");
            }
        }

        double lmp = caisoValue(r, "LMP", out);
        if (out.rejection != null) return null;
        double mce = caisoValue(r, "MCE", out);
        if (out.rejection != null) return null;
        double mcc = signed(caisoValue(r, "MCC", out), caisoCongestionSign);
        if (out.rejection != null) return null;
        double mcl = caisoValue(r, "MCL", out);
        if (out.rejection != null) return null;
        double ghg = caisoValue(r, "MGHG", out);
        if (out.rejection != null) return null;
        double ghgOrZero = Double.isNaN(ghg) ? 0 : ghg;

        int derived = 0;
        if (Double.isNaN(lmp)) {
            if (Double.isNaN(mce) || Double.isNaN(mcc) || Double.isNaN(mcl)) {
                return out.reject(r, "missing_component", "LMP is absent and cannot be derived (needs MCE, MCC and"
                        + " MCL; have " + r.values().keySet().stream().sorted().toList() + ") at line "
                        + r.position() + " (node " + r.location() + ", interval " + startText + ")");
            }
            lmp = round6(mce + mcc + mcl + ghgOrZero);
            derived |= LMP;
        }
        double energy = mce;
        if (Double.isNaN(energy) && !Double.isNaN(mcc) && !Double.isNaN(mcl)) {
            energy = round6(lmp - mcc - mcl - ghgOrZero);
            derived |= ENERGY;
        }
        String version = r.attr("version");
        String label = subHourly ? oprDt + " HR " + oprHr + " INT " + oprInterval : oprDt + " HR " + oprHr;
        String type = r.attr("type");
        return new Tick(r.tenant(), r.iso(), r.market(), r.location(), type,
                start, end, day, label, lmp, energy, mcc, mcl, ghg, derived, version != null ? version : "final",
                r.documentId(), r.position());
    }

    private static double caisoValue(RawRecord r, String key, Out out) {
        String s = r.values().get(key);
        if (s == null) return Double.NaN;
        double d = Numbers.parse(s);
        if (Double.isFinite(d)) return d;
        String column = r.attr("price_column");
        String line = r.attr("line:" + key);
        String where = " at line " + (line != null ? line : Long.toString(r.position())) + " (node " + r.location()
                + ", LMP_TYPE " + key + ", interval " + r.attr("interval_start_gmt") + ")";
        String what = (column != null ? column : "value") + " '" + s + "'";
        if (Double.isNaN(d) && !Numbers.isNonFiniteLiteral(s)) {
            out.reject(r, "non_numeric_value", what + " is not a number" + where);
        } else {
            out.reject(r, "non_finite_value", what + " is not a finite number" + where);
        }
        return Double.NaN;
    }

    // ---------------------------------------------------------------- helpers

    /** Interval length of a market in seconds, or 0 when unknown. */
    static long expectedSeconds(String market) {
        if (market == null) return 0;
        return switch (market) {
            case "DA_HOURLY", "RT_HOURLY" -> 3600;
            case "RT_15MIN" -> 900;
            case "RT_5MIN" -> 300;
            default -> 0;
        };
    }

    private static double round6(double v) {
        return Math.rint(v * 1e6) / 1e6;
    }

    /** Parses a short unsigned decimal integer; -1 when it is not one. */
    static int smallInt(String s) {
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
    static LocalDateTime localDateTime(String s) {
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
    static LocalDate isoDate(String s) {
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
     * UTC); the fixed 25-character shape is parsed by hand, anything else by {@link OffsetDateTime#parse}.
     *
     * @return the instant, or null when the text is not a valid offset date-time
     */
    static Instant offsetInstant(String s) {
        if (s == null) return null;
        if (s.length() == 25 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T'
                && s.charAt(13) == ':' && s.charAt(16) == ':' && (s.charAt(19) == '+' || s.charAt(19) == '-')
                && s.charAt(22) == ':') {
            int y = digits(s, 0, 4);
            int mo = digits(s, 5, 7);
            int d = digits(s, 8, 10);
            int h = digits(s, 11, 13);
            int mi = digits(s, 14, 16);
            int se = digits(s, 17, 19);
            int oh = digits(s, 20, 22);
            int om = digits(s, 23, 25);
            if (y < 0 || mo < 0 || d < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59 || oh < 0
                    || oh > 18 || om < 0 || om > 59) {
                return null;
            }
            LocalDate date;
            try {
                date = LocalDate.of(y, mo, d);
            } catch (DateTimeException e) {
                return null;
            }
            int offset = (oh * 3600 + om * 60) * (s.charAt(19) == '-' ? -1 : 1);
            return Instant.ofEpochSecond(date.toEpochDay() * 86_400L + h * 3600L + mi * 60L + se - offset);
        }
        try {
            return OffsetDateTime.parse(s.strip()).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
