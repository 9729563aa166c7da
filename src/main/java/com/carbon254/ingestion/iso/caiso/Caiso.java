package com.carbon254.ingestion.iso.caiso;

import com.carbon254.ingestion.iso.IsoDefinition;
import com.carbon254.ingestion.iso.IsoRules;

import java.time.ZoneId;

/**
 * CAISO: OASIS SingleZip reports ({@link CaisoConnector}) whose GMT instants are trusted ({@link CaisoDialect}),
 * operating days in Pacific prevailing time (23/24/25 hours); simulated by {@link CaisoSimulator}.
 */
public final class Caiso extends IsoDefinition {
    public static final String CODE = CaisoConnector.ISO;
    public static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

    public Caiso() {
        super(CODE, new CaisoConnector(), PACIFIC,
                new IsoRules(CODE, PACIFIC, IsoRules.LabelConvention.HOUR_ENDING, -2000, 2500),
                CaisoDialect::new, CaisoSimulator.SIMULATOR);
    }
}
