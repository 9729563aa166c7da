package com.carbon254.ingestion.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The inbound ops commands of the bridge, each carried out as the HTTP request it stands for, on this process's own
 * port and with the command's own {@code Authorization}: the same validation, scopes and tenant rules as the API, one
 * place for each. The reply is {@code {status, body}} of that request.
 * <ul>
 *   <li>{@code ops.command.run} {@code {connector, dataset, from, to}} → {@code POST /api/v1/connectors/{connector}/runs}</li>
 *   <li>{@code ops.command.reprocess} {@code {from, to, isos?}} → {@code POST /reprocess}</li>
 *   <li>{@code ops.command.enable} / {@code .disable} {@code {connector}} → {@code POST /api/v1/connectors/{connector}/enable|disable}</li>
 * </ul>
 * A process without the endpoint (another role) answers 404, which the reply carries.
 */
public final class OpsCommands {
    public static final String RUN = OpsEvents.COMMAND_PREFIX + "run";
    public static final String REPROCESS = OpsEvents.COMMAND_PREFIX + "reprocess";
    public static final String ENABLE = OpsEvents.COMMAND_PREFIX + "enable";
    public static final String DISABLE = OpsEvents.COMMAND_PREFIX + "disable";

    private final Vertx vertx;
    private final IntSupplier port;
    private final HttpClient http;
    private final List<MessageConsumer<Object>> consumers = new ArrayList<>();

    /** @param port this process's HTTP port (known once it listens) */
    public OpsCommands(Vertx vertx, IntSupplier port) {
        this.vertx = vertx;
        this.port = port;
        this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1"));
    }

    public void start() {
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
        return Future.join(all).compose(v -> http.close());
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
        RequestOptions opts = new RequestOptions().setMethod(HttpMethod.POST).setPort(port.getAsInt()).setURI(uri)
                .putHeader("content-type", "application/json");
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
