package com.carbon254.ingestion.iso.ercot;

import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.iso.Dialect;
import com.carbon254.ingestion.iso.IsoRules;
import com.carbon254.ingestion.iso.Rejections;

import java.time.ZoneId;

/**
 * ERCOT's records as ticks (DOMAIN.md "ERCOT"). The interval, operating day and local label come from
 * {@link ErcotTime} in the rules' zone (Central prevailing time): hour-ending labels with {@code DSTFlag} telling the
 * two passes of the fall-back hour apart, SCED run timestamps placed in the 5-minute interval that holds them.
 *
 * <p>ERCOT publishes one price per settlement point and interval (the settlement point price, or the SCED LMP):
 * lmp = that price; energy, congestion and loss are not published and stay NaN (served as null), never zero, and
 * nothing is derived. Revision: {@code final} for settlement point prices (posted once per interval), the SCED run
 * ({@code SCED <UTC instant>}) for SCED LMPs, so every run of an interval is kept and the later run ranks higher
 * ({@link Ercot#revisionRank}). An unreadable label is {@code bad_timestamp}, a missing price
 * {@code missing_component}, a price that is not a number {@code non_numeric_value}.
 */
final class ErcotDialect implements Dialect {
    private final ZoneId zone;

    ErcotDialect(IsoRules rules) {
        this.zone = rules.zone();
    }

    @Override
    public Tick normalize(RawRecord r, Rejections out) {
        ErcotTime.Slot slot = ErcotTime.slot(r, zone);
        if (!slot.ok()) return out.reject(r, slot.reason(), slot.detail());
        String key = r.attr(ErcotConnector.ATTR_SCED_TIMESTAMP) != null ? ErcotConnector.VALUE_LMP
                : ErcotConnector.VALUE_SPP;
        String where = " at " + (ErcotConnector.SOURCE_API.equals(r.attr(ErcotConnector.ATTR_SOURCE)) ? "row "
                : "line ");
        double price = out.value(r, key, s -> key + " '" + s + "'",
                () -> where + r.position() + " (settlement point " + r.location() + ", " + slot.label() + ")");
        if (out.rejected()) return null;
        if (Double.isNaN(price)) {
            return out.reject(r, "missing_component", key + " is empty" + where + r.position() + " (settlement point "
                    + r.location() + ", " + slot.label() + ")");
        }
        return new Tick(r.tenant(), r.iso(), r.market(), r.location(), r.attr(RawRecord.TYPE), slot.start(),
                slot.end(), slot.day(), slot.label(), price, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0,
                slot.revision(), r.documentId(), r.position());
    }
}
