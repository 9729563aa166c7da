package com.carbon254.ingestion.store;

import java.time.Instant;

/**
 * Instants as microseconds since the epoch (UTC), the unit both stores keep: DuckDB's TIMESTAMP and the Int64 columns
 * in ClickHouse (18.16 has no DateTime64). Sub-microsecond digits are truncated toward the past, so a value read back
 * equals the value written whenever it had microsecond precision.
 */
public final class Micros {
    private Micros() {
    }

    public static long of(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
