package com.carbon254.ingestion.app;

import com.carbon254.ingestion.testing.TestPki;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The all-in-one process serving HTTPS from PEM files the test makes with keytool, with and without client
 * certificates required (mTLS), asked the way a client on the network would: over TLS with or without a certificate,
 * with one from another CA, and in plain HTTP.
 */
class HttpTlsTest {
    @TempDir
    static Path dir;
    static TestPki.Ca ca;
    static TestPki.Ca otherCa;
    static TestPki.Leaf server;
    static TestPki.Leaf client;
    static TestPki.Leaf stranger;
    static Vertx clients;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestPki.ca(dir, "carbon");
        otherCa = TestPki.ca(dir, "other");
        server = TestPki.leaf(dir, ca, "localhost");
        client = TestPki.leaf(dir, ca, "desk-client");
        stranger = TestPki.leaf(dir, otherCa, "stranger");
        clients = Vertx.vertx();
    }

    @AfterAll
    static void down() throws Exception {
        if (clients != null) RunningApp.await(clients.close());
    }

    @Test
    void withAClientCaOnlyAClientWithACertificateFromThatCaIsServed() throws Exception {
        Map<String, String> env = Map.of("HTTP_TLS_CERT_PATH", server.cert().toString(),
                "HTTP_TLS_KEY_PATH", server.key().toString(), "HTTP_TLS_CLIENT_CA_PATH", ca.cert().toString());
        AppConfig cfg = RunningApp.isolatedAllInOne(dir.resolve("mtls"), env, Map.of());
        try (RunningApp app = RunningApp.start(cfg)) {
            int port = app.app.httpPort();

            HttpResponse<Buffer> ok = ready(tls(client), port);
            assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(200);

            assertThatThrownBy(() -> ready(tls(null), port)).as("no client certificate: the handshake fails")
                    .isNotNull();
            assertThatThrownBy(() -> ready(tls(stranger), port)).as("a certificate of another CA")
                    .isNotNull();
            assertThatThrownBy(() -> ready(plain(), port)).as("plain HTTP on the TLS port").isNotNull();

            String said = App.describe(cfg.httpTls());
            assertThat(said).contains("TLS on", "mTLS on", "CN=localhost", ca.cert().toString());
            String keyBody = Files.readString(server.key()).lines().filter(l -> !l.startsWith("-----"))
                    .findFirst().orElseThrow();
            assertThat(said).doesNotContain(keyBody);
        }
    }

    @Test
    void withoutAClientCaAnyTlsClientIsServedAndPlainHttpIsNot() throws Exception {
        Map<String, String> env = Map.of("HTTP_TLS_CERT_PATH", server.cert().toString(),
                "HTTP_TLS_KEY_PATH", server.key().toString());
        AppConfig cfg = RunningApp.isolatedAllInOne(dir.resolve("tls"), env, Map.of());
        try (RunningApp app = RunningApp.start(cfg)) {
            int port = app.app.httpPort();
            HttpResponse<Buffer> ok = ready(tls(null), port);
            assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(200);
            assertThat(App.describe(cfg.httpTls())).contains("TLS on", "client certificates not asked for");
            assertThatThrownBy(() -> ready(plain(), port)).as("plain HTTP on the TLS port").isNotNull();
            assertThatThrownBy(() -> ready(tlsTrusting(otherCa), port))
                    .as("a client that does not trust the server's CA refuses it").isNotNull();
        }
    }

    /**
     * Under mTLS the bridge is reached over TLS with a client certificate, and its commands are carried out with the
     * caller's token: an admin of the process tenant disables and enables a connector (200, and the API shows it), an
     * admin of another tenant gets the API's 403 (the token reached the API, not a shortcut around it). The loopback
     * listener the commands use answers nothing to a request that is not one of them, token or not.
     */
    @Test
    void underMtlsBridgeCommandsAreCarriedOutWithTheCallersToken() throws Exception {
        Map<String, String> env = Map.of("HTTP_TLS_CERT_PATH", server.cert().toString(),
                "HTTP_TLS_KEY_PATH", server.key().toString(), "HTTP_TLS_CLIENT_CA_PATH", ca.cert().toString());
        AppConfig cfg = RunningApp.isolatedAllInOne(dir.resolve("mtls-bridge"), env, Map.of());
        try (RunningApp app = RunningApp.start(cfg, OpsBridgeTest.AUTH)) {
            int port = app.app.httpPort();
            WebSocketClientOptions wss = new WebSocketClientOptions().setSsl(true).setVerifyHost(true)
                    .setTrustOptions(new PemTrustOptions().addCertPath(ca.cert().toString()))
                    .setKeyCertOptions(new PemKeyCertOptions().setCertPath(client.cert().toString())
                            .setKeyPath(client.key().toString()));
            try (BridgeClient admin = new BridgeClient(clients, wss, port, "Bearer admin-token");
                 BridgeClient other = new BridgeClient(clients, wss, port, "Bearer other-tenant")) {
                admin.send("ops.command.disable", new JsonObject().put("connector", "miso"), "r-off");
                JsonObject off = admin.awaitEvent("r-off", b -> true, 20);
                assertThat(off.getInteger("status")).as(off.encode()).isEqualTo(200);
                assertThat(enabled(port, "miso")).isFalse();
                admin.send("ops.command.enable", new JsonObject().put("connector", "miso"), "r-on");
                JsonObject on = admin.awaitEvent("r-on", b -> true, 20);
                assertThat(on.getInteger("status")).as(on.encode()).isEqualTo(200);
                assertThat(enabled(port, "miso")).isTrue();

                other.send("ops.command.disable", new JsonObject().put("connector", "miso"), "r-other");
                JsonObject refused = other.awaitEvent("r-other", b -> true, 20);
                assertThat(refused.getInteger("status")).as(refused.encode()).isEqualTo(403);
                assertThat(refused.getJsonObject("body").getString("error")).contains("'tenant-b'");
                assertThat(enabled(port, "miso")).isTrue();
                assertThat(admin.errors()).isEmpty();
                assertThat(other.errors()).isEmpty();
            }

            // the commands' own listener: loopback only, and nothing without the process's key
            int loopback = app.app.commandPort();
            assertThat(loopback).isPositive().isNotEqualTo(port);
            WebClient local = plain();
            try {
                HttpResponse<Buffer> disable = RunningApp.await(local.post(loopback, "127.0.0.1",
                        "/api/v1/connectors/miso/disable").putHeader("Authorization", "Bearer admin-token").send());
                assertThat(disable.statusCode()).isEqualTo(404);
                HttpResponse<Buffer> health = RunningApp.await(local.get(loopback, "127.0.0.1", "/health/ready")
                        .send());
                assertThat(health.statusCode()).isEqualTo(404);
            } finally {
                local.close();
            }
            assertThat(enabled(port, "miso")).isTrue();
        }
    }

    /**
     * Under mTLS a probe has no client certificate: {@code HEALTH_PORT} gives it a plain port that answers the health
     * endpoints (ready once the process is) and nothing else, while the TLS port still refuses plain HTTP.
     */
    @Test
    void underMtlsTheHealthPortAnswersProbesInPlainHttpAndNothingElse() throws Exception {
        int healthPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            healthPort = free.getLocalPort();
        }
        Map<String, String> env = Map.of("HTTP_TLS_CERT_PATH", server.cert().toString(),
                "HTTP_TLS_KEY_PATH", server.key().toString(), "HTTP_TLS_CLIENT_CA_PATH", ca.cert().toString(),
                "HEALTH_PORT", String.valueOf(healthPort));
        AppConfig cfg = RunningApp.isolatedAllInOne(dir.resolve("mtls-health"), env, Map.of());
        assertThat(cfg.healthPort()).isEqualTo(healthPort);
        try (RunningApp app = RunningApp.start(cfg)) {
            assertThat(app.app.healthPort()).isEqualTo(healthPort);
            WebClient probe = plain();
            try {
                HttpResponse<Buffer> ready = RunningApp.await(probe.get(healthPort, "127.0.0.1", "/health/ready")
                        .send());
                assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
                assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("UP");
                assertThat(RunningApp.await(probe.get(healthPort, "127.0.0.1", "/health/live").send()).statusCode())
                        .isEqualTo(200);
                HttpResponse<Buffer> seed = RunningApp.await(probe.get(healthPort, "127.0.0.1", "/health").send());
                assertThat(seed.statusCode()).isEqualTo(200);
                assertThat(seed.bodyAsJsonObject().getBoolean("ready")).isTrue();
                for (String other : java.util.List.of("/api/v1/ticks", "/api/v1/connectors", "/metrics", "/",
                        "/eventbus/info")) {
                    assertThat(RunningApp.await(probe.get(healthPort, "127.0.0.1", other).send()).statusCode())
                            .as(other).isEqualTo(404);
                }
                assertThat(RunningApp.await(probe.post(healthPort, "127.0.0.1", "/reprocess").send()).statusCode())
                        .isEqualTo(404);
            } finally {
                probe.close();
            }
            assertThatThrownBy(() -> ready(plain(), app.app.httpPort())).as("the TLS port still refuses plain HTTP")
                    .isNotNull();
            assertThat(ready(tls(client), app.app.httpPort()).statusCode()).isEqualTo(200);
        }
    }

    /**
     * The TCP bridge under mTLS takes the HTTP port's TLS settings: a script presenting a certificate of the CA is
     * served (an admin's command is carried out), one without a certificate, with a certificate of another CA, or in
     * plain TCP is cut off before a frame is answered.
     */
    @Test
    void underMtlsTheTcpBridgeServesOnlyClientsWithACertificateOfTheCa() throws Exception {
        int bridgePort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            bridgePort = free.getLocalPort();
        }
        Map<String, String> env = Map.of("HTTP_TLS_CERT_PATH", server.cert().toString(),
                "HTTP_TLS_KEY_PATH", server.key().toString(), "HTTP_TLS_CLIENT_CA_PATH", ca.cert().toString(),
                "OPS_TCP_BRIDGE_PORT", String.valueOf(bridgePort));
        AppConfig cfg = RunningApp.isolatedAllInOne(dir.resolve("mtls-tcp-bridge"), env, Map.of());
        try (RunningApp app = RunningApp.start(cfg, OpsBridgeTest.AUTH)) {
            int port = app.app.httpPort();
            try (OpsTcpBridgeTest.TcpClient admin = new OpsTcpBridgeTest.TcpClient("Bearer admin-token",
                    tlsSocket(client, bridgePort))) {
                admin.send("ops.command.disable", new JsonObject().put("connector", "miso"), "r-off");
                JsonObject off = admin.await(f -> "r-off".equals(f.getString("address")), 20).getJsonObject("body");
                assertThat(off.getInteger("status")).as(off.encode()).isEqualTo(200);
                assertThat(enabled(port, "miso")).isFalse();
                admin.send("ops.command.enable", new JsonObject().put("connector", "miso"), "r-on");
                JsonObject on = admin.await(f -> "r-on".equals(f.getString("address")), 20).getJsonObject("body");
                assertThat(on.getInteger("status")).as(on.encode()).isEqualTo(200);
                assertThat(enabled(port, "miso")).isTrue();
            }
            exchangeOneFrame(tlsSocket(client, bridgePort)); // answered (a pong) for a certificate of the CA
            for (TestPki.Leaf wrong : java.util.Arrays.asList(null, stranger)) {
                assertThatThrownBy(() -> exchangeOneFrame(tlsSocket(wrong, bridgePort)))
                        .as("a client presenting %s", wrong == null ? "no certificate" : "another CA's certificate")
                        .isInstanceOf(java.io.IOException.class)
                        .isNotInstanceOf(java.net.SocketTimeoutException.class);
            }
            assertThatThrownBy(() -> exchangeOneFrame(new java.net.Socket("127.0.0.1", bridgePort)))
                    .as("plain TCP on the TLS bridge port").isInstanceOf(java.io.IOException.class)
                    .isNotInstanceOf(java.net.SocketTimeoutException.class);
            assertThat(enabled(port, "miso")).isTrue();
        }
    }

    /** A TLS socket to {@code port} trusting the test CA and presenting {@code cert} (null: none). */
    private static java.net.Socket tlsSocket(TestPki.Leaf cert, int port) throws Exception {
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(TestPki.truststore(Files.createTempFile(dir, "trust", ".p12"), ca)));
        javax.net.ssl.KeyManager[] keys = null;
        if (cert != null) {
            TestPki.Ca issuer = cert == stranger ? otherCa : ca;
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(TestPki.keystore(Files.createTempFile(dir, "key", ".p12"), issuer, cert)),
                    TestPki.PASSWORD.toCharArray());
            keys = kmf.getKeyManagers();
        }
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(keys, tmf.getTrustManagers(), null);
        javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket("localhost", port);
        javax.net.ssl.SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        return s;
    }

    private static java.security.KeyStore load(Path p12) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            ks.load(in, TestPki.PASSWORD.toCharArray());
        }
        return ks;
    }

    /** Sends a bridge ping frame and reads the length of the answer: what a refused client cannot get. */
    private static void exchangeOneFrame(java.net.Socket s) throws Exception {
        try (s) {
            s.setSoTimeout(10_000);
            byte[] ping = new JsonObject().put("type", "ping").encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.io.DataOutputStream out = new java.io.DataOutputStream(s.getOutputStream());
            out.writeInt(ping.length);
            out.write(ping);
            out.flush();
            new java.io.DataInputStream(s.getInputStream()).readInt();
        }
    }

    /** Whether {@code connector} is enabled, asked over mTLS with the admin token. */
    private static boolean enabled(int port, String connector) throws Exception {
        WebClient c = tls(client);
        try {
            HttpResponse<Buffer> r = RunningApp.await(c.get(port, "127.0.0.1", "/api/v1/connectors-index")
                    .putHeader("Authorization", "Bearer admin-token").send());
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
            return r.bodyAsJsonObject().getJsonArray("connectors").stream().map(JsonObject.class::cast)
                    .filter(o -> connector.equals(o.getString("name"))).findFirst().orElseThrow()
                    .getBoolean("enabled");
        } finally {
            c.close();
        }
    }

    private static HttpResponse<Buffer> ready(WebClient c, int port) throws Exception {
        try {
            return RunningApp.await(c.get(port, "127.0.0.1", "/health/ready").send());
        } finally {
            c.close();
        }
    }

    /** A client trusting the test CA, presenting {@code cert} (null: none). */
    private static WebClient tls(TestPki.Leaf cert) {
        WebClientOptions o = new WebClientOptions().setSsl(true).setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(ca.cert().toString())).setConnectTimeout(5000);
        if (cert != null) {
            o.setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.cert().toString())
                    .setKeyPath(cert.key().toString()));
        }
        return WebClient.create(clients, o);
    }

    private static WebClient tlsTrusting(TestPki.Ca trusted) {
        return WebClient.create(clients, new WebClientOptions().setSsl(true).setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(trusted.cert().toString())));
    }

    private static WebClient plain() {
        return WebClient.create(clients, new WebClientOptions().setConnectTimeout(5000).setIdleTimeout(5));
    }
}
