package com.carbon254.ingestion.ops.auth;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The caller of a request, as the auth handler ({@link AuthHandler}) left it on the routing context. A stage's HTTP
 * code asks {@link #tenant} for the tenant to write and read as: the token's, never one the request names.
 */
public final class Callers {
    static final String KEY = "carbon.principal";

    private Callers() {
    }

    /** The caller, or empty when no auth handler ran (a router built without {@code App}, as in a unit test). */
    public static java.util.Optional<Principal> of(RoutingContext rc) {
        return java.util.Optional.ofNullable(rc.get(KEY));
    }

    /** The caller's tenant; {@code processTenant} when no auth handler ran. */
    public static String tenant(RoutingContext rc, String processTenant) {
        Principal p = rc.get(KEY);
        return p == null ? processTenant : p.tenant();
    }

    static void put(RoutingContext rc, Principal p) {
        rc.put(KEY, p);
    }

    /**
     * Answers 403 when the request names a tenant ({@code named}, e.g. a body's {@code tenant}) other than its
     * caller's; returns whether it did.
     */
    public static boolean refuseOtherTenant(RoutingContext rc, String named, String processTenant) {
        if (named == null) return false;
        String mine = tenant(rc, processTenant);
        if (named.equals(mine)) return false;
        forbidden(rc, "this token's requests read and write tenant '" + mine + "' only, not '" + named + "'");
        return true;
    }

    static void forbidden(RoutingContext rc, String why) {
        rc.response().setStatusCode(403).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", why).encode());
    }
}
