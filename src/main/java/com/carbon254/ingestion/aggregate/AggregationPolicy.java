package com.carbon254.ingestion.aggregate;

import com.carbon254.ingestion.pipeline.ConfigException;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code conf/aggregation_policies.yaml}: native interval and bar resolutions per market, operating-day zone per ISO,
 * rolling-metric window sizes (in intervals) per market, and how many operating days per series the aggregator keeps
 * in memory ({@code state_retention_days}, behind the newest day it has seen; older days are reloaded from the store
 * when a late row touches them).
 */
public record AggregationPolicy(Map<String, MarketPolicy> markets, Map<String, ZoneId> zones,
                                Map<String, List<Integer>> rolling, int stateRetentionDays) {
    public static final int DEFAULT_STATE_RETENTION_DAYS = 3;

    public AggregationPolicy(Map<String, MarketPolicy> markets, Map<String, ZoneId> zones) {
        this(markets, zones, Map.of());
    }

    public AggregationPolicy(Map<String, MarketPolicy> markets, Map<String, ZoneId> zones,
                             Map<String, List<Integer>> rolling) {
        this(markets, zones, rolling, DEFAULT_STATE_RETENTION_DAYS);
    }

    public static final Set<String> RESOLUTIONS = Set.of("5m", "15m", "1h", "1d");

    public record MarketPolicy(Duration interval, List<String> resolutions) {
    }

    public MarketPolicy market(String market) {
        return markets.get(market);
    }

    /** Operating-day zone; UTC when the policy names none (a visible default, never a silent guess per ISO). */
    public ZoneId zone(String iso) {
        return zones.getOrDefault(iso, ZoneId.of("UTC"));
    }

    /** Rolling window sizes (intervals) configured for a market; empty when none. */
    public List<Integer> rollingWindows(String market) {
        return rolling.getOrDefault(market, List.of());
    }

    /** Label of an interval length as in window names: {@code 5m}, {@code 15m}, {@code 1h}, {@code 1d}. */
    public static String label(Duration d) {
        long s = d.getSeconds();
        if (s % 86_400 == 0) return (s / 86_400) + "d";
        if (s % 3_600 == 0) return (s / 3_600) + "h";
        if (s % 60 == 0) return (s / 60) + "m";
        return s + "s";
    }

    public static Duration duration(String resolution) {
        return switch (resolution) {
            case "5m" -> Duration.ofMinutes(5);
            case "15m" -> Duration.ofMinutes(15);
            case "1h" -> Duration.ofHours(1);
            case "1d" -> Duration.ofDays(1);
            default -> throw new IllegalArgumentException("unknown resolution '" + resolution + "' (expected 5m|15m|1h|1d)");
        };
    }

    @SuppressWarnings("unchecked")
    public static AggregationPolicy from(Map<String, Object> y, String file) {
        List<String> problems = new ArrayList<>();
        for (String k : y.keySet()) {
            if (!Set.of("markets", "operating_day_zones", "rolling", "state_retention_days").contains(k)) {
                problems.add(file + ": unknown key '" + k + "'");
            }
        }
        Map<String, MarketPolicy> markets = new HashMap<>();
        if (y.get("markets") instanceof Map<?, ?> m) {
            ((Map<Object, Object>) m).forEach((mk, v) -> {
                String key = "markets." + mk;
                if (!(v instanceof Map<?, ?> mp)) {
                    problems.add(file + ": " + key + ": expected {interval, resolutions}");
                    return;
                }
                Duration interval = null;
                try {
                    interval = duration(String.valueOf(mp.get("interval")));
                } catch (IllegalArgumentException e) {
                    problems.add(file + ": " + key + ".interval: " + e.getMessage());
                }
                List<String> res = new ArrayList<>();
                if (mp.get("resolutions") instanceof List<?> l) {
                    for (Object r : l) {
                        String rs = String.valueOf(r);
                        if (!RESOLUTIONS.contains(rs)) {
                            problems.add(file + ": " + key + ".resolutions: unknown resolution '" + rs + "' (expected 5m|15m|1h|1d)");
                        } else if (interval != null && duration(rs).compareTo(interval) < 0) {
                            problems.add(file + ": " + key + ".resolutions: " + rs + " is finer than the interval");
                        } else {
                            res.add(rs);
                        }
                    }
                } else {
                    problems.add(file + ": " + key + ".resolutions: expected a list");
                }
                if (interval != null) markets.put(String.valueOf(mk), new MarketPolicy(interval, List.copyOf(res)));
            });
        } else {
            problems.add(file + ": markets: required mapping of market → {interval, resolutions}");
        }
        Map<String, ZoneId> zones = new HashMap<>();
        if (y.get("operating_day_zones") instanceof Map<?, ?> z) {
            ((Map<Object, Object>) z).forEach((iso, v) -> {
                try {
                    zones.put(String.valueOf(iso), ZoneId.of(String.valueOf(v)));
                } catch (DateTimeException e) {
                    problems.add(file + ": operating_day_zones." + iso + ": unknown zone '" + v + "'");
                }
            });
        } else if (y.get("operating_day_zones") != null) {
            problems.add(file + ": operating_day_zones: expected a mapping ISO → zone id");
        }
        Map<String, List<Integer>> rolling = new HashMap<>();
        if (y.get("rolling") instanceof Map<?, ?> r) {
            ((Map<Object, Object>) r).forEach((mk, v) -> {
                String key = "rolling." + mk;
                if (!markets.containsKey(String.valueOf(mk))) {
                    problems.add(file + ": " + key + ": market '" + mk + "' is not under markets");
                }
                if (!(v instanceof List<?> l) || l.isEmpty()) {
                    problems.add(file + ": " + key + ": expected a non-empty list of window sizes (intervals)");
                    return;
                }
                List<Integer> sizes = new ArrayList<>();
                for (Object n : l) {
                    if (n instanceof Integer i && i >= 1) {
                        if (!sizes.contains(i)) sizes.add(i);
                    } else {
                        problems.add(file + ": " + key + ": window size '" + n + "' is not a positive integer");
                    }
                }
                rolling.put(String.valueOf(mk), List.copyOf(sizes));
            });
        } else if (y.get("rolling") != null) {
            problems.add(file + ": rolling: expected a mapping market → [window sizes]");
        }
        int retention = DEFAULT_STATE_RETENTION_DAYS;
        Object r = y.get("state_retention_days");
        if (r instanceof Integer i && i >= 1 && i <= 366) {
            retention = i;
        } else if (r != null) {
            problems.add(file + ": state_retention_days: expected a whole number of operating days 1..366, found '"
                    + r + "'");
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new AggregationPolicy(Map.copyOf(markets), Map.copyOf(zones), Map.copyOf(rolling), retention);
    }
}
