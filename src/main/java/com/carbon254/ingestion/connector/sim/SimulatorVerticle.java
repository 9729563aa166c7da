package com.carbon254.ingestion.connector.sim;

import com.carbon254.ingestion.connector.sim.FaultQueue.Fault;
import com.carbon254.ingestion.iso.Iso;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Endpoint;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Handler;
import com.carbon254.ingestion.iso.sim.IsoSimulator.RateLimit;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Service;
import com.carbon254.ingestion.iso.sim.IsoSimulator;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.iso.sim.SimClock;
import com.carbon254.ingestion.iso.sim.SimRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A local stand-in for the ISO servers: serves every registered ISO's {@link IsoSimulator} endpoints in the ISO's real
 * formats with {@link PriceModel} prices on {@link SimClock} time, so the product can be shown fetching data with no
 * internet. Only the base URL differs from the real one: each ISO declares its base URLs ({@link Service}) as paths
 * below this server, with the variable its connector reads them from; {@code GET /sim/status} lists them.
 *
 * <p>Control surface: {@code POST /sim/faults} {@code {"path_prefix":"/<iso>","responses":["429","empty",
 * "slow:2000","500"]}} queues faults (see {@link FaultQueue.Fault}; an ISO may declare faults of its own, served by
 * that ISO) served once each to matching requests in order; {@code GET /sim/faults} lists them, {@code DELETE
 * /sim/faults} clears; {@code ?sim_fault=<fault>} on any request is a one-off. An endpoint with a {@link RateLimit}
 * answers 429 within its configured spacing. {@code GET /sim/status}: simulated time, speed, seed, spacings, request
 * counts per path, base URLs.
 *
 * <p>Config keys: see {@link SimulatorConfig}. Deploy one instance: the rate limiter, fault queue and counters
 * belong to it. Documents are rendered on a worker ({@code executeBlocking}); {@code slow} uses a timer.
 */
public final class SimulatorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorVerticle.class);

    /** Distinct paths counted in /sim/status before the rest are counted as "(other)". */
    static final int MAX_COUNTED_PATHS = 256;

    private static final String TRUNCATE = "sim.truncate";
    private static final String CT_JSON = "application/json; charset=utf-8";
    private static final String CT_HTML = "text/html; charset=utf-8";
    private static final String CT_OTHER = "application/octet-stream";

    private final List<Iso> isos;
    /** Every ISO's services, in ISO and service order. */
    private final List<Mounted> mounted;
    private final SimulatorConfig given;
    private final FaultQueue faults;
    private SimulatorConfig cfg;
    private PriceModel model;
    private SimClock clock;
    private HttpServer server;
    private final Map<String, Long> requests = new LinkedHashMap<>();
    /** By rate-limit config key: when its endpoints last answered ({@link System#nanoTime()}). */
    private final Map<String, Long> lastServedNanos = new HashMap<>();

    /** Serves {@code isos}, configured from the deployment's {@code config()}. */
    public SimulatorVerticle(List<Iso> isos) {
        this(isos, null);
    }

    /** Serves {@code isos} with {@code config} (the deployment's {@code config()} is then ignored). */
    public SimulatorVerticle(List<Iso> isos, SimulatorConfig config) {
        this.isos = List.copyOf(isos);
        this.mounted = this.isos.stream()
                .flatMap(i -> i.simulator().services().stream().map(s -> new Mounted(i, s))).toList();
        this.given = config;
        this.faults = new FaultQueue(this.isos.stream()
                .flatMap(i -> i.simulator().faults().stream().map(IsoSimulator.Fault::name)).toList());
    }

    @Override
    public Future<?> start() {
        try {
            cfg = given != null ? given : SimulatorConfig.from(config().getMap(), isos);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        model = new PriceModel(cfg.seed());
        clock = new SimClock(cfg.start() != null ? cfg.start() : Instant.now(), cfg.speed());

        Router router = Router.router(vertx);
        router.route("/sim/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        router.post("/sim/faults").handler(this::postFaults);
        router.get("/sim/faults").handler(rc -> json(rc, 200, new JsonObject().put("queue", queueJson())));
        router.delete("/sim/faults").handler(rc -> json(rc, 200, new JsonObject().put("cleared", faults.clear())));
        router.get("/sim/status").handler(this::status);
        router.route().handler(this::intake);
        for (Mounted m : mounted) {
            for (Endpoint e : m.service().endpoints()) mount(router, m.service().pathOf(e), e);
        }

        return vertx.createHttpServer(new HttpServerOptions().setHost(cfg.host()).setPort(cfg.port()))
                .requestHandler(router)
                .listen()
                .onSuccess(s -> {
                    server = s;
                    vertx.sharedData().getLocalMap(SHARED_MAP).put(BASE_URL_KEY, baseUrl());
                    LOG.info("ISO simulator on http://{}:{} (speed {}x, seed {}, simulated time {})", cfg.host(),
                            s.actualPort(), cfg.speed(), cfg.seed(), clock.now());
                });
    }

    private void mount(Router router, String path, Endpoint e) {
        if (e.files()) {
            router.get(path + "/:file").handler(rc -> serve(rc, e, path + "/" + rc.pathParam("file")));
        } else {
            router.get(path).handler(rc -> serve(rc, e, path));
            // token endpoints (ERCOT's B2C) are POSTed to
            router.post(path).handler(BodyHandler.create().setBodyLimit(64 * 1024)).handler(rc -> serve(rc, e, path));
        }
    }

    /**
     * Where an in-process simulator announces its {@code http://host:port} (a Vert.x local map), so connector endpoints
     * written {@code sim:/<iso>/<service>} follow it even on a random port.
     */
    public static final String SHARED_MAP = "carbon.simulator";
    public static final String BASE_URL_KEY = "base_url";

    /** The bound port (useful with {@code port: 0}), or -1 before the server listens. */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    /** The simulated clock; null before start. */
    public SimClock clock() {
        return clock;
    }

    /** {@code http://host:port}, for building the ISOs' base URLs; null before the server listens. */
    public String baseUrl() {
        return server == null ? null : "http://" + cfg.host() + ":" + server.actualPort();
    }

    /** Every ISO base URL this simulator serves, by the variable its connector reads it from, in ISO order. */
    public Map<String, String> baseUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        for (Mounted m : mounted) urls.put(m.service().urlVariable(), baseUrl() + m.service().path());
        return urls;
    }

    // ---------------------------------------------------------------- intake: counting and faults

    private void intake(RoutingContext rc) {
        String path = rc.request().path();
        String key = requests.containsKey(path) || requests.size() < MAX_COUNTED_PATHS ? path : "(other)";
        requests.merge(key, 1L, Long::sum);

        Fault fault;
        List<String> oneOff = rc.queryParam("sim_fault");
        if (!oneOff.isEmpty()) {
            try {
                fault = faults.parse(oneOff.get(0));
            } catch (IllegalArgumentException e) {
                json(rc, 400, new JsonObject().put("error", "sim_fault: " + e.getMessage()));
                return;
            }
        } else {
            fault = faults.take(path).orElse(null);
        }
        if (fault == null) {
            rc.next();
            return;
        }
        LOG.info("fault {} for {}", fault.spec(), rc.request().uri());
        switch (fault.kind()) {
            case STATUS -> {
                if (fault.value() == 429) tooManyRequests(rc, 5);
                else html(rc, fault.value(), errorHtml(fault.value()));
            }
            case ISO -> respond(rc, isoFault(fault.spec(), path), request(rc, path));
            case EMPTY -> send(rc, 200, contentType(path), Buffer.buffer(), Map.of());
            case SLOW -> vertx.setTimer(Math.max(1, fault.value()), id -> rc.next());
            case TRUNCATED -> {
                rc.put(TRUNCATE, true);
                rc.next();
            }
            case RESET -> rc.request().connection().close();
        }
    }

    /** The ISO fault {@code name} of the ISO serving {@code path}, else of the first ISO declaring it. */
    private Handler isoFault(String name, String path) {
        List<Iso> order = new ArrayList<>(isos);
        serviceAt(path).ifPresent(m -> {
            order.remove(m.iso());
            order.add(0, m.iso());
        });
        return order.stream().flatMap(i -> i.simulator().faults().stream())
                .filter(f -> f.name().equals(name)).findFirst().orElseThrow().handler();
    }

    /**
     * What an {@code empty} fault claims to be: the content type of the service at the longest prefix of
     * {@code path}, else of the first service of the ISO whose top-level path starts it.
     */
    private String contentType(String path) {
        Optional<Mounted> at = serviceAt(path);
        if (at.isPresent()) return at.get().service().contentType();
        for (Iso iso : isos) {
            Service first = iso.simulator().services().get(0);
            if (path.startsWith(top(first.path()))) return first.contentType();
        }
        return CT_OTHER;
    }

    /** The service at the longest prefix of {@code path}. */
    private Optional<Mounted> serviceAt(String path) {
        return mounted.stream().filter(m -> path.startsWith(m.service().path()))
                .max(Comparator.comparingInt(m -> m.service().path().length()));
    }

    /** {@code /iso} of {@code /iso/name}. */
    private static String top(String path) {
        int end = path.indexOf('/', 1);
        return end < 0 ? path : path.substring(0, end);
    }

    private record Mounted(Iso iso, Service service) {
    }

    // ---------------------------------------------------------------- ISO endpoints

    private void serve(RoutingContext rc, Endpoint e, String path) {
        RateLimit limit = e.rateLimit();
        if (limit != null && !admitted(limit)) {
            tooManyRequests(rc, limit.retryAfterSeconds());
            return;
        }
        respond(rc, e.handler(), request(rc, path));
    }

    /** Whether a request to an endpoint under {@code limit} may be served now; if so, it counts as served. */
    private boolean admitted(RateLimit limit) {
        long now = System.nanoTime();
        long spacing = cfg.minSpacingMs(limit);
        Long last = lastServedNanos.get(limit.configKey());
        if (last != null && spacing > 0 && now - last < spacing * 1_000_000L) return false;
        lastServedNanos.put(limit.configKey(), now);
        return true;
    }

    private SimRequest request(RoutingContext rc, String path) {
        MultiMap q = rc.queryParams();
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String name : q.names()) params.put(name, q.getAll(name));
        Map<String, String> headers = new LinkedHashMap<>();
        rc.request().headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
        byte[] body = rc.body() == null || rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
        return new SimRequest(path, params, clock, model, rc.request().method().name(), headers, body);
    }

    /** Answers on a worker: a month of prices is too much for the event loop. */
    private void respond(RoutingContext rc, Handler handler, SimRequest request) {
        vertx.executeBlocking(() -> handler.handle(request), false)
                .onSuccess(r -> {
                    if (r.isErrorPage()) html(rc, r.status(), errorHtml(r.status()));
                    else send(rc, r.status(), r.contentType(), Buffer.buffer(r.body()), r.headers());
                })
                .onFailure(e -> {
                    LOG.error("rendering {} failed", rc.request().uri(), e);
                    html(rc, 500, errorHtml(500));
                });
    }

    // ---------------------------------------------------------------- control surface

    private void postFaults(RoutingContext rc) {
        JsonObject body;
        try {
            body = rc.body().asJsonObject();
        } catch (DecodeException e) {
            json(rc, 400, new JsonObject().put("error", "body is not JSON: " + e.getMessage()));
            return;
        }
        String expected = "expected {\"path_prefix\": \"" + examplePrefix() + "\", \"responses\": [\"429\", …]}";
        if (body == null) {
            json(rc, 400, new JsonObject().put("error", expected));
            return;
        }
        Object prefix = body.getValue("path_prefix", "/");
        Object responses = body.getValue("responses");
        if (!(prefix instanceof String p) || !(responses instanceof JsonArray arr) || arr.isEmpty()) {
            json(rc, 400, new JsonObject().put("error", expected + " with a non-empty responses array"));
            return;
        }
        List<String> specs = new ArrayList<>(arr.size());
        for (Object o : arr) specs.add(o == null ? null : String.valueOf(o));
        try {
            List<FaultQueue.Entry> added = faults.add(p, specs);
            json(rc, 200, new JsonObject().put("queued", added.size()).put("queue", queueJson()));
        } catch (IllegalArgumentException e) {
            json(rc, 400, new JsonObject().put("error", e.getMessage()));
        }
    }

    /** A path prefix for the usage message: the top-level path of an ISO where every fault applies. */
    private String examplePrefix() {
        Iso iso = isos.stream().filter(i -> !i.simulator().faults().isEmpty()).findFirst()
                .orElse(isos.isEmpty() ? null : isos.get(0));
        return iso == null ? "/" : top(iso.simulator().services().get(0).path());
    }

    private JsonArray queueJson() {
        JsonArray a = new JsonArray();
        for (FaultQueue.Entry e : faults.list()) {
            a.add(new JsonObject().put("path_prefix", e.pathPrefix()).put("response", e.fault().spec()));
        }
        return a;
    }

    private void status(RoutingContext rc) {
        JsonObject counts = new JsonObject();
        requests.forEach(counts::put);
        JsonObject status = new JsonObject()
                .put("sim_time", clock.now().toString())
                .put("speed", cfg.speed())
                .put("anchor", clock.anchor().toString())
                .put("seed", cfg.seed())
                .put("port", actualPort());
        for (RateLimit limit : SimulatorConfig.rateLimits(isos)) status.put(limit.configKey(), cfg.minSpacingMs(limit));
        JsonObject urls = new JsonObject();
        baseUrls().forEach(urls::put);
        json(rc, 200, status
                .put("faults_queued", faults.list().size())
                .put("requests", counts)
                .put("base_urls", urls));
    }

    // ---------------------------------------------------------------- responses

    private static void send(RoutingContext rc, int status, String contentType, Buffer body,
                             Map<String, String> headers) {
        if (rc.response().ended() || rc.response().closed()) return;
        if (Boolean.TRUE.equals(rc.get(TRUNCATE)) && body.length() > 1) body = body.slice(0, body.length() / 2);
        headers.forEach(rc.response()::putHeader);
        rc.response().setStatusCode(status).putHeader("Content-Type", Objects.requireNonNull(contentType)).end(body);
    }

    private static void html(RoutingContext rc, int status, String body) {
        send(rc, status, CT_HTML, Buffer.buffer(body), Map.of());
    }

    private static void json(RoutingContext rc, int status, JsonObject body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", CT_JSON).end(body.encodePrettily());
    }

    private static void tooManyRequests(RoutingContext rc, int retryAfterSeconds) {
        rc.response().putHeader("Retry-After", Integer.toString(retryAfterSeconds));
        html(rc, 429, tooManyRequestsHtml(retryAfterSeconds));
    }

    static String tooManyRequestsHtml(int retryAfterSeconds) {
        return "<html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1>"
                + "<p>You have exceeded the allowed request rate. Please retry your request after " + retryAfterSeconds
                + " seconds.</p></body></html>\n";
    }

    private static String errorHtml(int status) {
        String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
        return "<html><head><title>" + status + " " + reason + "</title></head><body><h1>" + reason
                + "</h1></body></html>\n";
    }
}
