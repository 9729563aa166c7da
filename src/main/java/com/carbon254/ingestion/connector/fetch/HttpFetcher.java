package com.carbon254.ingestion.connector.fetch;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * GETs documents from ISO servers the way their rate limits and outages need (DOMAIN.md "what breaks
 * connectors" 5 and 6; STYLE.md rule 4).
 *
 * <ul>
 *   <li><b>Politeness per {@code host:port}.</b> When {@link FetchPolicy#minSpacing} of a host is above zero, its
 *       requests form one queue in call order: one request at a time, each starting at least that long after the
 *       previous one FINISHED (so the server sees them at least that far apart however slow the network is; CAISO
 *       answers a second request within ~5 s with 429). Waits are Vert.x timers. Other hosts have their own queue;
 *       a host with zero spacing has none. Retries queue again at the back, after their backoff.</li>
 *   <li><b>Retries</b> on 429, 408, 5xx, connection errors and timeouts, up to {@link FetchPolicy#retries()} extra
 *       attempts, after {@code min(backoffBase × 2^(attempt-1), maxBackoff)} plus a uniformly random jitter of up to
 *       the same amount, or after {@code Retry-After} (seconds or HTTP-date) when the server asks for longer. A
 *       {@code Retry-After} longer than {@code maxBackoff} ends the fetch at once as
 *       {@link FetchException.Kind#TRANSIENT_EXHAUSTED} (the next scheduled run picks it up) and holds the host's
 *       queue for {@code maxBackoff}. Other statuses (401, 403, 404, an unfollowed 3xx), TLS failures and invalid
 *       URLs are {@link FetchException.Kind#PERMANENT}: no retry.</li>
 *   <li><b>No credentials in logs or errors.</b> URLs are shown {@linkplain #redact redacted}; request headers are
 *       never logged and never returned; the values of credential parameters are scrubbed from every message,
 *       including the ones Vert.x writes (its timeout message quotes the request URI).</li>
 * </ul>
 *
 * <p>Threading: {@link #get} may be called from any thread; the returned future completes on the Vert.x context
 * current at the call (a new event-loop context when called from outside Vert.x). Thread-safe; one instance per
 * connector shares its hosts' queues between every caller. Nothing blocks.
 */
public final class HttpFetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFetcher.class);
    /** Query parameters whose name contains one of these (case-insensitive) carry credentials. */
    public static final List<String> CREDENTIAL_WORDS = List.of("key", "token", "subscription", "password", "secret",
            "apikey");
    static final String USER_AGENT = "carbon-ingestion (254Carbon ISO market data)";
    private static final String MASK = "***";

    private final Vertx vertx;
    private final WebClient client;
    private final FetchPolicy policy;
    private final FetchListener listener;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final RandomGenerator random;
    private final ConcurrentMap<String, HostQueue> hosts = new ConcurrentHashMap<>();

    public HttpFetcher(Vertx vertx, FetchPolicy policy) {
        this(vertx, policy, FetchListener.NONE);
    }

    public HttpFetcher(Vertx vertx, FetchPolicy policy, FetchListener listener) {
        this(vertx, policy, listener, Clock.systemUTC(), System::nanoTime,
                () -> ThreadLocalRandom.current().nextLong());
    }

    /**
     * @param clock    wall clock, for {@code Retry-After} HTTP-dates
     * @param nanoTime monotonic time for spacing and elapsed times ({@link System#nanoTime})
     * @param random   jitter source: its {@code nextDouble()} is the fraction of the backoff added
     */
    HttpFetcher(Vertx vertx, FetchPolicy policy, FetchListener listener, Clock clock, LongSupplier nanoTime,
                RandomGenerator random) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.listener = listener == null ? FetchListener.NONE : listener;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.random = Objects.requireNonNull(random, "random");
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent(USER_AGENT)
                .setDecompressionSupported(true)
                .setFollowRedirects(true));
    }

    public FetchPolicy policy() {
        return policy;
    }

    /**
     * GETs {@code url} with the request {@code headers} (e.g. an API key header).
     *
     * @return a future that succeeds with any 2xx response, an empty body included, and fails only with a
     *         {@link FetchException}
     */
    public Future<Fetched> get(String url, Map<String, String> headers) {
        Objects.requireNonNull(url, "url");
        Map<String, String> h = headers == null ? Map.of() : Map.copyOf(headers);
        String host;
        try {
            host = hostKey(url);
        } catch (IllegalArgumentException e) {
            FetchException f = new FetchException(url, FetchException.Kind.PERMANENT, -1, 0,
                    "GET " + redact(url) + " failed permanently: " + e.getMessage());
            LOG.warn("{}", f.getMessage());
            return Future.failedFuture(f);
        }
        Call c = new Call(url, redact(url), host, h, vertx.getOrCreateContext(), nanoTime.getAsLong());
        return attempt(c, 1);
    }

    @Override
    public void close() {
        client.close();
    }

    // ---------------------------------------------------------------- one call

    /** A call in progress; {@code shown} is the redacted URL, the only form that is logged. */
    private record Call(String url, String shown, String host, Map<String, String> headers, Context context,
                        long startNanos) {
    }

    /** What one request gave: a response or the error, never both. */
    private record Outcome(HttpResponse<Buffer> response, Throwable error) {
        int status() {
            return response != null ? response.statusCode() : -1;
        }
    }

    private Future<Fetched> attempt(Call c, int n) {
        return turn(c)
                .compose(v -> send(c))
                .compose(o -> decide(c, n, o));
    }

    private Future<Outcome> send(Call c) {
        long t0 = nanoTime.getAsLong();
        Future<HttpResponse<Buffer>> sent;
        try {
            HttpRequest<Buffer> req = client.getAbs(c.url()).timeout(policy.requestTimeout().toMillis());
            c.headers().forEach(req::putHeader);
            sent = req.send();
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        return sent.transform(ar -> {
            Outcome o = ar.succeeded() ? new Outcome(ar.result(), null) : new Outcome(null, ar.cause());
            Duration hold = Duration.ZERO;
            if (o.response() != null && transientStatus(o.status())) {
                Duration ra = retryAfter(o.response().getHeader("Retry-After"), clock.instant());
                if (ra != null) hold = min(ra, policy.maxBackoff());
            }
            release(c, hold);
            Duration took = Duration.ofNanos(nanoTime.getAsLong() - t0);
            notify(() -> listener.onAttempt(c.host(), o.status(), took));
            return Future.succeededFuture(o);
        });
    }

    private Future<Fetched> decide(Call c, int n, Outcome o) {
        if (o.error() != null) {
            Throwable e = o.error();
            String what = describe(e, c);
            if (permanent(e)) return fail(c, FetchException.Kind.PERMANENT, -1, n, what);
            return retry(c, n, -1, e instanceof TimeoutException ? "timeout" : "connection", what, null);
        }
        HttpResponse<Buffer> r = o.response();
        int s = r.statusCode();
        if (s >= 200 && s < 300) return Future.succeededFuture(fetched(c, n, r));
        String what = scrub("HTTP " + s + (r.statusMessage() == null ? "" : " " + r.statusMessage()), c.url());
        if (!transientStatus(s)) return fail(c, FetchException.Kind.PERMANENT, s, n, what);
        String reason = s == 429 ? "rate_limited" : s == 408 ? "timeout" : "server_error";
        return retry(c, n, s, reason, what, retryAfter(r.getHeader("Retry-After"), clock.instant()));
    }

    private Future<Fetched> retry(Call c, int n, int status, String reason, String what, Duration retryAfter) {
        if (n > policy.retries()) return fail(c, FetchException.Kind.TRANSIENT_EXHAUSTED, status, n, what);
        if (retryAfter != null && retryAfter.compareTo(policy.maxBackoff()) > 0) {
            return fail(c, FetchException.Kind.TRANSIENT_EXHAUSTED, status, n, what + " with Retry-After "
                    + retryAfter.toSeconds() + " s, longer than the " + policy.maxBackoff().toSeconds()
                    + " s backoff cap");
        }
        Duration wait = backoff(n);
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) wait = retryAfter;
        long ms = Math.max(1, ceilMillis(wait.toNanos()));
        notify(() -> listener.onRetry(c.host(), reason));
        LOG.warn("GET {} attempt {}/{} failed: {}; retrying in {} ms", c.shown(), n, policy.retries() + 1, what, ms);
        return vertx.timer(ms).compose(v -> attempt(c, n + 1));
    }

    private Future<Fetched> fail(Call c, FetchException.Kind kind, int status, int attempts, String what) {
        String how = kind == FetchException.Kind.PERMANENT ? " failed permanently on attempt " + attempts + ": "
                : attempts == 1 ? " failed on its only attempt: " : " failed on all " + attempts + " attempts: ";
        FetchException e = new FetchException(c.url(), kind, status, attempts, "GET " + c.shown() + how + what);
        LOG.warn("{}", e.getMessage());
        return Future.failedFuture(e);
    }

    private Fetched fetched(Call c, int attempts, HttpResponse<Buffer> r) {
        Buffer b = r.body();
        byte[] body = b == null ? new byte[0] : b.getBytes();
        notify(() -> listener.onBytes(c.host(), body.length));
        Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - c.startNanos());
        LOG.debug("GET {} -> {} ({} bytes, {} attempt(s), {} ms)", c.shown(), r.statusCode(), body.length, attempts,
                elapsed.toMillis());
        return new Fetched(c.shown(), r.statusCode(), body, attempts, body.length, elapsed, responseHeaders(r.headers()));
    }

    /** {@code min(base × 2^(attempt-1), maxBackoff)} plus {@code random.nextDouble()} of itself. */
    Duration backoff(int attempt) {
        long cap = policy.maxBackoff().toNanos();
        long exp = Math.min(policy.backoffBase().toNanos(), cap);
        for (int i = 1; i < attempt && exp < cap; i++) exp = exp > cap / 2 ? cap : exp * 2;
        long jitter = (long) (exp * random.nextDouble());
        return Duration.ofNanos(exp + jitter);
    }

    private static boolean transientStatus(int s) {
        return s == 429 || s == 408 || s >= 500;
    }

    /** TLS failures and unusable URLs will fail the same way next time; everything else on the wire may pass. */
    private static boolean permanent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof SSLPeerUnverifiedException
                    || t instanceof IllegalArgumentException) {
                return true;
            }
        }
        return false;
    }

    private String describe(Throwable e, Call c) {
        String what;
        if (e instanceof TimeoutException) {
            what = "timeout: no connection or no data for " + policy.requestTimeout().toMillis() + " ms";
        } else if (e instanceof UnknownHostException) {
            what = "unknown host";
        } else if (e instanceof ConnectException) {
            what = "cannot connect (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        } else {
            what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return scrub(what, c.url());
    }

    private static void notify(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            LOG.warn("fetch listener failed: {}", e.toString());
        }
    }

    // ---------------------------------------------------------------- politeness queues

    /** One host's queue: callers in arrival order, at most one of them granted at a time. */
    private static final class HostQueue {
        final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
        boolean busy;
        long freeAtNanos;

        HostQueue(long now) {
            freeAtNanos = now;
        }
    }

    private record Waiter(Context context, Promise<Void> turn) {
    }

    /** Completes on the call's context when the call may send: at once, or when its host's queue reaches it. */
    private Future<Void> turn(Call c) {
        Promise<Void> p = Promise.promise();
        if (policy.minSpacing(c.host()).isZero()) {
            c.context().runOnContext(v -> p.complete());
            return p.future();
        }
        HostQueue q = hosts.computeIfAbsent(c.host(), k -> new HostQueue(nanoTime.getAsLong()));
        synchronized (q) {
            q.waiting.add(new Waiter(c.context(), p));
        }
        pump(q);
        return p.future();
    }

    /** The request of {@code c} finished: its host is free again after the spacing (or {@code hold}, if longer). */
    private void release(Call c, Duration hold) {
        Duration spacing = policy.minSpacing(c.host());
        if (spacing.isZero()) return;
        HostQueue q = hosts.get(c.host());
        synchronized (q) {
            q.busy = false;
            q.freeAtNanos = nanoTime.getAsLong() + max(spacing, hold).toNanos();
        }
        pump(q);
    }

    /** Grants the next waiter its turn, on its own context, once the host is free. */
    private void pump(HostQueue q) {
        Waiter w;
        long waitNanos;
        synchronized (q) {
            if (q.busy || q.waiting.isEmpty()) return;
            w = q.waiting.poll();
            q.busy = true;
            waitNanos = q.freeAtNanos - nanoTime.getAsLong();
        }
        long ms = waitNanos <= 0 ? 0 : ceilMillis(waitNanos);
        w.context().runOnContext(v -> {
            if (ms == 0) w.turn().complete();
            else vertx.setTimer(ms, id -> w.turn().complete());
        });
    }

    // ---------------------------------------------------------------- helpers

    /** {@code host:port} of an absolute http(s) URL, lower-case, with the scheme's default port when none is given. */
    static String hostKey(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: " + e.getReason() + " at index " + e.getIndex(), e);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not an http(s) URL");
        }
        if (u.getHost() == null) throw new IllegalArgumentException("no host in the URL");
        int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        return u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /**
     * {@code Retry-After} as a wait from {@code now}: delta-seconds ({@code 120}) or an HTTP-date (a past date is
     * zero); null when absent or unreadable.
     */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        if (v.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return v.length() > 9 ? Duration.ofSeconds(999_999_999L) : Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * The URL with the values of credential-looking query parameters (name containing {@code key}, {@code token},
     * {@code subscription}, {@code password}, {@code secret} or {@code apikey}, any case, URL-decoded) and any
     * user-info replaced by {@code ***}: {@code ?subscription-key=abc&x=1} → {@code ?subscription-key=***&x=1}.
     */
    public static String redact(String url) {
        if (url == null) return null;
        String out = url;
        int[] auth = authority(out);
        if (auth != null) {
            int at = out.lastIndexOf('@', auth[1] - 1);
            if (at >= auth[0]) out = out.substring(0, auth[0]) + MASK + out.substring(at);
        }
        int q = out.indexOf('?');
        if (q < 0) return out;
        int hash = out.indexOf('#', q);
        int end = hash < 0 ? out.length() : hash;
        StringBuilder b = new StringBuilder(out.length()).append(out, 0, q + 1);
        String[] parts = out.substring(q + 1, end).split("&", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) b.append('&');
            String p = parts[i];
            int eq = p.indexOf('=');
            if (eq >= 0 && credentialName(p.substring(0, eq))) b.append(p, 0, eq + 1).append(MASK);
            else b.append(p);
        }
        return b.append(out, end, out.length()).toString();
    }

    /** {@code text} with every credential value of {@code url} (raw and URL-decoded) replaced by {@code ***}. */
    static String scrub(String text, String url) {
        if (text == null || url == null) return text;
        String out = text;
        for (String s : secrets(url)) out = out.replace(s, MASK);
        return out;
    }

    /** The credential values in {@code url}, longest first (so a value is not half-replaced by a shorter one). */
    private static List<String> secrets(String url) {
        Set<String> out = new LinkedHashSet<>();
        int[] auth = authority(url);
        if (auth != null) {
            int at = url.lastIndexOf('@', auth[1] - 1);
            if (at >= auth[0]) addSecret(out, url.substring(auth[0], at));
        }
        int q = url.indexOf('?');
        if (q >= 0) {
            int hash = url.indexOf('#', q);
            for (String p : url.substring(q + 1, hash < 0 ? url.length() : hash).split("&")) {
                int eq = p.indexOf('=');
                if (eq >= 0 && credentialName(p.substring(0, eq))) addSecret(out, p.substring(eq + 1));
            }
        }
        List<String> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return sorted;
    }

    private static void addSecret(Set<String> out, String raw) {
        if (raw.isEmpty()) return;
        out.add(raw);
        String decoded = decode(raw);
        if (!decoded.isEmpty()) out.add(decoded);
    }

    private static boolean credentialName(String rawName) {
        String n = decode(rawName).toLowerCase(Locale.ROOT);
        for (String w : CREDENTIAL_WORDS) if (n.contains(w)) return true;
        return false;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** {@code [start, end)} of the authority ({@code user@host:port}) of {@code scheme://...}, or null. */
    private static int[] authority(String url) {
        int s = url.indexOf("://");
        if (s < 0) return null;
        int start = s + 3;
        int end = url.length();
        for (char ch : new char[]{'/', '?', '#'}) {
            int i = url.indexOf(ch, start);
            if (i >= 0 && i < end) end = i;
        }
        return new int[]{start, end};
    }

    private static Map<String, String> responseHeaders(MultiMap h) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : h) {
            m.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(), (a, b) -> a + ", " + b);
        }
        return m;
    }

    private static long ceilMillis(long nanos) {
        return (nanos + 999_999) / 1_000_000;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
