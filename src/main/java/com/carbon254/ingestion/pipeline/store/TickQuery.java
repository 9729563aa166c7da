package com.carbon254.ingestion.pipeline.store;

import java.time.Instant;

/** Ticks of one location whose interval start lies in {@code [from, to)}. */
public record TickQuery(String tenant, String iso, String market, String location, Instant from, Instant to) {
}
