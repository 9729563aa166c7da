package com.carbon254.ingestion.pipeline;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Locale;

/**
 * How every API and command reads a time bound: an ISO-8601 instant ({@code 2020-01-02T08:00:00Z}, or with an
 * offset) or a date, which means the start of that operating day in the ISO's zone (CAISO {@code 2020-01-01} →
 * {@code 2020-01-01T08:00:00Z}).
 */
public final class TimeBounds {
    private TimeBounds() {
    }

    /** @throws DateTimeException when {@code text} is neither form */
    public static Instant parse(String text, ZoneId zone) {
        String v = text.trim();
        if (v.length() == 10) return LocalDate.parse(v).atStartOfDay(zone).toInstant();
        if (v.endsWith("Z") || v.endsWith("z")) return Instant.parse(v.toUpperCase(Locale.ROOT));
        return OffsetDateTime.parse(v).toInstant();
    }

    /** The message for a bound that does not parse. */
    public static String problem(String name, String text) {
        return name + ": '" + text + "' is neither a date (YYYY-MM-DD) nor an ISO-8601 instant with zone";
    }
}
