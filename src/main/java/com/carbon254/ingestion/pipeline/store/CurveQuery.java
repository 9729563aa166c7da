package com.carbon254.ingestion.pipeline.store;

import java.time.LocalDate;

/** Curve block points of one hub whose delivery date lies in {@code [from, to)}. */
public record CurveQuery(String tenant, String iso, String location, LocalDate from, LocalDate to) {
}
