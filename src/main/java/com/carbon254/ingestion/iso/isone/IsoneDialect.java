package com.carbon254.ingestion.iso.isone;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Dialect;
import com.carbon254.ingestion.iso.IsoRules;
import com.carbon254.ingestion.iso.Numbers;
import com.carbon254.ingestion.iso.Rejections;
import com.carbon254.ingestion.iso.Timestamps;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.Objects;

/**
 * ISO-NE's records as ticks (DOMAIN.md "ISO-NE").
 * <ul>
 *   <li>Web services ({@code begin_date}): {@code BeginDate} is the interval START and carries its UTC offset
 *       ({@code 2024-11-03T01:00:00.000-04:00}, then {@code …01:00:00.000-05:00} for the repeated hour), so it is
 *       trusted as the instant; {@code end = start +} the market's interval (1 h for {@code DA_HOURLY}, 5 min for
 *       {@code RT_5MIN}). A BeginDate off that grid (as written, in its own offset) is a {@code bad_timestamp}.
 *       Label = BeginDate as published.</li>
 *   <li>ISO Express CSV ({@code date}, {@code he}): {@code Hour Ending} {@code 01}…{@code 24} in the rules' zone
 *       (Eastern prevailing time): the hour starting at {@code he − 1} o'clock local. On the fall-back day
 *       {@code 02} is the first 01:00–02:00 (EDT) and {@code 02X} the repeated one (EST); on the spring-forward day
 *       {@code 03} does not exist (a {@code bad_timestamp} if present), so days have 25 and 23 hours. Label
 *       {@code <Date> HE <Hour Ending>} as published.</li>
 * </ul>
 * The operating day is the date, in the rules' zone, of the interval START. Components as published: lmp =
 * LmpTotal / Locational Marginal Price, energy, congestion (times the rules' {@code congestion_sign}), loss; a missing
 * LMP is derived as their sum and a missing energy as LMP − congestion − loss (marked derived, rounded to 1e-6);
 * components not published stay NaN (null), never zero. Revision = the record's {@code revision} ({@code final},
 * {@code prelim}).
 */
final class IsoneDialect implements Dialect {
    private static final int LMP = Component.LMP.bit();
    private static final int ENERGY = Component.ENERGY.bit();

    private final IsoRules rules;
    private final ZoneId zone;

    IsoneDialect(IsoRules rules) {
        this.rules = rules;
        this.zone = rules.zone();
    }

    @Override
    public Tick normalize(RawRecord r, Rejections out) {
        long seconds = out.intervalSeconds(r, "ISO-NE", "DA_HOURLY, RT_HOURLY, RT_15MIN or RT_5MIN");
        if (seconds <= 0) return null;
        String beginText = r.attr(IsoneConnector.ATTR_BEGIN_DATE);
        boolean json = beginText != null;
        Resolved when = last;
        if (!when.is(beginText, r.attr(IsoneConnector.ATTR_DATE), r.attr(IsoneConnector.ATTR_HE), seconds)) {
            when = resolve(r, seconds, out);
            if (when == null) return null;
            last = when;
        }
        Instant start = when.start();
        String label = when.label();
        Instant end = start.plusSeconds(seconds);
        LocalDate day = when.day();

        String kLmp = json ? IsoneConnector.WS_LMP : IsoneConnector.CSV_LMP;
        String kEnergy = json ? IsoneConnector.WS_ENERGY : IsoneConnector.CSV_ENERGY;
        String kCongestion = json ? IsoneConnector.WS_CONGESTION : IsoneConnector.CSV_CONGESTION;
        String kLoss = json ? IsoneConnector.WS_LOSS : IsoneConnector.CSV_LOSS;
        double lmp = value(r, kLmp, label, out);
        if (out.rejected()) return null;
        double energy = value(r, kEnergy, label, out);
        if (out.rejected()) return null;
        double congestion = rules.signedCongestion(value(r, kCongestion, label, out));
        if (out.rejected()) return null;
        double loss = value(r, kLoss, label, out);
        if (out.rejected()) return null;

        int derived = 0;
        if (Double.isNaN(lmp)) {
            if (Double.isNaN(energy) || Double.isNaN(congestion) || Double.isNaN(loss)) {
                return out.reject(r, "missing_component", kLmp + " is absent and cannot be derived (needs " + kEnergy
                        + ", " + kCongestion + " and " + kLoss + "; have " + r.values().keySet().stream().sorted()
                        .toList() + ")" + where(r) + ", " + label);
            }
            lmp = Numbers.round6(energy + congestion + loss);
            derived |= LMP;
        }
        if (Double.isNaN(energy) && !Double.isNaN(congestion) && !Double.isNaN(loss)) {
            energy = Numbers.round6(lmp - congestion - loss);
            derived |= ENERGY;
        }
        String revision = r.attr(IsoneConnector.ATTR_REVISION);
        if (revision == null) {
            revision = IsoneConnector.DATASET_RT_5MIN_WS.equals(r.dataset()) ? IsoneConnector.PRELIM
                    : IsoneConnector.FINAL;
        }
        return new Tick(r.tenant(), r.iso(), r.market(), r.location(), r.attr(RawRecord.TYPE), start, end, day, label,
                lmp, energy, congestion, loss, Double.NaN, derived, revision, r.documentId(), r.position(),
                r.attr(RawRecord.LOCATION_ID));
    }

    /**
     * The interval a record's labels name. A document lists every location of an interval together, so the last one
     * resolved is kept (an immutable value in a volatile field: threads share the dialect) and reused while the labels
     * repeat.
     */
    private record Resolved(String begin, String date, String he, long seconds, Instant start, LocalDate day,
                            String label) {
        boolean is(String begin, String date, String he, long seconds) {
            return this.seconds == seconds && Objects.equals(this.begin, begin) && Objects.equals(this.date, date)
                    && Objects.equals(this.he, he);
        }
    }

    private volatile Resolved last = new Resolved(null, null, null, -1, null, null, null);

    /** The interval of {@code r}'s labels, or null after rejecting it ({@code bad_timestamp}, {@code unknown_market}). */
    private Resolved resolve(RawRecord r, long seconds, Rejections out) {
        String beginText = r.attr(IsoneConnector.ATTR_BEGIN_DATE);
        Instant start;
        String label;
        if (beginText != null) {
            Instant b = Timestamps.offsetInstant(beginText);
            if (b == null) {
                out.reject(r, "bad_timestamp", "BeginDate '" + beginText + "' is not a date-time with an offset"
                        + where(r));
                return null;
            }
            // on the grid in UTC is on the grid in Eastern time: its offsets are whole hours
            if (b.getNano() != 0 || b.getEpochSecond() % seconds != 0) {
                out.reject(r, "bad_timestamp", "BeginDate '" + beginText + "' is not on the " + seconds / 60
                        + "-minute grid of " + r.market() + where(r));
                return null;
            }
            start = b;
            label = beginText;
        } else {
            String dateText = r.attr(IsoneConnector.ATTR_DATE);
            String he = r.attr(IsoneConnector.ATTR_HE);
            if (dateText == null || he == null) {
                out.reject(r, "bad_timestamp", "neither a BeginDate nor a Date and Hour Ending" + where(r));
                return null;
            }
            if (seconds != 3600) {
                out.reject(r, "unknown_market", "Hour Ending labels name hours, but market " + r.market()
                        + " is not hourly" + where(r));
                return null;
            }
            LocalDate date = csvDate(dateText);
            if (date == null) {
                out.reject(r, "bad_timestamp", "Date '" + dateText + "' is not a MM/DD/YYYY date" + where(r));
                return null;
            }
            int n = heNumber(he);
            boolean repeated = repeated(he);
            if (n < 1 || n > 24 || (repeated && n != 2)) {
                out.reject(r, "bad_timestamp", "Hour Ending '" + he + "' is none of 01..24 and 02X (the repeated"
                        + " hour)" + where(r));
                return null;
            }
            LocalDateTime local = date.atStartOfDay().plusHours(n - 1L);
            ZoneOffsetTransition t = zone.getRules().getTransition(local);
            if (t != null && t.isGap()) {
                out.reject(r, "bad_timestamp", "Hour Ending '" + he + "' does not exist on " + dateText + ": clocks in "
                        + zone.getId() + " skip from " + t.getDateTimeBefore().toLocalTime() + " to "
                        + t.getDateTimeAfter().toLocalTime() + where(r));
                return null;
            }
            if (repeated && (t == null || !t.isOverlap())) {
                out.reject(r, "bad_timestamp", "Hour Ending '" + he + "' marks the repeated hour, but "
                        + local.toLocalTime() + " occurs once on " + dateText + " in " + zone.getId() + where(r));
                return null;
            }
            start = hourStart(date, n, repeated, zone);
            label = dateText + " HE " + he;
        }
        return new Resolved(beginText, r.attr(IsoneConnector.ATTR_DATE), r.attr(IsoneConnector.ATTR_HE), seconds,
                start, LocalDate.ofInstant(start, zone), label);
    }

    private static double value(RawRecord r, String key, String label, Rejections out) {
        return out.value(r, key, s -> key + " '" + s + "'", () -> where(r) + ", " + label);
    }

    /** A JSON record's position is its item, a CSV record's its line. */
    private static String where(RawRecord r) {
        return (r.attr(IsoneConnector.ATTR_BEGIN_DATE) != null ? " at item " : " at line ") + r.position()
                + " (location " + r.location() + ")";
    }

    // ---------------------------------------------------------------- label readers, shared with the connector

    /** ISO Express's {@code MM/DD/YYYY}; null when it is not one (or not a real date). */
    static LocalDate csvDate(String s) {
        return Timestamps.usDate(s);
    }

    /** The hour of an {@code Hour Ending} label ({@code 02X} → 2); -1 when it is not one. */
    static int heNumber(String he) {
        if (he == null) return -1;
        String t = he.strip();
        if (repeated(t)) t = t.substring(0, t.length() - 1);
        return t.length() > 2 ? -1 : Timestamps.smallInt(t);
    }

    /** Whether an {@code Hour Ending} label is the repeated hour of a fall-back day ({@code 02X}). */
    static boolean repeated(String he) {
        String t = he.strip();
        return !t.isEmpty() && (t.charAt(t.length() - 1) == 'X' || t.charAt(t.length() - 1) == 'x');
    }

    /**
     * The start of hour ending {@code he} of {@code date} in {@code zone}: {@code he − 1} o'clock local, in the earlier
     * offset when that time occurs twice, the later one when {@code repeated}; null when that hour does not exist
     * (spring forward), {@code repeated} names an hour that occurs once, or {@code he} is outside 1..24.
     */
    static Instant hourStart(LocalDate date, int he, boolean repeated, ZoneId zone) {
        if (date == null || he < 1 || he > 24) return null;
        LocalDateTime local = date.atStartOfDay().plusHours(he - 1L);
        ZoneOffsetTransition t = zone.getRules().getTransition(local);
        ZoneOffset offset;
        if (t == null) {
            if (repeated) return null;
            offset = zone.getRules().getOffset(local);
        } else if (t.isGap()) {
            return null;
        } else {
            offset = repeated ? t.getOffsetAfter() : t.getOffsetBefore();
        }
        return local.toInstant(offset);
    }

}
