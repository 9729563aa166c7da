package com.carbon254.ingestion.project;

import com.carbon254.ingestion.pipeline.TimeBounds;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Validates query-string parameters of the read API and collects every problem, so one 400 answer lists them all.
 * A time bound is read by {@link TimeBounds}.
 */
final class QueryParams {
    private final Function<String, String> source;
    private final List<String> problems = new ArrayList<>();

    /** Longest value a parameter may have: ISO location names are far shorter. */
    static final int MAX_LENGTH = 512;

    /**
     * A value with a control character (NUL, a line break, …) or longer than {@link #MAX_LENGTH} is a problem of its
     * own and read as absent: a store could cut a string at its NUL and answer for the shorter name.
     */
    QueryParams(Function<String, String> source) {
        this.source = name -> {
            String v = source.apply(name);
            if (v == null) return null;
            if (v.length() > MAX_LENGTH) {
                problems.add(name + ": longer than " + MAX_LENGTH + " characters");
                return null;
            }
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    problems.add(name + ": contains a control character (code " + (int) c + ")");
                    return null;
                }
            }
            return v;
        };
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
        try {
            return TimeBounds.parse(v, zone);
        } catch (DateTimeException e) {
            problems.add(TimeBounds.problem(name, v.trim()));
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
