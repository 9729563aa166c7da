package com.carbon254.ingestion.connector.sim;

import com.carbon254.ingestion.connector.sim.FaultQueue.Fault;
import com.carbon254.ingestion.connector.sim.Formats.CaisoReport;
import io.vertx.core.Future;
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

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the ISO servers: serves MISO and CAISO endpoints in their real formats with
 * {@link PriceModel} prices on {@link SimClock} time, so the product can be shown fetching data with no internet.
 * Only the base URL differs from the real one:
 * <ul>
 *   <li>{@code GET /miso/marketreports/<yyyyMMdd>_da_expost_lmp.csv} and {@code _da_exante_lmp.csv}
 *       ({@code MISO_REPORTS_URL=http://host:port/miso/marketreports}); operating days up to tomorrow (simulated,
 *       EST) exist, later ones are 404;</li>
 *   <li>{@code GET /miso/api/MarketPricing/GetRealTimeFiveMinExPost/Current} ({@code MISO_API_URL=…/miso/api}): the
 *       latest 5-minute interval that has ended in simulated time;</li>
 *   <li>{@code GET /caiso/oasisapi/SingleZip?queryname=PRC_LMP|PRC_INTVL_LMP&market_run_id=DAM|RTM&startdatetime=…
 *       &enddatetime=…&resultformat=6} ({@code CAISO_OASIS_URL=…/caiso/oasisapi}): DAM trade dates up to tomorrow,
 *       RTM intervals that have ended; a window with nothing yet gets the ERR_CODE 1004 error zip (HTTP 200); a
 *       request within {@code caiso_min_spacing_ms} of the last served one gets 429 with {@code Retry-After: 5}.</li>
 * </ul>
 * Control surface: {@code POST /sim/faults} {@code {"path_prefix":"/caiso","responses":["429","error_zip","empty",
 * "slow:2000","500"]}} queues faults (see {@link FaultQueue.Fault}) served once each to matching requests in order;
 * {@code GET /sim/faults} lists them, {@code DELETE /sim/faults} clears; {@code ?sim_fault=<fault>} on any request
 * is a one-off. {@code GET /sim/status}: simulated time, speed, seed, request counts per path.
 *
 * <p>Config keys: see {@link SimulatorConfig}. Deploy one instance: the rate limiter, fault queue and counters
 * belong to it. Documents are rendered on a worker ({@code executeBlocking}); {@code slow} uses a timer.
 */
public final class SimulatorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorVerticle.class);

    public static final String MISO_REPORTS_PATH = "/miso/marketreports";
    public static final String MISO_API_PATH = "/miso/api";
    public static final String CAISO_OASIS_PATH = "/caiso/oasisapi";
    static final String MISO_CURRENT_PATH = MISO_API_PATH + "/MarketPricing/GetRealTimeFiveMinExPost/Current";
    static final String CAISO_SINGLE_ZIP_PATH = CAISO_OASIS_PATH + "/SingleZip";
    /** Distinct paths counted in /sim/status before the rest are counted as "(other)". */
    static final int MAX_COUNTED_PATHS = 256;
    static final Duration CAISO_MAX_DAM_SPAN = Duration.ofDays(31);
    static final Duration CAISO_MAX_RTM_SPAN = Duration.ofHours(1);

    private static final Pattern MISO_REPORT = Pattern.compile("(\\d{8})_da_(expost|exante)_lmp\\.csv");
    private static final DateTimeFormatter YMD =
            DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final String TRUNCATE = "sim.truncate";
    private static final String CT_ZIP = "application/zip";
    private static final String CT_CSV = "text/csv";
    private static final String CT_JSON = "application/json; charset=utf-8";
    private static final String CT_HTML = "text/html; charset=utf-8";

    private final SimulatorConfig given;
    private SimulatorConfig cfg;
    private PriceModel model;
    private SimClock clock;
    private HttpServer server;
    private final FaultQueue faults = new FaultQueue();
    private final Map<String, Long> requests = new LinkedHashMap<>();
    private long lastCaisoServedNanos;
    private boolean caisoServed;

    /** Reads its configuration from the deployment's {@code config()}. */
    public SimulatorVerticle() {
        this(null);
    }

    /** Uses {@code config} (the deployment's {@code config()} is then ignored). */
    public SimulatorVerticle(SimulatorConfig config) {
        this.given = config;
    }

    @Override
    public Future<?> start() {
        try {
            cfg = given != null ? given : SimulatorConfig.from(config().getMap());
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
        router.get(MISO_REPORTS_PATH + "/:file").handler(this::misoReport);
        router.get(MISO_CURRENT_PATH).handler(this::misoCurrent);
        router.get(CAISO_SINGLE_ZIP_PATH).handler(this::caisoSingleZip);

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

    /**
     * Where an in-process simulator announces its {@code http://host:port} (a Vert.x local map), so connector endpoints
     * written {@code sim:/miso/marketreports} follow it even on a random port.
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

    /** {@code http://host:port}, for building the three base URLs; null before the server listens. */
    public String baseUrl() {
        return server == null ? null : "http://" + cfg.host() + ":" + server.actualPort();
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
                fault = Fault.parse(oneOff.get(0));
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
                if (fault.value() == 429) rc.response().putHeader("Retry-After", "5");
                html(rc, fault.value(), fault.value() == 429 ? tooManyRequestsHtml() : errorHtml(fault.value()));
            }
            case ERROR_ZIP -> send(rc, 200, CT_ZIP, Buffer.buffer(Formats.caisoNoDataZip(clock.now())),
                    "INVALID_REQUEST.xml.zip");
            case EMPTY -> send(rc, 200, contentType(path), Buffer.buffer(), null);
            case SLOW -> vertx.setTimer(Math.max(1, fault.value()), id -> rc.next());
            case TRUNCATED -> {
                rc.put(TRUNCATE, true);
                rc.next();
            }
            case RESET -> rc.request().connection().close();
        }
    }

    // ---------------------------------------------------------------- MISO

    private void misoReport(RoutingContext rc) {
        Matcher m = MISO_REPORT.matcher(rc.pathParam("file"));
        LocalDate day = null;
        if (m.matches()) {
            try {
                day = LocalDate.parse(m.group(1), YMD);
            } catch (DateTimeParseException e) {
                day = null;
            }
        }
        // DA results exist up to tomorrow's operating day (MISO's day is EST)
        if (day == null || day.isAfter(clock.today(Formats.MISO_EST).plusDays(1))) {
            html(rc, 404, errorHtml(404));
            return;
        }
        LocalDate d = day;
        boolean exAnte = m.group(2).equals("exante");
        render(rc, () -> Formats.misoDayAheadReport(model, d, exAnte), CT_CSV, null);
    }

    private void misoCurrent(RoutingContext rc) {
        Instant end = clock.latestEnded(Duration.ofMinutes(5));
        send(rc, 200, CT_JSON, Buffer.buffer(Formats.misoFiveMinExPostCurrent(model, end)), null);
    }

    // ---------------------------------------------------------------- CAISO

    private void caiso429(RoutingContext rc) {
        rc.response().putHeader("Retry-After", "5");
        html(rc, 429, tooManyRequestsHtml());
    }

    private void caisoSingleZip(RoutingContext rc) {
        long now = System.nanoTime();
        if (caisoServed && cfg.caisoMinSpacingMs() > 0
                && now - lastCaisoServedNanos < cfg.caisoMinSpacingMs() * 1_000_000L) {
            caiso429(rc);
            return;
        }
        caisoServed = true;
        lastCaisoServedNanos = now;

        Instant generated = clock.now();
        String query = param(rc, "queryname");
        Optional<CaisoReport> report = CaisoReport.of(query);
        if (report.isEmpty()) {
            caisoInvalid(rc, "queryname '" + query + "' is not simulated (PRC_LMP, PRC_INTVL_LMP)", generated);
            return;
        }
        CaisoReport r = report.get();
        String run = param(rc, "market_run_id");
        if (!r.marketRunId().equalsIgnoreCase(run)) {
            caisoInvalid(rc, "market_run_id '" + run + "' is not valid for " + r.name() + " (" + r.marketRunId()
                    + ")", generated);
            return;
        }
        String format = param(rc, "resultformat");
        if (!"6".equals(format)) {
            caisoInvalid(rc, "resultformat '" + format + "' is not simulated (6 = CSV)", generated);
            return;
        }
        Instant start = caisoTime(param(rc, "startdatetime"));
        Instant end = caisoTime(param(rc, "enddatetime"));
        if (start == null || end == null || !end.isAfter(start)) {
            caisoInvalid(rc, "startdatetime/enddatetime must be yyyyMMdd'T'HH:mm-0000 with start before end",
                    generated);
            return;
        }
        Duration max = r == CaisoReport.PRC_LMP ? CAISO_MAX_DAM_SPAN : CAISO_MAX_RTM_SPAN;
        if (Duration.between(start, end).compareTo(max) > 0) {
            caisoInvalid(rc, "the requested time range exceeds the maximum of " + max.toHours() + " hours for "
                    + r.name(), generated);
            return;
        }
        String grpType = Optional.ofNullable(param(rc, "grp_type")).orElse("ALL_APNODES");
        int version = parseVersion(param(rc, "version"));

        // what exists in simulated time: DAM trade dates up to tomorrow, RTM intervals that have ended
        Instant available = r == CaisoReport.PRC_LMP
                ? clock.today(Formats.CAISO_ZONE).plusDays(2).atStartOfDay(Formats.CAISO_ZONE).toInstant()
                : clock.latestEnded(r.interval());
        Instant effectiveEnd = end.isAfter(available) ? available : end;
        if (!effectiveEnd.isAfter(start) || Formats.caisoIntervals(r, start, effectiveEnd).isEmpty()) {
            send(rc, 200, CT_ZIP, Buffer.buffer(Formats.caisoNoDataZip(generated)), "INVALID_REQUEST.xml.zip");
            return;
        }
        String member = Formats.caisoMemberName(r, start, end, generated, version);
        String zipName = member.substring(0, member.length() - ".csv".length()) + ".zip";
        render(rc, () -> zip(r, start, end, effectiveEnd, grpType, version, generated), CT_ZIP, zipName);
    }

    private byte[] zip(CaisoReport r, Instant start, Instant end, Instant effectiveEnd, String grpType, int version,
                       Instant generated) {
        byte[] csv = Formats.caisoCsv(model, r, start, effectiveEnd, grpType);
        // the member is named after the request, as OASIS does, even when only part of the window has data yet
        return Formats.zipMember(Formats.caisoMemberName(r, start, end, generated, version), csv, generated);
    }

    private void caisoInvalid(RoutingContext rc, String why, Instant generated) {
        send(rc, 200, CT_ZIP, Buffer.buffer(Formats.caisoErrorZip(Formats.CAISO_INVALID_REQUEST, why, generated)),
                "INVALID_REQUEST.xml.zip");
    }

    private static int parseVersion(String v) {
        if (v == null || !v.matches("\\d{1,4}")) return 1;
        return Integer.parseInt(v);
    }

    /** {@code 20240301T08:00-0000}, any {@code ±HHmm} offset; null when malformed. */
    static Instant caisoTime(String s) {
        if (s == null) return null;
        try {
            return OffsetDateTime.parse(s.strip(), Formats.CAISO_REQUEST_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
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
        if (body == null) {
            json(rc, 400, new JsonObject().put("error", "expected {\"path_prefix\": \"/caiso\", \"responses\": [\"429\", …]}"));
            return;
        }
        Object prefix = body.getValue("path_prefix", "/");
        Object responses = body.getValue("responses");
        if (!(prefix instanceof String p) || !(responses instanceof JsonArray arr) || arr.isEmpty()) {
            json(rc, 400, new JsonObject().put("error",
                    "expected {\"path_prefix\": \"/caiso\", \"responses\": [\"429\", …]} with a non-empty responses array"));
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
        json(rc, 200, new JsonObject()
                .put("sim_time", clock.now().toString())
                .put("speed", cfg.speed())
                .put("anchor", clock.anchor().toString())
                .put("seed", cfg.seed())
                .put("port", actualPort())
                .put("caiso_min_spacing_ms", cfg.caisoMinSpacingMs())
                .put("faults_queued", faults.list().size())
                .put("requests", counts)
                .put("base_urls", new JsonObject()
                        .put("MISO_REPORTS_URL", baseUrl() + MISO_REPORTS_PATH)
                        .put("MISO_API_URL", baseUrl() + MISO_API_PATH)
                        .put("CAISO_OASIS_URL", baseUrl() + CAISO_OASIS_PATH)));
    }

    // ---------------------------------------------------------------- responses

    /** Renders a document on a worker (a month of CAISO prices is too much for the event loop) and sends it. */
    private void render(RoutingContext rc, Callable<byte[]> doc, String contentType, String fileName) {
        vertx.executeBlocking(doc, false)
                .onSuccess(bytes -> send(rc, 200, contentType, Buffer.buffer(bytes), fileName))
                .onFailure(e -> {
                    LOG.error("rendering {} failed", rc.request().uri(), e);
                    html(rc, 500, errorHtml(500));
                });
    }

    private static void send(RoutingContext rc, int status, String contentType, Buffer body, String fileName) {
        if (rc.response().ended() || rc.response().closed()) return;
        if (Boolean.TRUE.equals(rc.get(TRUNCATE)) && body.length() > 1) body = body.slice(0, body.length() / 2);
        if (fileName != null) rc.response().putHeader("Content-Disposition", "inline; filename=" + fileName);
        rc.response().setStatusCode(status).putHeader("Content-Type", contentType).end(body);
    }

    private static void html(RoutingContext rc, int status, String body) {
        send(rc, status, CT_HTML, Buffer.buffer(body), null);
    }

    private static void json(RoutingContext rc, int status, JsonObject body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", CT_JSON).end(body.encodePrettily());
    }

    private static String param(RoutingContext rc, String name) {
        List<String> v = rc.queryParam(name);
        return v.isEmpty() ? null : v.get(0);
    }

    private static String contentType(String path) {
        if (path.startsWith("/caiso")) return CT_ZIP;
        if (path.startsWith(MISO_API_PATH)) return CT_JSON;
        if (path.startsWith("/miso")) return CT_CSV;
        return "application/octet-stream";
    }

    static String tooManyRequestsHtml() {
        return "<html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1>"
                + "<p>You have exceeded the allowed request rate. Please retry your request after 5 seconds.</p>"
                + "</body></html>\n";
    }

    private static String errorHtml(int status) {
        String reason = io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
        return "<html><head><title>" + status + " " + reason + "</title></head><body><h1>" + reason
                + "</h1></body></html>\n";
    }
}
