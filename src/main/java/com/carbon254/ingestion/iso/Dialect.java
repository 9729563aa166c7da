package com.carbon254.ingestion.iso;

import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Tick;

/**
 * How one ISO's raw records become canonical ticks: its time conventions, its component names, its derivations
 * (DOMAIN.md "Per-ISO conventions"). Made by {@link Iso#dialect} for one version of the ISO's rules.
 *
 * <p>Pure and thread-safe: every call keeps its state on the stack and in {@code out}, so one instance serves every
 * verticle instance.
 */
@FunctionalInterface
public interface Dialect {
    /**
     * @return the record's tick, or null after {@link Rejections#reject} said why: exactly one of the two
     */
    Tick normalize(RawRecord record, Rejections out);
}
