package com.carbon254.ingestion.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's, which {@code make test}'s setup installs) owned by one test: its own port and
 * data dir, and {@link #stop()}/{@link #start()} so a test can take Redis away mid-import and bring it back on the
 * same port. Tests are skipped, with a message saying so, where no {@code redis-server} is installed.
 */
public final class RedisServer implements AutoCloseable {
    private final Path binary;
    private final int port;
    private final Path dir;
    private Process process;

    private RedisServer(Path binary, int port, Path dir) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
    }

    /** Starts one on a free port (skips the calling test without a {@code redis-server}). */
    public static RedisServer startNew() throws Exception {
        String configured = System.getenv("REDIS_SERVER");
        Path bin = Path.of(configured != null && !configured.isBlank() ? configured : "/usr/bin/redis-server");
        Assumptions.assumeTrue(Files.isExecutable(bin), bin + " not installed (apt-get install redis-server; make test"
                + " installs it)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RedisServer r = new RedisServer(bin, port, Files.createTempDirectory("carbon-test-redis"));
        r.start();
        return r;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public synchronized void start() throws Exception {
        if (process != null && process.isAlive()) return;
        // persistent, as a production Redis is: a restart keeps what was written (append-only file in its own dir)
        process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "yes", "--dir", dir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!answers()) {
            if (!process.isAlive()) throw new IllegalStateException("redis-server exited (port " + port + ")");
            if (System.nanoTime() > deadline) throw new IllegalStateException("redis-server not up in 20 s");
            Thread.sleep(20);
        }
    }

    /** Stops the server (SIGTERM: it writes its append-only file first); {@link #start()} brings it back. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        process = null;
    }

    private boolean answers() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] b = new byte[7];
            int n = in.read(b);
            return n > 0 && new String(b, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
