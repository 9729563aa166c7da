package com.carbon254.ingestion.connector.fetch;

import com.carbon254.ingestion.connector.ConnectorSpec;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request headers a dataset's {@code auth} asks for, from the environment (DOMAIN.md "what breaks connectors" 6):
 * an API key header (PJM's {@code Ocp-Apim-Subscription-Key}), HTTP Basic (ISO-NE web services), or ERCOT's public
 * API: an ID token from its B2C token endpoint (resource-owner password grant, form-encoded POST) as
 * {@code Authorization: Bearer}, plus the subscription key. Tokens are kept per (token URL, user) and renewed
 * {@link #RENEW_BEFORE} before they expire; concurrent requests share one token request.
 *
 * <p>Secrets never leave this class except in the headers it returns: errors name the variable or the token
 * endpoint's status, never a value, and nothing here logs. Thread-safe.
 */
public final class Credentials implements AutoCloseable {
    /** A token is renewed this long before it expires (ERCOT's last one hour). */
    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);
    private static final Pattern ENV = Pattern.compile("\\$\\{([^}]*)}");

    private final WebClient client;
    private final Clock clock;
    private final Map<String, Future<Token>> tokens = new ConcurrentHashMap<>();

    private record Token(String idToken, Instant expires) {
    }

    public Credentials(Vertx vertx, Clock clock) {
        this.client = WebClient.create(Objects.requireNonNull(vertx, "vertx"), new WebClientOptions()
                .setUserAgent(HttpFetcher.USER_AGENT).setConnectTimeout(10_000).setIdleTimeout(30));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The headers of one request of {@code ds}: its static {@code headers} and what its {@code auth} asks for.
     *
     * @return a failed future naming the missing variables (never their values) when a credential is not set, or
     *         saying why the token endpoint refused
     */
    public Future<Map<String, String>> headers(ConnectorSpec.Dataset ds, Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>(ds.headers());
        ConnectorSpec.Auth auth = ds.auth();
        if (auth == null) return Future.succeededFuture(out);
        List<String> missing = ds.missingCredentials(env);
        if (!missing.isEmpty()) return Future.failedFuture(unavailable(ds, missing));
        switch (auth.type()) {
            case API_KEY -> {
                out.put(auth.header(), env.get(auth.key()));
                return Future.succeededFuture(out);
            }
            case BASIC -> {
                String pair = env.get(auth.username()) + ":" + env.get(auth.password());
                out.put("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
                return Future.succeededFuture(out);
            }
            case ERCOT_TOKEN -> {
                String url;
                try {
                    url = resolve(auth.tokenUrl(), env);
                } catch (IllegalArgumentException e) {
                    return Future.failedFuture(e.getMessage());
                }
                return token(url, auth, env).map(t -> {
                    out.put("Authorization", "Bearer " + t.idToken());
                    out.put("Ocp-Apim-Subscription-Key", env.get(auth.key()));
                    return out;
                });
            }
            default -> throw new IllegalStateException(auth.type().id());
        }
    }

    /** Why {@code ds} cannot be fetched: its credentials' variables are not set. */
    public static String unavailable(ConnectorSpec.Dataset ds, List<String> missing) {
        return "dataset " + ds.id() + " needs credentials: set " + String.join(", ", missing)
                + (ds.auth() == null ? "" : " (" + ds.auth().type().id() + ")");
    }

    private Future<Token> token(String url, ConnectorSpec.Auth auth, Map<String, String> env) {
        String key = url + "\u0000" + env.get(auth.username());
        Future<Token> current = tokens.get(key);
        if (current != null && (!current.isComplete()
                || current.succeeded() && clock.instant().isBefore(current.result().expires().minus(RENEW_BEFORE)))) {
            return current;
        }
        Future<Token> fresh = requestToken(url, auth, env);
        tokens.put(key, fresh);
        fresh.onFailure(e -> tokens.remove(key, fresh));
        return fresh;
    }

    private Future<Token> requestToken(String url, ConnectorSpec.Auth auth, Map<String, String> env) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("username", env.get(auth.username()))
                .add("password", env.get(auth.password()))
                .add("grant_type", "password")
                .add("scope", auth.scope())
                .add("client_id", auth.clientId())
                .add("response_type", "id_token");
        String shown = HttpFetcher.redact(url);
        Instant asked = clock.instant();
        return client.postAbs(url).timeout(30_000).sendForm(form)
                .recover(e -> Future.failedFuture("token request to " + shown + " failed: "
                        + e.getClass().getSimpleName()))
                .compose(r -> {
                    if (r.statusCode() / 100 != 2) {
                        return Future.failedFuture("token endpoint " + shown + " answered HTTP " + r.statusCode()
                                + " (check " + auth.username() + " and " + auth.password() + ")");
                    }
                    try {
                        JsonObject j = r.bodyAsJsonObject();
                        String id = j == null ? null : j.getString("id_token", j.getString("access_token"));
                        if (id == null || id.isBlank()) {
                            return Future.failedFuture("token endpoint " + shown + " answered without an id_token");
                        }
                        long seconds = expiresIn(j.getValue("expires_in"));
                        return Future.succeededFuture(new Token(id, asked.plusSeconds(seconds)));
                    } catch (DecodeException | ClassCastException e) {
                        return Future.failedFuture("token endpoint " + shown + " answered something other than JSON");
                    }
                });
    }

    /** {@code expires_in} as a number or a string of seconds (B2C sends a string); one hour when absent. */
    static long expiresIn(Object v) {
        if (v instanceof Number n) return Math.max(60, n.longValue());
        if (v instanceof String s && s.strip().matches("\\d{1,9}")) return Math.max(60, Long.parseLong(s.strip()));
        return 3600;
    }

    /** {@code ${VAR}} of a template from {@code env}. */
    static String resolve(String template, Map<String, String> env) {
        Matcher m = ENV.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null) throw new IllegalArgumentException("environment variable " + m.group(1) + " is not set");
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
