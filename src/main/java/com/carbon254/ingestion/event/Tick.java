package com.carbon254.ingestion.event;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The canonical tick (DOMAIN.md): one per (tenant, iso, market, location, interval_start). Instants are UTC and
 * the interval is half-open {@code [intervalStart, intervalEnd)}. Absent components are {@code NaN}.
 *
 * @param operatingDay the ISO's trade/operating date the interval belongs to
 * @param localLabel   the ISO's own label (e.g. {@code 2011-07-16 HE 1}), kept for audit
 * @param derived      bit mask of {@link Component#bit()} for components computed rather than published
 * @param revision     ISO revision label ({@code expost}, {@code exante}, {@code final}, ...)
 * @param documentId   sha256 of the Bronze document it came from
 * @param locationId   the ISO's numeric id of the location (PJM {@code pnode_id}, NYISO {@code PTID}, ISO-NE
 *                     {@code LocId}) where it publishes one, else null; not part of the tick's identity
 */
public record Tick(String tenant, String iso, String market, String location, String locationType,
                   Instant intervalStart, Instant intervalEnd, LocalDate operatingDay, String localLabel,
                   double lmp, double energy, double congestion, double loss, double ghg, int derived,
                   String revision, String documentId, long position, String locationId) {

    /** A tick of a location the ISO names without a numeric id. */
    public Tick(String tenant, String iso, String market, String location, String locationType,
                Instant intervalStart, Instant intervalEnd, LocalDate operatingDay, String localLabel,
                double lmp, double energy, double congestion, double loss, double ghg, int derived,
                String revision, String documentId, long position) {
        this(tenant, iso, market, location, locationType, intervalStart, intervalEnd, operatingDay, localLabel, lmp,
                energy, congestion, loss, ghg, derived, revision, documentId, position, null);
    }

    public double value(Component c) {
        return switch (c) {
            case LMP -> lmp;
            case ENERGY -> energy;
            case CONGESTION -> congestion;
            case LOSS -> loss;
            case GHG -> ghg;
        };
    }

    public boolean isDerived(Component c) {
        return (derived & c.bit()) != 0;
    }
}
