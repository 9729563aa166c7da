package com.carbon254.ingestion.app.bench;

import com.carbon254.ingestion.event.EventCodec;
import com.carbon254.ingestion.event.EventCodecs;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.iso.caiso.CaisoConnector;
import com.carbon254.ingestion.transport.BatchPublisher;
import com.carbon254.ingestion.transport.Settlement;
import com.carbon254.ingestion.transport.kafka.KafkaTransport;
import com.carbon254.ingestion.transport.kafka.KafkaTransportConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka path beside what a user could run instead, through the same broker in the same run, on the same records:
 * the real CAISO day-ahead file's 40,712 raw records (162,848 prices) as the registry publishes them on
 * {@code ingestion.caiso.raw.v1}.
 * <ul>
 *   <li><b>broker</b>: the broker's own produce → consume rate for those records — the encoded bytes sent by a plain
 *   producer (the transport's producer settings) and read back by a plain consumer, nothing decoded: the ceiling;</li>
 *   <li><b>Kafka Streams 3.7.1</b>: the same bytes produced to an input topic, and a Streams job that decodes each
 *   record, normalizes it (UTC interval, each price parsed, operating day in {@code America/Los_Angeles}) and keeps
 *   the daily OHLC per (node, component, operating day) in an in-memory store, writing every update to an output
 *   topic (commit interval 100 ms); done when the output holds every bar with every price counted;</li>
 *   <li><b>the project's Kafka path</b>: the normalizer, enricher and aggregator roles, each its own process of the
 *   jar as the cluster runs them ({@code $ROLE_JAVA_OPTS}, default {@code -Xmx512m}), fed by the registry's publisher; done when
 *   the progress topic says all three handled everything under the trace — the moment the bars, rolling metrics and
 *   curve inputs are on their topics (storing them is the projector's, which this part leaves out, as Streams stores
 *   nothing either).</li>
 * </ul>
 * Each part runs {@code --warmup} times (default 3) to warm up, then {@code --runs} times (default 5); fresh topics (and a fresh Streams application) per run,
 * the roles started once, as in a running cluster. Run by {@code scripts/kafka-bench.sh} ({@code make bench-kafka});
 * needs {@code KAFKA_BOOTSTRAP}.
 */
public final class KafkaBench {
    static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");
    static final String RAW = Topics.raw("CAISO");
    static final Set<String> STAGES = Set.of("normalizer", "enricher", "aggregator", "projector");

    private KafkaBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        int warmup = 3;
        boolean json = false;
        Set<String> only = Set.of("broker", "streams", "project");
        Path sample = Path.of(BenchCommand.SAMPLE);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--json" -> json = true;
                case "--sample" -> sample = Path.of(args[++i]);
                case "--only" -> only = Set.of(args[++i].split(","));
                default -> {
                    System.err.println("usage: KafkaBench [--runs N] [--warmup N] [--json] [--only broker,streams,project]"
                            + " [--sample CAISO_DAM_ZIP]");
                    System.exit(2);
                }
            }
        }
        String bootstrap = System.getenv("KAFKA_BOOTSTRAP");
        if (bootstrap == null || bootstrap.isBlank()) {
            System.err.println("KAFKA_BOOTSTRAP is not set (scripts/kafka-bench.sh starts a local broker)");
            System.exit(2);
        }
        if (!Files.isRegularFile(sample)) {
            System.err.println("skipped: " + sample + " not found (the real CAISO day-ahead file of ../shared/iso-samples)");
            System.exit(0);
        }
        List<List<RawRecord>> batches = BenchCommand.caisoBatches(Files.readAllBytes(sample));
        JsonObject out = run(bootstrap, batches, warmup, runs, only);
        out.put("runs", runs).put("warmup", warmup).put("bootstrap", bootstrap);
        if (json) System.out.println(out.encode());
        else table(System.out, out);
        System.exit(0); // the clients' non-daemon threads
    }

    static JsonObject run(String bootstrap, List<List<RawRecord>> batches, int warmup, int runs, Set<String> only) throws Exception {
        List<RawRecord> records = batches.stream().flatMap(List::stream).toList();
        EventCodec<RawRecord> codec = EventCodecs.forTopic(RAW);
        List<ProducerRecord<String, byte[]>> encoded = new ArrayList<>(records.size());
        Instant now = Instant.now();
        for (RawRecord r : records) {
            encoded.add(new ProducerRecord<>("", codec.key(r), codec.encode(r, codec.meta(r, "bench", "bench", now,
                    "bench"))));
        }
        Expected expected = Expected.of(records);
        KafkaTransportConfig transport = KafkaTransportConfig.of(bootstrap, "carbon-bench");
        progress("%,d raw records (%,d prices, %,d daily bars), %,d bytes encoded%n", records.size(), expected.prices,
                expected.bars, encoded.stream().mapToLong(r -> r.value().length).sum());

        List<Double> broker = new ArrayList<>();
        List<Double> streams = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<String> used = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(g -> g.groupId()).filter(STAGES::contains).sorted().toList();
            if (!used.isEmpty()) {
                throw new IllegalStateException("the broker at " + bootstrap + " already has the pipeline's consumer"
                        + " groups " + used + ": the benchmark needs a broker of its own (scripts/kafka-bench.sh"
                        + " starts one)");
            }
            for (int i = 0; only.contains("broker") && i < warmup + runs; i++) {
                double s = broker(admin, transport, encoded);
                if (i >= warmup) broker.add(s);
                progress("broker run %d: %.3f s%n", i, s);
            }
            for (int i = 0; only.contains("streams") && i < warmup + runs; i++) {
                double s = streams(admin, bootstrap, transport, encoded, expected);
                if (i >= warmup) streams.add(s);
                progress("streams run %d: %.3f s%n", i, s);
            }
        }
        Path dir = Files.createTempDirectory("carbon-kafka-bench");
        Vertx vertx = Vertx.vertx();
        List<Process> roles = new ArrayList<>();
        try {
            // each role its own process of the jar, as the cluster runs them (scripts/cluster.sh), consumers first
            for (String role : only.contains("project") ? List.of("aggregator", "enricher", "normalizer")
                    : List.<String>of()) {
                roles.add(startRole(role, bootstrap, dir));
            }
            // the registry's publisher: follows a trace through the three stages (the projector is left out)
            KafkaTransport publisher = new KafkaTransport(vertx, transport, Map.of(RAW, Set.of("normalizer"),
                    Topics.NORMALIZED_TICKS, Set.of("enricher"), Topics.ENRICHED_TICKS, Set.of("aggregator")));
            for (int i = 0; only.contains("project") && i < warmup + runs; i++) {
                double s = ours(publisher, records, i);
                if (i >= warmup) ours.add(s);
                progress("project run %d: %.3f s%n", i, s);
            }
            await(publisher.close());
        } finally {
            for (Process p : roles) stop(p);
            await(vertx.close());
            CaisoDay.deleteTree(dir);
        }
        int n = records.size();
        double b = Stats.median(broker);
        double k = Stats.median(streams);
        double o = Stats.median(ours);
        return new JsonObject().put("records", n).put("prices", expected.prices).put("bars", expected.bars)
                .put("broker", part(b, n)).put("kafka_streams", part(k, n)).put("project", part(o, n))
                .put("project_vs_streams", ratio(k, o)).put("project_vs_broker", ratio(b, o));
    }

    private static JsonObject part(double seconds, int records) {
        if (Double.isNaN(seconds)) return null; // not run (--only)
        return new JsonObject().put("seconds", round(seconds)).put("records_per_s", Math.round(records / seconds));
    }

    static void table(PrintStream o, JsonObject r) {
        o.printf(Locale.ROOT, "Kafka path, the real CAISO day-ahead file: %,d raw records (%,d prices -> %,d daily"
                + " bars), one broker (%s), median of %d runs after %d warm-up runs%n", r.getInteger("records"),
                r.getInteger("prices"), r.getInteger("bars"), r.getString("bootstrap"), r.getInteger("runs"),
                r.getInteger("warmup"));
        row(o, "broker produce -> consume", r.getJsonObject("broker"));
        row(o, "Kafka Streams 3.7.1 OHLC", r.getJsonObject("kafka_streams"));
        row(o, "project (normalizer, enricher, aggregator roles)", r.getJsonObject("project"));
        if (r.getDouble("project_vs_streams") == null || r.getDouble("project_vs_broker") == null) return;
        o.printf(Locale.ROOT, "  project = %.2f x Kafka Streams (target >= 2), %.0f %% of the broker's rate (target"
                + " >= 50 %%)%n", r.getDouble("project_vs_streams"), 100 * r.getDouble("project_vs_broker"));
    }

    private static void row(PrintStream o, String name, JsonObject p) {
        if (p == null) return;
        o.printf(Locale.ROOT, "  %-50s %7.3f s %,11d records/s%n", name, p.getDouble("seconds"),
                p.getLong("records_per_s"));
    }

    /**
     * {@code java $ROLE_JAVA_OPTS -jar target/ingestion.jar run --role ROLE} on a free port over the bench's broker, its
     * store an embedded DuckDB in its own directory; returns once it answers {@code /health/ready}.
     */
    static Process startRole(String role, String bootstrap, Path dir) throws Exception {
        Path jar = Path.of("target/ingestion.jar");
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("no " + jar + ": run `make build` first");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createDirectories(dir.resolve(role));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(System.getenv().getOrDefault("ROLE_JAVA_OPTS", "-Xmx512m").trim().split("\\s+")));
        cmd.addAll(List.of("-jar", jar.toString(), "run", "--role", role, "--http-port", Integer.toString(port),
                "--data-dir", data.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(role + ".log").toFile());
        pb.environment().put("KAFKA_BOOTSTRAP", bootstrap);
        pb.environment().put("STORE", "duckdb");
        pb.environment().put("AUTH_REQUIRED", "false");
        Process p = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly)); // never left behind
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest ready = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/health/ready")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("role " + role + " exited: " + Files.readString(dir.resolve(role
                        + ".log")));
            }
            try {
                if (http.send(ready, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) break;
            } catch (java.io.IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("role " + role + " not ready in 120 s");
            Thread.sleep(100);
        }
        progress("role %s ready on :%d (pid %d)%n", role, port, p.pid());
        return p;
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Produce → consume of the encoded records on a fresh one-partition topic, as the raw topic is. */
    static double broker(Admin admin, KafkaTransportConfig transport, List<ProducerRecord<String, byte[]>> encoded)
            throws Exception {
        String topic = "bench.broker." + UUID.randomUUID();
        create(admin, topic);
        try (KafkaProducer<String, byte[]> producer = producer(transport);
             KafkaConsumer<String, byte[]> consumer = consumer(transport, "bench-broker-" + UUID.randomUUID())) {
            fromStart(consumer, topic);
            long t0 = System.nanoTime();
            CompletableFuture<Void> sent = sendAll(producer, topic, encoded);
            long got = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (got < encoded.size()) {
                if (System.nanoTime() > deadline || sent.isCompletedExceptionally()) {
                    throw new IllegalStateException("the broker gave back " + got + " of " + encoded.size()
                            + " records in 120 s");
                }
                got += consumer.poll(Duration.ofMillis(100)).count();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            sent.get(60, TimeUnit.SECONDS);
            return s;
        }
    }

    private static KafkaProducer<String, byte[]> producer(KafkaTransportConfig transport) {
        return new KafkaProducer<>(props(transport.producerConfig()), new StringSerializer(),
                new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(KafkaTransportConfig transport, String group) {
        return new KafkaConsumer<>(props(transport.consumerConfig(group, group)), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    /** Assigns the topic's one partition, positioned at its start (before anything is timed). */
    private static void fromStart(KafkaConsumer<String, byte[]> consumer, String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        consumer.position(tp);
    }

    /** Sends the encoded records to {@code topic} from another thread, flushed at the end. */
    private static CompletableFuture<Void> sendAll(KafkaProducer<String, byte[]> producer, String topic,
                                                   List<ProducerRecord<String, byte[]>> encoded) {
        return CompletableFuture.runAsync(() -> {
            for (ProducerRecord<String, byte[]> r : encoded) producer.send(new ProducerRecord<>(topic, r.key(), r.value()));
            producer.flush();
        });
    }

    /** The Kafka Streams job on a fresh input topic and application; done when its output holds every price. */
    static double streams(Admin admin, String bootstrap, KafkaTransportConfig transport,
                          List<ProducerRecord<String, byte[]>> encoded, Expected expected) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String in = "bench.streams.in." + id;
        String outTopic = "bench.streams.out." + id;
        create(admin, in);
        create(admin, outTopic);
        EventCodec<RawRecord> codec = EventCodecs.forTopic(RAW);
        StreamsBuilder b = new StreamsBuilder();
        b.stream(in, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .flatMap((key, bytes) -> {
                    List<KeyValue<String, double[]>> points = new ArrayList<>(5);
                    normalize(codec.decode(bytes).record(), (k, at, v) -> points.add(KeyValue.pair(k,
                            new double[]{at, v})));
                    return points;
                })
                .groupByKey(Grouped.with(Serdes.String(), POINT))
                .aggregate(() -> new double[]{0, 0, 0, 0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 0},
                        (k, p, a) -> ohlc(a, p),
                        Materialized.<String, double[]>as(Stores.inMemoryKeyValueStore("ohlc-" + id))
                                .withKeySerde(Serdes.String()).withValueSerde(OHLC))
                .toStream().to(outTopic, Produced.with(Serdes.String(), OHLC));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-streams-" + id);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("carbon-bench-streams").toString());
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        try (KafkaStreams streams = new KafkaStreams(b.build(), p);
             KafkaProducer<String, byte[]> producer = producer(transport);
             KafkaConsumer<String, byte[]> consumer = consumer(transport, "bench-out-" + id)) {
            CompletableFuture<Void> running = new CompletableFuture<>();
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) running.complete(null);
            });
            streams.start();
            running.get(60, TimeUnit.SECONDS);
            fromStart(consumer, outTopic);
            long t0 = System.nanoTime();
            CompletableFuture<Void> sent = sendAll(producer, in, encoded);
            Map<String, Long> counts = new HashMap<>();
            long total = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (total < expected.prices || counts.size() < expected.bars) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("Kafka Streams did not finish: "
                        + counts.size() + " bars, " + total + " prices");
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long c = (long) ByteBuffer.wrap(r.value()).getDouble(7 * 8);
                    Long was = counts.put(r.key(), c);
                    total += c - (was == null ? 0 : was);
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            sent.get(60, TimeUnit.SECONDS);
            if (total != expected.prices || counts.size() != expected.bars) {
                throw new IllegalStateException("Kafka Streams counted " + counts.size() + " bars, " + total
                        + " prices; expected " + expected.bars + ", " + expected.prices);
            }
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
            return s;
        }
    }

    /** The registry's publisher on the raw topic, under a new trace; done when all three stages handled it. */
    static double ours(KafkaTransport publisher, List<RawRecord> records, int run) throws Exception {
        String trace = "bench-kafka-" + run + "-" + UUID.randomUUID();
        String doc = "bench-doc-" + trace;
        List<RawRecord> copy = new ArrayList<>(records.size());
        for (RawRecord r : records) {
            copy.add(new RawRecord(r.tenant(), r.iso(), r.dataset(), r.market(), doc, r.position(), r.location(),
                    r.attributes(), r.values()));
        }
        long t0 = System.nanoTime();
        Settlement settlement = await(publisher.follow(trace));
        await(BatchPublisher.publish(publisher, RAW, trace, "bench", copy, RawRecord::location,
                BatchPublisher.DEFAULT_BATCH_SIZE, 4));
        double published = (System.nanoTime() - t0) / 1e9;
        // when each stage last had records of the trace pending: where the time goes
        Map<String, Double> lastPending = new java.util.concurrent.ConcurrentHashMap<>();
        Thread watch = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                double at = (System.nanoTime() - t0) / 1e9;
                settlement.pending().keySet().forEach(g -> lastPending.put(g, at));
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watch.setDaemon(true);
        watch.start();
        await(settlement.settled());
        double s = (System.nanoTime() - t0) / 1e9;
        watch.interrupt();
        progress("  published in %.3f s, settled at %.3f s; each stage last had records pending at %s%n", published,
                s, new java.util.TreeMap<>(lastPending));
        return s;
    }

    /** What a Streams user writes as the normalize step: UTC start, each price parsed, the operating day's key. */
    static void normalize(RawRecord r, PointSink sink) {
        Instant start = OffsetDateTime.parse(r.attr(CaisoConnector.ATTR_START)).toInstant();
        Instant end = OffsetDateTime.parse(r.attr(CaisoConnector.ATTR_END)).toInstant();
        if (!end.isAfter(start)) return;
        String day = start.atZone(PACIFIC).toLocalDate().toString();
        for (Map.Entry<String, String> e : r.values().entrySet()) {
            if (e.getValue() == null || e.getValue().isBlank()) continue;
            double v;
            try {
                v = Double.parseDouble(e.getValue());
            } catch (NumberFormatException x) {
                continue;
            }
            sink.accept(r.location() + '|' + e.getKey() + '|' + day, start.getEpochSecond(), v);
        }
    }

    interface PointSink {
        void accept(String key, long at, double value);
    }

    /** {open_at, open, close_at, close, high, low, sum, count} updated with {at, value}. */
    static double[] ohlc(double[] a, double[] p) {
        if (a[7] == 0 || p[0] < a[0]) {
            a[0] = p[0];
            a[1] = p[1];
        }
        if (a[7] == 0 || p[0] > a[2]) {
            a[2] = p[0];
            a[3] = p[1];
        }
        a[4] = Math.max(a[4], p[1]);
        a[5] = Math.min(a[5], p[1]);
        a[6] += p[1];
        a[7] += 1;
        return a;
    }

    record Expected(long prices, long bars) {
        static Expected of(List<RawRecord> records) {
            Map<String, Long> bars = new HashMap<>();
            long[] prices = {0};
            for (RawRecord r : records) {
                normalize(r, (k, at, v) -> {
                    bars.merge(k, 1L, Long::sum);
                    prices[0]++;
                });
            }
            return new Expected(prices[0], bars.size());
        }
    }

    static final Serde<double[]> POINT = doubles(2);
    static final Serde<double[]> OHLC = doubles(8);

    private static Serde<double[]> doubles(int n) {
        Serializer<double[]> ser = (topic, v) -> {
            ByteBuffer bb = ByteBuffer.allocate(8 * n);
            for (double d : v) bb.putDouble(d);
            return bb.array();
        };
        Deserializer<double[]> de = (topic, bytes) -> {
            ByteBuffer bb = ByteBuffer.wrap(bytes);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = bb.getDouble();
            return v;
        };
        return Serdes.serdeFrom(ser, de);
    }

    private static void create(Admin admin, String topic) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    private static Map<String, Object> props(Map<String, String> m) {
        return new HashMap<>(m);
    }

    private static void progress(String fmt, Object... args) {
        System.err.printf(Locale.ROOT, fmt, args);
    }

    private static Double ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? null : round(a / b);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
    }
}
