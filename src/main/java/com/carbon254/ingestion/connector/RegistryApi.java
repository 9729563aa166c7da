package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.pipeline.store.SilverStore;
import com.carbon254.ingestion.ops.auth.Callers;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connector registry over HTTP: metadata and health of every connector, runs requested and followed, enable and
 * disable, and the index orchestration reads.
 * <ul>
 *   <li>{@code GET /api/v1/connectors}, {@code GET /api/v1/connectors/{name}}: spec, enabled, schedule, datasets,
 *       health (last run, last success, last error, consecutive failures, newest interval, data lag, per dataset
 *       whether its feed is stale)</li>
 *   <li>{@code POST /api/v1/connectors/{name}/runs} {@code {"dataset", "from", "to"}} (operating days, {@code to}
 *       exclusive), or {@code {"dataset", "at"}} (the windows a scheduled firing at that instant covers, as the
 *       registry's own scheduler computes them — what Airflow sends) → 202 {@code {"id"}}; a firing of a dataset the
 *       scheduler would not fire (credentials not set, or an {@code alternative_to} an available dataset) → 409
 *       {@code {"error", "skip": true}};
 *       {@code GET /api/v1/runs/{id}}</li>
 *   <li>{@code POST /api/v1/connectors/{name}/enable} and {@code /disable}</li>
 *   <li>{@code GET /api/v1/connectors-index}</li>
 * </ul>
 */
final class RegistryApi {
    private final Map<String, ConnectorSpec> specs;
    private final RegistryState state;
    private final RunService runs;
    private final SilverStore store;
    private final String tenant;
    private final Clock clock;
    private final Metrics metrics;

    RegistryApi(Map<String, ConnectorSpec> specs, RegistryState state, RunService runs, SilverStore store, String tenant,
                Clock clock, Metrics metrics) {
        this.metrics = metrics;
        this.specs = specs;
        this.state = state;
        this.runs = runs;
        this.store = store;
        this.tenant = tenant;
        this.clock = clock;
    }

    /**
     * Refreshes every connector's data-lag gauge and its {@code ops.health} event, both of the process's tenant (the
     * one its feeds store under); the registry calls it every 15 s.
     */
    void refreshLag() {
        specs.values().forEach(s -> describe(s, tenant));
    }

    void mount(Router router) {
        router.get("/api/v1/connectors").handler(this::list);
        router.get("/api/v1/connectors-index").handler(this::index);
        router.get("/api/v1/connectors/:name").handler(this::one);
        router.post("/api/v1/connectors/:name/runs").handler(BodyHandler.create(false).setBodyLimit(64 * 1024))
                .handler(this::submit);
        router.post("/api/v1/connectors/:name/enable").handler(rc -> enable(rc, true));
        router.post("/api/v1/connectors/:name/disable").handler(rc -> enable(rc, false));
        router.get("/api/v1/runs").handler(this::recent);
        router.get("/api/v1/runs/:id").handler(this::run);
    }

    private void list(RoutingContext rc) {
        String caller = Callers.tenant(rc, tenant);
        List<Future<JsonObject>> all = new ArrayList<>();
        specs.values().stream().sorted(java.util.Comparator.comparing(ConnectorSpec::name))
                .forEach(s -> all.add(describe(s, caller)));
        Future.all(all).onComplete(ar -> {
            if (ar.failed()) {
                json(rc, 503, new JsonObject().put("error", "store unavailable: " + ar.cause().getMessage()));
                return;
            }
            JsonArray out = new JsonArray();
            all.forEach(f -> out.add(f.result()));
            json(rc, 200, new JsonObject().put("connectors", out));
        });
    }

    private void one(RoutingContext rc) {
        ConnectorSpec s = specs.get(rc.pathParam("name"));
        if (s == null) {
            unknown(rc);
            return;
        }
        describe(s, Callers.tenant(rc, tenant)).onComplete(ar -> {
            if (ar.succeeded()) json(rc, 200, ar.result());
            else json(rc, 503, new JsonObject().put("error", "store unavailable: " + ar.cause().getMessage()));
        });
    }

    /**
     * Spec + health. Per market the newest interval ingested and its lag (negative when the data reaches into the
     * future, as day-ahead prices do); the connector's {@code data_lag_seconds} is that of its most-behind market,
     * floored at 0, and is also exported as {@code connector_data_lag_seconds}. Per enabled dataset its market, its
     * {@code stale_after} and {@code stale}: whether its market's newest interval ended more than that before now, as
     * {@link StaleFeedMonitor} judges it ({@code null} without an allowance or before any data was stored);
     * {@code available} (false with {@code unavailable_reason} naming the credentials to set) and {@code scheduled}
     * (false while unavailable, or while the dataset it is an {@code alternative_to} is available).
     *
     * <p>The newest intervals, lags and staleness are {@code viewer}'s: what that tenant has stored (its imports, or
     * for the process's tenant also what the feeds fetched), never another tenant's. The gauge is the process
     * tenant's only (its feeds are what an operator alerts on); the {@code ops.health} event goes to the viewer's
     * tenant. Runs, failures and enabled flags are the process's feeds', the same for every viewer.
     */
    Future<JsonObject> describe(ConnectorSpec s, String viewer) {
        Connector c = Isos.byConnector(s.name()).map(Iso::connector).orElse(null);
        List<String> markets = s.datasets().stream().filter(ConnectorSpec.Dataset::enabled)
                .map(ConnectorSpec.Dataset::market).distinct().sorted().toList();
        List<Future<Optional<Instant>>> newest = new ArrayList<>();
        for (String m : markets) {
            newest.add(c == null ? Future.succeededFuture(Optional.empty()) : store.newestInterval(viewer, c.iso(), m));
        }
        return Future.all(newest).map(v -> {
            Instant now = clock.instant();
            JsonObject byMarket = new JsonObject();
            Instant latest = null;
            Long worst = null;
            for (int i = 0; i < markets.size(); i++) {
                Instant n = newest.get(i).result().orElse(null);
                Long lag = n == null ? null : Duration.between(n, now).getSeconds();
                byMarket.put(markets.get(i), new JsonObject().put("newest_interval", n == null ? null : n.toString())
                        .put("lag_seconds", lag));
                if (n != null && (latest == null || n.isAfter(latest))) latest = n;
                if (lag != null) worst = worst == null ? Math.max(0, lag) : Math.max(worst, Math.max(0, lag));
            }
            if (worst != null && viewer.equals(tenant)) metrics.dataLag(s.name(), worst);
            JsonObject byDataset = new JsonObject();
            for (ConnectorSpec.Dataset d : s.datasets()) {
                if (!d.enabled()) continue;
                Instant n = newest.get(markets.indexOf(d.market())).result().orElse(null);
                Boolean stale = n == null || d.staleAfter() == null ? null
                        : StaleFeedMonitor.stale(n, d.staleAfter(), now);
                Optional<String> unavailable = runs.unavailable(d);
                byDataset.put(d.id(), new JsonObject().put("market", d.market())
                        .put("stale_after", d.staleAfter() == null ? null : ConnectorSpec.iso(d.staleAfter()))
                        .put("stale", stale)
                        .put("available", unavailable.isEmpty())
                        .put("unavailable_reason", unavailable.orElse(null))
                        .put("scheduled", runs.scheduled(s, d)));
            }
            JsonObject entry = new JsonObject(s.toIndexEntry());
            entry.put("enabled", state.enabled(s));
            JsonObject health = state.health(s.name()).toJson();
            health.put("newest_interval", latest == null ? null : latest.toString());
            health.put("data_lag_seconds", worst);
            health.put("markets", byMarket);
            health.put("datasets", byDataset);
            health.put("running", runs.busy(s.name()));
            metrics.events().health(viewer, s.name(), health.copy().put("enabled", state.enabled(s)));
            return entry.put("health", health);
        });
    }

    private void index(RoutingContext rc) {
        JsonArray out = new JsonArray();
        specs.values().stream().sorted(java.util.Comparator.comparing(ConnectorSpec::name))
                .forEach(s -> out.add(new JsonObject(s.toIndexEntry()).put("enabled", state.enabled(s))));
        json(rc, 200, new JsonObject().put("connectors", out));
    }

    /**
     * Runs, enable and disable drive this process's own feeds, stored under its tenant: a token of another tenant
     * gets 403 (it imports its own files instead). Returns whether it was refused.
     */
    private boolean notOwnFeeds(RoutingContext rc) {
        return Callers.refuseOtherTenant(rc, tenant, tenant);
    }

    private void submit(RoutingContext rc) {
        if (notOwnFeeds(rc)) return;
        String name = rc.pathParam("name");
        if (!specs.containsKey(name)) {
            unknown(rc);
            return;
        }
        JsonObject body;
        String problem = "empty";
        try {
            body = rc.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            body = null;
            problem = e instanceof DecodeException ? "not valid JSON: " + e.getMessage() : "not a JSON object";
        }
        if (body == null) {
            json(rc, 400, new JsonObject().put("error", "body must be JSON: {\"dataset\", \"from\", \"to\"}")
                    .put("problem", problem));
            return;
        }
        List<String> problems = new ArrayList<>();
        String dataset = body.getValue("dataset") instanceof String d ? d : null;
        if (dataset == null) problems.add("dataset: required");
        Instant at = null;
        LocalDate from = null;
        LocalDate to = null;
        if (body.containsKey("at")) {
            at = instant(body, "at", problems);
        } else {
            from = day(body, "from", problems);
            to = day(body, "to", problems);
        }
        if (!problems.isEmpty()) {
            json(rc, 400, new JsonObject().put("error", "invalid run request").put("problems", new JsonArray(problems)));
            return;
        }
        // a firing ("at", what an orchestrator sends on its schedule) of a dataset the registry's own scheduler would
        // not fire — its credentials are not set, or it stands in for a dataset that is available — is skipped, not
        // failed: 409 with "skip": true and why, so the orchestrator's task ends skipped instead of failing every day
        ConnectorSpec spec = specs.get(name);
        ConnectorSpec.Dataset ds = spec.datasets().stream().filter(d -> d.id().equals(dataset)).findFirst().orElse(null);
        if (at != null && ds != null && ds.enabled() && state.enabled(spec) && !runs.scheduled(spec, ds)) {
            String why = runs.unavailable(ds).orElse("dataset " + dataset + " stands in for "
                    + ds.alternativeTo() + ", which is available");
            json(rc, 409, new JsonObject().put("error", why).put("skip", true));
            return;
        }
        try {
            ConnectorRun run = at != null ? runs.submitAt(name, dataset, at, "api at " + at)
                    : runs.submit(name, dataset, from, to, "api");
            rc.response().putHeader("Location", "/api/v1/runs/" + run.id());
            json(rc, 202, new JsonObject().put("id", run.id()));
        } catch (IllegalArgumentException e) {
            json(rc, e.getMessage().contains("disabled") ? 409 : 400, new JsonObject().put("error", e.getMessage()));
        }
    }

    /** An ISO-8601 instant with offset; a space instead of the {@code T} is accepted (how Airflow renders one). */
    private static Instant instant(JsonObject body, String key, List<String> problems) {
        Object v = body.getValue(key);
        if (v instanceof String s) {
            try {
                return java.time.OffsetDateTime.parse(s.strip().replace(' ', 'T')).toInstant();
            } catch (java.time.DateTimeException e) {
                // reported below
            }
        }
        problems.add(key + ": '" + v + "' is not an ISO-8601 instant with offset");
        return null;
    }

    private static LocalDate day(JsonObject body, String key, List<String> problems) {
        Object v = body.getValue(key);
        if (!(v instanceof String s)) {
            problems.add(key + ": required, an operating day YYYY-MM-DD");
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            problems.add(key + ": '" + s + "' is not an operating day YYYY-MM-DD");
            return null;
        }
    }

    private void enable(RoutingContext rc, boolean on) {
        if (notOwnFeeds(rc)) return;
        ConnectorSpec s = specs.get(rc.pathParam("name"));
        if (s == null) {
            unknown(rc);
            return;
        }
        state.setEnabled(s.name(), on).onComplete(ar -> {
            if (ar.succeeded()) json(rc, 200, new JsonObject().put("name", s.name()).put("enabled", on));
            else json(rc, 500, new JsonObject().put("error", "state not saved: " + ar.cause().getMessage()));
        });
    }

    /** The runs still known, newest first ({@code ?limit=}, default 50, at most 1000). */
    private void recent(RoutingContext rc) {
        JsonArray out = new JsonArray();
        runs.recent(limit(rc)).forEach(r -> out.add(r.toJson()));
        json(rc, 200, new JsonObject().put("runs", out));
    }

    /** {@code ?limit=} of a list: 1..1000, default 50; anything else is the default. */
    static int limit(RoutingContext rc) {
        String l = rc.queryParams().get("limit");
        return l != null && l.matches("\\d{1,4}") ? Math.max(1, Math.min(1000, Integer.parseInt(l))) : 50;
    }

    private void run(RoutingContext rc) {
        runs.run(rc.pathParam("id")).filter(r -> tenant.equals(Callers.tenant(rc, tenant))).ifPresentOrElse(r -> json(rc, 200, r.toJson()),
                () -> json(rc, 404, new JsonObject().put("error", "no run with id " + rc.pathParam("id"))));
    }

    private void unknown(RoutingContext rc) {
        json(rc, 404, new JsonObject().put("error", "unknown connector '" + rc.pathParam("name") + "'")
                .put("connectors", new JsonArray(specs.keySet().stream().sorted().toList())));
    }

    static void json(RoutingContext rc, int status, JsonObject body) {
        rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
}
