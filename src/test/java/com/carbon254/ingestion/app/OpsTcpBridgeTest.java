package com.carbon254.ingestion.app;

import com.carbon254.ingestion.testing.IsoFixtures;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ops event-bus bridge over TCP ({@code OPS_TCP_BRIDGE_PORT}) of a running all-in-one, through a plain
 * {@link Socket} speaking the bridge's framing (a 4-byte big-endian length, then that many bytes of JSON), as a script
 * would: the SockJS bridge's rules and tokens ({@link OpsBridgeTest#AUTH}) — a reader of the process tenant receives
 * an import's throughput, another tenant's reader none of it; a register without a token, a command with a read-only
 * token and any non-{@code ops} address are refused; an admin's command is carried out (200).
 */
class OpsTcpBridgeTest {
    @TempDir
    static Path dataDir;
    static RunningApp running;
    static int port;

    @BeforeAll
    static void boot() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        AppConfig cfg = RunningApp.isolatedAllInOne(dataDir, Map.of("OPS_TCP_BRIDGE_PORT", Integer.toString(port)),
                Map.of());
        assertThat(cfg.tcpBridgePort()).isEqualTo(port);
        running = RunningApp.start(cfg, OpsBridgeTest.AUTH).authorizedAs("Bearer admin-token");
    }

    @AfterAll
    static void shutdown() {
        if (running != null) running.close();
    }

    @Test
    void aReaderReceivesItsTenantsThroughputAfterAnImportAndNothingElse() throws Exception {
        byte[] file = Files.readAllBytes(IsoFixtures.shared(OpsBridgeTest.MISO));
        try (TcpClient reader = new TcpClient("Bearer read-token"); TcpClient other = new TcpClient("Bearer other-tenant");
             TcpClient nobody = new TcpClient(null)) {
            reader.register("ops.throughput");
            other.register("ops.throughput");
            nobody.register("ops.throughput");
            reader.await(f -> "message".equals(f.getString("type")) && "ops.throughput".equals(f.getString("address")),
                    10);
            assertThat(nobody.await(f -> "err".equals(f.getString("type")), 10).getString("message"))
                    .as("no token: the register is refused").isNotBlank();

            JsonObject done = running.importFile("miso", file);
            assertThat(done.getString("status")).isEqualTo("done");
            JsonObject moved = reader.await(f -> "ops.throughput".equals(f.getString("address"))
                    && f.getJsonObject("body").getJsonObject("stages").getJsonObject("normalizer").getLong("in") > 0,
                    10).getJsonObject("body");
            assertThat(moved.getString("tenant")).isEqualTo("default");

            // two more ticks later: tenant-b's reader has still seen none of the process tenant's events
            long ticks = reader.count("ops.throughput");
            reader.await(f -> reader.count("ops.throughput") >= ticks + 2, 10);
            assertThat(other.frames).noneMatch(f -> "message".equals(f.getString("type")));
            assertThat(other.frames).noneMatch(f -> "err".equals(f.getString("type")));
            assertThat(nobody.frames).noneMatch(f -> "message".equals(f.getString("type")));
        }
    }

    @Test
    void commandsNeedAnAdminTokenAndOnlyOpsAddressesPass() throws Exception {
        try (TcpClient reader = new TcpClient("Bearer read-token"); TcpClient admin = new TcpClient("Bearer admin-token")) {
            reader.send("ops.command.disable", new JsonObject().put("connector", "miso"), "r-reader");
            assertThat(reader.await(f -> "err".equals(f.getString("type")), 10).getString("message")).isNotBlank();
            assertThat(enabled("miso")).isTrue();

            admin.register("ingestion.miso.raw.v1");
            assertThat(admin.await(f -> "err".equals(f.getString("type")), 10).getString("message"))
                    .isEqualTo("access_denied");
            admin.send("normalized.market.ticks.v1", new JsonObject(), "r-x");
            assertThat(admin.await(f -> "err".equals(f.getString("type")) && admin.count("err") == 2, 10)
                    .getString("message")).isEqualTo("access_denied");

            admin.send("ops.command.disable", new JsonObject().put("connector", "miso"), "r-off");
            JsonObject off = admin.await(f -> "r-off".equals(f.getString("address")), 20).getJsonObject("body");
            assertThat(off.getInteger("status")).as(off.encode()).isEqualTo(200);
            assertThat(enabled("miso")).isFalse();
            admin.send("ops.command.enable", new JsonObject().put("connector", "miso"), "r-on");
            JsonObject on = admin.await(f -> "r-on".equals(f.getString("address")), 20).getJsonObject("body");
            assertThat(on.getInteger("status")).as(on.encode()).isEqualTo(200);
            assertThat(enabled("miso")).isTrue();
        }
    }

    private static boolean enabled(String connector) throws Exception {
        return running.get("/api/v1/connectors-index").bodyAsJsonObject().getJsonArray("connectors").stream()
                .map(JsonObject.class::cast).filter(c -> connector.equals(c.getString("name"))).findFirst()
                .orElseThrow().getBoolean("enabled");
    }

    /** A script's client: frames of a 4-byte big-endian length and JSON, read on a thread of its own. */
    static final class TcpClient implements AutoCloseable {
        final List<JsonObject> frames = new CopyOnWriteArrayList<>();
        private final Socket socket;
        private final DataOutputStream out;
        private final String authorization;

        TcpClient(String authorization) throws IOException {
            this(authorization, new Socket(InetAddress.getLoopbackAddress(), port));
        }

        /** Over a socket already connected (a TLS one, say). */
        TcpClient(String authorization, Socket connected) throws IOException {
            this.authorization = authorization;
            socket = connected;
            out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        byte[] frame = new byte[in.readInt()];
                        in.readFully(frame);
                        frames.add(new JsonObject(new String(frame, StandardCharsets.UTF_8)));
                    }
                } catch (IOException closed) {
                    // the socket closed: the test is over
                }
            }, "tcp-bridge-client");
            reader.setDaemon(true);
            reader.start();
        }

        private synchronized void write(JsonObject frame) throws IOException {
            if (authorization != null) frame.put("headers", new JsonObject().put("authorization", authorization));
            byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
            out.writeInt(json.length);
            out.write(json);
            out.flush();
        }

        void register(String address) throws IOException {
            write(new JsonObject().put("type", "register").put("address", address));
        }

        void send(String address, JsonObject body, String replyAddress) throws IOException {
            write(new JsonObject().put("type", "send").put("address", address).put("body", body)
                    .put("replyAddress", replyAddress));
        }

        long count(String addressOrType) {
            return frames.stream().filter(f -> addressOrType.equals(f.getString("address"))
                    || addressOrType.equals(f.getString("type"))).count();
        }

        JsonObject await(Predicate<JsonObject> match, int seconds) {
            return BridgeClient.firstFrame(frames, match, seconds);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
