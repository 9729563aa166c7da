package com.carbon254.ingestion.store.redis;

import com.carbon254.ingestion.testing.TestPki;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code REDIS_URL=rediss://…} with {@code REDIS_CA_PATH} against a real {@code redis-server} listening only on its
 * TLS port, with a certificate signed by a CA the test makes: the latest store answers with that CA, and refuses the
 * server without it or with another.
 */
class RedisTlsTest {
    @TempDir
    static Path dir;
    static TestPki.Ca ca;
    static TestPki.Ca otherCa;
    static Process redis;
    static int port;
    static Vertx vertx;

    @BeforeAll
    static void up() throws Exception {
        Path bin = Path.of("/usr/bin/redis-server");
        Assumptions.assumeTrue(Files.isExecutable(bin), bin + " not installed (make test's setup installs it)");
        ca = TestPki.ca(dir, "redis");
        otherCa = TestPki.ca(dir, "other");
        TestPki.Leaf leaf = TestPki.leaf(dir, ca, "localhost");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        redis = new ProcessBuilder(List.of(bin.toString(), "--port", "0", "--tls-port", Integer.toString(port),
                "--bind", "127.0.0.1", "--tls-cert-file", leaf.cert().toString(), "--tls-key-file",
                leaf.key().toString(), "--tls-ca-cert-file", ca.cert().toString(), "--tls-auth-clients", "no",
                "--save", "", "--dir", dir.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!listening()) {
            Assumptions.assumeTrue(redis.isAlive(), () -> "redis-server without TLS support? "
                    + readQuietly(dir.resolve("redis.log")));
            if (System.nanoTime() > deadline) throw new IllegalStateException("redis-server not up in 20 s");
            Thread.sleep(20);
        }
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void down() throws Exception {
        if (vertx != null) await(vertx.close());
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRedisSignedByTheConfiguredCaAnswers() throws Exception {
        RedisLatestStore store = new RedisLatestStore(vertx, url(), 3600, ca.cert().toString());
        await(store.ping());
        await(store.close());
    }

    @Test
    void withoutTheCaOrWithAnotherTheServerIsRefused() throws Exception {
        for (String caPath : new String[]{null, otherCa.cert().toString()}) {
            RedisLatestStore store = new RedisLatestStore(vertx, url(), 3600, caPath);
            assertThatThrownBy(() -> await(store.ping())).as("CA %s", caPath).isNotNull();
            await(store.close());
        }
    }

    @Test
    void plainRedisUrlsStayPlain() {
        assertThat(RedisLatestStore.options("redis://h:6379", null).getNetClientOptions().isSsl()).isFalse();
        assertThat(RedisLatestStore.options(url(), null).getNetClientOptions().getHostnameVerificationAlgorithm())
                .isEqualTo("HTTPS");
    }

    private static String url() {
        return "rediss://localhost:" + port;
    }

    private static boolean listening() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return s.isConnected();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
