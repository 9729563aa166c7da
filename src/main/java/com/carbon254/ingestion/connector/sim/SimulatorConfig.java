package com.carbon254.ingestion.connector.sim;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Configuration of {@link SimulatorVerticle}; each key is declared, defaulted and validated here.
 *
 * @param host              interface to bind ({@code host}, default {@value #DEFAULT_HOST})
 * @param port              HTTP port ({@code port}, default {@value #DEFAULT_PORT}; 0 = any free port)
 * @param speed             simulated seconds per real second ({@code speed}, default 1)
 * @param seed              price model seed ({@code seed}, default {@value #DEFAULT_SEED})
 * @param start             simulated time at start ({@code start}, an ISO-8601 instant; null/absent = now)
 * @param caisoMinSpacingMs CAISO answers 429 to a request within this many ms of the last one it served
 *                          ({@code caiso_min_spacing_ms}, default {@value #DEFAULT_CAISO_MIN_SPACING_MS}; 0 = off)
 */
public record SimulatorConfig(String host, int port, double speed, long seed, Instant start, long caisoMinSpacingMs) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8590;
    public static final long DEFAULT_SEED = 254;
    public static final long DEFAULT_CAISO_MIN_SPACING_MS = 5000;
    public static final Set<String> KEYS = Set.of("host", "port", "speed", "seed", "start", "caiso_min_spacing_ms");

    public SimulatorConfig {
        List<String> errors = new ArrayList<>();
        if (host == null || host.isBlank()) errors.add("host must not be empty");
        if (port < 0 || port > 65535) errors.add("port must be 0..65535, got " + port);
        if (!(speed > 0) || Double.isInfinite(speed)) errors.add("speed must be a positive number, got " + speed);
        if (caisoMinSpacingMs < 0) errors.add("caiso_min_spacing_ms must be >= 0, got " + caisoMinSpacingMs);
        if (!errors.isEmpty()) throw new IllegalArgumentException("simulator config: " + String.join("; ", errors));
    }

    public static SimulatorConfig defaults() {
        return new SimulatorConfig(DEFAULT_HOST, DEFAULT_PORT, 1, DEFAULT_SEED, null, DEFAULT_CAISO_MIN_SPACING_MS);
    }

    /**
     * Reads a verticle config map (JSON types: numbers may be any {@link Number}, {@code start} a string).
     *
     * @throws IllegalArgumentException naming the key, for unknown keys and wrong types or values
     */
    public static SimulatorConfig from(Map<String, Object> m) {
        List<String> errors = new ArrayList<>();
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) errors.add("unknown key '" + k + "' (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
        }
        String host = string(m, "host", DEFAULT_HOST, errors);
        Number port = number(m, "port", DEFAULT_PORT, errors);
        Number speed = number(m, "speed", 1, errors);
        Number seed = number(m, "seed", DEFAULT_SEED, errors);
        Number spacing = number(m, "caiso_min_spacing_ms", DEFAULT_CAISO_MIN_SPACING_MS, errors);
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
        return new SimulatorConfig(host, port.intValue(), speed.doubleValue(), seed.longValue(), start,
                spacing.longValue());
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
