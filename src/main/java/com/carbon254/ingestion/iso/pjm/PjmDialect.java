package com.carbon254.ingestion.iso.pjm;

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
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * PJM's Data Miner records as ticks (DOMAIN.md "PJM").
 * <ul>
 *   <li>Time: {@code datetime_beginning_utc} is trusted as the interval START in UTC (no offset is written; it is
 *       UTC), {@code end = start +} the market's interval (1 h for {@code DA_HOURLY}, 5 min for {@code RT_5MIN}); a
 *       start off that grid is a {@code bad_timestamp}. The operating day is the date of the START in the rules' zone
 *       (Eastern prevailing time), so a fall-back day has 25 hours and a spring-forward day 23, with no label to
 *       disambiguate. {@code datetime_beginning_ept}, where published, is only a label: it must be that same START
 *       in Eastern prevailing time, else the record is a {@code bad_timestamp} (a file whose two clocks disagree
 *       cannot be placed). The audit label is the local start with its abbreviation,
 *       {@code 2024-11-03 01:00 EDT} / {@code 2024-11-03 01:00 EST}.</li>
 *   <li>Components (USD/MWh, suffix {@code _da} or {@code _rt} by market): lmp = {@code total_lmp},
 *       energy = {@code system_energy_price}, congestion = {@code congestion_price} times the rules'
 *       {@code congestion_sign}, loss = {@code marginal_loss_price}; no GHG. What PJM did not publish stays NaN (null
 *       in the API), never zero: a document carrying only {@code total_lmp_*} (the unverified feed, or a request
 *       whose {@code fields} asked for the total only) has only the lmp. An energy component that is absent while
 *       congestion and loss are there is derived as lmp − congestion − loss and marked derived; a missing total with
 *       all three components is derived as their sum, marked derived.</li>
 *   <li>Revision: {@code unverified} for the unverified 5-minute feed; else {@code v<version_nbr>} where PJM
 *       published one; else {@code current}, or {@code superseded} for a {@code row_is_current=false} row without a
 *       version. {@link Pjm#revisionRank} orders them.</li>
 * </ul>
 */
final class PjmDialect implements Dialect {
    static final String UNVERIFIED = "unverified";
    static final String CURRENT = "current";
    static final String SUPERSEDED = "superseded";
    private static final int LMP = Component.LMP.bit();
    private static final int ENERGY = Component.ENERGY.bit();
    private static final String[] DA_FIELDS = PjmConnector.priceFields(PjmConnector.MARKET_DA);
    private static final String[] RT_FIELDS = PjmConnector.priceFields(PjmConnector.MARKET_RT);

    private final IsoRules rules;
    private final ZoneId zone;
    private final boolean eastern;

    PjmDialect(IsoRules rules) {
        this.rules = rules;
        this.zone = rules.zone();
        this.eastern = zone.equals(Pjm.EASTERN);
    }

    @Override
    public Tick normalize(RawRecord r, Rejections out) {
        long seconds = Markets.intervalSeconds(r.market());
        if (seconds != 3600 && seconds != 300) {
            return out.reject(r, "unknown_market", "PJM market '" + r.market() + "' is not one of DA_HOURLY,"
                    + " RT_5MIN");
        }
        String utcText = r.attr(PjmConnector.ATTR_START_UTC);
        Instant start = PjmConnector.utcStart(utcText);
        if (start == null) {
            return out.reject(r, "bad_timestamp", "datetime_beginning_utc '" + utcText + "' is not a"
                    + " yyyy-MM-ddTHH:mm:ss UTC time" + where(r));
        }
        if (start.getEpochSecond() % seconds != 0 || start.getNano() != 0) {
            return out.reject(r, "bad_timestamp", "datetime_beginning_utc '" + utcText + "' is not on the "
                    + (seconds / 60) + "-minute grid of " + r.market() + where(r));
        }
        Instant end = start.plusSeconds(seconds);
        ZoneOffset offset = zone.getRules().getOffset(start);
        LocalDateTime local = LocalDateTime.ofEpochSecond(start.getEpochSecond(), 0, offset);
        String eptText = r.attr(PjmConnector.ATTR_START_EPT);
        if (eptText != null) {
            // the label read as if it were UTC must be the start moved by Eastern time's offset (no formatter per record)
            Instant ept = PjmConnector.utcStart(eptText);
            if (ept == null || ept.getNano() != 0
                    || ept.getEpochSecond() != start.getEpochSecond() + offset.getTotalSeconds()) {
                return out.reject(r, "bad_timestamp", "datetime_beginning_ept '" + eptText + "' is not"
                        + " datetime_beginning_utc '" + utcText + "' in " + zone.getId() + " (" + local + ")"
                        + where(r));
            }
        }

        String[] f = seconds == 3600 ? DA_FIELDS : RT_FIELDS;
        double lmp = value(r, f[0], out);
        if (out.rejected()) return null;
        double energy = value(r, f[1], out);
        if (out.rejected()) return null;
        double congestion = rules.signedCongestion(value(r, f[2], out));
        if (out.rejected()) return null;
        double loss = value(r, f[3], out);
        if (out.rejected()) return null;
        int derived = 0;
        if (Double.isNaN(lmp)) {
            if (Double.isNaN(energy) || Double.isNaN(congestion) || Double.isNaN(loss)) {
                return out.reject(r, "missing_component", f[0] + " is absent and cannot be derived (needs " + f[1]
                        + ", " + f[2] + " and " + f[3] + "; have " + r.values().keySet().stream().sorted().toList()
                        + ")" + where(r));
            }
            lmp = Numbers.round6(energy + congestion + loss);
            derived |= LMP;
        }
        if (Double.isNaN(energy) && !Double.isNaN(congestion) && !Double.isNaN(loss)) {
            energy = Numbers.round6(lmp - congestion - loss);
            derived |= ENERGY;
        }

        String revision = revision(r, out);
        if (revision == null) return null;
        String label = local.toLocalDate() + " " + local.toLocalTime() + " " + abbreviation(offset);
        return new Tick(r.tenant(), r.iso(), r.market(), r.location(), r.attr(RawRecord.TYPE), start, end,
                local.toLocalDate(), label, lmp, energy, congestion, loss, Double.NaN, derived, revision,
                r.documentId(), r.position(), r.attr(RawRecord.LOCATION_ID));
    }

    private static String revision(RawRecord r, Rejections out) {
        if (PjmConnector.FEED_RT_UNVERIFIED.equals(r.dataset())) return UNVERIFIED;
        String version = r.attr(PjmConnector.ATTR_VERSION);
        if (version != null) {
            int v = Timestamps.smallInt(version);
            if (v < 0) {
                out.reject(r, "bad_revision", "version_nbr '" + version + "' is not a version number" + where(r));
                return null;
            }
            return "v" + v;
        }
        String current = r.attr(PjmConnector.ATTR_CURRENT);
        return current != null && current.equalsIgnoreCase("false") ? SUPERSEDED : CURRENT;
    }

    /** EDT/EST for Eastern time's two offsets; the offset itself for any other zone the rules may name. */
    private String abbreviation(ZoneOffset offset) {
        if (!eastern) return offset.getId();
        return switch (offset.getTotalSeconds()) {
            case -4 * 3600 -> "EDT";
            case -5 * 3600 -> "EST";
            default -> offset.getId();
        };
    }

    private static double value(RawRecord r, String key, Rejections out) {
        return out.value(r, key, s -> key + " '" + s + "'", () -> where(r));
    }

    private static String where(RawRecord r) {
        return " at item " + r.position() + " (pnode " + r.location() + ", datetime_beginning_utc "
                + r.attr(PjmConnector.ATTR_START_UTC) + ")";
    }
}
