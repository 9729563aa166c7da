package com.carbon254.ingestion.iso.sim;

import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.Dialect;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.IsoRules;

import java.time.ZoneId;

/** ISOs for simulator tests. */
public final class SimulatedIsos {
    private SimulatedIsos() {
    }

    /** {@code base} with another simulator. */
    public static Iso withSimulator(Iso base, IsoSimulator simulator) {
        return new Iso() {
            @Override
            public String code() {
                return base.code();
            }

            @Override
            public Connector connector() {
                return base.connector();
            }

            @Override
            public ZoneId operatingDayZone() {
                return base.operatingDayZone();
            }

            @Override
            public IsoRules defaultRules() {
                return base.defaultRules();
            }

            @Override
            public Dialect dialect(IsoRules rules) {
                return base.dialect(rules);
            }

            @Override
            public IsoSimulator simulator() {
                return simulator;
            }
        };
    }
}
