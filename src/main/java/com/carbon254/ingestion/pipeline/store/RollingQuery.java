package com.carbon254.ingestion.pipeline.store;

import com.carbon254.ingestion.event.Component;

import java.time.Instant;

/** Rolling metrics of one series and window whose {@code window_end} lies in {@code [from, to)}. */
public record RollingQuery(String tenant, String iso, String market, String location, Component component,
                           String window, Instant from, Instant to) {
}
