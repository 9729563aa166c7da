package com.carbon254.ingestion.ops;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The inbound ops commands of the bridge, each carried out as the HTTP request it stands for, with the command's own
 * {@code Authorization}: the same validation, scopes and tenant rules as the API, one place for each. The reply is
 * {@code {status, body}} of that request.
 * <ul>
 *   <li>{@code ops.command.run} {@code {connector, dataset, from, to}} → {@code POST /api/v1/connectors/{connector}/runs}</li>
 *   <li>{@code ops.command.reprocess} {@code {from, to, isos?}} → {@code POST /reprocess}</li>
 *   <li>{@code ops.command.enable} / {@code .disable} {@code {connector}} → {@code POST /api/v1/connectors/{connector}/enable|disable}</li>
 * </ul>
 * A process without the endpoint (another role) answers 404, which the reply carries.
 *
 * <p><b>Where the request goes.</b> Not to the process's public port: with server TLS, and above all with mTLS, a
 * request from inside the process would need a client certificate the process does not have (its server certificate
 * is not one the client CA signed). Instead this class opens its own plain HTTP listener on the loopback interface
 * ({@code 127.0.0.1}, an ephemeral port), serving the process's API router — the same auth handler, routes, body
 * limits and answers — and sends every command there. That listener serves only what commands need and only to this
 * class: each request must carry a random per-process key (256 bits, never logged, compared in constant time) in
 * {@value #KEY_HEADER}, be a {@code POST} and name a command's path; anything else is 404 before the router sees it.
 * So nothing on the host (another process, a pod's sidecar) reaches the API through it without the client
 * certificate the public port asks for, and a command without an {@code admin} token is refused as over the public
 * port.
 *
 * <p>Why not an in-process dispatch into the router: Vert.x Web routes a real {@link HttpServerRequest}; faking one
 * means re-implementing the request and response contract (headers, body streaming, ends, exceptions) for every
 * Vert.x upgrade, and a command would then take a code path no client takes. A loopback connection takes exactly the
 * API's path, at the cost of one local port.
 */
public final class OpsCommands {
    public static final String RUN = OpsEvents.COMMAND_PREFIX + "run";
    public static final String REPROCESS = OpsEvents.COMMAND_PREFIX + "reprocess";
    public static final String ENABLE = OpsEvents.COMMAND_PREFIX + "enable";
    public static final String DISABLE = OpsEvents.COMMAND_PREFIX + "disable";
    /** The header carrying the listener's per-process key. */
    static final String KEY_HEADER = "x-carbon-ops-command-key";
    /** The only paths a command requests (connector names as {@link #connector} admits them). */
    static final Pattern COMMAND_PATH = Pattern.compile(
            "/api/v1/connectors/[a-z0-9_-]{1,64}/(runs|enable|disable)|/reprocess");

    private final Vertx vertx;
    private final Handler<HttpServerRequest> api;
    private final byte[] key;
    private final HttpClient http;
    private final List<MessageConsumer<Object>> consumers = new ArrayList<>();
    private HttpServer loopback;

    /** @param api the process's API router (its auth handler before every {@code /api} and {@code /reprocess} route) */
    public OpsCommands(Vertx vertx, Handler<HttpServerRequest> api) {
        this.vertx = vertx;
        this.api = api;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.key = Base64.getUrlEncoder().withoutPadding().encodeToString(random).getBytes(StandardCharsets.US_ASCII);
        this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1"));
    }

    /** Opens the loopback listener, then takes commands. */
    public Future<Void> start() {
        return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(this::serve)
                .listen()
                .onSuccess(s -> {
                    loopback = s;
                    consume();
                }).mapEmpty();
    }

    /** The loopback listener's port (-1 before {@link #start}). */
    public int port() {
        return loopback == null ? -1 : loopback.actualPort();
    }

    /** Only this class's own command requests reach the router. */
    private void serve(HttpServerRequest req) {
        String given = req.getHeader(KEY_HEADER);
        if (req.method() != HttpMethod.POST || given == null
                || !MessageDigest.isEqual(key, given.getBytes(StandardCharsets.US_ASCII))
                || !COMMAND_PATH.matcher(req.path()).matches()) {
            req.response().setStatusCode(404).end();
            return;
        }
        api.handle(req);
    }

    private void consume() {
        consumers.add(vertx.eventBus().consumer(RUN, m -> forward(m, b -> "/api/v1/connectors/"
                + connector(b) + "/runs", b -> new JsonObject().put("dataset", b.getValue("dataset"))
                .put("from", b.getValue("from")).put("to", b.getValue("to")))));
        consumers.add(vertx.eventBus().consumer(REPROCESS, m -> forward(m, b -> "/reprocess", b -> {
            JsonObject req = new JsonObject().put("from", b.getValue("from")).put("to", b.getValue("to"));
            if (b.containsKey("isos")) req.put("isos", b.getValue("isos"));
            return req;
        })));
        consumers.add(vertx.eventBus().consumer(ENABLE, m -> forward(m, b -> "/api/v1/connectors/" + connector(b)
                + "/enable", b -> new JsonObject())));
        consumers.add(vertx.eventBus().consumer(DISABLE, m -> forward(m, b -> "/api/v1/connectors/" + connector(b)
                + "/disable", b -> new JsonObject())));
    }

    public Future<Void> stop() {
        List<Future<Void>> all = new ArrayList<>();
        consumers.forEach(c -> all.add(c.unregister()));
        return Future.join(all).compose(v -> http.close())
                .compose(v -> loopback == null ? Future.succeededFuture() : loopback.close());
    }

    private interface Part<T> {
        T of(JsonObject body);
    }

    private void forward(Message<Object> m, Part<String> path, Part<JsonObject> request) {
        if (!(m.body() instanceof JsonObject body)) {
            m.reply(answer(400, new JsonObject().put("error", "a command's body is a JSON object")));
            return;
        }
        String uri;
        try {
            uri = path.of(body);
        } catch (IllegalArgumentException e) {
            m.reply(answer(400, new JsonObject().put("error", e.getMessage())));
            return;
        }
        RequestOptions opts = new RequestOptions().setMethod(HttpMethod.POST).setPort(port()).setURI(uri)
                .putHeader("content-type", "application/json")
                .putHeader(KEY_HEADER, new String(key, StandardCharsets.US_ASCII));
        String authorization = m.headers().get("authorization");
        if (authorization != null) opts.putHeader("authorization", authorization);
        http.request(opts)
                .compose(req -> req.send(request.of(body).toBuffer()))
                .compose(resp -> resp.body().map(b -> answer(resp, b)))
                .onComplete(ar -> m.reply(ar.succeeded() ? ar.result()
                        : answer(503, new JsonObject().put("error", "command not carried out: " + ar.cause().getMessage()))));
    }

    private static String connector(JsonObject b) {
        Object c = b.getValue("connector");
        if (!(c instanceof String s) || !s.matches("[a-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("connector: required, a connector name such as \"caiso\"");
        }
        return s;
    }

    private static JsonObject answer(HttpClientResponse resp, Buffer b) {
        Object body;
        try {
            body = b.length() == 0 ? null : new JsonObject(b);
        } catch (DecodeException e) {
            body = b.toString();
        }
        return new JsonObject().put("status", resp.statusCode()).put("body", body);
    }

    private static JsonObject answer(int status, JsonObject body) {
        return new JsonObject().put("status", status).put("body", body);
    }
}
