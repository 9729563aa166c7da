package com.carbon254.ingestion.project;

import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.RollingMetric;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.pipeline.store.BarQuery;
import com.carbon254.ingestion.pipeline.store.CurveQuery;
import com.carbon254.ingestion.pipeline.store.RollingQuery;
import com.carbon254.ingestion.pipeline.store.StoreQueries;
import com.carbon254.ingestion.pipeline.store.TickQuery;
import com.carbon254.ingestion.ops.auth.Callers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The served read API over the store: {@code GET /api/v1/ticks}, {@code GET /api/v1/bars} and
 * {@code GET /api/v1/rolling} and {@code GET /api/v1/curves}. Times in answers are
 * UTC instants with {@code Z}; absent components are {@code null}. Bad parameters get a 400 listing every problem.
 */
public final class QueryApi {
    private static final Instant MIN = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("2200-01-01T00:00:00Z");
    private static final Set<String> COMPONENTS = Arrays.stream(Component.all()).map(Component::id)
            .collect(Collectors.toUnmodifiableSet());

    private final StoreQueries store;
    private final String tenant;
    private final Set<String> isos;
    private final Set<String> markets;
    private final Set<String> resolutions;
    private final Function<String, ZoneId> zones;

    /**
     * @param zones operating-day zone per ISO, used to read a date bound as that ISO's operating day
     */
    public QueryApi(StoreQueries store, String tenant, Set<String> isos, Set<String> markets, Set<String> resolutions,
                    Function<String, ZoneId> zones) {
        this.store = store;
        this.tenant = tenant;
        this.isos = isos;
        this.markets = markets;
        this.resolutions = resolutions;
        this.zones = zones;
    }

    public void mount(Router router) {
        router.get("/api/v1/ticks").handler(this::ticks);
        router.get("/api/v1/bars").handler(this::bars);
        router.get("/api/v1/rolling").handler(this::rolling);
        router.get("/api/v1/curves").handler(this::curves);
    }

    private QueryParams params(RoutingContext rc) {
        return new QueryParams(rc.request()::getParam);
    }

    private void ticks(RoutingContext rc) {
        QueryParams p = params(rc);
        String iso = p.oneOf("iso", isos, true);
        String market = p.oneOf("market", markets, true);
        String location = p.required("location");
        ZoneId zone = iso == null ? ZoneId.of("UTC") : zones.apply(iso);
        Instant from = p.time("from", zone, MIN);
        Instant to = p.time("to", zone, MAX);
        String revisions = rc.request().getParam("revisions") == null ? "latest" : p.oneOf("revisions",
                Set.of("latest", "all"), false);
        if (!p.problems().isEmpty()) {
            badRequest(rc, p.problems());
            return;
        }
        TickQuery q = new TickQuery(Callers.tenant(rc, tenant), iso, market, location, from, to);
        respond(rc, ("all".equals(revisions) ? store.queryTickRevisions(q) : store.queryTicks(q))
                .map(list -> new JsonObject().put("ticks", new JsonArray(list.stream().map(QueryApi::tickJson).toList()))));
    }

    private void bars(RoutingContext rc) {
        QueryParams p = params(rc);
        String iso = p.oneOf("iso", isos, true);
        String market = p.oneOf("market", markets, true);
        String location = p.required("location");
        String component = p.oneOf("component", COMPONENTS, false);
        String resolution = p.oneOf("resolution", resolutions, false);
        ZoneId zone = iso == null ? ZoneId.of("UTC") : zones.apply(iso);
        Instant from = p.time("from", zone, MIN);
        Instant to = p.time("to", zone, MAX);
        if (!p.problems().isEmpty()) {
            badRequest(rc, p.problems());
            return;
        }
        respond(rc, store.queryBars(new BarQuery(Callers.tenant(rc, tenant), iso, market, location, Component.parse(component), resolution,
                from, to)).map(list -> new JsonObject().put("bars", new JsonArray(list.stream().map(QueryApi::barJson).toList()))));
    }

    /** Window names are {@code <N>x<5m|15m|1h|1d>}, N ≥ 1. */
    private static final java.util.regex.Pattern WINDOW = java.util.regex.Pattern.compile("[1-9][0-9]{0,5}x(5m|15m|1h|1d)");

    private void rolling(RoutingContext rc) {
        QueryParams p = params(rc);
        String iso = p.oneOf("iso", isos, true);
        String market = p.oneOf("market", markets, true);
        String location = p.required("location");
        String component = p.oneOf("component", COMPONENTS, false);
        String window = p.required("window");
        if (window != null && !WINDOW.matcher(window).matches()) {
            p.problems().add("window: '" + window + "' is not <intervals>x<5m|15m|1h|1d> (e.g. 12x5m, 24x1h)");
        }
        ZoneId zone = iso == null ? ZoneId.of("UTC") : zones.apply(iso);
        Instant from = p.time("from", zone, MIN);
        Instant to = p.time("to", zone, MAX);
        if (!p.problems().isEmpty()) {
            badRequest(rc, p.problems());
            return;
        }
        respond(rc, store.queryRolling(new RollingQuery(Callers.tenant(rc, tenant), iso, market, location, Component.parse(component),
                window, from, to)).map(list -> new JsonObject().put("metrics",
                new JsonArray(list.stream().map(QueryApi::rollingJson).toList()))));
    }

    private void curves(RoutingContext rc) {
        QueryParams p = params(rc);
        String iso = p.oneOf("iso", isos, true);
        String location = p.required("location");
        java.time.LocalDate from = p.date("from");
        java.time.LocalDate to = p.date("to");
        if (!p.problems().isEmpty()) {
            badRequest(rc, p.problems());
            return;
        }
        respond(rc, store.queryCurves(new CurveQuery(Callers.tenant(rc, tenant), iso, location, from, to)).map(list -> new JsonObject()
                .put("points", new JsonArray(list.stream().map(QueryApi::curveJson).toList()))));
    }

    static JsonObject curveJson(CurvePoint c) {
        return new JsonObject()
                .put("date", c.date().toString())
                .put("block", c.block())
                .put("price", num(c.price()))
                .put("hours", c.hours())
                .put("complete", c.complete());
    }

    static JsonObject rollingJson(RollingMetric m) {
        return new JsonObject()
                .put("window_end", m.windowEnd().toString())
                .put("window", m.window())
                .put("count", m.count())
                .put("mean", num(m.mean()))
                .put("stddev", num(m.stddev()))
                .put("min", num(m.min()))
                .put("max", num(m.max()));
    }

    static JsonObject tickJson(EnrichedTick et) {
        Tick t = et.tick();
        return new JsonObject()
                .put("interval_start", t.intervalStart().toString())
                .put("interval_end", t.intervalEnd().toString())
                .put("operating_day", t.operatingDay() == null ? null : t.operatingDay().toString())
                .put("lmp", num(t.lmp()))
                .put("energy", num(t.energy()))
                .put("congestion", num(t.congestion()))
                .put("loss", num(t.loss()))
                .put("ghg", num(t.ghg()))
                .put("derived", new JsonArray(Component.names(t.derived())))
                .put("revision", t.revision())
                .put("document_sha256", t.documentId())
                .put("location_type", et.locationType())
                .put("hub", et.hub())
                .put("zone", et.zone())
                .put("commodity", et.commodity())
                .put("product", et.product())
                .put("local_label", t.localLabel())
                .put("location_id", t.locationId());
    }

    static JsonObject barJson(Bar b) {
        return new JsonObject()
                .put("start", b.start().toString())
                .put("end", b.end().toString())
                .put("open", num(b.open()))
                .put("high", num(b.high()))
                .put("low", num(b.low()))
                .put("close", num(b.close()))
                .put("mean", num(b.mean()))
                .put("count", b.count())
                .put("expected", b.expected())
                .put("complete", b.complete());
    }

    private static Double num(double v) {
        return Double.isNaN(v) ? null : v;
    }

    static void badRequest(RoutingContext rc, List<String> problems) {
        rc.response().setStatusCode(400).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", "invalid query").put("problems", new JsonArray(problems)).encode());
    }

    static void respond(RoutingContext rc, Future<JsonObject> f) {
        f.onComplete(ar -> {
            if (ar.succeeded()) {
                rc.response().putHeader("content-type", "application/json").end(ar.result().encode());
            } else {
                rc.response().setStatusCode(503).putHeader("content-type", "application/json")
                        .end(new JsonObject().put("error", "store unavailable: " + ar.cause().getMessage()).encode());
            }
        });
    }
}
