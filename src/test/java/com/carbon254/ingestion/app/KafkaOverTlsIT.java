package com.carbon254.ingestion.app;

import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.testing.KafkaBrokerExtension;
import com.carbon254.ingestion.testing.TestPki;
import com.carbon254.ingestion.transport.Batch;
import com.carbon254.ingestion.transport.kafka.KafkaTransport;
import com.carbon254.ingestion.transport.kafka.KafkaTransportConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka transport against a broker that speaks TLS: the normalizer role given its Kafka settings the way a user
 * gives them ({@code KAFKA_CLIENT_SECURITY_PROTOCOL=SSL}, {@code KAFKA_CLIENT_SSL_TRUSTSTORE_*},
 * {@code KAFKA_CLIENT_SSL_KEYSTORE_*} in its environment) consumes from the broker's mutual-TLS listener what a client
 * that only trusts the broker publishes on its SSL listener, and publishes the normalized ticks back. Clients with the
 * wrong settings fail with the handshake's error within a bounded wait: a role without the truststore is not ready and
 * says why, a client without a certificate (or with one of another CA) is refused by the mTLS listener, and a
 * PLAINTEXT client on the SSL port gets no answer.
 */
class KafkaOverTlsIT {
    @RegisterExtension
    static KafkaBrokerExtension kafka = KafkaBrokerExtension.withTls();
    @TempDir
    static Path dataDir;
    static Vertx vertx;
    static WebClient http;

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        http = WebClient.create(vertx);
    }

    @AfterAll
    static void stop() throws Exception {
        if (http != null) http.close();
        if (vertx != null) await(vertx.close());
    }

    /** What a user puts in a role's environment for an SSL broker that verifies client certificates. */
    static Map<String, String> mtlsEnvironment(KafkaBrokerExtension.Tls tls) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP", tls.mtlsBootstrap());
        env.put("KAFKA_CLIENT_SECURITY_PROTOCOL", "SSL");
        env.put("KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION", tls.truststore().toString());
        env.put("KAFKA_CLIENT_SSL_TRUSTSTORE_TYPE", "PKCS12");
        env.put("KAFKA_CLIENT_SSL_TRUSTSTORE_PASSWORD", TestPki.PASSWORD);
        env.put("KAFKA_CLIENT_SSL_KEYSTORE_LOCATION", tls.clientKeystore().toString());
        env.put("KAFKA_CLIENT_SSL_KEYSTORE_TYPE", "PKCS12");
        env.put("KAFKA_CLIENT_SSL_KEYSTORE_PASSWORD", TestPki.PASSWORD);
        env.put("KAFKA_CLIENT_SSL_KEY_PASSWORD", TestPki.PASSWORD);
        return env;
    }

    static App normalizer(String name, Map<String, String> env) throws Exception {
        AppConfig cfg = AppConfig.forRole("normalizer", env, Map.of("ingestion.store.type", "duckdb",
                "ingestion.auth.required", "false"), new AppConfig.Overrides(0, dataDir.resolve(name)));
        assertThat(cfg.transport().kafkaClient()).containsEntry("security.protocol", "SSL");
        return await(App.start(vertx, cfg, new Metrics(), true));
    }

    /** A client of the SSL listener that trusts the broker's CA and shows no certificate. */
    static KafkaTransport sslClient(String id) {
        KafkaBrokerExtension.Tls tls = kafka.tls();
        return new KafkaTransport(vertx, KafkaTransportConfig.of(tls.sslBootstrap(), id).withClientOverrides(Map.of(
                "security.protocol", "SSL", "ssl.truststore.location", tls.truststore().toString(),
                "ssl.truststore.type", "PKCS12", "ssl.truststore.password", TestPki.PASSWORD)));
    }

    HttpResponse<Buffer> ready(App role) throws Exception {
        return await(http.get(role.httpPort(), "127.0.0.1", "/health/ready").send());
    }

    @Test
    void aRoleWithSslSettingsInItsEnvironmentNormalizesOverMutualTls() throws Exception {
        String tenant = "tls-" + UUID.randomUUID();
        App role = normalizer("mtls", mtlsEnvironment(kafka.tls()));
        KafkaTransport client = sslClient("it-tls-client");
        try {
            List<Tick> ticks = new CopyOnWriteArrayList<>();
            await(client.<Tick>subscribe(Topics.NORMALIZED_TICKS, "it-" + tenant, b -> {
                b.records().stream().filter(t -> t.tenant().equals(tenant)).forEach(ticks::add);
                return Future.succeededFuture();
            }));
            await(client.publish(Topics.raw("MISO"), new Batch<>("trace-tls", tenant, List.of(
                    StageRoleOverKafkaIT.miso(tenant, "INDIANA.HUB", 1, "30.25"),
                    StageRoleOverKafkaIT.miso(tenant, "INDIANA.HUB", 2, "31.5")))));

            Awaitility.await("both ticks normalized over TLS").atMost(Duration.ofSeconds(90))
                    .until(() -> ticks.size() == 2);
            assertThat(ticks).extracting(Tick::lmp).containsExactlyInAnyOrder(30.25, 31.5);
            Awaitility.await("the role ready on the mTLS listener").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250)).until(() -> ready(role).statusCode() == 200);
        } finally {
            await(client.close());
            await(role.stop());
        }
    }

    @Test
    void aRoleThatDoesNotTrustTheBrokerIsNotReadyAndSaysTheHandshakeFailed() throws Exception {
        Map<String, String> env = mtlsEnvironment(kafka.tls());
        env.keySet().removeIf(k -> k.startsWith("KAFKA_CLIENT_SSL_TRUSTSTORE_"));
        env.put("KAFKA_BOOTSTRAP", kafka.tls().sslBootstrap());
        App role = normalizer("untrusting", env);
        try {
            AtomicReference<String> body = new AtomicReference<>();
            Awaitility.await("the transport check to report the failed handshake").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        HttpResponse<Buffer> r = ready(role);
                        body.set(r.bodyAsString());
                        return r.statusCode() == 503 && r.bodyAsString().contains("SSL handshake failed");
                    });
            JsonObject checks = new JsonObject(body.get());
            assertThat(checks.getString("status")).as(body.get()).isEqualTo("DOWN");
        } finally {
            await(role.stop());
        }
    }

    @Test
    void theMtlsListenerRefusesClientsWithoutACertificateOfItsCa() throws Exception {
        KafkaBrokerExtension.Tls tls = kafka.tls();
        Map<String, String> trustOnly = Map.of("security.protocol", "SSL",
                "ssl.truststore.location", tls.truststore().toString(), "ssl.truststore.type", "PKCS12",
                "ssl.truststore.password", TestPki.PASSWORD);
        Map<String, String> stranger = new HashMap<>(trustOnly);
        stranger.putAll(Map.of("ssl.keystore.location", tls.strangerKeystore().toString(),
                "ssl.keystore.type", "PKCS12", "ssl.keystore.password", TestPki.PASSWORD,
                "ssl.key.password", TestPki.PASSWORD));
        for (Map<String, String> settings : List.of(trustOnly, stranger)) {
            KafkaTransport client = new KafkaTransport(vertx, KafkaTransportConfig.of(tls.mtlsBootstrap(),
                    "it-no-cert").withClientOverrides(settings));
            try {
                Throwable refused = failureOf(client.ping());
                // under TLS 1.3 the broker's refusal of the client certificate arrives after the handshake
                assertThat(refused).as(settings.toString()).isInstanceOf(SslAuthenticationException.class);
            } finally {
                await(client.close());
            }
        }
        // the same trust settings with the CA's client certificate are served
        Map<String, String> good = new HashMap<>(stranger);
        good.put("ssl.keystore.location", tls.clientKeystore().toString());
        KafkaTransport client = new KafkaTransport(vertx, KafkaTransportConfig.of(tls.mtlsBootstrap(),
                "it-cert").withClientOverrides(good));
        try {
            assertThat(failureOf(client.ping())).isNull();
        } finally {
            await(client.close());
        }
    }

    @Test
    void aPlaintextClientOnTheSslPortFailsWithinItsPingTimeout() throws Exception {
        KafkaTransport client = new KafkaTransport(vertx, KafkaTransportConfig.of(kafka.tls().sslBootstrap(),
                "it-plain"));
        try {
            long t0 = System.nanoTime();
            Throwable failed = failureOf(client.ping());
            assertThat(failed).isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - t0))
                    .isLessThan(KafkaTransportConfig.DEFAULT_PING_TIMEOUT.plusSeconds(10));
        } finally {
            await(client.close());
        }
    }

    /** The failure a future ends with (bounded: at most a minute), null when it succeeds. */
    static Throwable failureOf(Future<?> f) throws Exception {
        try {
            f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }
}
