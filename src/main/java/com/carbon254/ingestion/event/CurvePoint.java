package com.carbon254.ingestion.event;

import java.time.LocalDate;

/**
 * A daily block average of day-ahead prices for one hub (DOMAIN.md trading calendar), published on
 * {@code aggregation.curve.prestage.v1} and {@code pricing.curve.updates.v1}.
 *
 * @param date     delivery date (the ISO's operating day)
 * @param block    {@link #ON_PEAK 5x16}, {@link #WEEKEND_PEAK 2x16} or {@link #NIGHT 7x8}
 * @param hours    hours that contributed
 * @param complete every hour of the block contributed
 */
public record CurvePoint(String tenant, String iso, String location, LocalDate date, String block, double price,
                         int hours, boolean complete) {
    public static final String ON_PEAK = "5x16";
    public static final String WEEKEND_PEAK = "2x16";
    public static final String NIGHT = "7x8";
}
