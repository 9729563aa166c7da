package com.carbon254.ingestion.app;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A client of the SockJS event-bus bridge the way a browser's plain WebSocket talks to it: JSON frames on
 * {@code /eventbus/websocket}, pings every two seconds (the bridge closes a socket that stops pinging).
 */
final class BridgeClient implements AutoCloseable {
    final List<JsonObject> frames = new CopyOnWriteArrayList<>();
    private final Vertx vertx;
    private final WebSocketClient client;
    private final WebSocket ws;
    private final String authorization;
    private final long pinger;

    /** @param authorization the {@code Authorization} value its frames carry, or null for none */
    BridgeClient(Vertx vertx, int port, String authorization) throws Exception {
        this(vertx, new WebSocketClientOptions(), port, authorization);
    }

    /** @param options how to connect (TLS, a client certificate) */
    BridgeClient(Vertx vertx, WebSocketClientOptions options, int port, String authorization) throws Exception {
        this.vertx = vertx;
        this.authorization = authorization;
        this.client = vertx.createWebSocketClient(options);
        this.ws = RunningApp.await(client.connect(port, "127.0.0.1", "/eventbus/websocket"));
        ws.handler(b -> frames.add(new JsonObject(b.toString())));
        pinger = vertx.setPeriodic(2000, id -> ws.writeTextMessage(new JsonObject().put("type", "ping").encode()));
    }

    private JsonObject frame(String type, String address) {
        JsonObject f = new JsonObject().put("type", type).put("address", address);
        if (authorization != null) f.put("headers", new JsonObject().put("authorization", authorization));
        return f;
    }

    void register(String address) throws Exception {
        RunningApp.await(ws.writeTextMessage(frame("register", address).encode()));
    }

    /** Sends {@code body} to {@code address} asking for a reply at {@code replyAddress}. */
    void send(String address, JsonObject body, String replyAddress) throws Exception {
        RunningApp.await(ws.writeTextMessage(frame("send", address).put("body", body)
                .put("replyAddress", replyAddress).encode()));
    }

    void publish(String address, JsonObject body) throws Exception {
        RunningApp.await(ws.writeTextMessage(frame("publish", address).put("body", body).encode()));
    }

    /** The first frame {@code match} accepts, waiting up to {@code seconds} for it. */
    JsonObject await(Predicate<JsonObject> match, int seconds) {
        return firstFrame(frames, match, seconds);
    }

    /** The first of {@code frames} (a list a reader thread fills) {@code match} accepts, waiting up to {@code seconds}. */
    static JsonObject firstFrame(java.util.List<JsonObject> frames, Predicate<JsonObject> match, int seconds) {
        JsonObject[] found = new JsonObject[1];
        Awaitility.await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(20)).until(() -> {
            found[0] = frames.stream().filter(match).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    /** An event received on {@code address} whose body {@code match} accepts. */
    JsonObject awaitEvent(String address, Predicate<JsonObject> match, int seconds) {
        return await(f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address"))
                && f.getValue("body") instanceof JsonObject b && match.test(b), seconds).getJsonObject("body");
    }

    /** The errors the bridge answered so far (their {@code body}: {@code access_denied}, {@code rejected}, …). */
    List<String> errors() {
        return frames.stream().filter(f -> "err".equals(f.getString("type"))).map(f -> String.valueOf(f.getValue("body")))
                .toList();
    }

    @Override
    public void close() {
        vertx.cancelTimer(pinger);
        try {
            RunningApp.await(ws.close());
            RunningApp.await(client.close());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing the socket", e);
        } catch (Exception e) {
            throw new IllegalStateException("closing the socket failed", e);
        }
    }
}
