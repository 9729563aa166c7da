package com.carbon254.ingestion.transport.kafka;

import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.EventCodec;
import com.carbon254.ingestion.event.EventCodecs;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.testing.KafkaBrokerExtension;
import com.carbon254.ingestion.testing.Samples;
import com.carbon254.ingestion.transport.Batch;
import com.carbon254.ingestion.transport.Subscription;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The Kafka transport against a real broker (in this JVM, or {@code KAFKA_BOOTSTRAP}). */
class KafkaTransportIT {
    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Vertx vertx;
    private final List<KafkaTransport> transports = new ArrayList<>();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        result(vertx.close());
    }

    @AfterEach
    void closeTransports() throws Exception {
        for (KafkaTransport t : transports) result(t.close());
    }

    @Test
    void aPublishedBatchArrivesIntactWithTraceAndTenant() throws Exception {
        String topic = freshTopic("delivery", 1);
        KafkaTransport transport = transport(config());
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < 500; i++) ticks.add(tick("LOC" + (i % 5), i));
        ticks.set(7, Samples.sparseTick()); // NaN components and nulls survive the trip
        Queue<Batch<Tick>> received = new ConcurrentLinkedQueue<>();

        result(transport.subscribe(topic, "g-delivery", (Batch<Tick> b) -> {
            received.add(b);
            return Future.succeededFuture();
        }));
        result(transport.publish(topic, new Batch<>("trace-a", "acme", ticks)));

        await().atMost(WAIT).until(() -> count(received) == 500);
        assertThat(received).allSatisfy(b -> {
            assertThat(b.traceId()).isEqualTo("trace-a");
            assertThat(b.tenantId()).isEqualTo("acme");
        });
        assertThat(received.stream().flatMap(b -> b.records().stream()).toList()).isEqualTo(ticks);
        await().atMost(WAIT).until(() -> committed("g-delivery", topic, 0) == 500);

        // tooling sees the envelope in headers; the key is the location; the value is single-object encoded
        ConsumerRecord<String, byte[]> first = readFirst(topic);
        assertThat(first.key()).isEqualTo("LOC0");
        assertThat(header(first, "trace_id")).isEqualTo("trace-a");
        assertThat(header(first, "tenant_id")).isEqualTo("acme");
        assertThat(header(first, "event_id")).isEqualTo(ticksCodec().eventId(ticks.get(0)));
        assertThat(first.value()[0]).isEqualTo((byte) 0xC3);
    }

    @Test
    void recordsOfOneLocationArriveInPublishOrderAcrossBatchesAndPartitions() throws Exception {
        String topic = freshTopic("order", 3);
        KafkaTransport transport = transport(config().withMaxPollRecords(37));
        Map<String, List<Long>> seen = new ConcurrentHashMap<>();
        result(transport.subscribe(topic, "g-order", (Batch<Tick> b) -> {
            for (Tick t : b.records()) seen.computeIfAbsent(t.location(), k -> new CopyOnWriteArrayList<>()).add(t.position());
            return Future.succeededFuture();
        }));

        int perBatch = 20;
        List<String> locations = IntStream.range(0, 6).mapToObj(i -> "NODE" + i).toList();
        List<Future<Void>> published = new ArrayList<>();
        for (int batch = 0; batch < 5; batch++) {
            List<Tick> ticks = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
                for (String loc : locations) ticks.add(tick(loc, batch * perBatch + i));
            }
            published.add(transport.publish(topic, new Batch<>("trace-" + batch, "acme", ticks)));
        }
        result(Future.all(published));

        List<Long> expected = LongStreamRange.of(5 * perBatch);
        await().atMost(WAIT).until(() -> locations.stream().allMatch(l -> seen.getOrDefault(l, List.of()).size()
                >= expected.size()));
        for (String loc : locations) assertThat(seen.get(loc)).as(loc).isEqualTo(expected);
        await().atMost(WAIT).until(() -> IntStream.range(0, 3).mapToLong(p -> committedOrZero("g-order", topic, p))
                .sum() == 600);
    }

    @Test
    void anOffsetIsCommittedOnlyAfterItsBatchAndEveryEarlierOneAreAcknowledged() throws Exception {
        String topic = freshTopic("commit", 1);
        KafkaTransport transport = transport(config());
        Promise<Void> heldBack = Promise.promise();
        List<String> handled = new CopyOnWriteArrayList<>();
        result(transport.subscribe(topic, "g-commit", (Batch<Tick> b) -> {
            handled.add(b.traceId());
            return b.traceId().equals("B") ? heldBack.future() : Future.succeededFuture();
        }));

        for (String trace : List.of("A", "B", "C")) {
            result(transport.publish(topic, new Batch<>(trace, "acme", ticks("N1", 10))));
        }

        await().atMost(WAIT).until(() -> handled.containsAll(List.of("A", "B", "C")));
        // C completed, but B (offsets 10-19) did not: nothing from B on may be committed
        await().atMost(WAIT).until(() -> committedOrZero("g-commit", topic, 0) == 10);
        await().during(Duration.ofMillis(700)).atMost(WAIT)
                .until(() -> committedOrZero("g-commit", topic, 0) == 10);

        heldBack.complete();
        await().atMost(WAIT).until(() -> committedOrZero("g-commit", topic, 0) == 30);
    }

    @Test
    void aNewMemberReceivesExactlyWhatWasNotAcknowledgedBeforeTheRestart() throws Exception {
        String topic = freshTopic("restart", 1);
        KafkaTransport first = transport(config());
        for (int b = 0; b < 10; b++) {
            result(first.publish(topic, new Batch<>("trace-" + b, "acme", ticks("N1", b * 10, 10))));
        }
        List<Long> firstRun = new CopyOnWriteArrayList<>();
        Subscription s1 = result(first.subscribe(topic, "g-restart", (Batch<Tick> b) -> {
            b.records().forEach(t -> firstRun.add(t.position()));
            // acknowledge the first five batches (positions 0-49), leave the rest hanging
            return b.records().get(0).position() < 50 ? Future.succeededFuture() : Promise.<Void>promise().future();
        }));
        await().atMost(WAIT).until(() -> firstRun.size() == 100 && committedOrZero("g-restart", topic, 0) == 50);
        result(s1.close());
        assertThat(committedOrZero("g-restart", topic, 0)).isEqualTo(50);

        KafkaTransport second = transport(config());
        List<Long> secondRun = new CopyOnWriteArrayList<>();
        result(second.subscribe(topic, "g-restart", (Batch<Tick> b) -> {
            b.records().forEach(t -> secondRun.add(t.position()));
            return Future.succeededFuture();
        }));

        await().atMost(WAIT).until(() -> secondRun.size() >= 50);
        assertThat(secondRun).isEqualTo(LongStreamRange.of(50, 100));
        await().atMost(WAIT).until(() -> committedOrZero("g-restart", topic, 0) == 100);
    }

    @Test
    void partitionsMoveToANewMemberWithoutLosingRecords() throws Exception {
        String topic = freshTopic("rebalance", 2);
        String group = "g-rebalance";
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        List<Long> byB = new CopyOnWriteArrayList<>();
        KafkaTransport a = transport(config());
        result(a.subscribe(topic, group, (Batch<Tick> b) -> {
            b.records().forEach(t -> seen.add(t.position()));
            return Future.succeededFuture();
        }));
        result(a.publish(topic, new Batch<>("t1", "acme", spread(0, 100))));
        await().atMost(WAIT).until(() -> seen.size() == 100);

        KafkaTransport b = transport(config());
        result(b.subscribe(topic, group, (Batch<Tick> batch) -> {
            batch.records().forEach(t -> {
                seen.add(t.position());
                byB.add(t.position());
            });
            return Future.succeededFuture();
        }));
        await().atMost(WAIT).until(() -> eachMemberOwnsOnePartition(group));
        result(a.publish(topic, new Batch<>("t2", "acme", spread(100, 200))));

        await().atMost(WAIT).until(() -> seen.size() == 200);
        assertThat(byB).as("records the new member received").isNotEmpty();
        await().atMost(WAIT).until(() -> committedOrZero(group, topic, 0) + committedOrZero(group, topic, 1) == 200);
    }

    @Test
    void aLocationsRecordsOfOneBatchReachTheHandlerTogetherHoweverPollsCutThem() throws Exception {
        String topic = freshTopic("runs", 2);
        KafkaTransport transport = transport(config().withMaxPollRecords(37));
        List<Batch<Tick>> seen = collect(transport, topic, "g-runs");
        // three batches, each location's 50 records in a row: every poll of 37 cuts a run
        List<String> locations = List.of("NODE_A", "NODE_B", "NODE_C", "NODE_D");
        for (int batch = 0; batch < 3; batch++) {
            List<Tick> ticks = new ArrayList<>();
            for (String loc : locations) ticks.addAll(ticks(loc, batch * 1000, 50));
            result(transport.publish(topic, new Batch<>("trace-" + batch, "acme", ticks)));
        }
        await().atMost(WAIT).until(() -> seen.stream().mapToInt(Batch::size).sum() == 600);
        for (Batch<Tick> b : seen) {
            Map<String, Long> perLocation = b.records().stream().collect(java.util.stream.Collectors.groupingBy(
                    Tick::location, java.util.stream.Collectors.counting()));
            assertThat(perLocation.values()).as("a handler batch holds whole runs: " + perLocation)
                    .allMatch(n -> n % 50 == 0);
        }
        await().atMost(WAIT).until(() -> committedOrZero("g-runs", topic, 0) + committedOrZero("g-runs", topic, 1)
                == 600);
    }

    @Test
    void aRunWhoseRestNeverComesIsDeliveredAfterAWhile() throws Exception {
        String topic = freshTopic("cutrun", 1);
        KafkaTransport transport = transport(config());
        // what a producer that stopped half-way leaves: the first 3 of a run announced as 5
        sendRun(topic, "trace-cut", ticks("NODE_X", 0, 3), 5, Duration.ZERO);
        List<Tick> seen = new CopyOnWriteArrayList<>();
        result(transport.subscribe(topic, "g-cut", (Batch<Tick> b) -> {
            seen.addAll(b.records());
            return Future.succeededFuture();
        }));
        Duration parked = Duration.ofNanos(KafkaSubscription.HOLD_MAX_NANOS + KafkaSubscription.PARK_MAX_NANOS);
        await().atMost(parked.plus(WAIT)).until(() -> seen.size() == 3);
        await().atMost(WAIT).until(() -> committedOrZero("g-cut", topic, 0) == 3);
    }

    @Test
    void aCutRunIsDoneWithWhenItsPublisherPublishesItAgainWhole() throws Exception {
        String topic = freshTopic("cutagain", 1);
        KafkaTransport transport = transport(config());
        List<Batch<Tick>> seen = collect(transport, topic, "g-again");
        // a publisher killed after 3 of NODE_Y's 5; restarted, it publishes the batch again from its start, where
        // NODE_X comes first: what follows the cut part is not its rest
        sendRun(topic, "trace-again", ticks("NODE_Y", 0, 3), 5, Duration.ZERO);
        sendRun(topic, "trace-again", ticks("NODE_X", 0, 5), 5, Duration.ZERO);
        sendRun(topic, "trace-again", ticks("NODE_Y", 0, 5), 5, Duration.ZERO);
        await().atMost(WAIT).until(() -> committedOrZero("g-again", topic, 0) == 13);
        assertThat(seen.stream().flatMap(b -> b.records().stream()).map(Tick::location).toList())
                .as("the cut part is done with the whole run, not handled alone or with NODE_X (a batch-level check"
                        + " would see NODE_Y missing hours NODE_X has)")
                .containsExactly("NODE_X", "NODE_X", "NODE_X", "NODE_X", "NODE_X", "NODE_Y", "NODE_Y", "NODE_Y",
                        "NODE_Y", "NODE_Y");
    }

    @Test
    void aRunWhoseRecordsTrickleInForLongerThanTheHoldIsStillDeliveredWhole() throws Exception {
        String topic = freshTopic("slowrun", 1);
        KafkaTransport transport = transport(config());
        List<Batch<Tick>> seen = collect(transport, topic, "g-slow");
        // a busy producer: each record of the run a while after the last, 3 s in all, each poll ending mid-run
        Duration gap = Duration.ofMillis(KafkaSubscription.HOLD_MAX_NANOS / 1_000_000 / 4);
        sendRun(topic, "trace-slow", ticks("NODE_S", 0, 6), 6, gap);
        await().atMost(WAIT).until(() -> seen.stream().mapToInt(Batch::size).sum() == 6);
        assertThat(seen).as("records kept coming: the run was held until whole").hasSize(1);
    }

    /** Subscribes {@code group} to {@code topic}, acknowledging every batch; returns what it receives, batch by batch. */
    private static List<Batch<Tick>> collect(KafkaTransport transport, String topic, String group) throws Exception {
        List<Batch<Tick>> seen = new CopyOnWriteArrayList<>();
        result(transport.subscribe(topic, group, (Batch<Tick> b) -> {
            seen.add(b);
            return Future.succeededFuture();
        }));
        return seen;
    }

    /** Sends {@code ticks} as one run announced as {@code of} records long, {@code gap} apart, as the transport would. */
    private static void sendRun(String topic, String trace, List<Tick> ticks, int of, Duration gap) throws Exception {
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < ticks.size(); i++) {
                if (i > 0) Thread.sleep(gap.toMillis());
                Tick t = ticks.get(i);
                var meta = ticksCodec().meta(t, trace, "acme", java.time.Instant.now(), "it");
                var rec = new ProducerRecord<>(topic, null, t.location(), ticksCodec().encode(t, meta));
                rec.headers().add(KafkaTransport.TRACE_HEADER, trace.getBytes(StandardCharsets.UTF_8));
                rec.headers().add(KafkaTransport.RUN_HEADER, ((i + 1) + "/" + of).getBytes(StandardCharsets.US_ASCII));
                raw.send(rec).get();
            }
        }
    }

    @Test
    void fetchingPausesAboveTheInFlightLimitAndResumesBelowTheLowWaterMark() throws Exception {
        String topic = freshTopic("backpressure", 1);
        int maxPoll = 20;
        KafkaTransport transport = transport(config().withMaxInFlight(100).withMaxPollRecords(maxPoll));
        for (int b = 0; b < 40; b++) {
            result(transport.publish(topic, new Batch<>("trace-" + b, "acme", ticks("N1", b * 10, 10))));
        }
        AtomicInteger delivered = new AtomicInteger();
        AtomicBoolean release = new AtomicBoolean();
        Queue<Promise<Void>> held = new ConcurrentLinkedQueue<>();
        result(transport.subscribe(topic, "g-bp", (Batch<Tick> b) -> {
            delivered.addAndGet(b.size());
            if (release.get()) return Future.succeededFuture();
            Promise<Void> p = Promise.promise();
            held.add(p);
            return p.future();
        }));

        await().atMost(WAIT).until(() -> delivered.get() > 100);
        await().during(Duration.ofMillis(700)).atMost(WAIT).until(() -> delivered.get() <= 100 + maxPoll);
        assertThat(committedOrZero("g-bp", topic, 0)).isZero();

        release.set(true);
        for (Promise<Void> p; (p = held.poll()) != null; ) p.complete();
        await().atMost(WAIT).until(() -> delivered.get() == 400);
        await().atMost(WAIT).until(() -> committedOrZero("g-bp", topic, 0) == 400);
    }

    @Test
    void aFailedBatchIsRedeliveredAndNothingAfterItIsCommittedMeanwhile() throws Exception {
        String topic = freshTopic("retry", 1);
        KafkaTransport transport = transport(config().withRetryBackoff(Duration.ofMillis(200)));
        for (String trace : List.of("A", "B", "C")) {
            result(transport.publish(topic, new Batch<>(trace, "acme", ticks("N1", 10))));
        }
        List<String> deliveries = new CopyOnWriteArrayList<>();
        AtomicBoolean failedOnce = new AtomicBoolean();
        result(transport.subscribe(topic, "g-retry", (Batch<Tick> b) -> {
            deliveries.add(b.traceId());
            if (b.traceId().equals("B") && failedOnce.compareAndSet(false, true)) {
                return Future.failedFuture("store unavailable");
            }
            return Future.succeededFuture();
        }));

        await().atMost(WAIT).until(() -> deliveries.stream().filter("B"::equals).count() == 2);
        await().atMost(WAIT).until(() -> committedOrZero("g-retry", topic, 0) == 30);
        // B's records came again after the failure; C, delivered after B, was dropped with it and came again too
        assertThat(deliveries).startsWith("A", "B").containsSubsequence("B", "B", "C").endsWith("C");
        assertThat(deliveries.stream().filter("A"::equals).count()).isEqualTo(1);
    }

    @Test
    void anUndecodableRecordIsDroppedCountedAndCommittedPast() throws Exception {
        // the production codec registry: any *.dlq.v1 topic carries DLQ records
        String topic = KafkaBrokerExtension.uniqueName("poison") + Topics.DLQ_SUFFIX;
        kafka.createTopic(topic, 1);
        KafkaTransport transport = new KafkaTransport(vertx, config());
        transports.add(transport);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topic, "x", "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }
        result(transport.publish(topic, new Batch<>("t", "acme", List.of(Samples.dlq(), Samples.documentDlq()))));
        List<DlqRecord> received = new CopyOnWriteArrayList<>();
        result(transport.subscribe(topic, "g-poison", (Batch<DlqRecord> b) -> {
            received.addAll(b.records());
            return Future.succeededFuture();
        }));

        await().atMost(WAIT).until(() -> received.size() == 2);
        assertThat(received).containsExactly(Samples.dlq(), Samples.documentDlq());
        assertThat(transport.droppedRecords()).isEqualTo(1);
        await().atMost(WAIT).until(() -> committedOrZero("g-poison", topic, 0) == 3);
    }

    @Test
    void aFollowedTraceSettlesOnlyOnceEveryConsumingGroupHandledItAndWhatItProduced() throws Exception {
        String in = freshTopic("follow-in", 2);
        String out = freshTopic("follow-out", 1);
        KafkaTransport transport = new KafkaTransport(vertx, config(), Clock.systemUTC(), topic -> ticksCodec(),
                Map.of(in, Set.of("first"), out, Set.of("second")));
        transports.add(transport);
        // "first" turns each batch into the next topic's records; "second" holds its acknowledgements until released
        result(transport.subscribe(in, "first", (Batch<Tick> b) -> transport.publish(out, b.with(b.records()))));
        AtomicInteger seen = new AtomicInteger();
        Promise<Void> gate = Promise.promise();
        result(transport.subscribe(out, "second", (Batch<Tick> b) -> {
            seen.addAndGet(b.size());
            return gate.future();
        }));

        var followed = result(transport.follow("trace-f"));
        result(transport.publish(in, new Batch<>("trace-f", "acme", spread(0, 100))));
        result(transport.publish(in, new Batch<>("trace-other", "acme", spread(100, 110))));
        Future<Void> settled = followed.settled();

        await().atMost(WAIT).until(() -> seen.get() == 110);
        await().atMost(WAIT).until(() -> Map.of("second", 100L).equals(followed.pending()));
        assertThat(settled.isComplete()).as("the second stage has not acknowledged anything").isFalse();

        gate.complete();
        result(settled);
        assertThat(followed.pending()).isEmpty();
        assertThat(result(result(transport.follow("trace-empty")).settled())).as("nothing published: settled")
                .isNull();
    }

    @Test
    void publishingTheWrongRecordTypeOrToAnUnknownTopicFails() {
        KafkaTransport transport = new KafkaTransport(vertx, config());
        transports.add(transport);
        Future<Void> wrongType = transport.publish(Topics.OHLC_BARS, new Batch<>("t", "acme", List.of(tick("N", 1))));
        Future<Void> unknown = transport.publish("no.such.topic", new Batch<>("t", "acme", List.of(tick("N", 1))));

        assertThatThrownBy(() -> result(wrongType)).hasMessageContaining("carries Bar, not Tick");
        assertThatThrownBy(() -> result(unknown)).hasMessageContaining("unknown topic 'no.such.topic'");
    }

    @Test
    void pingAnswersWhenTheBrokerIsUpAndFailsFastWhenNot() throws Exception {
        KafkaTransport up = transport(config());
        result(up.ping());

        KafkaTransportConfig dead = new KafkaTransportConfig("127.0.0.1:1", "it-dead", 10, 5, 10,
                Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(1), Map.of(), Map.of(), Map.of(), null);
        KafkaTransport down = transport(dead);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> result(down.ping())).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static KafkaTransportConfig config() {
        return KafkaTransportConfig.of(kafka.bootstrapServers(), "it").withRetryBackoff(Duration.ofMillis(200));
    }

    /** A transport whose every topic carries normalized ticks (the IT uses throw-away topic names). */
    private KafkaTransport transport(KafkaTransportConfig config) {
        Function<String, EventCodec<?>> ticks = topic -> ticksCodec();
        KafkaTransport t = new KafkaTransport(vertx, config, Clock.systemUTC(), ticks);
        transports.add(t);
        return t;
    }

    private static EventCodec<Tick> ticksCodec() {
        return EventCodecs.forTopic(Topics.NORMALIZED_TICKS);
    }

    private static String freshTopic(String prefix, int partitions) {
        String topic = KafkaBrokerExtension.uniqueName("it-" + prefix);
        kafka.createTopic(topic, partitions);
        return topic;
    }

    /** A tick whose {@code position} is its sequence number. */
    private static Tick tick(String location, int seq) {
        Tick t = Samples.tick(location, seq % 1000);
        return new Tick(t.tenant(), t.iso(), t.market(), t.location(), t.locationType(), t.intervalStart(),
                t.intervalEnd(), t.operatingDay(), t.localLabel(), t.lmp(), t.energy(), t.congestion(), t.loss(),
                t.ghg(), t.derived(), t.revision(), t.documentId(), seq);
    }

    private static List<Tick> ticks(String location, int n) {
        return ticks(location, 0, n);
    }

    private static List<Tick> ticks(String location, int from, int n) {
        return IntStream.range(from, from + n).mapToObj(i -> tick(location, i)).collect(Collectors.toList());
    }

    /** Ticks {@code from..to-1} over ten locations, so both partitions of a topic get some. */
    private static List<Tick> spread(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> tick("N" + (i % 10), i)).collect(Collectors.toList());
    }

    private static boolean eachMemberOwnsOnePartition(String group) {
        try {
            ConsumerGroupDescription d = kafka.admin().describeConsumerGroups(List.of(group)).all()
                    .get(10, TimeUnit.SECONDS).get(group);
            return d.state() == ConsumerGroupState.STABLE && d.members().size() == 2
                    && d.members().stream().allMatch(m -> m.assignment().topicPartitions().size() == 1);
        } catch (Exception e) {
            return false;
        }
    }

    private static int count(Queue<Batch<Tick>> batches) {
        return batches.stream().mapToInt(Batch::size).sum();
    }

    private static long committed(String group, String topic, int partition) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = kafka.admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        OffsetAndMetadata o = offsets.get(new TopicPartition(topic, partition));
        return o == null ? -1 : o.offset();
    }

    private static long committedOrZero(String group, String topic, int partition) {
        try {
            return Math.max(0, committed(group, topic, partition));
        } catch (Exception e) {
            return 0;
        }
    }

    private static ConsumerRecord<String, byte[]> readFirst(String topic) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) return r;
            }
            throw new AssertionError("no record on " + topic);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static <T> T result(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** Expected position sequences. */
    private static final class LongStreamRange {
        static List<Long> of(int n) {
            return of(0, n);
        }

        static List<Long> of(int from, int to) {
            return java.util.stream.LongStream.range(from, to).boxed().toList();
        }
    }
}
