package com.carbon254.ingestion.connector.fetch;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.carbon254.ingestion.connector.ConnectorSpecs;
import com.carbon254.ingestion.testing.IsoSamples;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link HttpFetcher} against real Vert.x HTTP servers on 127.0.0.1 with scripted responses. Timing assertions are
 * lower bounds measured where the server receives the requests; none assumes how fast the machine is.
 */
class HttpFetcherTest {
    /** {@code nextDouble()} just below 1: every backoff gets its full jitter. */
    private static final RandomGenerator MAX_JITTER = () -> -1L;
    /** {@code nextDouble()} = 0: no jitter. */
    private static final RandomGenerator NO_JITTER = () -> 0L;

    private Vertx vertx;
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<HttpFetcher> fetchers = new ArrayList<>();
    /** Requests as the servers saw them, in arrival order. */
    private final List<Arrival> arrivals = Collections.synchronizedList(new ArrayList<>());
    /** Scripted responses per path; the last one repeats. */
    private final Map<String, ConcurrentLinkedDeque<Consumer<HttpServerRequest>>> script = new ConcurrentHashMap<>();
    private ListAppender<ILoggingEvent> logs;

    record Arrival(int port, String path, String uri, long nanos, Map<String, String> headers) {
    }

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        logs = new ListAppender<>();
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void tearDown() throws Exception {
        root().detachAppender(logs);
        fetchers.forEach(HttpFetcher::close);
        await(vertx.close());
    }

    private static ch.qos.logback.classic.Logger root() {
        return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    // ------------------------------------------------------------------ harness

    private int server() throws Exception {
        HttpServer s = vertx.createHttpServer();
        int[] port = new int[1];
        s.requestHandler(req -> {
            Map<String, String> headers = new ConcurrentHashMap<>();
            req.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
            arrivals.add(new Arrival(port[0], req.path(), req.uri(), System.nanoTime(), headers));
            ConcurrentLinkedDeque<Consumer<HttpServerRequest>> steps = script.get(req.path());
            if (steps == null) {
                req.response().setStatusCode(200).end("ok " + req.path());
                return;
            }
            Consumer<HttpServerRequest> step = steps.size() > 1 ? steps.pollFirst() : steps.peekFirst();
            step.accept(req);
        });
        await(s.listen(0, "127.0.0.1"));
        servers.add(s);
        port[0] = s.actualPort();
        return port[0];
    }

    private void script(String path, List<Consumer<HttpServerRequest>> steps) {
        script.put(path, new ConcurrentLinkedDeque<>(steps));
    }

    private static Consumer<HttpServerRequest> status(int code) {
        return req -> req.response().setStatusCode(code).end();
    }

    private static Consumer<HttpServerRequest> body(String text) {
        return req -> req.response().setStatusCode(200).putHeader("X-Served-By", "test").end(text);
    }

    private static Consumer<HttpServerRequest> retryAfter(int code, String value) {
        return req -> req.response().setStatusCode(code).putHeader("Retry-After", value).end("slow down");
    }

    /** Never answers: the client's timeout must fire. */
    private static Consumer<HttpServerRequest> hang() {
        return req -> {
        };
    }

    private HttpFetcher fetcher(FetchPolicy policy, FetchListener listener, RandomGenerator random) {
        HttpFetcher f = new HttpFetcher(vertx, policy, listener, Clock.systemUTC(), System::nanoTime, random);
        fetchers.add(f);
        return f;
    }

    private static FetchPolicy policy(int retries, long baseMs, long spacingMs) {
        return new FetchPolicy(retries, Duration.ofMillis(baseMs), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Map.of(), Duration.ofMillis(spacingMs));
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static FetchException failure(Future<?> f) {
        try {
            await(f);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(FetchException.class);
            return (FetchException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("expected a FetchException, got " + e, e);
        }
        throw new AssertionError("expected the fetch to fail, it succeeded");
    }

    private List<Arrival> arrivals(String path) {
        synchronized (arrivals) {
            return arrivals.stream().filter(a -> a.path().equals(path)).toList();
        }
    }

    private static long gapMillis(Arrival a, Arrival b) {
        return TimeUnit.NANOSECONDS.toMillis(b.nanos() - a.nanos());
    }

    private List<String> logLines() {
        synchronized (logs.list) {
            return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Counts the listener's calls. */
    static final class Counting implements FetchListener {
        final List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        final List<String> retries = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger bytes = new AtomicInteger();

        @Override
        public void onAttempt(String host, int status, Duration elapsed) {
            statuses.add(status);
        }

        @Override
        public void onRetry(String host, String reason) {
            retries.add(reason);
        }

        @Override
        public void onBytes(String host, long n) {
            bytes.addAndGet((int) n);
        }
    }

    // ------------------------------------------------------------------ politeness

    @Test
    void requestsToOneHostAreSpacedInCallOrderWhileAnotherHostIsNotHeldBack() throws Exception {
        int a = server();
        int b = server();
        HttpFetcher f = fetcher(policy(0, 10, 300), FetchListener.NONE, NO_JITTER);

        List<Future<Fetched>> calls = List.of(
                f.get("http://127.0.0.1:" + a + "/a1", Map.of()),
                f.get("http://127.0.0.1:" + a + "/a2", Map.of()),
                f.get("http://127.0.0.1:" + a + "/a3", Map.of()),
                f.get("http://127.0.0.1:" + b + "/b1", Map.of()));
        for (Future<Fetched> c : calls) assertThat(await(c).status()).isEqualTo(200);

        List<Arrival> atA;
        synchronized (arrivals) {
            atA = arrivals.stream().filter(x -> x.port() == a).toList();
        }
        assertThat(atA).extracting(Arrival::path).containsExactly("/a1", "/a2", "/a3");
        assertThat(gapMillis(atA.get(0), atA.get(1))).isGreaterThanOrEqualTo(300);
        assertThat(gapMillis(atA.get(1), atA.get(2))).isGreaterThanOrEqualTo(300);
        // the other host:port has its own queue: it does not wait for /a1 to finish plus 300 ms
        assertThat(arrivals("/b1").get(0).nanos()).isLessThan(atA.get(1).nanos());
    }

    @Test
    void retriesQueueBehindTheHostsSpacingToo() throws Exception {
        int a = server();
        script("/flaky", List.of(status(503), body("ok")));
        HttpFetcher f = fetcher(policy(2, 1, 400), FetchListener.NONE, NO_JITTER);

        assertThat(await(f.get("http://127.0.0.1:" + a + "/flaky", Map.of())).attempts()).isEqualTo(2);
        List<Arrival> flaky = arrivals("/flaky");
        assertThat(gapMillis(flaky.get(0), flaky.get(1))).isGreaterThanOrEqualTo(400); // backoff is only 1 ms
    }

    // ------------------------------------------------------------------ retries

    @Test
    void serverErrorsAreRetriedWithGrowingBackoff() throws Exception {
        int a = server();
        script("/b", List.of(status(503), status(503), body("ok")));
        Counting listener = new Counting();
        HttpFetcher f = fetcher(policy(3, 150, 0), listener, MAX_JITTER);

        Fetched r = await(f.get("http://127.0.0.1:" + a + "/b", Map.of()));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
        assertThat(r.bytes()).isEqualTo(2);
        List<Arrival> got = arrivals("/b");
        assertThat(got).hasSize(3);
        // base 150 ms, doubled, each plus (almost) full jitter: >= 2 x 150 ms, then >= 2 x 300 ms
        assertThat(gapMillis(got.get(0), got.get(1))).isGreaterThanOrEqualTo(299);
        assertThat(gapMillis(got.get(1), got.get(2))).isGreaterThanOrEqualTo(599);
        assertThat(r.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(898));
        assertThat(listener.statuses).containsExactly(503, 503, 200);
        assertThat(listener.retries).containsExactly("server_error", "server_error");
        assertThat(listener.bytes).hasValue(2);
    }

    @Test
    void backoffDoublesUpToTheCapPlusJitter() {
        FetchPolicy p = new FetchPolicy(9, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(1),
                Map.of(), Duration.ZERO);
        HttpFetcher none = fetcher(p, FetchListener.NONE, NO_JITTER);
        HttpFetcher full = fetcher(p, FetchListener.NONE, MAX_JITTER);
        HttpFetcher half = fetcher(p, FetchListener.NONE, () -> 1L << 63); // nextDouble() = 0.5

        assertThat(List.of(1, 2, 3, 4, 5, 30).stream().map(none::backoff).map(Duration::toSeconds))
                .containsExactly(10L, 20L, 40L, 60L, 60L, 60L);
        assertThat(half.backoff(2)).isEqualTo(Duration.ofSeconds(30));
        assertThat(full.backoff(1)).isGreaterThan(Duration.ofMillis(19_999)).isLessThan(Duration.ofSeconds(20));
        assertThat(full.backoff(9)).isGreaterThan(Duration.ofMillis(119_999)).isLessThan(Duration.ofSeconds(120));
    }

    @Test
    void retryAfterSecondsIsHonouredWhenLongerThanTheBackoff() throws Exception {
        int a = server();
        script("/r", List.of(retryAfter(429, "1"), body("ok")));
        Counting listener = new Counting();
        HttpFetcher f = fetcher(policy(3, 20, 0), listener, NO_JITTER);

        Fetched r = await(f.get("http://127.0.0.1:" + a + "/r", Map.of()));

        assertThat(r.attempts()).isEqualTo(2);
        List<Arrival> got = arrivals("/r");
        assertThat(gapMillis(got.get(0), got.get(1))).isGreaterThanOrEqualTo(1000);
        assertThat(listener.retries).containsExactly("rate_limited");
    }

    @Test
    void aRetryAfterBeyondTheBackoffCapEndsTheFetchAsTransient() throws Exception {
        int a = server();
        script("/later", List.of(retryAfter(503, "3600")));
        HttpFetcher f = fetcher(policy(3, 20, 0), FetchListener.NONE, NO_JITTER);

        FetchException e = failure(f.get("http://127.0.0.1:" + a + "/later", Map.of()));

        assertThat(e.kind()).isEqualTo(FetchException.Kind.TRANSIENT_EXHAUSTED);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(503);
        assertThat(e).hasMessageContaining("Retry-After 3600 s");
        assertThat(arrivals("/later")).hasSize(1);
    }

    @ParameterizedTest(name = "Retry-After ''{0}'' -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "1                             | PT1S",
            " 120                          | PT2M",
            "0                             | PT0S",
            "Wed, 21 Oct 2015 07:28:00 GMT | PT30S",
            "Wed, 21 Oct 2015 07:00:00 GMT | PT0S",   // already past
            "soon                          | -",
            "-5                            | -",
            "''                            | -",
    })
    void retryAfterIsSecondsOrAnHttpDate(String value, Duration expected) {
        Instant now = Instant.parse("2015-10-21T07:27:30Z");
        assertThat(HttpFetcher.retryAfter(value, now)).isEqualTo(expected);
    }

    @Test
    void exhaustedRetriesFailAsTransientWithEveryAttemptCounted() throws Exception {
        int a = server();
        script("/down", List.of(status(503)));
        Counting listener = new Counting();
        HttpFetcher f = fetcher(policy(2, 10, 0), listener, NO_JITTER);

        FetchException e = failure(f.get("http://127.0.0.1:" + a + "/down", Map.of()));

        assertThat(e.kind()).isEqualTo(FetchException.Kind.TRANSIENT_EXHAUSTED);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.url()).isEqualTo("http://127.0.0.1:" + a + "/down");
        assertThat(e).hasMessageContaining("failed on all 3 attempts").hasMessageContaining("HTTP 503");
        assertThat(arrivals("/down")).hasSize(3);
        assertThat(listener.retries).hasSize(2);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 401, 403, 404, 410})
    void clientErrorsArePermanentAtOnce(int code) throws Exception {
        int a = server();
        script("/nope", List.of(status(code)));
        Counting listener = new Counting();
        HttpFetcher f = fetcher(policy(5, 10, 0), listener, NO_JITTER);

        FetchException e = failure(f.get("http://127.0.0.1:" + a + "/nope", Map.of()));

        assertThat(e.kind()).isEqualTo(FetchException.Kind.PERMANENT);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.status()).isEqualTo(code);
        assertThat(e).hasMessageContaining("HTTP " + code);
        assertThat(arrivals("/nope")).hasSize(1);
        assertThat(listener.retries).isEmpty();
    }

    @Test
    void aZeroByteDocumentIsAResponseNotAnError() throws Exception {
        int a = server();
        script("/empty", List.of(status(200)));
        Counting listener = new Counting();
        HttpFetcher f = fetcher(policy(2, 10, 0), listener, NO_JITTER);

        Fetched r = await(f.get("http://127.0.0.1:" + a + "/empty", Map.of()));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.bytes()).isZero();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(listener.bytes).hasValue(0);
    }

    @Test
    void aTimeoutIsRetried() throws Exception {
        int a = server();
        script("/slow", List.of(hang(), body("late but fine")));
        Counting listener = new Counting();
        FetchPolicy p = new FetchPolicy(2, Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofMillis(300),
                Map.of(), Duration.ZERO);
        HttpFetcher f = fetcher(p, listener, NO_JITTER);

        Fetched r = await(f.get("http://127.0.0.1:" + a + "/slow", Map.of()));

        assertThat(r.attempts()).isEqualTo(2);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("late but fine");
        assertThat(listener.statuses).containsExactly(-1, 200);
        assertThat(listener.retries).containsExactly("timeout");
        List<Arrival> got = arrivals("/slow");
        assertThat(gapMillis(got.get(0), got.get(1))).isGreaterThanOrEqualTo(300);
    }

    @Test
    void aRefusedConnectionIsTransient() throws Exception {
        int a = server();
        await(servers.remove(0).close()); // nothing listens on the port any more
        Counting listener = new Counting();
        HttpFetcher f = fetcher(policy(1, 10, 0), listener, NO_JITTER);

        FetchException e = failure(f.get("http://127.0.0.1:" + a + "/gone", Map.of()));

        assertThat(e.kind()).isEqualTo(FetchException.Kind.TRANSIENT_EXHAUSTED);
        assertThat(e.status()).isEqualTo(-1);
        assertThat(e.attempts()).isEqualTo(2);
        assertThat(listener.retries).containsExactly("connection");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ftp://127.0.0.1/x", "not a url", "http:///no-host"})
    void anUnusableUrlIsPermanentWithoutARequest(String url) {
        HttpFetcher f = fetcher(policy(3, 10, 0), FetchListener.NONE, NO_JITTER);
        FetchException e = failure(f.get(url, Map.of()));
        assertThat(e.kind()).isEqualTo(FetchException.Kind.PERMANENT);
        assertThat(e.attempts()).isZero();
    }

    @Test
    void responseHeadersComeBackAndRequestHeadersAreSent() throws Exception {
        int a = server();
        script("/h", List.of(body("x")));
        HttpFetcher f = fetcher(policy(0, 10, 0), FetchListener.NONE, NO_JITTER);

        Fetched r = await(f.get("http://127.0.0.1:" + a + "/h", Map.of("Ocp-Apim-Subscription-Key", "k-123")));

        assertThat(r.headers()).containsEntry("x-served-by", "test").doesNotContainKey("ocp-apim-subscription-key");
        assertThat(arrivals("/h").get(0).headers()).containsEntry("ocp-apim-subscription-key", "k-123")
                .containsEntry("user-agent", HttpFetcher.USER_AGENT);
    }

    // ------------------------------------------------------------------ credentials

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://h/x?subscription-key=abc&x=1            | http://h/x?subscription-key=***&x=1",
            "http://h/x?x=1&API_KEY=s&token=t&Password=p    | http://h/x?x=1&API_KEY=***&token=***&Password=***",
            "http://h/x?secret=q&apikey=z&access_token=y    | http://h/x?secret=***&apikey=***&access_token=***",
            "http://h/x?Subscription=a%26b&keep=%26         | http://h/x?Subscription=***&keep=%26",
            "http://h/x?subscription%2Dkey=abc              | http://h/x?subscription%2Dkey=***",
            "http://h/x?key=&x=1#frag                       | http://h/x?key=***&x=1#frag",
            "https://user:pw@h:8443/x?q=1                   | https://***@h:8443/x?q=1",
            "http://h/x/20240115_da_expost_lmp.csv          | http://h/x/20240115_da_expost_lmp.csv",
            "http://h/SingleZip?queryname=PRC_LMP&startdatetime=20240115T08:00-0000"
                    + " | http://h/SingleZip?queryname=PRC_LMP&startdatetime=20240115T08:00-0000",
    })
    void redactHidesCredentialValues(String url, String expected) {
        assertThat(HttpFetcher.redact(url)).isEqualTo(expected);
        assertThat(HttpFetcher.redact(expected)).isEqualTo(expected);
    }

    @Test
    void credentialsReachNeitherTheExceptionNorTheLogs() throws Exception {
        int a = server();
        script("/s", List.of(status(503), status(404)));
        HttpFetcher f = fetcher(policy(3, 10, 0), FetchListener.NONE, NO_JITTER);
        String url = "http://127.0.0.1:" + a + "/s?subscription-key=abc&x=1";

        FetchException e = failure(f.get(url, Map.of("Ocp-Apim-Subscription-Key", "hdr-secret-9")));

        assertThat(arrivals("/s")).hasSize(2).allSatisfy(x -> assertThat(x.uri()).contains("subscription-key=abc"));
        assertThat(e.kind()).isEqualTo(FetchException.Kind.PERMANENT);
        assertThat(e.getMessage()).doesNotContain("abc").doesNotContain("hdr-secret-9")
                .contains("/s?subscription-key=***&x=1");
        assertThat(e.url()).isEqualTo("http://127.0.0.1:" + a + "/s?subscription-key=***&x=1");
        List<String> lines = logLines();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("attempt 1/4 failed: HTTP 503")
                .contains("subscription-key=***&x=1"));
        assertThat(lines).isNotEmpty().noneMatch(l -> l.contains("abc") || l.contains("hdr-secret-9"));
    }

    @Test
    void aTimedOutRequestLeaksItsQueryNeither() throws Exception {
        int a = server();
        script("/t", List.of(hang()));
        FetchPolicy p = new FetchPolicy(0, Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofMillis(200),
                Map.of(), Duration.ZERO);
        HttpFetcher f = fetcher(p, FetchListener.NONE, NO_JITTER);

        FetchException e = failure(f.get("http://127.0.0.1:" + a + "/t?token=abc", Map.of()));

        assertThat(e.kind()).isEqualTo(FetchException.Kind.TRANSIENT_EXHAUSTED);
        assertThat(e).hasMessageContaining("timeout").hasMessageNotContaining("abc");
        assertThat(logLines()).isNotEmpty().noneMatch(l -> l.contains("abc"));
    }

    @Test
    void theExceptionScrubsWhateverItIsGiven() {
        FetchException e = new FetchException("http://h/x?apikey=s3cr3t", FetchException.Kind.PERMANENT, 401, 1,
                "server said: bad apikey s3cr3t");
        assertThat(e.url()).isEqualTo("http://h/x?apikey=***");
        assertThat(e.getMessage()).isEqualTo("server said: bad apikey ***");
    }

    // ------------------------------------------------------------------ policy

    @Test
    void policyFromTheShippedConnectorYaml() {
        ConnectorSpecs specs = ConnectorSpecs.load(IsoSamples.projectRoot().resolve("connectors"));
        FetchPolicy caiso = FetchPolicy.of(specs.byName("caiso").orElseThrow());
        assertThat(caiso.retries()).isEqualTo(5);
        assertThat(caiso.backoffBase()).isEqualTo(Duration.ofSeconds(10));
        assertThat(caiso.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(caiso.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(caiso.minSpacing("oasis.caiso.com:443")).isEqualTo(Duration.ofSeconds(5));

        FetchPolicy miso = FetchPolicy.of(specs.byName("miso").orElseThrow());
        assertThat(miso.backoffBase()).isEqualTo(Duration.ofSeconds(60));
        assertThat(miso.minSpacing("public-api.misoenergy.org:443")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void spacingIsLookedUpByHostPortThenHost() {
        FetchPolicy p = new FetchPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Map.of("OASIS.caiso.com", Duration.ofSeconds(5), "api.test:8443", Duration.ofSeconds(2)),
                Duration.ofMillis(100));
        assertThat(p.minSpacing("oasis.caiso.com:443")).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.minSpacing("api.test:8443")).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.minSpacing("api.test:443")).isEqualTo(Duration.ofMillis(100));
        assertThat(HttpFetcher.hostKey("https://OASIS.caiso.com/oasisapi/SingleZip?x=1"))
                .isEqualTo("oasis.caiso.com:443");
        assertThat(HttpFetcher.hostKey("http://127.0.0.1:8080/x")).isEqualTo("127.0.0.1:8080");
        assertThatThrownBy(() -> new FetchPolicy(-1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1), Map.of(),
                Duration.ZERO)).hasMessageContaining("retries");
    }

    @Test
    void aBusyListenerCannotBreakAFetch() throws Exception {
        int a = server();
        FetchListener throwing = new FetchListener() {
            @Override
            public void onAttempt(String host, int status, Duration elapsed) {
                throw new IllegalStateException("metrics down");
            }
        };
        HttpFetcher f = fetcher(policy(0, 10, 0), throwing, NO_JITTER);
        assertThat(await(f.get("http://127.0.0.1:" + a + "/x", Map.of())).status()).isEqualTo(200);
    }
}
