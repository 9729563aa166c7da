package com.carbon254.ingestion.ops;

import com.carbon254.ingestion.ops.auth.Authenticator;
import com.carbon254.ingestion.ops.auth.Principal;
import com.carbon254.ingestion.ops.auth.Scope;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;

import java.util.Map;
import java.util.Optional;

/**
 * What both event-bus bridges ({@link OpsBridge} over SockJS, {@link OpsTcpBridge} over TCP) let through, in one
 * place: outbound only the {@code ops.*} event addresses, inbound only {@code ops.command.*}; a register frame needs a
 * token with {@code read} and fixes the socket's caller (its first such frame), a command frame needs its own token
 * with {@code admin}; an event reaches a socket only when its body's {@code tenant} is the caller's.
 */
public final class BridgeRules {
    /** The outbound addresses a client may register for. */
    public static final String OUTBOUND = "ops\\.(throughput|progress|anomalies|dlq|health)";
    /** The inbound addresses a client may send to. */
    public static final String INBOUND = "ops\\.command\\.[a-z]+";

    private final Authenticator auth;

    public BridgeRules(Authenticator auth) {
        this.auth = auth;
    }

    /** The permitted addresses, for either bridge's options. */
    public static <T extends BridgeOptions> T permitted(T options) {
        options.addInboundPermitted(new PermittedOptions().setAddressRegex(INBOUND))
                .addOutboundPermitted(new PermittedOptions().setAddressRegex(OUTBOUND));
        return options;
    }

    /** The caller of a frame: its {@code headers.authorization} token. */
    public Optional<Principal> caller(JsonObject raw) {
        JsonObject headers = raw == null ? null : raw.getJsonObject("headers");
        return auth.authenticate(headers == null ? null : headers.getString("authorization"));
    }

    /**
     * Whether a register frame of {@code socket} passes: its token has {@code read}, and is of the same caller as the
     * socket's first register (which this records in {@code callers}).
     */
    public <S> boolean register(Map<S, Principal> callers, S socket, JsonObject raw) {
        Optional<Principal> p = caller(raw).filter(c -> c.can(Scope.READ));
        p.ifPresent(c -> callers.putIfAbsent(socket, c));
        return p.isPresent() && p.get().equals(callers.get(socket));
    }

    /** Whether a send or publish frame passes: a send to an {@code ops.command.*} address with an admin token. */
    public boolean command(BridgeEventType type, JsonObject raw) {
        return type == BridgeEventType.SEND && raw != null && raw.getString("address", "").matches(INBOUND)
                && caller(raw).filter(c -> c.can(Scope.ADMIN)).isPresent();
    }

    /** An {@code ops.*} event reaches a socket only when it is its caller's tenant's; replies to its commands do. */
    public static boolean visible(Principal caller, String address, Object body) {
        if (address == null || !address.startsWith("ops.")) return true; // a reply to this socket's own command
        return caller != null && body instanceof JsonObject b && caller.tenant().equals(b.getString("tenant"));
    }
}
