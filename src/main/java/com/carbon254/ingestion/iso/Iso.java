package com.carbon254.ingestion.iso;

import com.carbon254.ingestion.iso.sim.IsoSimulator;

import java.time.ZoneId;

/**
 * One ISO, everything the pipeline needs to know about it that is the ISO's own, in one package
 * ({@code iso.<name>}): its connector (recognises and extracts the ISO's documents), its normalization dialect
 * (labels to UTC intervals, components, revisions), its default rules and operating-day zone, and how the simulator
 * serves it ({@link IsoSimulator}: its prices, endpoints in the ISO's wire formats, rate limit and faults). Registered
 * in {@link Isos}; README "Adding an ISO" lists the rest (its {@code connectors/<name>/connector.yaml}, schema and the
 * entries in the three {@code conf/*.yaml} files).
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface Iso {
    /** Upper-case code as in ticks, topics and the conf files ({@code MISO}). */
    String code();

    /** Extracts the ISO's documents; {@code connector().iso()} is {@link #code()}. */
    Connector connector();

    /**
     * The zone of the ISO's operating day (its daily bars, day-ahead grids and curve blocks): the ISO's prevailing
     * local time (CAISO {@code America/Los_Angeles}), or a fixed offset where the ISO keeps one all year (MISO EST).
     * {@code operating_day_zones} in {@code conf/aggregation_policies.yaml} repeats it.
     */
    ZoneId operatingDayZone();

    /** The rules the shipped {@code conf/normalization_rules.yaml} gives this ISO, and start-up errors suggest. */
    IsoRules defaultRules();

    /** This ISO's normalization for one version of its rules (the rules file is hot-reloaded). */
    Dialect dialect(IsoRules rules);

    /** How the ISO simulator ({@code ingestion simulate}, the {@code simulator} stage) serves this ISO. */
    IsoSimulator simulator();

    /**
     * How this ISO's revision labels of one interval rank, later revisions higher (MISO: ex-post over ex-ante); what
     * the served latest values compare after the interval start, so an older revision never replaces a newer one.
     * Default: every label ranks the same (the later write wins).
     */
    default int revisionRank(String revision) {
        return 0;
    }
}
