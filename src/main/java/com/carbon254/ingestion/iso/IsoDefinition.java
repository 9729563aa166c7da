package com.carbon254.ingestion.iso;

import com.carbon254.ingestion.iso.sim.IsoSimulator;

import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Function;

/**
 * An {@link Iso} declared by what it is made of: what an ISO package's one public class extends, so the package says
 * its facts in one constructor call and nothing else (see {@code iso.miso.Miso}).
 */
public abstract class IsoDefinition implements Iso {
    private final String code;
    private final Connector connector;
    private final ZoneId operatingDayZone;
    private final IsoRules defaultRules;
    private final Function<IsoRules, Dialect> dialects;
    private final IsoSimulator simulator;

    /**
     * Null parts are accepted here and refused, each named, by the registry ({@link Isos}): a package that forgot
     * one stops the build with the whole list.
     *
     * @param dialects the ISO's normalization for a version of its rules
     */
    protected IsoDefinition(String code, Connector connector, ZoneId operatingDayZone, IsoRules defaultRules,
                            Function<IsoRules, Dialect> dialects, IsoSimulator simulator) {
        this.code = code;
        this.connector = connector;
        this.operatingDayZone = operatingDayZone;
        this.defaultRules = defaultRules;
        this.dialects = Objects.requireNonNull(dialects, "dialects");
        this.simulator = simulator;
    }

    @Override
    public final String code() {
        return code;
    }

    @Override
    public final Connector connector() {
        return connector;
    }

    @Override
    public final ZoneId operatingDayZone() {
        return operatingDayZone;
    }

    @Override
    public final IsoRules defaultRules() {
        return defaultRules;
    }

    @Override
    public final Dialect dialect(IsoRules rules) {
        return dialects.apply(rules);
    }

    @Override
    public final IsoSimulator simulator() {
        return simulator;
    }

    @Override
    public String toString() {
        return "ISO " + code;
    }
}
