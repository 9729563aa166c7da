package com.carbon254.ingestion.iso.ercot;

import com.carbon254.ingestion.iso.IsoDefinition;
import com.carbon254.ingestion.iso.IsoRules;

import java.time.ZoneId;

/**
 * ERCOT: settlement point prices and SCED LMPs from the public API and the MIS ({@link ErcotConnector}), hour-ending
 * labels in Central prevailing time with a DST flag for the repeated hour ({@link ErcotDialect}), operating days in
 * {@code America/Chicago} (23/24/25 hours); simulated by {@link ErcotSimulator}.
 *
 * <p>Price band −1,000 / 10,000 USD/MWh: the offer cap is 5,000 but real-time prices add the reserve-price adders on
 * top (9,000 was reached in February 2021 under the old cap); the offer floor is −250, and resource-node LMPs go
 * further below only through congestion.
 */
public final class Ercot extends IsoDefinition {
    public static final String CODE = ErcotConnector.ISO;
    public static final ZoneId CENTRAL = ZoneId.of("America/Chicago");

    public Ercot() {
        super(CODE, new ErcotConnector(), CENTRAL,
                new IsoRules(CODE, CENTRAL, IsoRules.LabelConvention.HOUR_ENDING, -1000, 10000),
                ErcotDialect::new, ErcotSimulator.SIMULATOR);
    }

    /** A later SCED run of the same 5-minute interval replaces an earlier one, never the other way round. */
    @Override
    public int revisionRank(String revision) {
        return ErcotTime.revisionRank(revision);
    }
}
