package com.carbon254.ingestion.app;

import com.carbon254.ingestion.pipeline.ConfigException;
import com.carbon254.ingestion.testing.TestPki;
import com.carbon254.ingestion.transport.kafka.KafkaTransportConfig;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS settings through the configuration layers: the HTTP server's PEM files and client CA, the stores' CA files, and
 * Kafka's SSL/SASL properties reaching every client; each mistake one start-up line naming the variable and key.
 */
class TlsConfigTest {
    static final AppConfig.Overrides NONE = AppConfig.Overrides.NONE;
    @TempDir
    static Path dir;
    static TestPki.Ca ca;
    static TestPki.Leaf leaf;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestPki.ca(dir, "conf");
        leaf = TestPki.leaf(dir, ca, "localhost");
    }

    @Test
    void plainHttpUnlessACertificateIsConfigured() {
        assertThat(AppConfig.forRole("all-in-one", Map.of(), Map.of(), NONE).httpTls())
                .isEqualTo(AppConfig.HttpTls.OFF);
    }

    @Test
    void pemFilesComeFromTheEnvironmentOrASystemProperty() {
        AppConfig env = AppConfig.forRole("all-in-one", Map.of("HTTP_TLS_CERT_PATH", leaf.cert().toString(),
                "HTTP_TLS_KEY_PATH", leaf.key().toString(), "HTTP_TLS_CLIENT_CA_PATH", ca.cert().toString()),
                Map.of(), NONE);
        assertThat(env.httpTls()).isEqualTo(new AppConfig.HttpTls(leaf.cert().toString(), leaf.key().toString(),
                ca.cert().toString()));
        assertThat(env.httpTls().clientAuth()).isTrue();
        AppConfig sys = AppConfig.forRole("all-in-one", Map.of(), Map.of(
                "ingestion.http.tls.cert_path", leaf.cert().toString(),
                "ingestion.http.tls.key_path", leaf.key().toString()), NONE);
        assertThat(sys.httpTls().enabled()).isTrue();
        assertThat(sys.httpTls().clientAuth()).isFalse();
    }

    @Test
    void aMissingFileNamesTheVariableAndKey() {
        assertThatThrownBy(() -> AppConfig.forRole("all-in-one", Map.of("HTTP_TLS_CERT_PATH", "/nowhere/tls.crt",
                "HTTP_TLS_KEY_PATH", leaf.key().toString()), Map.of(), NONE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("env HTTP_TLS_CERT_PATH: http.tls.cert_path: '/nowhere/tls.crt': file not found");
    }

    @Test
    void filesThatAreNotPemCertificatesOrKeysAreRefused() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n"
                + "-----END CERTIFICATE-----\n");
        Path encrypted = Files.writeString(dir.resolve("enc.pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n");
        ConfigException e = problems(Map.of("HTTP_TLS_CERT_PATH", junk.toString(),
                "HTTP_TLS_KEY_PATH", leaf.cert().toString(), "HTTP_TLS_CLIENT_CA_PATH", leaf.key().toString()));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("env HTTP_TLS_CERT_PATH: http.tls.cert_path: ")
                        .contains("not a readable PEM certificate"))
                .anySatisfy(p -> assertThat(p).startsWith("env HTTP_TLS_KEY_PATH: http.tls.key_path: ")
                        .contains("not a PEM private key"))
                .anySatisfy(p -> assertThat(p).startsWith("env HTTP_TLS_CLIENT_CA_PATH: http.tls.client_ca_path: ")
                        .contains("no PEM certificate"));
        assertThat(problems(Map.of("HTTP_TLS_CERT_PATH", leaf.cert().toString(), "HTTP_TLS_KEY_PATH",
                encrypted.toString())).problems()).singleElement().asString().contains("encrypted private key");
        assertThat(String.join("\n", e.problems())).as("no key material in the message")
                .doesNotContain(Files.readString(leaf.key()).lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void aKeyWithoutItsCertificateOrACertificateWithoutItsKeyIsRefused() {
        assertThat(problems(Map.of("HTTP_TLS_KEY_PATH", leaf.key().toString())).problems()).singleElement().asString()
                .endsWith("conf/deployments/all-in-one.yaml: http.tls.cert_path: required when http.tls.key_path is set (a key "
                        + "without its certificate; or set HTTP_TLS_CERT_PATH)");
        assertThat(problems(Map.of("HTTP_TLS_CERT_PATH", leaf.cert().toString())).problems()).singleElement()
                .asString().contains("http.tls.key_path: required when http.tls.cert_path is set");
        assertThat(problems(Map.of("HTTP_TLS_CLIENT_CA_PATH", ca.cert().toString())).problems()).singleElement()
                .asString().contains("http.tls.client_ca_path: client certificates are asked for only over TLS");
    }

    @Test
    void storeCaFilesReachTheirClientsAndNeedATlsUrl() {
        AppConfig c = AppConfig.forRole("projector", Map.of("AUTH_REQUIRED", "false", "KAFKA_BOOTSTRAP", "k:9093",
                "CLICKHOUSE_URL", "https://ch.internal:8443/carbon", "CLICKHOUSE_CA_PATH", ca.cert().toString(),
                "REDIS_URL", "rediss://redis.internal:6380", "REDIS_CA_PATH", ca.cert().toString()), Map.of(), NONE);
        assertThat(Backends.clickhouse(c).caPath()).isEqualTo(ca.cert().toString());
        assertThat(c.store().redisCaPath()).isEqualTo(ca.cert().toString());
        assertThat(problems("projector", Map.of("KAFKA_BOOTSTRAP", "k:9093", "CLICKHOUSE_URL", "http://ch:8123",
                "CLICKHOUSE_CA_PATH", ca.cert().toString(), "REDIS_URL", "redis://r:6379",
                "REDIS_CA_PATH", "/nowhere/ca.pem")).problems())
                .anySatisfy(p -> assertThat(p).startsWith("env CLICKHOUSE_CA_PATH: store.clickhouse.ca_path: set, but"))
                .anySatisfy(p -> assertThat(p).contains("env REDIS_CA_PATH: store.redis.ca_path: '/nowhere/ca.pem': "
                        + "file not found"))
                .anySatisfy(p -> assertThat(p).contains("store.redis.ca_path: set, but store.redis.url is not rediss://"));
    }

    /**
     * {@code KAFKA_CLIENT_*} security properties reach the producer, the group consumers, the progress tail and the
     * admin client; each real Kafka client built from them reads the (missing) truststore and fails naming it —
     * no broker needed to see that the setting arrived.
     */
    @Test
    void kafkaSecurityPropertiesReachEveryClient() {
        Map<String, String> env = new HashMap<>(Map.of("KAFKA_BOOTSTRAP", "127.0.0.1:9",
                "CLICKHOUSE_URL", "http://ch:8123",
                "KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_CLIENT_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"ingest\" password=\"s3cret\";",
                "KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION", "/nowhere/truststore.p12",
                "KAFKA_CLIENT_SSL_TRUSTSTORE_TYPE", "PKCS12",
                "KAFKA_CLIENT_SSL_TRUSTSTORE_PASSWORD", "changeit",
                "KAFKA_CLIENT_SSL_KEYSTORE_LOCATION", "/nowhere/keystore.p12",
                "KAFKA_CLIENT_SSL_KEYSTORE_PASSWORD", "changeit"));
        env.put("AUTH_REQUIRED", "false");
        KafkaTransportConfig k = Backends.kafka(AppConfig.forRole("normalizer", env, Map.of(), NONE));
        List<Map<String, String>> clients = List.of(k.producerConfig(), k.consumerConfig("g", "m", 0),
                k.tailConfig("progress"), k.adminConfig());
        for (Map<String, String> props : clients) {
            assertThat(props).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("ssl.truststore.location", "/nowhere/truststore.p12")
                    .containsEntry("ssl.truststore.type", "PKCS12")
                    .containsEntry("ssl.keystore.location", "/nowhere/keystore.p12")
                    .containsKey("sasl.jaas.config");
        }
        Map<String, Object> producer = new HashMap<>(k.producerConfig());
        assertThatThrownBy(() -> new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer()).close())
                .hasStackTraceContaining("/nowhere/");
        Map<String, Object> consumer = new HashMap<>(k.consumerConfig("g", "m", 0));
        assertThatThrownBy(() -> new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())
                .close()).hasStackTraceContaining("/nowhere/");
        Map<String, Object> admin = new HashMap<>(k.adminConfig());
        assertThatThrownBy(() -> AdminClient.create(admin).close()).hasStackTraceContaining("/nowhere/");
    }

    private static ConfigException problems(Map<String, String> env) {
        return problems("all-in-one", env);
    }

    private static ConfigException problems(String role, Map<String, String> env) {
        try {
            AppConfig.forRole(role, env, Map.of(), NONE);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException for " + env);
    }
}
