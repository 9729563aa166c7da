package com.carbon254.ingestion.pipeline.store;

import com.carbon254.ingestion.event.Component;

import java.time.Instant;

/** Bars of one series whose start lies in {@code [from, to)}. */
public record BarQuery(String tenant, String iso, String market, String location, Component component,
                       String resolution, Instant from, Instant to) {
}
