package com.carbon254.ingestion.iso.spp;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Dialect;
import com.carbon254.ingestion.iso.IsoRules;
import com.carbon254.ingestion.iso.Numbers;
import com.carbon254.ingestion.iso.Rejections;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Locale;

/**
 * SPP's records as ticks (DOMAIN.md "SPP"):
 * <ul>
 *   <li>Time: {@code GMTIntervalEnd} is the interval END in UTC and is trusted; {@code start = end −} the market's
 *       interval (1 h for {@code DA_HOURLY}, 5 min for {@code RT_5MIN}); an end off that grid is a
 *       {@code bad_timestamp}. The local {@code Interval} is only a label (it repeats on the fall-back day, and the
 *       day-ahead hour ending 24 is written as the next day's {@code 00:00}); it must be the same instant in Central
 *       time (CDT = GMT−5 or CST = GMT−6, as prevailing at the interval's end or, across a clock change, at its
 *       start), else the file says two different things and the record is a {@code bad_timestamp}.</li>
 *   <li>Operating day: the Central (the rules' zone) date of the interval START.</li>
 *   <li>Label: {@code Interval} as published plus {@code CDT}/{@code CST} read from the two columns, so the two
 *       {@code 01:00} hours of a fall-back day are told apart in the audit.</li>
 *   <li>Components: lmp = LMP, energy = MEC, congestion = MCC (times the rules' {@code congestion_sign}), loss = MLC;
 *       SPP publishes all four with lmp = MEC + MCC + MLC. A missing LMP is derived as MEC + MCC + MLC, a missing MEC
 *       as LMP − MCC − MLC (marked derived, rounded to 1e-6); a component neither published nor derivable is NaN.</li>
 *   <li>Revision: {@code final} (the files carry no revision; a re-posted file replaces the interval).</li>
 * </ul>
 */
final class SppDialect implements Dialect {
    private static final int LMP = Component.LMP.bit();
    private static final int ENERGY = Component.ENERGY.bit();
    private static final int CDT = -5 * 3600;
    private static final int CST = -6 * 3600;

    private final IsoRules rules;
    private final ZoneId zone;
    private final ZoneRules zoneRules;

    SppDialect(IsoRules rules) {
        this.rules = rules;
        this.zone = rules.zone();
        this.zoneRules = zone.getRules();
    }

    @Override
    public Tick normalize(RawRecord r, Rejections out) {
        long length = out.intervalSeconds(r, "SPP", "DA_HOURLY or RT_5MIN");
        if (length <= 0) return null;
        String gmtText = r.attr(SppConnector.ATTR_GMT_END);
        long end = SppConnector.seconds(gmtText);
        if (end == SppConnector.NOT_A_TIME) {
            return out.reject(r, "bad_timestamp", "GMTIntervalEnd '" + gmtText + "' is not an MM/dd/yyyy HH:mm:ss"
                    + " time" + where(r));
        }
        if (Math.floorMod(end, length) != 0) {
            return out.reject(r, "bad_timestamp", "GMTIntervalEnd '" + gmtText + "' is not on the " + length / 60
                    + "-minute grid of " + r.market() + where(r));
        }
        String intervalText = r.attr(SppConnector.ATTR_INTERVAL);
        long local = SppConnector.seconds(intervalText);
        if (local == SppConnector.NOT_A_TIME) {
            return out.reject(r, "bad_timestamp", "Interval '" + intervalText + "' is not an MM/dd/yyyy HH:mm:ss"
                    + " time" + where(r));
        }
        long start = end - length;
        long offset = local - end;
        if (offset != offsetAt(end) && offset != offsetAt(start)) {
            return out.reject(r, "bad_timestamp", "Interval '" + intervalText + "' is not GMTIntervalEnd '" + gmtText
                    + "' in Central time (" + describe(offsetAt(end)) + " then)" + where(r));
        }
        Instant startAt = Instant.ofEpochSecond(start);
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(start + offsetAt(start), 86_400L));
        String label = intervalText.strip() + (offset == CDT ? " CDT" : offset == CST ? " CST" : " " + describe(offset));

        double lmp = value(r, "LMP", out);
        if (out.rejected()) return null;
        double mcc = rules.signedCongestion(value(r, "MCC", out));
        if (out.rejected()) return null;
        double mlc = value(r, "MLC", out);
        if (out.rejected()) return null;
        double mec = value(r, "MEC", out);
        if (out.rejected()) return null;
        int derived = 0;
        if (Double.isNaN(lmp)) {
            if (Double.isNaN(mec) || Double.isNaN(mcc) || Double.isNaN(mlc)) {
                return out.reject(r, "missing_component", "LMP is absent and cannot be derived (needs MEC, MCC and"
                        + " MLC; have " + r.values().keySet().stream().sorted().toList() + ")" + where(r));
            }
            lmp = Numbers.round6(mec + mcc + mlc);
            derived |= LMP;
        }
        double energy = mec;
        if (Double.isNaN(energy) && !Double.isNaN(mcc) && !Double.isNaN(mlc)) {
            energy = Numbers.round6(lmp - mcc - mlc);
            derived |= ENERGY;
        }
        return new Tick(r.tenant(), r.iso(), r.market(), r.location(), r.attr(RawRecord.TYPE), startAt,
                Instant.ofEpochSecond(end), day, label, lmp, energy, mcc, mlc, Double.NaN, derived, "final",
                r.documentId(), r.position());
    }

    /** The zone's offset in seconds at the instant {@code epochSecond}. */
    private int offsetAt(long epochSecond) {
        return zoneRules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
    }

    private static String describe(long offsetSeconds) {
        if (offsetSeconds == CDT) return "CDT, GMT-5";
        if (offsetSeconds == CST) return "CST, GMT-6";
        long minutes = offsetSeconds / 60;
        return String.format(Locale.ROOT, "GMT%+d:%02d", minutes / 60, Math.abs(minutes % 60));
    }

    private static String where(RawRecord r) {
        return " at line " + r.position() + " (settlement location " + r.location() + ")";
    }

    private static double value(RawRecord r, String key, Rejections out) {
        return out.value(r, key, s -> key + " '" + s + "'", () -> " at line " + r.position() + " (settlement"
                + " location " + r.location() + ", GMTIntervalEnd " + r.attr(SppConnector.ATTR_GMT_END) + ")");
    }
}
