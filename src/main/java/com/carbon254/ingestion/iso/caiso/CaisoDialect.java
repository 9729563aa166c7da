package com.carbon254.ingestion.iso.caiso;

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

/**
 * CAISO's OASIS records as ticks (DOMAIN.md "CAISO"): the {@code INTERVALSTARTTIME_GMT}/{@code INTERVALENDTIME_GMT}
 * instants are trusted ({@code OPR_DT}/{@code OPR_HR}/{@code OPR_INTERVAL} are checked and kept as the audit label);
 * lmp = LMP, energy = MCE, congestion = MCC (times the rules' {@code congestion_sign}), loss = MCL, ghg = MGHG (NaN
 * when absent). A missing LMP is derived as MCE+MCC+MCL(+MGHG), a missing MCE as LMP−MCC−MCL(−MGHG); derived values
 * are rounded to 1e-6 to drop binary noise. Revision = the report's {@code version} ({@code v1}) or {@code final}.
 */
final class CaisoDialect implements Dialect {
    private static final int LMP = Component.LMP.bit();
    private static final int ENERGY = Component.ENERGY.bit();

    private final IsoRules rules;

    CaisoDialect(IsoRules rules) {
        this.rules = rules;
    }

    @Override
    public Tick normalize(RawRecord r, Rejections out) {
        long expected = out.intervalSeconds(r, "CAISO", "DA_HOURLY, RT_HOURLY, RT_15MIN or RT_5MIN");
        if (expected <= 0) return null;
        String startText = r.attr(CaisoConnector.ATTR_START);
        String endText = r.attr(CaisoConnector.ATTR_END);
        Instant start = Timestamps.offsetInstant(startText);
        if (start == null) {
            return out.reject(r, "bad_timestamp", "INTERVALSTARTTIME_GMT '" + startText + "' is not an offset"
                    + " date-time at line " + r.position() + " (node " + r.location() + ")");
        }
        Instant end = Timestamps.offsetInstant(endText);
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
        String oprDt = r.attr(CaisoConnector.ATTR_OPR_DT);
        LocalDate day = Timestamps.isoDate(oprDt);
        if (day == null) {
            return out.reject(r, "bad_timestamp", "OPR_DT '" + oprDt + "' is not a yyyy-MM-dd date at line "
                    + r.position() + " (node " + r.location() + ")");
        }
        String oprHr = r.attr(CaisoConnector.ATTR_OPR_HR);
        int hr = Timestamps.smallInt(oprHr);
        if (hr < 1 || hr > 25) {
            return out.reject(r, "bad_timestamp", "OPR_HR '" + oprHr + "' is outside 1..25 at line " + r.position()
                    + " (node " + r.location() + ")");
        }
        String oprInterval = r.attr(CaisoConnector.ATTR_OPR_INTERVAL);
        boolean subHourly = expected < 3600;
        if (subHourly) {
            int k = Timestamps.smallInt(oprInterval);
            if (k < 1 || k > 3600 / expected) {
                return out.reject(r, "bad_timestamp", "OPR_INTERVAL '" + oprInterval + "' is outside 1.."
                        + 3600 / expected + " at line " + r.position() + " (node " + r.location() + ")");
            }
        }

        double lmp = value(r, "LMP", out);
        if (out.rejected()) return null;
        double mce = value(r, "MCE", out);
        if (out.rejected()) return null;
        double mcc = rules.signedCongestion(value(r, "MCC", out));
        if (out.rejected()) return null;
        double mcl = value(r, "MCL", out);
        if (out.rejected()) return null;
        double ghg = value(r, "MGHG", out);
        if (out.rejected()) return null;
        double ghgOrZero = Double.isNaN(ghg) ? 0 : ghg;

        int derived = 0;
        if (Double.isNaN(lmp)) {
            if (Double.isNaN(mce) || Double.isNaN(mcc) || Double.isNaN(mcl)) {
                return out.reject(r, "missing_component", "LMP is absent and cannot be derived (needs MCE, MCC and"
                        + " MCL; have " + r.values().keySet().stream().sorted().toList() + ") at line "
                        + r.position() + " (node " + r.location() + ", interval " + startText + ")");
            }
            lmp = Numbers.round6(mce + mcc + mcl + ghgOrZero);
            derived |= LMP;
        }
        double energy = mce;
        if (Double.isNaN(energy) && !Double.isNaN(mcc) && !Double.isNaN(mcl)) {
            energy = Numbers.round6(lmp - mcc - mcl - ghgOrZero);
            derived |= ENERGY;
        }
        String version = r.attr(CaisoConnector.ATTR_VERSION);
        String label = subHourly ? oprDt + " HR " + oprHr + " INT " + oprInterval : oprDt + " HR " + oprHr;
        return new Tick(r.tenant(), r.iso(), r.market(), r.location(), r.attr(RawRecord.TYPE),
                start, end, day, label, lmp, energy, mcc, mcl, ghg, derived, version != null ? version : "final",
                r.documentId(), r.position());
    }

    private static double value(RawRecord r, String key, Rejections out) {
        String column = r.attr(CaisoConnector.ATTR_PRICE_COLUMN);
        return out.value(r, key, s -> (column != null ? column : "value") + " '" + s + "'", () -> {
            String line = r.attr(CaisoConnector.ATTR_LINE_PREFIX + key);
            return " at line " + (line != null ? line : Long.toString(r.position())) + " (node " + r.location()
                    + ", LMP_TYPE " + key + ", interval " + r.attr(CaisoConnector.ATTR_START) + ")";
        });
    }
}
