package com.carbon254.ingestion.ops.auth;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Installed before every {@code /api/*} and {@code /reprocess*} route: finds the caller from
 * {@code Authorization: Bearer <token>} (401 without or with an unknown token), checks the scope the request needs
 * (403 without it) and that a {@code tenant} query parameter, if any, names the caller's own tenant (403 otherwise),
 * then puts the caller on the context ({@link Callers}). Reads ({@code GET}, {@code HEAD}) need {@code read};
 * {@code .../enable} and {@code .../disable} need {@code admin}; every other write (imports, runs, reprocess) needs
 * {@code write}. Answers never repeat the token.
 */
public final class AuthHandler implements Handler<RoutingContext> {
    private static final Pattern ADMIN = Pattern.compile("/api/v1/connectors/[^/]+/(enable|disable)/?");
    private final Authenticator auth;
    /** The scope every request through this handler needs; null: by method and path. */
    private final Scope fixed;
    /** Counts each refusal by reason ({@code missing_token}, {@code unknown_token}, {@code scope}, {@code tenant}). */
    private final Consumer<String> refused;

    private AuthHandler(Authenticator auth, Scope fixed, Consumer<String> refused) {
        this.auth = auth;
        this.fixed = fixed;
        this.refused = refused;
    }

    /**
     * The API's handler: the scope by method and path.
     *
     * @param refused told the reason of every refusal (the process counts them: {@code http_auth_refusals_total})
     */
    public static AuthHandler api(Authenticator auth, Consumer<String> refused) {
        return new AuthHandler(auth, null, refused);
    }

    /** A handler requiring one scope (e.g. {@code read} for {@code /metrics}). */
    public static AuthHandler requiring(Authenticator auth, Scope scope, Consumer<String> refused) {
        return new AuthHandler(auth, scope, refused);
    }

    /** The scope a request needs. */
    public static Scope needed(HttpMethod method, String path) {
        if (ADMIN.matcher(path).matches()) return Scope.ADMIN;
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) return Scope.READ;
        return Scope.WRITE;
    }

    @Override
    public void handle(RoutingContext rc) {
        Principal p = auth.authenticate(rc.request().getHeader("Authorization")).orElse(null);
        if (p == null) {
            boolean sent = rc.request().getHeader("Authorization") != null;
            refused.accept(sent ? "unknown_token" : "missing_token");
            rc.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"carbon-ingestion\"")
                    .putHeader("content-type", "application/json")
                    .end(new JsonObject().put("error", sent ? "unknown or malformed bearer token"
                            : "authentication required: send Authorization: Bearer <token>").encode());
            return;
        }
        Scope need = fixed != null ? fixed : needed(rc.request().method(), rc.normalizedPath());
        if (!p.can(need)) {
            refused.accept("scope");
            Callers.forbidden(rc, "this token lacks the '" + need.id() + "' scope this request needs");
            return;
        }
        Callers.put(rc, p);
        String named = rc.request().getParam("tenant");
        if (named != null && Callers.refuseOtherTenant(rc, named.trim(), p.tenant())) {
            refused.accept("tenant");
            return;
        }
        rc.next();
    }
}
