package com.carbon254.ingestion.iso.nyiso;

import com.carbon254.ingestion.iso.IsoDefinition;
import com.carbon254.ingestion.iso.IsoRules;

import java.time.ZoneId;

/**
 * NYISO: the MIS public LBMP files, daily CSVs and monthly zips ({@link NyisoConnector}), stamped in Eastern
 * prevailing time without an offset, day-ahead at the hour's start and real-time at the interval's end, with
 * congestion published with the opposite sign ({@link NyisoDialect}); operating days in Eastern prevailing time
 * (23/24/25 hours); simulated by {@link NyisoSimulator}.
 *
 * <p>Default rules: zone {@code America/New_York}, label {@code hour_beginning} (the day-ahead files; the real-time
 * files' interval-ending stamps are the dialect's per market), congestion sign -1, and the plausibility band of MISO
 * ({@code -2000..10000}): NYISO's offer cap ($1,000) and floor (-$1,000) bound offers, not LBMPs, which shortage
 * pricing and congestion at generator buses take past both.
 */
public final class Nyiso extends IsoDefinition {
    public static final String CODE = NyisoConnector.ISO;
    public static final ZoneId EASTERN = ZoneId.of("America/New_York");

    public Nyiso() {
        super(CODE, new NyisoConnector(), EASTERN,
                new IsoRules(CODE, EASTERN, IsoRules.LabelConvention.HOUR_BEGINNING, -2000, 10000, -1),
                NyisoDialect::new, NyisoSimulator.SIMULATOR);
    }
}
