package com.carbon254.ingestion.iso.nyiso;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Dialect;
import com.carbon254.ingestion.iso.IsoRules;
import com.carbon254.ingestion.iso.Markets;
import com.carbon254.ingestion.iso.Numbers;
import com.carbon254.ingestion.iso.Rejections;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.Locale;
import java.util.TimeZone;

/**
 * NYISO's records as ticks (DOMAIN.md "NYISO"): {@code Time Stamp} is Eastern prevailing time without an offset (the
 * rules' zone), the START of a {@code DA_HOURLY} hour and the END of a {@code RT_5MIN} interval; a label with two
 * readings on the fall-back day is told apart by the record's {@code time_zone} ({@code EST}/{@code EDT}) where the
 * file had that column, else by its {@code occurrence} (the connector's order rule; none = the first), see
 * {@link NyisoLabels}. A label that names no instant (spring-forward {@code 02:xx}, a {@code Time Zone} that does not
 * fit it, not a date) is {@code bad_timestamp}; a real-time stamp off the 5-minute grid (an RTD rerun posts at odd
 * seconds) is {@code off_grid_interval}. The operating day is the local date of the interval START (the interval
 * ending 00:00 belongs to the day before); the audit label is the stamp as written with {@code EST}/{@code EDT}.
 *
 * <p>Components: lmp = LBMP; loss = Marginal Cost Losses; congestion = Marginal Cost Congestion times the rules'
 * {@code congestion_sign} (NYISO publishes it with the opposite sign: -1); energy = lmp − loss − congestion, derived
 * (NYISO publishes no energy component), NaN when loss or congestion is absent. Revision {@code final}.
 */
final class NyisoDialect implements Dialect {
    private static final int ENERGY = Component.ENERGY.bit();

    private final IsoRules rules;
    private final ZoneId zone;
    private final ZoneRules zoneRules;
    private final String standardName;
    private final String daylightName;

    NyisoDialect(IsoRules rules) {
        this.rules = rules;
        this.zone = rules.zone();
        this.zoneRules = zone.getRules();
        TimeZone tz = TimeZone.getTimeZone(zone);
        this.standardName = tz.getDisplayName(false, TimeZone.SHORT, Locale.US);
        this.daylightName = tz.getDisplayName(true, TimeZone.SHORT, Locale.US);
    }

    @Override
    public Tick normalize(RawRecord r, Rejections out) {
        String market = r.market();
        boolean start;
        long seconds;
        if (NyisoConnector.MARKET_DA.equals(market)) {
            start = true;
            seconds = 3600;
        } else if (NyisoConnector.MARKET_RT.equals(market)) {
            start = false;
            seconds = Markets.intervalSeconds(market);
        } else {
            return out.reject(r, "unknown_market", "NYISO market '" + market + "' is not read (DA_HOURLY: Time"
                    + " Stamp = hour start; RT_5MIN: Time Stamp = interval end)");
        }
        String text = r.attr(NyisoConnector.ATTR_TIME_STAMP);
        LocalDateTime label = NyisoLabels.parse(text);
        if (label == null) {
            return out.reject(r, "bad_timestamp", "Time Stamp '" + text + "' is not MM/dd/yyyy HH:mm[:ss]"
                    + where(r));
        }
        int secondOfDay = label.toLocalTime().toSecondOfDay();
        if (secondOfDay % seconds != 0) {
            if (start) {
                return out.reject(r, "bad_timestamp", "Time Stamp '" + text + "' is not on the hour" + where(r));
            }
            return out.reject(r, "off_grid_interval", "Time Stamp '" + text + "' is not on the 5-minute grid of "
                    + market + " (a real-time dispatch rerun's posting)" + where(r));
        }
        long[] readings = NyisoLabels.readings(label, zoneRules, start, seconds);
        if (readings.length == 0) {
            return out.reject(r, "bad_timestamp", "Time Stamp '" + text + "' is not a local time that exists in "
                    + zone.getId() + " (spring-forward gap)" + where(r));
        }
        String tz = r.attr(NyisoConnector.ATTR_TIME_ZONE);
        int k = NyisoLabels.pick(readings, label, tz, r.attr(NyisoConnector.ATTR_OCCURRENCE));
        if (k < 0) {
            return out.reject(r, "bad_timestamp", "Time Stamp '" + text + "' with Time Zone '" + tz
                    + "' names no " + (start ? "hour start" : "interval end") + " in " + zone.getId() + where(r));
        }
        long at = readings[k];
        Instant s = Instant.ofEpochSecond(start ? at : at - seconds);
        Instant e = Instant.ofEpochSecond(start ? at + seconds : at);
        LocalDate day = LocalDate.ofInstant(s, zone);
        String abbreviation = tz != null ? tz.strip() : abbreviation(label, at, s);
        String localLabel = text.strip() + " " + abbreviation;

        double lmp = value(r, NyisoConnector.VALUE_LBMP, "LBMP", out);
        if (out.rejected()) return null;
        double loss = value(r, NyisoConnector.VALUE_LOSSES, "Marginal Cost Losses", out);
        if (out.rejected()) return null;
        double congestion = rules.signedCongestion(value(r, NyisoConnector.VALUE_CONGESTION,
                "Marginal Cost Congestion", out));
        if (out.rejected()) return null;
        if (Double.isNaN(lmp)) {
            return out.reject(r, "missing_component", "LBMP is empty: the price itself cannot be derived (have "
                    + r.values().keySet().stream().sorted().toList() + ")" + where(r));
        }
        int derived = 0;
        double energy = Double.NaN;
        if (!Double.isNaN(loss) && !Double.isNaN(congestion)) {
            energy = Numbers.round6(lmp - loss - congestion);
            derived |= ENERGY;
        }
        return new Tick(r.tenant(), r.iso(), market, r.location(), r.attr(RawRecord.TYPE), s, e, day, localLabel,
                lmp, energy, congestion, loss, Double.NaN, derived, "final", r.documentId(), r.position(),
                r.attr(RawRecord.LOCATION_ID));
    }

    /** EST or EDT: whether the offset the label was read at is the zone's standard one at the interval's start. */
    private String abbreviation(LocalDateTime label, long at, Instant start) {
        ZoneOffset used = ZoneOffset.ofTotalSeconds((int) (label.toEpochSecond(ZoneOffset.UTC) - at));
        return used.equals(zoneRules.getStandardOffset(start)) ? standardName : daylightName;
    }

    private static String where(RawRecord r) {
        String file = r.attr(NyisoConnector.ATTR_FILE);
        return " at line " + r.position() + (file != null ? " of " + file : "") + " (" + r.location() + ", Time Stamp '"
                + r.attr(NyisoConnector.ATTR_TIME_STAMP) + "')";
    }

    private static double value(RawRecord r, String key, String column, Rejections out) {
        return out.value(r, key, s -> column + " '" + s + "'", () -> where(r));
    }
}
