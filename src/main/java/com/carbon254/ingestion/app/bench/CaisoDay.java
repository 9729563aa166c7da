package com.carbon254.ingestion.app.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The CAISO day-ahead file through a fresh process, the way a user meets it: the jar started with this JVM's flags
 * (the all-in-one's stages on the embedded defaults, no simulator, {@code --no-schedules}), the file POSTed to the
 * import API and the import polled until {@code done}, i.e. everything queryable. Cold: the process's first import;
 * warm: re-imports of the same rows as another document (a different zip comment: a new sha256, every tick written
 * again, every bar recomputed); then {@code POST /reprocess} of the file's days, replaying every copy.
 */
final class CaisoDay {
    /** Seconds per import (medians over processes), the reprocess rate, and what the import reported. */
    record Result(double readySeconds, double coldSeconds, double warmSeconds, double reprocessRecordsPerSecond,
                  long rows, long ticks) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private CaisoDay() {
    }

    static Result measure(Path jar, byte[] zip, int processes, int warm) throws Exception {
        List<Double> ready = new ArrayList<>();
        List<Double> cold = new ArrayList<>();
        List<Double> warmSecs = new ArrayList<>();
        List<Double> replay = new ArrayList<>();
        long rows = 0;
        long ticks = 0;
        for (int p = 0; p < processes; p++) {
            Path dir = Files.createTempDirectory("carbon-bench-");
            int port = freePort();
            Path descriptor = dir.resolve("bench.yaml");
            Files.writeString(descriptor, """
                    role: all-in-one
                    description: the all-in-one's stages without the simulator, for the benchmark
                    transport: {type: eventbus}
                    store: {type: duckdb, duckdb: {file: ingestion.duckdb}}
                    verticles:
                      - stage: projector
                      - stage: aggregator
                      - stage: enricher
                      - stage: normalizer
                      - stage: connectors
                        config: {stale_check_seconds: 0}
                    """);
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("-X") && !a.startsWith("-Xlog")).toList());
            cmd.addAll(List.of("-jar", jar.toString(), "run", "--descriptor", descriptor.toString(), "--no-schedules",
                    "--http-port", String.valueOf(port), "--data-dir", dir.resolve("data").toString()));
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("jar.log").toFile()).start();
            String base = "http://127.0.0.1:" + port;
            try {
                long t0 = System.nanoTime();
                awaitReady(base, proc);
                ready.add((System.nanoTime() - t0) / 1e9);
                JsonObject first = importOnce(base, zip);
                cold.add(first.getDouble("seconds"));
                rows = first.getLong("records_in");
                ticks = first.getLong("ticks_out");
                for (int k = 0; k < warm; k++) {
                    warmSecs.add(importOnce(base, withComment(zip, "bench " + p + " " + k)).getDouble("seconds"));
                }
                JsonObject r = reprocess(base);
                replay.add(r.getLong("records") / r.getDouble("seconds"));
            } finally {
                proc.destroy();
                if (!proc.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) proc.destroyForcibly();
                deleteTree(dir);
            }
        }
        return new Result(Stats.median(ready), Stats.median(cold), Stats.median(warmSecs), Stats.median(replay), rows,
                ticks);
    }

    /** Imports the file and waits for {@code done}; the job's answer with {@code seconds} added. */
    static JsonObject importOnce(String base, byte[] zip) throws Exception {
        long t0 = System.nanoTime();
        JsonObject posted = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/connectors/caiso/imports"))
                .header("Content-Type", "application/zip").POST(HttpRequest.BodyPublishers.ofByteArray(zip)));
        String id = posted.getString("id");
        while (true) {
            JsonObject st = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/imports/" + id)).GET());
            if (!"running".equals(st.getString("status"))) {
                double s = (System.nanoTime() - t0) / 1e9;
                if (!"done".equals(st.getString("status"))) throw new IOException("import failed: " + st.encode());
                return st.put("seconds", s);
            }
            Thread.sleep(5);
        }
    }

    private static JsonObject reprocess(String base) throws Exception {
        long t0 = System.nanoTime();
        JsonObject posted = send(HttpRequest.newBuilder(URI.create(base + "/reprocess"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"from\": \"2019-12-31\", \"to\": \"2020-01-03\", \"isos\": [\"CAISO\"]}")));
        String id = posted.getString("id");
        while (true) {
            JsonObject st = send(HttpRequest.newBuilder(URI.create(base + "/reprocess/" + id)).GET());
            String status = st.getString("status");
            if (!"queued".equals(status) && !"running".equals(status)) {
                double s = (System.nanoTime() - t0) / 1e9;
                if (!"done".equals(status)) throw new IOException("reprocess failed: " + st.encode());
                return st.put("seconds", s);
            }
            Thread.sleep(10);
        }
    }

    private static JsonObject send(HttpRequest.Builder req) throws Exception {
        HttpResponse<String> r = HTTP.send(req.timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() >= 300) throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
        return new JsonObject(r.body());
    }

    private static void awaitReady(String base, Process proc) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!proc.isAlive()) throw new IOException("the jar exited with " + proc.exitValue());
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health/ready"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IOException("the jar was not ready within 120 s");
    }

    /** The same zip with another end-of-central-directory comment: other bytes, the same rows. */
    static byte[] withComment(byte[] zip, String comment) {
        int eocd = -1;
        for (int i = zip.length - 22; i >= 0; i--) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 5 && zip[i + 3] == 6) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) throw new IllegalArgumentException("not a zip");
        byte[] c = comment.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(zip, eocd + 22 + c.length);
        ByteBuffer.wrap(out, eocd + 20, 2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) c.length);
        System.arraycopy(c, 0, out, eocd + 22, c.length);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is not worth failing the benchmark for
        }
    }
}
