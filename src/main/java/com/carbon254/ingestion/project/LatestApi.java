package com.carbon254.ingestion.project;

import com.carbon254.ingestion.pipeline.store.LatestStore;
import com.carbon254.ingestion.pipeline.store.LatestStore.Entry;
import com.carbon254.ingestion.ops.auth.Callers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/latest?iso=&market=[&location=]} → {@code {"ticks": [...], "bars": [...]}}: the newest tick of
 * each location and the newest bar of each (location, component, resolution), from the {@link LatestStore} (Redis
 * where configured, else the process's map) — the same shape either way, each entry the read API's tick or bar with
 * its {@code iso}, {@code market}, {@code location} (and {@code component}, {@code resolution}).
 */
final class LatestApi {
    private final LatestStore store;
    private final String tenant;
    private final Set<String> isos;
    private final Set<String> markets;

    LatestApi(LatestStore store, String tenant, Set<String> isos, Set<String> markets) {
        this.store = store;
        this.tenant = tenant;
        this.isos = isos;
        this.markets = markets;
    }

    void mount(Router router) {
        router.get("/api/v1/latest").handler(this::latest);
    }

    private void latest(RoutingContext rc) {
        QueryParams p = new QueryParams(rc.request()::getParam);
        String iso = p.oneOf("iso", isos, true);
        String market = p.oneOf("market", markets, true);
        String location = rc.request().getParam("location");
        if (location != null && location.isBlank()) location = null;
        if (!p.problems().isEmpty()) {
            QueryApi.badRequest(rc, p.problems());
            return;
        }
        String caller = Callers.tenant(rc, tenant);
        Future<List<Entry>> ticks = store.get(LatestStore.TICK, caller, iso, market, location);
        Future<List<Entry>> bars = store.get(LatestStore.BAR, caller, iso, market, location);
        QueryApi.respond(rc, Future.all(ticks, bars)
                .map(v -> new JsonObject().put("ticks", json(ticks.result())).put("bars", json(bars.result())))
                .recover(e -> Future.failedFuture("latest values (" + store.name() + "): " + e.getMessage())));
    }

    private static JsonArray json(List<Entry> entries) {
        JsonArray out = new JsonArray();
        for (Entry e : entries) out.add(e.value().object());
        return out;
    }
}
