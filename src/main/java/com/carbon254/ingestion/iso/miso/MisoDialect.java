package com.carbon254.ingestion.iso.miso;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Dialect;
import com.carbon254.ingestion.iso.IsoRules;
import com.carbon254.ingestion.iso.Markets;
import com.carbon254.ingestion.iso.Numbers;
import com.carbon254.ingestion.iso.Rejections;
import com.carbon254.ingestion.iso.Timestamps;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * MISO's records as ticks (DOMAIN.md "MISO").
 * <ul>
 *   <li>Market reports ({@code date}, {@code he}): labels are hour-ending in fixed EST (the rules' zone,
 *       {@code -05:00}) all year, so {@code end = date + he hours}, {@code start = end - 1h}; lmp = LMP,
 *       congestion = MCC, loss = MLC; energy = MEC when published, else LMP − MCC − MLC, marked derived.</li>
 *   <li>Real-time API ({@code interval_end_est}, e.g. {@code 2026-07-27T08:15:00}): the interval END in the same
 *       fixed EST, so {@code end} = that local time at {@code -05:00}, {@code start = end −} the market's interval
 *       (5 min for {@code RT_5MIN}); the operating day is the EST date of the START (the interval ending 00:00
 *       belongs to the day before); label {@code <date> INT <hh:mm> EST} as MISO wrote it; components as above. An
 *       end off the interval grid (08:17) is a {@code bad_timestamp}.</li>
 * </ul>
 * Congestion is MCC times the rules' {@code congestion_sign}, and every derivation uses the signed value.
 */
final class MisoDialect implements Dialect {
    private static final int LMP = Component.LMP.bit();
    private static final int ENERGY = Component.ENERGY.bit();

    private final ZoneId zone;
    private final IsoRules rules;

    MisoDialect(IsoRules rules) {
        this.rules = rules;
        this.zone = rules.zone();
    }

    @Override
    public Tick normalize(RawRecord r, Rejections out) {
        if (r.attr(MisoConnector.ATTR_INTERVAL_END_EST) != null) return interval(r, out);
        long hourSeconds = Markets.intervalSeconds(r.market());
        if (hourSeconds != 3600) {
            return out.reject(r, "unknown_market", "MISO market '" + r.market()
                    + "' is not hourly; only hour-ending (he) records are understood");
        }
        String dateText = r.attr(MisoConnector.ATTR_DATE);
        String heText = r.attr(MisoConnector.ATTR_HE);
        LocalDate date = Timestamps.isoDate(dateText);
        if (date == null) {
            return out.reject(r, "bad_timestamp", "date '" + dateText + "' is not a yyyy-MM-dd date at line "
                    + r.position() + " (node " + r.location() + ")");
        }
        int he = Timestamps.smallInt(heText);
        if (he < 1 || he > 24) {
            return out.reject(r, "bad_timestamp", "HE '" + heText + "' is outside 1..24 at line " + r.position()
                    + " (node " + r.location() + ", date " + dateText + ")");
        }
        Instant end;
        if (zone instanceof ZoneOffset off) {
            end = Instant.ofEpochSecond(date.toEpochDay() * 86_400L + he * 3600L - off.getTotalSeconds());
        } else {
            end = date.atStartOfDay().plusHours(he).atZone(zone).toInstant();
        }
        Instant start = end.minusSeconds(3600);
        return tick(r, start, end, date, dateText + " HE " + he, "HE " + he, out);
    }

    /** A real-time record: {@code interval_end_est} is the interval END in MISO's fixed EST. */
    private Tick interval(RawRecord r, Rejections out) {
        long seconds = out.intervalSeconds(r, "MISO", "RT_5MIN, RT_15MIN, RT_HOURLY or DA_HOURLY");
        if (seconds <= 0) return null;
        String text = r.attr(MisoConnector.ATTR_INTERVAL_END_EST);
        LocalDateTime local = Timestamps.localDateTime(text);
        if (local == null) {
            return out.reject(r, "bad_timestamp", "INTERVAL '" + text + "' is not a yyyy-MM-ddTHH:mm:ss EST time at"
                    + " row " + r.position() + " (node " + r.location() + ")");
        }
        if (local.toLocalTime().toSecondOfDay() % seconds != 0 || local.getNano() != 0) {
            return out.reject(r, "bad_timestamp", "INTERVAL '" + text + "' is not on the " + seconds / 60
                    + "-minute grid of " + r.market() + " at row " + r.position() + " (node " + r.location() + ")");
        }
        Instant end = local.atZone(zone).toInstant();
        Instant start = end.minusSeconds(seconds);
        LocalDate day = start.atZone(zone).toLocalDate();
        String hhmm = local.toLocalTime().toString().substring(0, 5);
        return tick(r, start, end, day, local.toLocalDate() + " INT " + hhmm + " EST", "INT " + hhmm + " EST", out);
    }

    /** Components, derivations and the tick, shared by the hour-ending and the real-time records. */
    private Tick tick(RawRecord r, Instant start, Instant end, LocalDate day, String label, String at,
                      Rejections out) {
        Map<String, String> v = r.values();
        double lmp = value(r, "LMP", at, out);
        if (out.rejected()) return null;
        double mcc = rules.signedCongestion(value(r, "MCC", at, out));
        if (out.rejected()) return null;
        double mlc = value(r, "MLC", at, out);
        if (out.rejected()) return null;
        double mec = v.containsKey("MEC") ? value(r, "MEC", at, out) : Double.NaN;
        if (out.rejected()) return null;

        int derived = 0;
        if (Double.isNaN(lmp)) {
            if (Double.isNaN(mec) || Double.isNaN(mcc) || Double.isNaN(mlc)) {
                return out.reject(r, "missing_component", "LMP is absent and cannot be derived (needs MEC, MCC and"
                        + " MLC; have " + v.keySet().stream().sorted().toList() + ")" + position(r) + r.position()
                        + " (node " + r.location() + ", " + at + ")");
            }
            lmp = Numbers.round6(mec + mcc + mlc);
            derived |= LMP;
        }
        double energy = mec;
        if (Double.isNaN(energy) && !Double.isNaN(mcc) && !Double.isNaN(mlc)) {
            energy = Numbers.round6(lmp - mcc - mlc);
            derived |= ENERGY;
        }
        String revision = r.attr(MisoConnector.ATTR_REVISION);
        if (revision == null) revision = MisoConnector.DATASET_EXANTE.equals(r.dataset()) ? "exante" : "expost";
        return new Tick(r.tenant(), r.iso(), r.market(), r.location(), r.attr(MisoConnector.ATTR_TYPE), start, end,
                day, label, lmp, energy, mcc, mlc, Double.NaN, derived, revision, r.documentId(), r.position());
    }

    /** A CSV record's position is its line, a JSON (real-time API) record's its row in {@code data}. */
    private static String position(RawRecord r) {
        return r.attr(MisoConnector.ATTR_INTERVAL_END_EST) != null ? " at row " : " at line ";
    }

    private static double value(RawRecord r, String key, String at, Rejections out) {
        return out.value(r, key, s -> key + " '" + s + "'", () -> {
            String line = r.attr(MisoConnector.ATTR_LINE_PREFIX + key);
            return position(r) + (line != null ? line : Long.toString(r.position())) + " (node " + r.location()
                    + ", " + at + ")";
        });
    }
}
