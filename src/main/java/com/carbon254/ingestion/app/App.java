package com.carbon254.ingestion.app;

import com.carbon254.ingestion.aggregate.AggregationPolicy;
import com.carbon254.ingestion.aggregate.AggregatorVerticle;
import com.carbon254.ingestion.connector.Connector;
import com.carbon254.ingestion.connector.Connectors;
import com.carbon254.ingestion.connector.ConnectorsVerticle;
import com.carbon254.ingestion.connector.ImportService;
import com.carbon254.ingestion.connector.sim.SimulatorConfig;
import com.carbon254.ingestion.connector.sim.SimulatorVerticle;
import com.carbon254.ingestion.enrich.EnricherVerticle;
import com.carbon254.ingestion.normalize.NormalizerVerticle;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.project.ProjectorVerticle;
import com.carbon254.ingestion.project.Store;
import com.carbon254.ingestion.project.StoreReads;
import com.carbon254.ingestion.reprocess.ReprocessApi;
import com.carbon254.ingestion.reprocess.ReprocessRequest;
import com.carbon254.ingestion.reprocess.ReprocessService;
import com.carbon254.ingestion.transport.Transport;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Deploys one process from its configuration, from one flat place: the HTTP server with the ops surface first
 * (live at once, ready only later), then the transport and store the descriptor chose, then exactly the stage
 * verticles the descriptor names, in its order. Readiness turns green only when every deployment succeeded and the
 * transport and store answer.
 */
public final class App {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final Vertx vertx;
    private final AppConfig config;
    private final Metrics metrics;
    private final Router router;
    private volatile boolean deployed;
    private Transport transport;
    private Store store;
    private HttpServer server;
    private final List<String> deployments = new ArrayList<>();
    private final AtomicReference<ConnectorsVerticle> connectors = new AtomicReference<>();
    private final PolicyFiles policyFiles;
    private ReprocessService reprocess;

    private App(Vertx vertx, AppConfig config, Metrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.metrics = metrics;
        this.router = Router.router(vertx);
        this.policyFiles = new PolicyFiles(config.policies());
    }

    /**
     * Starts a process. With {@code http == false} (the offline {@code import} command) no port is opened.
     * The future fails with the first deployment error; the caller decides whether to exit.
     */
    public static Future<App> start(Vertx vertx, AppConfig config, Metrics metrics, boolean http) {
        App app = new App(vertx, config, metrics);
        return app.boot(http).map(app);
    }

    private Future<Void> boot(boolean http) {
        mountOps();
        Future<Void> listening = http ? vertx.createHttpServer().requestHandler(router).listen(config.httpPort())
                .onSuccess(s -> {
                    server = s;
                    LOG.info("role {} listening on port {}", config.role(), s.actualPort());
                }).mapEmpty() : Future.succeededFuture();
        Catalog catalog = catalog(config);
        return listening
                .compose(v -> {
                    transport = Backends.transport(vertx, config);
                    store = config.needsStore() ? Backends.store(vertx, config) : null;
                    return store == null ? Future.succeededFuture() : store.init();
                })
                .compose(v -> deployAll(catalog))
                .onSuccess(v -> {
                    mountReprocess(catalog);
                    deployed = true;
                    LOG.info("role {} ready: {} on {} transport, store {}", config.role(),
                            config.stages().stream().map(AppConfig.StageSpec::stage).toList(), transport.name(),
                            store == null ? "none" : store.name());
                });
    }

    private Future<Void> deployAll(Catalog catalog) {
        Future<Void> chain = Future.succeededFuture();
        for (AppConfig.StageSpec spec : config.stages()) {
            StageContext ctx = new StageContext(config, spec, transport, store, metrics, router, Clock.systemUTC(),
                    catalog, policyFiles);
            chain = chain.compose(v -> vertx.deployVerticle(() -> verticle(spec, ctx),
                            new DeploymentOptions().setInstances(spec.instances()))
                    .onSuccess(deployments::add)
                    .recover(e -> Future.failedFuture(new IllegalStateException(
                            "stage " + spec.stage() + " failed to start: " + e.getMessage(), e)))
                    .mapEmpty());
        }
        return chain;
    }

    private VerticleBase verticle(AppConfig.StageSpec spec, StageContext ctx) {
        return switch (spec.stage()) {
            case "connectors" -> {
                ConnectorsVerticle cv = new ConnectorsVerticle(ctx);
                connectors.compareAndSet(null, cv);
                yield cv;
            }
            case "simulator" -> new SimulatorVerticle(SimulatorConfig.from(spec.config()));
            case "normalizer" -> new NormalizerVerticle(ctx);
            case "enricher" -> new EnricherVerticle(ctx);
            case "aggregator" -> new AggregatorVerticle(ctx);
            case "projector" -> new ProjectorVerticle(ctx);
            default -> throw new IllegalArgumentException("unknown stage " + spec.stage()); // AppConfig validated it
        };
    }

    /**
     * {@code /reprocess} on every process that runs a stage a replay can start at (normalizer, enricher, aggregator);
     * a request naming no stage starts at this process's first one.
     */
    private void mountReprocess(Catalog catalog) {
        Set<String> here = config.stages().stream().map(AppConfig.StageSpec::stage).collect(Collectors.toSet());
        String first = ReprocessRequest.STAGES.stream().filter(here::contains).findFirst().orElse(null);
        if (first == null || store == null) return;
        Clock clock = Clock.systemUTC();
        reprocess = new ReprocessService(vertx, transport, (StoreReads) store, policyFiles, metrics, clock,
                config.transport().maxInFlight());
        new ReprocessApi(reprocess, catalog.isos(), first, config.tenant(), catalog::zone, clock).mount(router);
    }

    /** The reprocess service of this process, when it runs a stage a replay can start at. */
    public ReprocessService reprocess() {
        if (reprocess == null) throw new IllegalStateException("this role runs no stage a reprocess can start at");
        return reprocess;
    }

    static Catalog catalog(AppConfig config) {
        String file = config.policies().aggregationPolicies();
        AggregationPolicy policy = AggregationPolicy.from(Policies.load(file), file);
        Set<String> isos = Connectors.all().stream().map(Connector::iso).collect(Collectors.toUnmodifiableSet());
        return new Catalog(isos, policy.markets().keySet(), AggregationPolicy.RESOLUTIONS, policy.zones());
    }

    private void mountOps() {
        HealthChecks live = HealthChecks.create(vertx);
        live.register("process", p -> p.complete(Status.OK()));
        HealthChecks ready = HealthChecks.create(vertx);
        ready.register("deployment", p -> p.complete(deployed ? Status.OK()
                : Status.KO(new JsonObject().put("stages", config.stages().size()).put("deployed", deployments.size()))));
        ready.register("transport", 2000, p -> ping(p, () -> transport == null ? null : transport.ping()));
        ready.register("store", 2000, p -> {
            if (!config.needsStore()) {
                p.complete(Status.OK(new JsonObject().put("store", "not used by this role")));
            } else {
                ping(p, () -> store == null ? null : store.ping());
            }
        });
        router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
        router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
        router.get("/metrics").handler(rc -> rc.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
    }

    private static void ping(io.vertx.core.Promise<Status> p, java.util.function.Supplier<Future<Void>> f) {
        Future<Void> fut = f.get();
        if (fut == null) {
            p.complete(Status.KO(new JsonObject().put("reason", "not started")));
            return;
        }
        fut.onComplete(ar -> p.complete(ar.succeeded() ? Status.OK()
                : Status.KO(new JsonObject().put("reason", String.valueOf(ar.cause().getMessage())))));
    }

    public boolean ready() {
        return deployed;
    }

    public int httpPort() {
        return server == null ? -1 : server.actualPort();
    }

    public Store store() {
        return store;
    }

    /** The connectors stage of this process (imports, runs, scheduler), when it runs one. */
    public ConnectorsVerticle connectors() {
        ConnectorsVerticle cv = connectors.get();
        if (cv == null) throw new IllegalStateException("this role does not run the connectors stage");
        return cv;
    }

    public ImportService imports() {
        ConnectorsVerticle cv = connectors.get();
        if (cv == null) throw new IllegalStateException("this role does not run the connectors stage");
        return cv.imports();
    }

    /** Undeploys stages in reverse order, then closes the store, transport and server. */
    public Future<Void> stop() {
        Future<Void> chain = Future.succeededFuture();
        for (int i = deployments.size() - 1; i >= 0; i--) {
            String id = deployments.get(i);
            chain = chain.compose(v -> vertx.undeploy(id).recover(e -> Future.succeededFuture()));
        }
        Function<Void, Future<Void>> closeStore = v -> store == null ? Future.succeededFuture() : store.close();
        return chain.compose(closeStore)
                .compose(v -> transport == null ? Future.succeededFuture() : transport.close())
                .compose(v -> server == null ? Future.succeededFuture() : server.close());
    }
}
