package com.carbon254.ingestion.iso.pjm;

import com.carbon254.ingestion.iso.IsoDefinition;
import com.carbon254.ingestion.iso.IsoRules;
import com.carbon254.ingestion.iso.Timestamps;

import java.time.ZoneId;

/**
 * PJM: Data Miner 2 JSON LMP feeds ({@link PjmConnector}) whose {@code datetime_beginning_utc} is trusted as the
 * interval start ({@link PjmDialect}), operating days in Eastern prevailing time (23/24/25 hours); simulated by
 * {@link PjmSimulator}.
 *
 * <p>Price band −2000 / 10000 USD/MWh, as MISO's: PJM's energy offer cap is $1,000/MWh (cost-based offers up to
 * $2,000/MWh), but shortage pricing adds reserve penalty factors on top, so real-time LMPs can pass several
 * thousand dollars; negative prices are rare and shallow. The band only flags the implausible ({@code out_of_range}).
 */
public final class Pjm extends IsoDefinition {
    public static final String CODE = PjmConnector.ISO;
    public static final ZoneId EASTERN = ZoneId.of("America/New_York");

    public Pjm() {
        super(CODE, new PjmConnector(), EASTERN,
                new IsoRules(CODE, EASTERN, IsoRules.LabelConvention.HOUR_BEGINNING, -2000, 10000),
                PjmDialect::new, PjmSimulator.SIMULATOR);
    }

    /**
     * Later revisions of an interval rank higher: a superseded row without a version number lowest, then the
     * unverified 5-minute price, then a verified one without a version number ({@code current}), then
     * {@code v<version_nbr>} by its number (a correction {@code v2} over {@code v1}).
     */
    @Override
    public int revisionRank(String revision) {
        if (revision == null) return 0;
        switch (revision) {
            case PjmDialect.SUPERSEDED:
                return 1;
            case PjmDialect.UNVERIFIED:
                return 2;
            case PjmDialect.CURRENT:
                return 3;
            default:
                if (revision.length() > 1 && revision.charAt(0) == 'v') {
                    int n = Timestamps.smallInt(revision.substring(1));
                    if (n >= 0) return 4 + n;
                }
                return 0;
        }
    }
}
