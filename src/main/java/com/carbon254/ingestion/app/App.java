package com.carbon254.ingestion.app;

import com.carbon254.ingestion.aggregate.AggregationPolicy;
import com.carbon254.ingestion.aggregate.AggregatorVerticle;
import com.carbon254.ingestion.connector.ConnectorsVerticle;
import com.carbon254.ingestion.connector.ImportService;
import com.carbon254.ingestion.connector.sim.SimulatorConfig;
import com.carbon254.ingestion.connector.sim.SimulatorVerticle;
import com.carbon254.ingestion.enrich.EnricherVerticle;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.normalize.NormalizerVerticle;
import com.carbon254.ingestion.iso.csv.Zips;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.ops.auth.AuthHandler;
import com.carbon254.ingestion.ops.auth.Authenticator;
import com.carbon254.ingestion.ops.auth.Scope;
import com.carbon254.ingestion.ops.auth.TokenFile;
import com.carbon254.ingestion.ops.Tracing;
import com.carbon254.ingestion.ops.OpsBridge;
import com.carbon254.ingestion.ops.OpsCommands;
import com.carbon254.ingestion.ops.OpsTcpBridge;
import com.carbon254.ingestion.pipeline.Catalog;
import com.carbon254.ingestion.pipeline.ConfigException;
import com.carbon254.ingestion.pipeline.PolicyFile;
import com.carbon254.ingestion.pipeline.PolicyFiles;
import com.carbon254.ingestion.pipeline.StageChain;
import com.carbon254.ingestion.pipeline.StageContext;
import com.carbon254.ingestion.pipeline.StageSpec;
import com.carbon254.ingestion.pipeline.Yaml;
import com.carbon254.ingestion.pipeline.store.LatestStore;
import com.carbon254.ingestion.pipeline.store.Stores;
import com.carbon254.ingestion.project.ProjectorVerticle;
import com.carbon254.ingestion.reprocess.ReprocessApi;
import com.carbon254.ingestion.reprocess.ReprocessService;
import com.carbon254.ingestion.transport.Transport;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Deploys one process from its configuration, from one flat place: the HTTP server with the ops surface first
 * (live at once, ready only later), then the transport and store the descriptor chose, then exactly the stage
 * verticles the descriptor names, in its order. Readiness turns green only when every deployment succeeded and the
 * transport and store answer.
 */
public final class App {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    /** How long a readiness check waits for the transport or store to answer. */
    static final long PING_TIMEOUT_MS = 2000;

    private final Vertx vertx;
    private final AppConfig config;
    private final Metrics metrics;
    private final Tracing tracing;
    private final Router router;
    /** The health-only port's router ({@code HEALTH_PORT}): the three health endpoints, nothing else. */
    private final Router healthRouter;
    private volatile boolean deployed;
    private Transport transport;
    private Stores stores;
    /** The served latest values, on a process running the projector; null otherwise. */
    private LatestStore latest;
    private HttpServer server;
    private HttpServer healthServer;
    private final List<String> deployments = new ArrayList<>();
    private final AtomicReference<ConnectorsVerticle> connectors = new AtomicReference<>();
    private final PolicyFiles policyFiles;
    private ReprocessService reprocess;
    /** How often a tokens file is checked for edits (as the normalization rules are). */
    static final Duration TOKENS_CHECK = Duration.ofSeconds(10);
    /**
     * Who a request or bridge message comes from: the tokens file's authenticator, {@link Authenticator#open} of the
     * process tenant without one, or what the caller of {@link #start(Vertx, AppConfig, Metrics, boolean, Tracing,
     * Authenticator)} gave.
     */
    private Authenticator auth;
    private final Authenticator givenAuth;
    private OpsBridge bridge;
    private OpsCommands commands;
    private OpsTcpBridge tcpBridge;

    private App(Vertx vertx, AppConfig config, Metrics metrics, Tracing tracing, Authenticator givenAuth) {
        this.vertx = vertx;
        this.config = config;
        this.metrics = metrics;
        this.tracing = tracing;
        this.givenAuth = givenAuth;
        this.router = Router.router(vertx);
        this.healthRouter = Router.router(vertx);
        this.policyFiles = new PolicyFiles();
    }

    /**
     * Starts a process. With {@code http == false} (the offline {@code import} command) no port is opened.
     * The future fails with the first deployment error; the caller decides whether to exit.
     */
    public static Future<App> start(Vertx vertx, AppConfig config, Metrics metrics, boolean http) {
        return start(vertx, config, metrics, http, Tracing.OFF);
    }

    /** As above, tracing documents through the stages with {@code tracing} (README "Tracing"). */
    public static Future<App> start(Vertx vertx, AppConfig config, Metrics metrics, boolean http, Tracing tracing) {
        return start(vertx, config, metrics, http, tracing, null);
    }

    /**
     * As above with the callers checked by {@code auth} instead of the configured tokens file (null: as configured).
     */
    public static Future<App> start(Vertx vertx, AppConfig config, Metrics metrics, boolean http, Tracing tracing,
                                    Authenticator auth) {
        App app = new App(vertx, config, metrics, tracing, auth);
        return app.boot(http).map(app);
    }

    private Future<Void> boot(boolean http) {
        Zips.limit(config.limits().zipMaxBytes(), config.limits().zipMaxRatio());
        auth = givenAuth != null ? givenAuth : authenticator();
        mountOps();
        if (http) mountOpsPage();
        // a refused handshake (no or a foreign client certificate, plain HTTP on a TLS port) is the client's problem,
        // and anyone who reaches the port can cause one: not an error of this process
        Future<Void> listening = http ? vertx.createHttpServer(serverOptions(config.httpTls())).requestHandler(router)
                .exceptionHandler(e -> LOG.debug("connection refused before HTTP: {}", e.toString()))
                .listen(config.httpPort())
                .onSuccess(s -> {
                    server = s;
                    LOG.info("role {} listening on port {} ({})", config.role(), s.actualPort(),
                            describe(config.httpTls()));
                }).compose(s -> commands.start()).compose(v -> listenHealth()).compose(v -> listenTcpBridge())
                : Future.succeededFuture();
        Catalog catalog = catalog(config);
        Chain chain = new Chain(policyFiles, config.policies(), catalog.isos());
        return listening
                .compose(v -> {
                    transport = Backends.transport(vertx, config, catalog, tracing);
                    stores = config.needsStore() ? Backends.stores(vertx, config) : null;
                    latest = servesLatest() ? Backends.latest(vertx, config) : null;
                    return stores == null ? Future.succeededFuture() : stores.engine().init();
                })
                .compose(v -> deployAll(catalog, chain))
                .onSuccess(v -> {
                    policyFiles.watch(vertx);
                    mountReprocess(catalog, chain);
                    deployed = true;
                    LOG.info("role {} ready: {} on {} transport, store {}{}, tracing {}", config.role(),
                            config.stages().stream().map(StageSpec::stage).toList(), transport.name(),
                            stores == null ? "none" : stores.engine().name(),
                            latest == null ? "" : ", latest values in " + latest.name(),
                            tracing.enabled() ? "on" : "off");
                });
    }

    /**
     * The health-only port when {@code HEALTH_PORT} asks for one: plain HTTP on every interface (a kubelet probes the
     * pod's address), serving {@code /health}, {@code /health/live} and {@code /health/ready} and 404 for everything
     * else — no API, no metrics, no bridge — so under mTLS it is how a probe without a client certificate sees
     * readiness, and all it can see.
     */
    private Future<Void> listenHealth() {
        if (config.healthPort() == 0) return Future.succeededFuture();
        return vertx.createHttpServer(new HttpServerOptions()).requestHandler(healthRouter)
                .exceptionHandler(e -> LOG.debug("health port connection failed: {}", e.toString()))
                .listen(config.healthPort())
                .onSuccess(s -> {
                    healthServer = s;
                    LOG.info("role {} health-only port {} (plain HTTP: /health, /health/live, /health/ready)",
                            config.role(), s.actualPort());
                }).mapEmpty();
    }

    /**
     * The ops event-bus bridge over TCP when {@code OPS_TCP_BRIDGE_PORT} asks for it, on every interface, in TLS (and
     * mTLS) exactly as the HTTP server: the SockJS bridge's rules and events ({@link OpsTcpBridge}).
     */
    private Future<Void> listenTcpBridge() {
        if (config.tcpBridgePort() == 0) return Future.succeededFuture();
        tcpBridge = new OpsTcpBridge(vertx, auth);
        return tcpBridge.listen(config.tcpBridgePort(), new NetServerOptions(serverOptions(config.httpTls())))
                .onSuccess(v -> LOG.info("role {} event-bus bridge over TCP on port {} ({})", config.role(),
                        config.tcpBridgePort(), config.httpTls().enabled() ? "TLS as the HTTP port" : "plain TCP"));
    }

    /**
     * The HTTP server's options: plain, or TLS from the PEM files {@link AppConfig#load} checked, with client
     * certificates required and verified against the client CA when one is configured. A TLS port answers TLS only.
     */
    static HttpServerOptions serverOptions(AppConfig.HttpTls tls) {
        HttpServerOptions o = new HttpServerOptions();
        if (!tls.enabled()) return o;
        o.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certPath())
                .setKeyPath(tls.keyPath()));
        if (tls.clientAuth()) {
            o.setTrustOptions(new PemTrustOptions().addCertPath(tls.clientCaPath())).setClientAuth(ClientAuth.REQUIRED);
        }
        return o;
    }

    /** What the start-up line says about TLS: files and the certificate's subject and expiry, never key material. */
    static String describe(AppConfig.HttpTls tls) {
        if (!tls.enabled()) return "plain HTTP, no TLS";
        String leaf;
        try {
            X509Certificate c = PemFiles.certificates(Path.of(tls.certPath())).get(0);
            leaf = c.getSubjectX500Principal().getName() + ", expires " + c.getNotAfter().toInstant();
        } catch (IOException | CertificateException e) {
            leaf = "unreadable: " + e.getMessage();
        }
        return "TLS on: certificate " + tls.certPath() + " (" + leaf + ")" + (tls.clientAuth()
                ? "; mTLS on: client certificates required, signed by a CA in " + tls.clientCaPath()
                : "; client certificates not asked for");
    }

    private Future<Void> deployAll(Catalog catalog, StageChain chain) {
        Future<Void> chainOfDeployments = Future.succeededFuture();
        for (StageSpec spec : config.stages()) {
            StageContext ctx = new StageContext(config.settings(), spec, transport, stores, metrics, router,
                    Clock.systemUTC(), catalog, policyFiles, chain, spec.stage() == Stage.PROJECTOR ? latest : null,
                    tracing);
            chainOfDeployments = chainOfDeployments.compose(v -> vertx.deployVerticle(() -> verticle(spec, ctx),
                            new DeploymentOptions().setInstances(spec.instances()))
                    .onSuccess(deployments::add)
                    .recover(e -> Future.failedFuture(new IllegalStateException(
                            "stage " + spec.stage() + " failed to start: " + e.getMessage(), e)))
                    .mapEmpty());
        }
        return chainOfDeployments;
    }

    private VerticleBase verticle(StageSpec spec, StageContext ctx) {
        return switch (spec.stage()) {
            case CONNECTORS -> {
                ConnectorsVerticle cv = new ConnectorsVerticle(ctx);
                connectors.compareAndSet(null, cv);
                yield cv;
            }
            case SIMULATOR -> new SimulatorVerticle(ctx.catalog().isos(),
                    SimulatorConfig.from(spec.config(), ctx.catalog().isos()));
            case NORMALIZER -> new NormalizerVerticle(ctx);
            case ENRICHER -> new EnricherVerticle(ctx);
            case AGGREGATOR -> new AggregatorVerticle(ctx);
            case PROJECTOR -> new ProjectorVerticle(ctx);
        };
    }

    /**
     * {@code /reprocess} on every process that runs a stage a replay can start at (normalizer, enricher, aggregator);
     * a request naming no stage starts at this process's first one.
     */
    private void mountReprocess(Catalog catalog, StageChain chain) {
        Set<Stage> here = config.stages().stream().map(StageSpec::stage).collect(Collectors.toSet());
        Stage first = Stage.REPLAYABLE.stream().filter(here::contains).findFirst().orElse(null);
        if (first == null || stores == null) return;
        Clock clock = Clock.systemUTC();
        reprocess = new ReprocessService(vertx, transport, stores.bronze(), catalog, policyFiles, chain, metrics,
                clock, config.transport().maxInFlight(), tracing);
        new ReprocessApi(reprocess, catalog.isoCodes(), first, config.tenant(), catalog::zone, clock).mount(router);
    }

    /** The reprocess service of this process, when it runs a stage a replay can start at. */
    public ReprocessService reprocess() {
        if (reprocess == null) throw new IllegalStateException("this role runs no stage a reprocess can start at");
        return reprocess;
    }

    /**
     * What this deployment knows: every registered ISO ({@link Isos}), with its operating-day zone from
     * {@code operating_day_zones} of the aggregation policies; the markets and resolutions with a policy.
     *
     * @throws ConfigException naming the file and each registered ISO it gives no zone, with the zone its package
     *                         declares: an operating day is never guessed
     */
    public static Catalog catalog(AppConfig config) {
        String file = config.policies().aggregationPolicies();
        AggregationPolicy policy = AggregationPolicy.from(PolicyFile.yaml(file), file);
        List<String> problems = new ArrayList<>();
        Map<String, ZoneId> zones = new LinkedHashMap<>();
        for (Iso iso : Isos.all()) {
            ZoneId z = policy.zones().get(iso.code());
            if (z == null) {
                problems.add(file + ": operating_day_zones." + iso.code() + ": missing; " + iso.code() + " is a "
                        + "registered ISO, so its operating day needs a zone (its package says \""
                        + iso.operatingDayZone().getId() + "\")");
            } else {
                zones.put(iso.code(), z);
            }
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new Catalog(Isos.all(), policy.markets().keySet(), AggregationPolicy.RESOLUTIONS, zones);
    }

    private void mountOps() {
        HealthChecks live = HealthChecks.create(vertx);
        live.register("process", p -> p.complete(Status.OK()));
        HealthChecks ready = HealthChecks.create(vertx);
        ready.register("deployment", p -> p.complete(deployed ? Status.OK()
                : Status.KO(new JsonObject().put("stages", config.stages().size()).put("deployed", deployments.size()))));
        ready.register("transport", PING_TIMEOUT_MS, p -> ping(p, () -> transport == null ? null
                : transport.ping()));
        ready.register("store", PING_TIMEOUT_MS, p -> {
            if (!config.needsStore()) {
                p.complete(Status.OK(new JsonObject().put("store", "not used by this role")));
            } else {
                ping(p, () -> stores == null ? null : stores.engine().ping());
            }
        });
        ready.register("latest", PING_TIMEOUT_MS, p -> {
            if (!servesLatest()) {
                p.complete(Status.OK(new JsonObject().put("latest", "not served by this role")));
            } else {
                ping(p, () -> latest == null ? null : latest.ping());
            }
        });
        ready.register("auth", p -> p.complete(Status.OK(new JsonObject().put("auth", auth.enabled() ? "on" : "off"))));
        mountHealth(router, live, ready);
        if (config.healthPort() != 0) mountHealth(healthRouter, live, ready);
        if (config.auth().metrics()) router.get("/metrics").handler(AuthHandler.requiring(auth, Scope.READ, metrics::authRefused));
        router.get("/metrics").handler(rc -> rc.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
        // before every stage's route: the stages mount theirs later, on this same router
        AuthHandler api = AuthHandler.api(auth, metrics::authRefused);
        router.route("/api/*").handler(api);
        router.route("/reprocess*").handler(api);
    }

    /** {@code /health/live}, {@code /health/ready} and the seed's {@code /health} on {@code on}. */
    private static void mountHealth(Router on, HealthChecks live, HealthChecks ready) {
        on.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
        on.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
        // the seed's one endpoint: liveness and readiness together
        on.get("/health").handler(rc -> ready.checkStatus().onComplete(ar -> {
            JsonObject checks = new JsonObject();
            boolean up = ar.succeeded() && Boolean.TRUE.equals(ar.result().getUp());
            if (ar.succeeded() && ar.result().getChecks() != null) {
                for (io.vertx.ext.healthchecks.CheckResult c : ar.result().getChecks()) {
                    checks.put(c.getId(), new JsonObject().put("status", Boolean.TRUE.equals(c.getUp()) ? "UP" : "DOWN")
                            .put("data", c.getData()));
                }
            }
            rc.response().setStatusCode(up ? 200 : 503).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("live", true).put("ready", up).put("checks", checks).encode());
        }));
    }

    /**
     * The tokens file's authenticator, the file followed like a policy file (checked every {@link #TOKENS_CHECK}; a
     * broken edit is logged once and the previous tokens kept); without a file, every caller is this process's
     * tenant with every scope, and the process says so.
     */
    private Authenticator authenticator() {
        String path = config.auth().tokensPath();
        if (path == null) {
            LOG.warn("auth: off: no tokens file (AUTH_TOKENS_PATH or auth.tokens_path), so every /api and /reprocess "
                    + "caller is tenant '{}' with every scope", config.tenant());
            return Authenticator.open(config.tenant());
        }
        var file = policyFiles.get(path, text -> TokenFile.from(Yaml.parse(text, path), path), t -> TOKENS_CHECK);
        LOG.info("auth: on: {} tokens of tenants {} from {}", file.get().entries().size(), file.get().tenants(), path);
        return TokenFile.authenticator(file::get);
    }

    /** How this process authenticates callers (the event-bus bridge asks it too). */
    public Authenticator auth() {
        return auth;
    }

    /**
     * The ops page at {@code /} (static files from the jar's {@code webroot}, nothing fetched from elsewhere) and the
     * event-bus bridge it and other ops tooling use at {@code /eventbus/*}, with the commands it accepts.
     */
    private void mountOpsPage() {
        bridge = new OpsBridge(vertx, metrics, auth, config.tenant(), Clock.systemUTC());
        bridge.mount(router);
        // the bridge's commands reach the API over their own loopback listener (OpsCommands says why), opened once
        // the public port listens
        commands = new OpsCommands(vertx, router);
        router.get("/").handler(StaticHandler.create("webroot").setCachingEnabled(false));
        // a wildcard route serves its files relative to the prefix: /ops/ops.js is webroot/ops/ops.js
        router.get("/ops/*").handler(StaticHandler.create("webroot/ops").setCachingEnabled(false));
    }

    /**
     * Answers a health check from a dependency's ping. The check's own timeout may already have answered it (KO)
     * when a slow ping comes back: that late answer is dropped, not an error.
     */
    static void ping(Promise<Status> p, Supplier<Future<Void>> f) {
        Future<Void> fut = f.get();
        if (fut == null) {
            p.tryComplete(Status.KO(new JsonObject().put("reason", "not started")));
            return;
        }
        fut.onComplete(ar -> p.tryComplete(ar.succeeded() ? Status.OK()
                : Status.KO(new JsonObject().put("reason", String.valueOf(ar.cause().getMessage())))));
    }

    public boolean ready() {
        return deployed;
    }

    public int httpPort() {
        return server == null ? -1 : server.actualPort();
    }

    /** The health-only port ({@code HEALTH_PORT}); -1 when there is none. */
    public int healthPort() {
        return healthServer == null ? -1 : healthServer.actualPort();
    }

    /** The loopback port the bridge's commands are carried out on (-1 without an HTTP server). */
    int commandPort() {
        return commands == null ? -1 : commands.port();
    }

    /** The transport the descriptor chose (what an in-process producer, such as the benchmark, publishes on). */
    public Transport transport() {
        return transport;
    }

    /** The store ports of this process (null when no stage of it needs a store). */
    /** Whether this process runs the projector, which serves the latest values. */
    private boolean servesLatest() {
        return config.stages().stream().anyMatch(sp -> sp.stage() == Stage.PROJECTOR);
    }

    public Stores stores() {
        return stores;
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
        Function<Void, Future<Void>> closeStore = v -> stores == null ? Future.succeededFuture()
                : stores.engine().close();
        Function<Void, Future<Void>> closeLatest = v -> latest == null ? Future.succeededFuture()
                : latest.close().recover(e -> Future.succeededFuture());
        if (bridge != null) bridge.stop();
        Function<Void, Future<Void>> closeCommands = v -> commands == null ? Future.succeededFuture()
                : commands.stop().recover(e -> Future.succeededFuture());
        Function<Void, Future<Void>> closeTcpBridge = v -> tcpBridge == null ? Future.succeededFuture()
                : tcpBridge.close().recover(e -> Future.succeededFuture());
        return chain.compose(closeTcpBridge).compose(closeCommands).compose(closeStore).compose(closeLatest)
                .compose(v -> transport == null ? Future.succeededFuture() : transport.close())
                .compose(v -> healthServer == null ? Future.succeededFuture() : healthServer.close())
                .compose(v -> server == null ? Future.succeededFuture() : server.close());
    }
}
