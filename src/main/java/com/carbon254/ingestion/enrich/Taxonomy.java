package com.carbon254.ingestion.enrich;

import com.carbon254.ingestion.pipeline.ConfigException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The enrichment taxonomy ({@code conf/enrichment_taxonomy.yaml}) as an immutable lookup. Built once per (re)load;
 * lookups are lock-free and allocation-free on the hot path.
 */
public final class Taxonomy {
    /** Type given to locations the taxonomy does not know. */
    public static final String UNKNOWN = "unknown";

    public record Entry(String type, String hub, String zone) {
    }

    private record Rule(Pattern pattern, Entry entry) {
    }

    private final long ttlSeconds;
    private final String commodity;
    private final Map<String, String> products;
    private final Map<String, Map<String, Entry>> locations;
    private final Map<String, List<Rule>> patterns;
    private final Map<String, Map<String, String>> isoTypes;
    /**
     * Resolved lookups. The taxonomy is immutable, so a location's answer never changes for this instance; regex rules
     * then run once per location instead of once per tick. Bounded by the number of distinct locations; a reload
     * builds a new instance with an empty cache.
     */
    private final Map<String, Optional<Entry>> resolved = new ConcurrentHashMap<>();

    private Taxonomy(long ttlSeconds, String commodity, Map<String, String> products,
                     Map<String, Map<String, Entry>> locations, Map<String, List<Rule>> patterns,
                     Map<String, Map<String, String>> isoTypes) {
        this.ttlSeconds = ttlSeconds;
        this.commodity = commodity;
        this.products = products;
        this.locations = locations;
        this.patterns = patterns;
        this.isoTypes = isoTypes;
    }

    public long ttlSeconds() {
        return ttlSeconds;
    }

    public String commodity() {
        return commodity;
    }

    /** Product for a market; the market id itself when the file names none. */
    public String product(String market) {
        return products.getOrDefault(market, market);
    }

    /**
     * @param isoType the ISO's own type label carried by the tick, may be null
     * @return the entry, or {@code null} when the location is unknown
     */
    public Entry lookup(String iso, String location, String isoType) {
        String key = iso + '\u0000' + location + '\u0000' + isoType;
        return resolved.computeIfAbsent(key, k -> Optional.ofNullable(resolve(iso, location, isoType))).orElse(null);
    }

    private Entry resolve(String iso, String location, String isoType) {
        Map<String, Entry> byLoc = locations.get(iso);
        if (byLoc != null) {
            Entry e = byLoc.get(location);
            if (e != null) return e;
        }
        List<Rule> rules = patterns.get(iso);
        if (rules != null) {
            for (Rule r : rules) {
                if (r.pattern.matcher(location).matches()) return r.entry;
            }
        }
        if (isoType != null) {
            Map<String, String> t = isoTypes.get(iso);
            String mapped = t == null ? null : t.get(isoType);
            if (mapped != null) return new Entry(mapped, null, null);
        }
        return null;
    }

    /** Parses and validates the YAML map; every problem names {@code file} and the key. */
    @SuppressWarnings("unchecked")
    public static Taxonomy from(Map<String, Object> y, String file) {
        List<String> problems = new ArrayList<>();
        for (String k : y.keySet()) {
            if (!Set.of("ttl_seconds", "commodity", "products", "locations", "patterns", "iso_types").contains(k)) {
                problems.add(file + ": unknown key '" + k + "'");
            }
        }
        long ttl = 60;
        Object t = y.get("ttl_seconds");
        if (t != null) {
            if (t instanceof Number n && n.longValue() > 0) ttl = n.longValue();
            else problems.add(file + ": ttl_seconds: must be a positive integer, found '" + t + "'");
        }
        String commodity = String.valueOf(y.getOrDefault("commodity", "power"));
        Map<String, String> products = new HashMap<>();
        mapOf(y.get("products"), file, "products", problems).forEach((k, v) -> products.put(k, String.valueOf(v)));

        Map<String, Map<String, Entry>> locs = new HashMap<>();
        mapOf(y.get("locations"), file, "locations", problems).forEach((iso, v) -> {
            Map<String, Entry> m = new HashMap<>();
            mapOf(v, file, "locations." + iso, problems).forEach((loc, e) -> {
                Entry entry = entry(e, file, "locations." + iso + "." + loc, problems);
                if (entry != null) m.put(loc, entry);
            });
            locs.put(iso, Map.copyOf(m));
        });
        Map<String, List<Rule>> pats = new HashMap<>();
        mapOf(y.get("patterns"), file, "patterns", problems).forEach((iso, v) -> {
            List<Rule> rules = new ArrayList<>();
            if (!(v instanceof List<?> list)) {
                problems.add(file + ": patterns." + iso + ": expected a list of {match, type}");
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                String key = "patterns." + iso + "[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> m) || m.get("match") == null) {
                    problems.add(file + ": " + key + ": expected {match: <regex>, type: <type>}");
                    continue;
                }
                Entry e = entry(m, file, key, problems);
                try {
                    if (e != null) rules.add(new Rule(Pattern.compile(String.valueOf(m.get("match"))), e));
                } catch (PatternSyntaxException ex) {
                    problems.add(file + ": " + key + ".match: invalid regex (" + ex.getDescription() + ")");
                }
            }
            pats.put(iso, List.copyOf(rules));
        });
        Map<String, Map<String, String>> isoTypes = new HashMap<>();
        mapOf(y.get("iso_types"), file, "iso_types", problems).forEach((iso, v) -> {
            Map<String, String> m = new HashMap<>();
            mapOf(v, file, "iso_types." + iso, problems).forEach((k, val) -> m.put(k, String.valueOf(val)));
            isoTypes.put(iso, Map.copyOf(m));
        });
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new Taxonomy(ttl, commodity, Map.copyOf(products), Map.copyOf(locs), Map.copyOf(pats),
                Map.copyOf(isoTypes));
    }

    private static Entry entry(Object o, String file, String key, List<String> problems) {
        if (!(o instanceof Map<?, ?> m) || m.get("type") == null) {
            problems.add(file + ": " + key + ": expected a mapping with at least 'type'");
            return null;
        }
        for (Object k : m.keySet()) {
            if (!Set.of("type", "hub", "zone", "match").contains(String.valueOf(k))) {
                problems.add(file + ": " + key + "." + k + ": unknown key (expected type, hub, zone)");
            }
        }
        return new Entry(String.valueOf(m.get("type")), str(m.get("hub")), str(m.get("zone")));
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOf(Object o, String file, String key, List<String> problems) {
        if (o == null) return Map.of();
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<Object, Object>) m).forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        problems.add(file + ": " + key + ": expected a mapping");
        return Map.of();
    }
}
