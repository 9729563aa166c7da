package com.carbon254.ingestion.iso.miso;

import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.Dialect;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.IsoRules;
import com.carbon254.ingestion.iso.sim.IsoSimulator;

import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * MISO: market-report CSVs and the public API's 5-minute prices ({@link MisoConnector}), hour-ending labels in EST
 * all year ({@link MisoDialect}), operating days on fixed EST; simulated by {@link MisoSimulator}.
 */
public final class Miso implements Iso {
    public static final String CODE = MisoConnector.ISO;
    /** MISO labels every timestamp in EST, all year (no daylight saving). */
    public static final ZoneOffset EST = ZoneOffset.ofHours(-5);
    private static final MisoConnector CONNECTOR = new MisoConnector();
    private static final IsoRules RULES = new IsoRules(CODE, EST, IsoRules.LabelConvention.HOUR_ENDING, -2000, 10000);

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
        return EST;
    }

    @Override
    public IsoRules defaultRules() {
        return RULES;
    }

    @Override
    public Dialect dialect(IsoRules rules) {
        return new MisoDialect(rules);
    }

    @Override
    public IsoSimulator simulator() {
        return MisoSimulator.SIMULATOR;
    }
}
