package com.carbon254.ingestion.event;

import java.time.Instant;

/**
 * An OHLC bar over {@code [start, end)} for one (tenant, iso, market, location, component, resolution). Recomputed
 * from its contributing intervals, so it is a pure function of the latest tick per interval.
 *
 * @param expected number of intervals the bucket should hold (23/24/25 hours on a DST operating day)
 * @param complete {@code count == expected}
 */
public record Bar(String tenant, String iso, String market, String location, Component component, String resolution,
                  Instant start, Instant end, double open, double high, double low, double close, double mean,
                  int count, int expected, boolean complete) {
}
