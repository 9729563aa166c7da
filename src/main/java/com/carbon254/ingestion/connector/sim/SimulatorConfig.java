package com.carbon254.ingestion.connector.sim;

import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.iso.sim.IsoSimulator.RateLimit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Configuration of {@link SimulatorVerticle}; each key is declared, defaulted and validated here, except the rate-limit
 * spacings, whose keys and defaults the simulated ISOs declare ({@link RateLimit}).
 *
 * @param host         interface to bind ({@code host}, default {@value #DEFAULT_HOST})
 * @param port         HTTP port ({@code port}, default {@value #DEFAULT_PORT}; 0 = any free port)
 * @param speed        simulated seconds per real second ({@code speed}, default 1)
 * @param seed         price model seed ({@code seed}, default {@value #DEFAULT_SEED})
 * @param start        simulated time at start ({@code start}, an ISO-8601 instant; null/absent = now)
 * @param minSpacingMs by rate-limit config key: an ISO answers 429 to a request within this many ms of the last one
 *                     it served (0 = off); a key not given takes the ISO's default
 */
public record SimulatorConfig(String host, int port, double speed, long seed, Instant start,
                              Map<String, Long> minSpacingMs) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8590;
    public static final long DEFAULT_SEED = 254;
    /** The keys every simulator takes; the registered ISOs' rate-limit keys come on top. */
    public static final Set<String> KEYS = Set.of("host", "port", "speed", "seed", "start");

    public SimulatorConfig {
        List<String> errors = new ArrayList<>();
        if (host == null || host.isBlank()) errors.add("host must not be empty");
        if (port < 0 || port > 65535) errors.add("port must be 0..65535, got " + port);
        if (!(speed > 0) || Double.isInfinite(speed)) errors.add("speed must be a positive number, got " + speed);
        minSpacingMs.forEach((k, v) -> {
            if (v < 0) errors.add(k + " must be >= 0, got " + v);
        });
        if (!errors.isEmpty()) throw new IllegalArgumentException("simulator config: " + String.join("; ", errors));
        minSpacingMs = Collections.unmodifiableMap(new LinkedHashMap<>(minSpacingMs));
    }

    public static SimulatorConfig defaults() {
        return new SimulatorConfig(DEFAULT_HOST, DEFAULT_PORT, 1, DEFAULT_SEED, null, Map.of());
    }

    /** The spacing of {@code limit} in ms: as configured, else the ISO's default. */
    public long minSpacingMs(RateLimit limit) {
        return minSpacingMs.getOrDefault(limit.configKey(), limit.defaultSpacingMs());
    }

    /** {@link #from(Map, List)} for every registered ISO. */
    public static SimulatorConfig from(Map<String, Object> m) {
        return from(m, Isos.all());
    }

    /**
     * Reads a verticle config map (JSON types: numbers may be any {@link Number}, {@code start} a string).
     *
     * @param isos the simulated ISOs, whose rate-limit keys are accepted
     * @throws IllegalArgumentException naming the key, for unknown keys and wrong types or values
     */
    public static SimulatorConfig from(Map<String, Object> m, List<Iso> isos) {
        List<RateLimit> limits = rateLimits(isos);
        Set<String> known = new TreeSet<>(KEYS);
        limits.forEach(l -> known.add(l.configKey()));
        List<String> errors = new ArrayList<>();
        for (String k : m.keySet()) {
            if (!known.contains(k)) errors.add("unknown key '" + k + "' (known: " + String.join(", ", known) + ")");
        }
        String host = string(m, "host", DEFAULT_HOST, errors);
        Number port = number(m, "port", DEFAULT_PORT, errors);
        Number speed = number(m, "speed", 1, errors);
        Number seed = number(m, "seed", DEFAULT_SEED, errors);
        Map<String, Long> spacing = new LinkedHashMap<>();
        for (RateLimit l : limits) {
            spacing.put(l.configKey(), number(m, l.configKey(), l.defaultSpacingMs(), errors).longValue());
        }
        String startText = string(m, "start", null, errors);
        Instant start = null;
        if (startText != null) {
            try {
                start = Instant.parse(startText);
            } catch (DateTimeParseException e) {
                errors.add("start must be an ISO-8601 instant such as 2024-11-03T12:00:00Z, got '" + startText + "'");
            }
        }
        if (port.doubleValue() != port.intValue()) errors.add("port must be an integer, got " + port);
        if (!errors.isEmpty()) throw new IllegalArgumentException("simulator config: " + String.join("; ", errors));
        return new SimulatorConfig(host, port.intValue(), speed.doubleValue(), seed.longValue(), start, spacing);
    }

    /** The distinct rate limits of {@code isos}' endpoints, in ISO and service order. */
    static List<RateLimit> rateLimits(List<Iso> isos) {
        Map<String, RateLimit> byKey = new LinkedHashMap<>();
        for (Iso iso : isos) {
            iso.simulator().services().forEach(s -> s.endpoints().forEach(e -> {
                if (e.rateLimit() != null) byKey.putIfAbsent(e.rateLimit().configKey(), e.rateLimit());
            }));
        }
        return List.copyOf(byKey.values());
    }

    private static String string(Map<String, Object> m, String key, String dflt, List<String> errors) {
        Object v = m.get(key);
        if (v == null) return dflt;
        if (v instanceof String s) return s;
        errors.add(key + " must be a string, got " + v.getClass().getSimpleName() + " " + v);
        return dflt;
    }

    private static Number number(Map<String, Object> m, String key, Number dflt, List<String> errors) {
        Object v = m.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n;
        errors.add(key + " must be a number, got " + v.getClass().getSimpleName() + " '" + v + "'");
        return dflt;
    }
}
