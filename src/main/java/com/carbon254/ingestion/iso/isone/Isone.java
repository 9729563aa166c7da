package com.carbon254.ingestion.iso.isone;

import com.carbon254.ingestion.iso.IsoDefinition;
import com.carbon254.ingestion.iso.IsoRules;

import java.time.ZoneId;

/**
 * ISO New England: web-services JSON ({@code hourlylmp/da/final}, {@code fiveminutelmp}) whose {@code BeginDate}
 * carries its UTC offset, and the anonymous ISO Express day-ahead CSV ({@code WW_DALMP_ISO}, hour-ending Eastern
 * prevailing time with {@code 02X} for the repeated hour) — {@link IsoneConnector}, {@link IsoneDialect}; operating
 * days in Eastern prevailing time (23/24/25 hours); simulated by {@link IsoneSimulator}.
 *
 * <p>Price band: ISO-NE's energy offer cap is $1,000/MWh ($2,000 for cost-verified offers) and reserve-constraint
 * penalty factors add to it in shortage, so LMPs past $2,000 are real; its offer floor is −$150/MWh but congestion
 * and losses push nodal prices lower. The plausibility band is therefore MISO's wide −2,000/10,000, not the offer
 * cap. Congestion is published in the canonical sign (LmpTotal = Energy + Congestion + Loss).
 */
public final class Isone extends IsoDefinition {
    public static final String CODE = IsoneConnector.ISO;
    /** ISO-NE's prevailing local time: the CSV's labels and the operating day. */
    public static final ZoneId EASTERN = ZoneId.of("America/New_York");

    public Isone() {
        super(CODE, new IsoneConnector(), EASTERN,
                new IsoRules(CODE, EASTERN, IsoRules.LabelConvention.INTERVAL_BEGINNING, -2000, 10000),
                IsoneDialect::new, IsoneSimulator.SIMULATOR);
    }

    /** Preliminary real-time prices are replaced by the final ones of the same interval, never the other way round. */
    @Override
    public int revisionRank(String revision) {
        return IsoneConnector.FINAL.equals(revision) ? 2 : IsoneConnector.PRELIM.equals(revision) ? 1 : 0;
    }
}
