package com.carbon254.ingestion.iso.spp;

import com.carbon254.ingestion.iso.IsoDefinition;
import com.carbon254.ingestion.iso.IsoRules;

import java.time.ZoneId;

/**
 * SPP: the Integrated Marketplace portal's LMP-by-settlement-location CSVs ({@link SppConnector}), whose
 * {@code GMTIntervalEnd} is trusted as the UTC interval end ({@link SppDialect}); operating days in Central prevailing
 * time (23/24/25 hours); simulated by {@link SppSimulator}.
 *
 * <p>Price band: like MISO's, -2000/10000 USD/MWh. SPP's energy offer cap is 1,000 (verified cost-based offers up to
 * 2,000), but scarcity pricing (operating-reserve demand curves) and congestion take LMPs far past it in both
 * directions (the 2025-03-31 sample has MCC -250 and LMPs above 2,200 at the same minute), so the band only flags
 * the implausible.
 */
public final class Spp extends IsoDefinition {
    public static final String CODE = SppConnector.ISO;
    /** Central prevailing time: SPP's operating day and its {@code Interval} labels. */
    public static final ZoneId CENTRAL = ZoneId.of("America/Chicago");

    public Spp() {
        super(CODE, new SppConnector(), CENTRAL,
                new IsoRules(CODE, CENTRAL, IsoRules.LabelConvention.INTERVAL_ENDING, -2000, 10000),
                SppDialect::new, SppSimulator.SIMULATOR);
    }
}
