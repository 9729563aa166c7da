package com.carbon254.ingestion.ops;

import com.carbon254.ingestion.ops.auth.Authenticator;
import com.carbon254.ingestion.ops.auth.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import io.vertx.ext.eventbus.bridge.tcp.impl.protocol.FrameHelper;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ops event-bus bridge over TCP, for scripts: Vert.x's TCP event-bus bridge (frames of a 4-byte big-endian length
 * then that many bytes of JSON, the same {@code register}/{@code send}/{@code ping} frames as the SockJS bridge) with
 * {@link BridgeRules}, the SockJS bridge's rules: outbound only the {@code ops.*} events, inbound only
 * {@code ops.command.*}; a register needs a {@code read} token and the socket then receives its tenant's events only,
 * a command needs an {@code admin} token and is carried out by {@link OpsCommands} like the SockJS bridge's.
 *
 * <p>The TCP bridge has no per-message hook (SockJS's {@code RECEIVE}): its own registration would forward every
 * tenant's events. So a permitted register is carried out here: this class registers the event-bus consumer for the
 * socket and writes it only the events {@link BridgeRules#visible} lets through, and leaves the bridge's event
 * pending, so the bridge does not register its own consumer (nor answers the frame). The consumers go with the socket.
 * A register of an address that is not permitted is left to the bridge, which answers {@code access_denied}; a refused
 * token gets the bridge's {@code err} frame ({@code "blocked by bridgeEvent handler"}).
 */
public final class OpsTcpBridge {
    private final Vertx vertx;
    private final BridgeRules rules;
    private final Map<NetSocket, Principal> callers = new ConcurrentHashMap<>();
    private final Map<NetSocket, Map<String, MessageConsumer<Object>>> consumers = new ConcurrentHashMap<>();
    private TcpEventBusBridge bridge;

    public OpsTcpBridge(Vertx vertx, Authenticator auth) {
        this.vertx = vertx;
        this.rules = new BridgeRules(auth);
    }

    /** Listens on {@code port} (every interface) with {@code server}'s options (TLS as the HTTP server's). */
    public Future<Void> listen(int port, NetServerOptions server) {
        bridge = TcpEventBusBridge.create(vertx, BridgeRules.permitted(new BridgeOptions()), server, this::event);
        return bridge.listen(port).mapEmpty();
    }

    public Future<Void> close() {
        consumers.keySet().forEach(this::forget);
        return bridge == null ? Future.succeededFuture() : bridge.close();
    }

    private void event(BridgeEvent be) {
        JsonObject raw = be.getRawMessage();
        NetSocket socket = be.socket();
        switch (be.type()) {
            case REGISTER -> {
                String address = raw.getString("address");
                if (address == null || !address.matches(BridgeRules.OUTBOUND)) {
                    be.complete(true); // the bridge answers access_denied (or missing_address)
                } else if (!rules.register(callers, socket, raw)) {
                    be.complete(false);
                } else {
                    register(socket, address); // and the bridge's event stays pending: see the class comment
                }
            }
            case UNREGISTER -> {
                Map<String, MessageConsumer<Object>> mine = consumers.get(socket);
                MessageConsumer<Object> c = mine == null ? null : mine.remove(raw.getString("address"));
                if (c == null) {
                    be.complete(true); // the bridge answers access_denied or unknown_address
                } else {
                    c.unregister();
                }
            }
            case SEND, PUBLISH -> be.complete(rules.command(be.type(), raw));
            default -> be.complete(true);
        }
    }

    private void register(NetSocket socket, String address) {
        consumers.computeIfAbsent(socket, s -> {
            s.closeHandler(v -> forget(s));
            return new ConcurrentHashMap<>();
        }).computeIfAbsent(address, a -> vertx.eventBus().consumer(a, m -> {
            if (BridgeRules.visible(callers.get(socket), m.address(), m.body())) {
                FrameHelper.sendFrame("message", m.address(), null, null, false, m.body(), socket);
            }
        }));
    }

    private void forget(NetSocket socket) {
        callers.remove(socket);
        Map<String, MessageConsumer<Object>> mine = consumers.remove(socket);
        if (mine != null) mine.values().forEach(MessageConsumer::unregister);
    }
}
