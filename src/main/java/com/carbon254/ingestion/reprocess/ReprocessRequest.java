package com.carbon254.ingestion.reprocess;

import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.pipeline.TimeBounds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A validated {@code POST /reprocess} body: {@code {"from", "to", "isos"?, "stage"?, "tenant"?}}.
 *
 * <p>{@code from} and {@code to} are read like every time bound of the API ({@link TimeBounds}): an instant, or a
 * date meaning the start of that operating day in each ISO's zone — so one request over MISO and CAISO replays each
 * ISO's own days. The window is {@code [from, to)}: the intervals whose END lies in {@code (from, to]}.
 *
 * @param windows per ISO to replay, its {@code [from, to)} in instants
 * @param stage   the first stage the replay goes through: {@code normalizer}, {@code enricher} or {@code aggregator}
 */
public record ReprocessRequest(String from, String to, Set<String> isos, Stage stage, String tenant,
                               TreeMap<String, Window> windows) {
    private static final Set<String> KEYS = Set.of("from", "to", "isos", "stage", "tenant");

    public record Window(Instant from, Instant to) {
    }

    /** Every problem of a body, so one 400 answer lists them all. */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        Invalid(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /**
     * @param known         the ISOs this deployment knows
     * @param defaultStage  the stage used when the body names none (the first of this process's stages)
     * @param defaultTenant the deployment's tenant
     * @param zone          each ISO's operating-day zone (dates)
     * @throws Invalid listing every problem
     */
    public static ReprocessRequest parse(JsonObject body, Set<String> known, Stage defaultStage,
                                         String defaultTenant, Function<String, ZoneId> zone) {
        List<String> problems = new ArrayList<>();
        if (body == null) throw new Invalid(List.of("body: required, a JSON object {\"from\", \"to\", \"isos\"?,"
                + " \"stage\"?, \"tenant\"?}"));
        for (String k : new TreeSet<>(body.fieldNames())) {
            if (!KEYS.contains(k)) problems.add(k + ": unknown field (expected from, to, isos, stage, tenant)");
        }
        String from = string(body, "from", true, problems);
        String to = string(body, "to", true, problems);
        Set<String> isos = new TreeSet<>();
        Object raw = body.getValue("isos");
        if (raw instanceof String s) raw = new JsonArray().add(s);
        if (raw instanceof JsonArray a) {
            for (Object o : a) {
                String iso = o == null ? "" : o.toString().trim().toUpperCase(Locale.ROOT);
                if (!known.contains(iso)) {
                    problems.add("isos: '" + o + "' is not one of " + String.join("|", new TreeSet<>(known)));
                } else {
                    isos.add(iso);
                }
            }
        } else if (raw != null) {
            problems.add("isos: expected a list of ISO names such as [\"MISO\"]");
        }
        String stageText = string(body, "stage", false, problems);
        Stage stage = defaultStage;
        if (stageText != null) {
            stage = Stage.parse(stageText).filter(Stage.REPLAYABLE::contains).orElse(null);
            if (stage == null) {
                problems.add("stage: '" + stageText + "' is not one of " + Stage.names(Stage.REPLAYABLE));
            }
        }
        String tenant = string(body, "tenant", false, problems);
        if (tenant == null) tenant = defaultTenant;
        TreeMap<String, Window> windows = new TreeMap<>();
        if (from != null && to != null) {
            for (String iso : isos.isEmpty() ? new TreeSet<>(known) : isos) {
                ZoneId z = zone.apply(iso);
                Instant f = bound("from", from, z, problems);
                Instant t = bound("to", to, z, problems);
                if (f == null || t == null) break;
                if (!f.isBefore(t)) {
                    problems.add("to: must be after from (the window is [from, to): to reprocess one day D alone,"
                            + " give from D and to D+1)");
                    break;
                }
                windows.put(iso, new Window(f, t));
            }
        }
        if (!problems.isEmpty()) throw new Invalid(problems);
        return new ReprocessRequest(from, to, Set.copyOf(isos), stage, tenant, windows);
    }

    private static Instant bound(String name, String text, ZoneId zone, List<String> problems) {
        try {
            return TimeBounds.parse(text, zone);
        } catch (DateTimeException e) {
            problems.add(TimeBounds.problem(name, text));
            return null;
        }
    }

    private static String string(JsonObject body, String key, boolean required, List<String> problems) {
        Object v = body.getValue(key);
        if (v == null) {
            if (required) problems.add(key + ": required");
            return null;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            problems.add(key + ": expected a non-empty string");
            return null;
        }
        return s.trim();
    }

    /** Whether a record's interval (by its end) belongs to the window of its ISO. */
    public boolean inWindow(String iso, Instant intervalEnd) {
        Window w = windows.get(iso);
        return w != null && intervalEnd.isAfter(w.from()) && !intervalEnd.isAfter(w.to());
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject().put("from", from).put("to", to).put("stage", stage.id()).put("tenant", tenant);
        if (!isos.isEmpty()) o.put("isos", new JsonArray(new ArrayList<>(new TreeSet<>(isos))));
        return o;
    }
}
