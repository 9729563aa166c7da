package com.carbon254.ingestion.iso.miso;

import com.carbon254.ingestion.iso.IsoDefinition;
import com.carbon254.ingestion.iso.IsoRules;

import java.time.ZoneOffset;

/**
 * MISO: market-report CSVs and the public API's 5-minute prices ({@link MisoConnector}), hour-ending labels in EST
 * all year ({@link MisoDialect}), operating days on fixed EST; simulated by {@link MisoSimulator}.
 */
public final class Miso extends IsoDefinition {
    public static final String CODE = MisoConnector.ISO;
    /** MISO labels every timestamp in EST, all year (no daylight saving). */
    public static final ZoneOffset EST = ZoneOffset.ofHours(-5);

    public Miso() {
        super(CODE, new MisoConnector(), EST,
                new IsoRules(CODE, EST, IsoRules.LabelConvention.HOUR_ENDING, -2000, 10000),
                MisoDialect::new, MisoSimulator.SIMULATOR);
    }

    /** Ex-ante prices are replaced by ex-post ones of the same interval, never the other way round. */
    @Override
    public int revisionRank(String revision) {
        return "expost".equals(revision) ? 2 : "exante".equals(revision) ? 1 : 0;
    }
}
