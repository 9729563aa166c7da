package com.carbon254.ingestion.iso.caiso;

import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.Dialect;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.IsoRules;
import com.carbon254.ingestion.iso.sim.IsoSimulator;

import java.time.ZoneId;

/**
 * CAISO: OASIS SingleZip reports ({@link CaisoConnector}) whose GMT instants are trusted ({@link CaisoDialect}),
 * operating days in Pacific prevailing time (23/24/25 hours); simulated by {@link CaisoSimulator}.
 */
public final class Caiso implements Iso {
    public static final String CODE = CaisoConnector.ISO;
    public static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");
    private static final CaisoConnector CONNECTOR = new CaisoConnector();
    private static final IsoRules RULES = new IsoRules(CODE, PACIFIC, IsoRules.LabelConvention.HOUR_ENDING, -2000,
            2500);

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public Connector connector() {
        return CONNECTOR;
    }

    @Override
    public ZoneId operatingDayZone() {
        return PACIFIC;
    }

    @Override
    public IsoRules defaultRules() {
        return RULES;
    }

    @Override
    public Dialect dialect(IsoRules rules) {
        return new CaisoDialect(rules);
    }

    @Override
    public IsoSimulator simulator() {
        return CaisoSimulator.SIMULATOR;
    }
}
