package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.connector.fetch.FetchListener;
import com.carbon254.ingestion.connector.fetch.FetchPolicy;
import com.carbon254.ingestion.connector.fetch.HttpFetcher;
import com.carbon254.ingestion.connector.sim.SimulatorVerticle;
import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.ops.auth.Callers;
import com.carbon254.ingestion.pipeline.PolicyFile;
import com.carbon254.ingestion.pipeline.StageContext;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Shell of the connector stage: the import endpoint ({@code POST /api/v1/connectors/{name}/imports} with a file exactly
 * as downloaded from the ISO, answered 202 with an id; {@code GET /api/v1/imports/{id}} for its status), the registry
 * API, the scheduler, the streaming poller and the stale-feed monitor.
 *
 * <p>Configured by {@link ConnectorsConfig} ({@code verticles[connectors].config} of the descriptor).
 */
public final class ConnectorsVerticle extends VerticleBase {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConnectorsVerticle.class);
    private final StageContext ctx;
    private ImportService imports;
    private RunService runs;
    private Scheduler scheduler;
    private StaleFeedMonitor staleFeeds;

    public ConnectorsVerticle(StageContext ctx) {
        this.ctx = ctx;
    }

    public ImportService imports() {
        return imports;
    }

    public RunService runs() {
        return runs;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public StaleFeedMonitor staleFeeds() {
        return staleFeeds;
    }

    @Override
    public Future<?> start() {
        ConnectorsConfig cfg = ConnectorsConfig.from(ctx.spec().config(), ctx.settings().source());
        DocumentIngest ingest = new DocumentIngest(vertx, ctx, cfg.batchSize());
        Map<String, ConnectorSpec> specs = specs(ctx.catalog().connectors(), ctx.settings().policies().connectorsDir());
        Map<String, String> configured = endpoints(specs, cfg.endpoints(), System.getenv());
        Supplier<Map<String, String>> env = () -> resolveSimulator(configured,
                (String) vertx.sharedData().getLocalMap(SimulatorVerticle.SHARED_MAP).get(SimulatorVerticle.BASE_URL_KEY));
        for (Connector c : ctx.catalog().connectors()) {
            for (String s : new String[]{"succeeded", "failed", "duplicate"}) {
                Counter.builder("connector.runs").tag("connector", c.name()).tag("status", s)
                        .register(ctx.metrics().registry());
            }
        }
        return RegistryState.load(vertx, ctx.settings().dataDir().resolve("registry-state.json")).map(state -> {
            imports = new ImportService(ctx, ingest, state);
            // not BodyHandler: it would try to decode a form when a client (curl --data-binary) sends one's content type
            ctx.router().post("/api/v1/connectors/:name/imports").handler(this::postImport);
            ctx.router().get("/api/v1/imports").handler(this::recentImports);
            ctx.router().get("/api/v1/imports/:id").handler(this::getImport);
            imports.resumeUnfinished();
            runs = new RunService(vertx, ctx, ingest, state, specs, env,
                    spec -> new HttpFetcher(vertx, FetchPolicy.of(spec), listener(spec.name())));
            scheduler = new Scheduler(runs, state, specs, ctx.clock());
            for (ConnectorSpec sp : specs.values()) {
                for (ConnectorSpec.Dataset d : sp.datasets()) {
                    if (!d.enabled()) continue;
                    RunService r = runs;
                    ctx.metrics().datasetAvailable(sp.name(), d.id(), () -> r.unavailable(d).isEmpty());
                    String alt = d.alternativeTo() == null ? "" : " (stands in for " + d.alternativeTo() + ")";
                    runs.unavailable(d).ifPresentOrElse(
                            why -> LOG.warn("connector {}: {}; it is not fetched until they are set", sp.name(), why),
                            () -> {
                                if (!runs.scheduled(sp, d)) {
                                    LOG.info("connector {}: dataset {}{} is not scheduled while {} is available",
                                            sp.name(), d.id(), alt, d.alternativeTo());
                                }
                            });
                }
            }
            RegistryApi api = new RegistryApi(specs, state, runs, ctx.stores().silver(), ctx.tenant(), ctx.clock(),
                    ctx.metrics());
            api.mount(ctx.router());
            vertx.setPeriodic(15_000, id -> api.refreshLag());
            staleFeeds = new StaleFeedMonitor(specs, state, ctx.stores().silver(), ctx.transport(), ctx.metrics(),
                    ctx.tenant(), ctx.clock());
            if (cfg.staleCheck() > 0) staleFeeds.start(vertx, cfg.staleCheck() * 1000L);
            if (cfg.streaming()) new StreamingPoller(ctx, runs, ingest, state, specs, cfg.pollEvery()).start(vertx);
            if (cfg.schedulerPeriod() != null) scheduler.start(vertx, cfg.schedulerPeriod().toMillis());
            return null;
        });
    }

    /** Feeds a connector's fetch metrics: latency per attempt, bytes, retries by reason. */
    private FetchListener listener(String connector) {
        return new FetchListener() {
            @Override
            public void onAttempt(String host, int status, java.time.Duration elapsed) {
                ctx.metrics().fetchAttempt(connector, status, elapsed);
            }

            @Override
            public void onRetry(String host, String reason) {
                ctx.metrics().fetchRetry(connector, reason);
            }

            @Override
            public void onBytes(String host, long n) {
                ctx.metrics().fetchBytes(connector, n);
            }
        };
    }

    /**
     * Every connector's spec, from {@code <connectors_dir>/<name>/connector.yaml} on disk, else the copy in the jar.
     *
     * @throws ConnectorSpecs.InvalidSpecException listing every problem (start-up stops)
     */
    static Map<String, ConnectorSpec> specs(List<Connector> connectors, String dir) {
        Map<String, ConnectorSpec> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Connector c : connectors) {
            String file = dir + "/" + c.name() + "/" + ConnectorSpecs.FILE_NAME;
            try {
                out.put(c.name(), ConnectorSpecs.parse(PolicyFile.text(file), file, c.name()));
            } catch (ConnectorSpecs.InvalidSpecException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) throw new ConnectorSpecs.InvalidSpecException(problems);
        return Map.copyOf(out);
    }

    /**
     * Values written {@code sim:/path} name a path on this process's simulator; they become its base URL + path once
     * it listens (it may be on a random port). Without a simulator they stay unresolved and a run fails saying so.
     */
    static Map<String, String> resolveSimulator(Map<String, String> env, String simBase) {
        Map<String, String> out = new HashMap<>(env);
        out.replaceAll((k, v) -> v.startsWith("sim:")
                ? (simBase == null ? v : simBase + v.substring("sim:".length())) : v);
        return out;
    }

    /**
     * Endpoint variables: the defaults each connector.yaml declares (the live ISOs), overridden by the descriptor's
     * {@code endpoints}, then by the environment. A credential variable ({@code secret}) set by the descriptor is
     * dropped when the environment sets one of its connector's base URLs: dummy credentials for the simulator never
     * go to the real ISO.
     */
    static Map<String, String> endpoints(Map<String, ConnectorSpec> specs, Map<String, String> configured,
                                         Map<String, String> environment) {
        Map<String, String> env = new HashMap<>();
        specs.values().forEach(s -> env.putAll(s.environmentDefaults()));
        env.putAll(configured);
        environment.forEach((k, v) -> {
            if (v != null && !v.isBlank()) env.put(k, v);
        });
        // a credential the descriptor gives (the all-in-one's dummy ones for the simulated ISOs) goes only where the
        // descriptor points: once the environment re-points one of the connector's base URLs (make run LIVE=1), only
        // the environment's credentials count
        for (ConnectorSpec s : specs.values()) {
            boolean repointed = s.environment().stream().filter(e -> !e.secret())
                    .anyMatch(e -> environment.get(e.name()) != null && !environment.get(e.name()).isBlank());
            if (!repointed) continue;
            for (ConnectorSpec.EnvVar e : s.environment()) {
                String fromEnv = environment.get(e.name());
                if (e.secret() && (fromEnv == null || fromEnv.isBlank())) env.remove(e.name());
            }
        }
        return Map.copyOf(env);
    }

    private void postImport(RoutingContext rc) {
        String name = rc.pathParam("name");
        Connector c = ctx.catalog().connector(name == null ? null : name.toLowerCase(Locale.ROOT)).orElse(null);
        if (c == null) {
            json(rc, 404, new JsonObject().put("error", "unknown connector '" + name + "'")
                    .put("connectors", ctx.catalog().connectors().stream().map(Connector::name).toList()));
            return;
        }
        String file = rc.request().getHeader("X-File-Name");
        if (file == null) file = rc.queryParams().get("file");
        String fileName = file == null ? "upload" : file;
        String tenant = Callers.tenant(rc, ctx.tenant());
        // limits.import_max_bytes (512 MiB by default): a month of CAISO 5-minute prices for every node zips to well
        // under it
        readBody(rc, ctx.settings().importMaxBytes()).onSuccess(body -> {
            String id = imports.submit(tenant, c, fileName, body.getBytes());
            rc.response().putHeader("Location", "/api/v1/imports/" + id);
            json(rc, 202, new JsonObject().put("id", id));
        });
    }

    /** The raw request body, whatever its content type; 413 above {@code limit}, 400 if the upload breaks off. */
    private static Future<Buffer> readBody(RoutingContext rc, long limit) {
        HttpServerRequest req = rc.request();
        String declared = req.getHeader("Content-Length");
        if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > limit) {
            json(rc, 413, new JsonObject().put("error", "file larger than " + limit + " bytes"
                    + " (limits.import_max_bytes, IMPORT_MAX_BYTES)"));
            return Promise.<Buffer>promise().future();
        }
        Promise<Buffer> done = Promise.promise();
        Buffer acc = Buffer.buffer();
        req.handler(chunk -> {
            if (acc.length() + (long) chunk.length() > limit) {
                if (!rc.response().ended()) {
                    json(rc, 413, new JsonObject().put("error", "file larger than " + limit + " bytes"
                            + " (limits.import_max_bytes, IMPORT_MAX_BYTES)"));
                }
                req.pause();
                return;
            }
            acc.appendBuffer(chunk);
        });
        req.exceptionHandler(e -> {
            if (!rc.response().ended()) json(rc, 400, new JsonObject().put("error", "upload broke off: " + e.getMessage()));
        });
        req.endHandler(v -> {
            if (!rc.response().ended()) done.complete(acc);
        });
        req.resume();
        return done.future();
    }

    /** The imports still known, newest first ({@code ?limit=}, default 50, at most 1000). */
    private void recentImports(RoutingContext rc) {
        JsonArray out = new JsonArray();
        imports.recent(RegistryApi.limit(rc)).forEach(j -> out.add(j.toJson()));
        json(rc, 200, new JsonObject().put("imports", out));
    }

    private void getImport(RoutingContext rc) {
        imports.job(rc.pathParam("id"), Callers.tenant(rc, ctx.tenant())).ifPresentOrElse(j -> json(rc, 200, j.toJson()),
                () -> json(rc, 404, new JsonObject().put("error", "no import with id " + rc.pathParam("id"))));
    }

    private static void json(RoutingContext rc, int status, JsonObject body) {
        rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
}
