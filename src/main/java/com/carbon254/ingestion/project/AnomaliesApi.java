package com.carbon254.ingestion.project;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.pipeline.store.AnomalyQuery;
import com.carbon254.ingestion.pipeline.store.StoreQueries;
import com.carbon254.ingestion.ops.auth.Callers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /api/v1/anomalies?iso=&type=&from=&to=} → {@code {"anomalies": [{"iso", "dataset", "location",
 * "interval", "type", "detail", "at"}]}}: the data-quality stream as stored. Every parameter is optional; the window
 * {@code [from, to)} applies to {@code interval}, or to {@code at} for an anomaly without one (a rejected document);
 * a date bound is midnight UTC. Newest first, at most {@value AnomalyQuery#MAX_LIMIT}. Times are UTC with {@code Z};
 * absent fields are {@code null}. Bad parameters get a 400 listing every problem.
 */
public final class AnomaliesApi {
    /** The types the pipeline emits (issue 4); an unknown {@code type} is a typo, answered with a 400. */
    public static final Set<String> TYPES = Set.of("missing_interval", "conflicting_duplicate", "component_mismatch",
            "out_of_range", "stale_feed", "schema_drift", "empty_document", "unknown_location");

    private final StoreQueries store;
    private final String tenant;

    public AnomaliesApi(StoreQueries store, String tenant) {
        this.store = store;
        this.tenant = tenant;
    }

    public void mount(Router router) {
        router.get("/api/v1/anomalies").handler(this::anomalies);
    }

    private void anomalies(RoutingContext rc) {
        QueryParams p = new QueryParams(rc.request()::getParam);
        List<String> problems = new ArrayList<>();
        String iso = optional(rc, "iso");
        if (iso != null) iso = iso.toUpperCase(Locale.ROOT);
        String type = optional(rc, "type");
        if (type != null) {
            type = type.toLowerCase(Locale.ROOT);
            if (!TYPES.contains(type)) {
                problems.add("type: '" + type + "' is not one of " + String.join("|", new TreeSet<>(TYPES)));
            }
        }
        Instant from = p.time("from", ZoneOffset.UTC, null);
        Instant to = p.time("to", ZoneOffset.UTC, null);
        problems.addAll(p.problems());
        if (from != null && to != null && !from.isBefore(to)) problems.add("from: must be before to");
        if (!problems.isEmpty()) {
            QueryApi.badRequest(rc, problems);
            return;
        }
        QueryApi.respond(rc, store.queryAnomalies(new AnomalyQuery(Callers.tenant(rc, tenant), iso, type, from, to,
                        AnomalyQuery.MAX_LIMIT))
                .map(list -> new JsonObject().put("anomalies",
                        new JsonArray(list.stream().map(AnomaliesApi::json).toList()))));
    }

    private static String optional(RoutingContext rc, String name) {
        String v = rc.request().getParam(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    static JsonObject json(Anomaly a) {
        return new JsonObject().put("iso", a.iso()).put("dataset", a.dataset()).put("location", a.location())
                .put("interval", a.interval() == null ? null : a.interval().toString()).put("type", a.type())
                .put("detail", a.detail()).put("at", a.at() == null ? null : a.at().toString());
    }
}
