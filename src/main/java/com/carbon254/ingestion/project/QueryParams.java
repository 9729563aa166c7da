package com.carbon254.ingestion.project;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Validates query-string parameters of the read API and collects every problem, so one 400 answer lists them all.
 * A time bound accepts an ISO-8601 instant ({@code 2020-01-02T08:00:00Z}, with offset) or a date, which means the
 * start of that operating day in the ISO's zone (CAISO {@code 2020-01-01} → {@code 2020-01-01T08:00:00Z}).
 */
final class QueryParams {
    private final Function<String, String> source;
    private final List<String> problems = new ArrayList<>();

    QueryParams(Function<String, String> source) {
        this.source = source;
    }

    List<String> problems() {
        return problems;
    }

    String required(String name) {
        String v = source.apply(name);
        if (v == null || v.isBlank()) {
            problems.add(name + ": required");
            return null;
        }
        return v.trim();
    }

    String oneOf(String name, Set<String> allowed, boolean upper) {
        String v = required(name);
        if (v == null) return null;
        String n = upper ? v.toUpperCase(java.util.Locale.ROOT) : v.toLowerCase(java.util.Locale.ROOT);
        if (!allowed.contains(n)) {
            problems.add(name + ": '" + v + "' is not one of " + String.join("|", new java.util.TreeSet<>(allowed)));
            return null;
        }
        return n;
    }

    Instant time(String name, ZoneId zone, Instant dflt) {
        String v = source.apply(name);
        if (v == null || v.isBlank()) return dflt;
        v = v.trim();
        try {
            if (v.length() == 10) return LocalDate.parse(v).atStartOfDay(zone).toInstant();
            if (v.endsWith("Z") || v.endsWith("z")) return Instant.parse(v.toUpperCase(java.util.Locale.ROOT));
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            problems.add(name + ": '" + v + "' is neither a date (YYYY-MM-DD) nor an ISO-8601 instant with zone");
            return dflt;
        }
    }

    /** An optional {@code YYYY-MM-DD} date. */
    LocalDate date(String name) {
        String v = source.apply(name);
        if (v == null || v.isBlank()) return null;
        try {
            return LocalDate.parse(v.trim());
        } catch (DateTimeException e) {
            problems.add(name + ": '" + v + "' is not a date (YYYY-MM-DD)");
            return null;
        }
    }
}
