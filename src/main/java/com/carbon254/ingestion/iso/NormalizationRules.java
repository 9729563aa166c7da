package com.carbon254.ingestion.iso;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Per-ISO normalization rules from {@code conf/normalization_rules.yaml}: the ISO's local zone, how its labels
 * relate to the interval, and a price floor/cap. An lmp outside floor/cap is an {@code out_of_range} anomaly
 * ({@code quality/QualityChecks}), never a rejection.
 *
 * <pre>
 * isos:
 *   MISO:
 *     zone: "-05:00"          # ZoneId: fixed offset or region
 *     label: hour_ending      # hour_ending | hour_beginning | interval_ending | interval_beginning
 *     price_floor: -2000      # USD/MWh, < price_cap
 *     price_cap: 10000
 *     congestion_sign: 1      # optional, 1 (default) or -1: how the ISO signs its congestion component
 * </pre>
 *
 * @param isos rules by upper-case ISO code
 */
public record NormalizationRules(Map<String, IsoRules> isos) {
    /** Where the deployment keeps the file, relative to the working directory. */
    public static final String DEFAULT_PATH = "conf/normalization_rules.yaml";

    private static final Set<String> TOP_KEYS = Set.of("isos");
    private static final Set<String> ISO_KEYS = Set.of("zone", "label", "price_floor", "price_cap",
            "congestion_sign");
    private static final Pattern ISO_CODE = Pattern.compile("[A-Z][A-Z0-9-]*");

    public NormalizationRules {
        isos = Map.copyOf(isos);
    }

    /** Invalid rules file; {@link #problems()} lists every problem, each naming the file and the key. */
    public static final class InvalidRulesException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        InvalidRulesException(List<String> problems) {
            super("invalid normalization rules:\n  " + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** Every registered ISO's own defaults ({@link Iso#defaultRules()}), which the shipped file repeats. */
    public static NormalizationRules defaults() {
        Map<String, IsoRules> m = new LinkedHashMap<>();
        for (Iso iso : Isos.all()) m.put(iso.code(), iso.defaultRules());
        return new NormalizationRules(m);
    }

    /**
     * These rules, checked to cover every ISO in {@code registered}: an ISO the deployment runs but whose rules the
     * file lacks would have every record rejected, so it is refused at start (and a live edit dropping it is refused
     * and logged, keeping the previous rules).
     *
     * @throws InvalidRulesException naming the file, each missing ISO and the entry its package suggests
     */
    public NormalizationRules requireAll(java.util.Collection<Iso> registered, String source) {
        List<String> problems = new ArrayList<>();
        for (Iso iso : registered) {
            if (!isos.containsKey(iso.code())) {
                problems.add(source + ": isos." + iso.code() + ": missing; " + iso.code() + " is a registered ISO, so"
                        + " it needs rules (its package's defaults: " + iso.defaultRules().yaml() + ")");
            }
        }
        if (!problems.isEmpty()) throw new InvalidRulesException(problems);
        return this;
    }

    public Optional<IsoRules> forIso(String iso) {
        return Optional.ofNullable(iso == null ? null : isos.get(iso));
    }

    /**
     * Reads and validates a rules file.
     *
     * @throws InvalidRulesException listing every problem (file unreadable, not YAML, unknown or missing keys, bad
     *                               zone/label/number, floor not below cap)
     */
    public static NormalizationRules load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidRulesException(List.of(file + ": cannot read: " + e));
        }
        return parse(text, file.toString());
    }

    /** Parses YAML text; {@code source} names the file in error messages. */
    public static NormalizationRules parse(String yamlText, String source) {
        List<String> problems = new ArrayList<>();
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).load(yamlText);
        } catch (YAMLException e) {
            throw new InvalidRulesException(List.of(source + ": not valid YAML: " + e.getMessage()));
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new InvalidRulesException(List.of(source + ": expected a mapping with key 'isos', found "
                    + describe(root)));
        }
        for (Object k : top.keySet()) {
            if (!TOP_KEYS.contains(String.valueOf(k))) problems.add(source + ": " + k + ": unknown key (expected isos)");
        }
        Map<String, IsoRules> out = new LinkedHashMap<>();
        Object isos = top.get("isos");
        if (!(isos instanceof Map<?, ?> isoMap) || isoMap.isEmpty()) {
            problems.add(source + ": isos: required, a non-empty mapping of ISO code to rules; found " + describe(isos));
        } else {
            for (Map.Entry<?, ?> e : isoMap.entrySet()) {
                String iso = String.valueOf(e.getKey());
                String at = source + ": isos." + iso;
                if (!ISO_CODE.matcher(iso).matches()) {
                    problems.add(at + ": ISO code must be upper case like MISO or CAISO");
                }
                if (!(e.getValue() instanceof Map<?, ?> rule)) {
                    problems.add(at + ": expected a mapping with zone, label, price_floor, price_cap; found "
                            + describe(e.getValue()));
                    continue;
                }
                int before = problems.size();
                for (Object k : rule.keySet()) {
                    if (!ISO_KEYS.contains(String.valueOf(k))) {
                        problems.add(at + "." + k + ": unknown key (expected zone, label, price_floor, price_cap,"
                                + " congestion_sign)");
                    }
                }
                ZoneId zone = null;
                Object z = rule.get("zone");
                if (!(z instanceof String zs) || zs.isBlank()) {
                    problems.add(at + ".zone: required, a zone id like America/Chicago or -05:00; found " + describe(z));
                } else {
                    try {
                        zone = ZoneId.of(zs);
                    } catch (DateTimeException ex) {
                        problems.add(at + ".zone: '" + zs + "' is not a zone id (" + ex.getMessage() + ")");
                    }
                }
                IsoRules.LabelConvention label = null;
                Object l = rule.get("label");
                if (l instanceof String ls) label = IsoRules.LabelConvention.parse(ls).orElse(null);
                if (label == null) {
                    problems.add(at + ".label: required, one of hour_ending, hour_beginning, interval_ending,"
                            + " interval_beginning; found " + describe(l));
                }
                Double floor = number(rule.get("price_floor"), at + ".price_floor", problems);
                Double cap = number(rule.get("price_cap"), at + ".price_cap", problems);
                if (floor != null && cap != null && floor >= cap) {
                    problems.add(at + ".price_floor: " + floor + " must be below price_cap " + cap);
                }
                int sign = 1;
                Object cs = rule.get("congestion_sign");
                if (cs != null) {
                    if (cs instanceof Integer i && (i == 1 || i == -1)) {
                        sign = i;
                    } else {
                        problems.add(at + ".congestion_sign: 1 or -1; found " + describe(cs));
                    }
                }
                if (problems.size() == before) out.put(iso, new IsoRules(iso, zone, label, floor, cap, sign));
            }
        }
        if (!problems.isEmpty()) throw new InvalidRulesException(problems);
        return new NormalizationRules(out);
    }

    private static Double number(Object v, String at, List<String> problems) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) return d;
        }
        problems.add(at + ": required, a finite number in USD/MWh; found " + describe(v));
        return null;
    }

    private static String describe(Object v) {
        if (v == null) return "nothing";
        if (v instanceof String s) return "'" + s + "'";
        if (v instanceof Map) return "a mapping";
        if (v instanceof List) return "a list";
        return v.getClass().getSimpleName() + " " + v;
    }
}
