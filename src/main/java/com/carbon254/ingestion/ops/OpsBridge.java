package com.carbon254.ingestion.ops;

import com.carbon254.ingestion.ops.auth.Authenticator;
import com.carbon254.ingestion.ops.auth.Principal;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SockJS event-bus bridge for ops tooling at {@code /eventbus/*} (a browser's plain WebSocket speaks it at
 * {@code /eventbus/websocket}). Outbound only the {@code ops.*} event addresses of {@link OpsEvents}, inbound only
 * {@code ops.command.*} ({@link OpsCommands}); everything else the bridge refuses ({@code access_denied}).
 *
 * <p>Tokens: a client registers with {@code headers.authorization = "Bearer <token>"} in its register frame and needs
 * {@code read}; from then on it receives only events whose {@code tenant} is its token's. A command frame carries its
 * own {@code headers.authorization} and needs {@code admin}; a refused frame is answered {@code rejected}. With
 * authentication off ({@link Authenticator#open}) every client is the process tenant with every scope.
 *
 * <p>Also publishes {@link OpsEvents#THROUGHPUT} each second from the {@code stage_records_total} counters and
 * re-publishes the DLQ counts, so a client that just connected sees them within a second.
 */
public final class OpsBridge {
    static final String OUTBOUND = BridgeRules.OUTBOUND;
    static final String INBOUND = BridgeRules.INBOUND;
    private static final String[] STAGES = {"connectors", "normalizer", "enricher", "aggregator", "projector"};
    private static final String[] OUTCOMES = {"in", "out", "rejected"};

    private final Vertx vertx;
    private final Metrics metrics;
    private final BridgeRules rules;
    private final String tenant;
    private final Clock clock;
    /** The caller of each open socket, from its first register frame. */
    private final Map<SockJSSocket, Principal> callers = new ConcurrentHashMap<>();
    /** stage/outcome → count at the previous throughput tick. */
    private final Map<String, Double> previous = new ConcurrentHashMap<>();
    private long previousAt;
    private long timer = -1;

    /**
     * @param tenant the process's tenant: throughput and connector health are this process's, so they go to its clients
     */
    public OpsBridge(Vertx vertx, Metrics metrics, Authenticator auth, String tenant, Clock clock) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.rules = new BridgeRules(auth);
        this.tenant = tenant;
        this.clock = clock;
    }

    /** Mounts the bridge on {@code router}, sends the process's ops events to the event bus and starts the ticks. */
    public void mount(Router router) {
        SockJSBridgeOptions options = BridgeRules.permitted(new SockJSBridgeOptions());
        router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx).bridge(options, this::event));
        metrics.events().attach((address, body) -> vertx.eventBus().publish(address, body));
        previousAt = clock.millis();
        timer = vertx.setPeriodic(1000, id -> tick());
    }

    public void stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    private void event(BridgeEvent be) {
        JsonObject raw = be.getRawMessage();
        switch (be.type()) {
            case REGISTER -> be.complete(rules.register(callers, be.socket(), raw));
            case SEND, PUBLISH -> be.complete(rules.command(be.type(), raw));
            case RECEIVE -> be.complete(BridgeRules.visible(callers.get(be.socket()), raw.getString("address"),
                    raw.getValue("body")));
            case SOCKET_CLOSED -> {
                callers.remove(be.socket());
                be.complete(true);
            }
            default -> be.complete(true);
        }
    }

    /** Publishes stage throughput since the previous tick, and the DLQ counts again. */
    void tick() {
        long now = clock.millis();
        double seconds = Math.max(0.001, (now - previousAt) / 1000.0);
        previousAt = now;
        Map<String, JsonObject> stages = new TreeMap<>();
        for (String s : STAGES) {
            JsonObject st = new JsonObject();
            for (String o : OUTCOMES) {
                Counter c = metrics.registry().find("stage.records").tags("stage", s, "outcome", o).counter();
                double total = c == null ? 0 : c.count();
                Double before = previous.put(s + "/" + o, total);
                st.put(o, (long) total).put(o + "_per_s", before == null ? 0.0
                        : Math.round((total - before) / seconds * 10) / 10.0);
            }
            stages.put(s, st);
        }
        JsonObject body = new JsonObject().put("tenant", tenant).put("at", clock.instant().toString());
        JsonObject by = new JsonObject();
        stages.forEach(by::put);
        metrics.events().emit(OpsEvents.THROUGHPUT, body.put("stages", by));
        for (String t : metrics.events().dlqTenants()) metrics.events().emit(OpsEvents.DLQ, metrics.events().dlqCounts(t));
    }
}
