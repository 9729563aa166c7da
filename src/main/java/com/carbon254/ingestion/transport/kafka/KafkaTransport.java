package com.carbon254.ingestion.transport.kafka;

import com.carbon254.ingestion.event.EnvelopeMeta;
import com.carbon254.ingestion.event.EventCodec;
import com.carbon254.ingestion.event.EventCodecs;
import com.carbon254.ingestion.ops.Tracing;
import com.carbon254.ingestion.transport.Batch;
import com.carbon254.ingestion.transport.BatchHandler;
import com.carbon254.ingestion.transport.Settlement;
import com.carbon254.ingestion.transport.StageSpans;
import com.carbon254.ingestion.transport.Subscription;
import com.carbon254.ingestion.transport.Transport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The cluster transport: one topic per {@code Topics} name, records as Avro single-object encoded values
 * ({@link EventCodecs}), keyed by location so one consumer owns a location, with headers {@code trace_id},
 * {@code tenant_id} and {@code event_id} for tooling, and the W3C {@code traceparent} of the publishing span when
 * tracing ({@link #withTracing}; the consuming stage's span is its child, {@link StageSpans}).
 *
 * <p><b>Publish</b> encodes the batch on a worker thread (batches published from one Vert.x context, or from
 * outside Vert.x, keep the order of the publish calls) and completes when the broker acknowledged every record
 * ({@code acks=all}, idempotent producer). It fails with the first error when any record was not acknowledged; some
 * records of the batch may have been written then: publishers retry the whole batch, and ids are deterministic, so
 * duplicates collapse downstream. Every record is encoded before the first is sent, so an unencodable record fails
 * the batch without writing any of it.
 *
 * <p><b>Subscribe</b> is at-least-once: an offset is committed only when the handler's futures for its batch and
 * every earlier batch of the partition succeeded; a failed future redelivers from that batch after
 * {@code retryBackoff}; fetching pauses above {@code maxInFlightRecords} uncommitted records and resumes at the
 * low-water mark. Batches group consecutive records of one partition sharing trace and tenant, so per-key order holds.
 * A value the codec cannot decode (a poison pill) is logged with the reason, counted in {@link #droppedRecords()}
 * and committed past; it is not redelivered.
 *
 * <p>Thread-safe; every method may be called from an event loop and never blocks it.
 */
public final class KafkaTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTransport.class);
    public static final String TRACE_HEADER = "trace_id";
    public static final String TENANT_HEADER = "tenant_id";
    public static final String EVENT_ID_HEADER = "event_id";
    /** W3C Trace Context: the span that published the record (traced batches only). */
    public static final String TRACEPARENT_HEADER = Tracing.TRACEPARENT;
    /**
     * {@code k/n}: the record is the k-th of n consecutive records of the batch with its key (a location's records of
     * one document travel together). A consumer delivers a run only whole ({@link KafkaSubscription}), so a handler
     * sees a location's records of a batch in one batch, as on the event bus, however polls cut the partition.
     */
    public static final String RUN_HEADER = "run";
    /** How often {@link #caughtUp} says what it waits for. */
    static final long CATCH_UP_LOG_MS = 10_000;
    private static final long CATCH_UP_POLL_MS = 200;

    private final Vertx vertx;
    private final KafkaTransportConfig config;
    private final Clock clock;
    private final Function<String, EventCodec<?>> codecs;
    private final LongAdder dropped = new LongAdder();
    private final AtomicInteger members = new AtomicInteger();
    private final Set<KafkaSubscription<?>> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile KafkaAdminClient admin;
    private volatile boolean closed;
    private volatile Context outsideContext;
    private final Progress progress;
    /** Per "group@topic-partition": an offset that group is known to have committed. */
    private final Map<String, Long> caughtUpTo = new ConcurrentHashMap<>();
    private volatile Tracing tracing = Tracing.OFF;

    public KafkaTransport(Vertx vertx, KafkaTransportConfig config) {
        this(vertx, config, Clock.systemUTC(), EventCodecs::forTopic);
    }

    /**
     * @param clock  stamps {@code occurred_at} on published events
     * @param codecs the codec of a topic; {@link EventCodecs#forTopic} except in tests that need throw-away topics
     */
    public KafkaTransport(Vertx vertx, KafkaTransportConfig config, Clock clock,
                          Function<String, EventCodec<?>> codecs) {
        this(vertx, config, clock, codecs, Map.of());
    }

    /**
     * @param consumers topic → the consumer groups that handle it: what {@link #follow} waits for (empty: a trace is
     *                  settled once the broker has what was published)
     */
    public KafkaTransport(Vertx vertx, KafkaTransportConfig config, Clock clock,
                          Function<String, EventCodec<?>> codecs, Map<String, Set<String>> consumers) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.codecs = codecs;
        this.progress = new Progress(vertx, config, consumers, () -> producer().unwrap());
    }

    /** The pipeline's transport: {@link EventCodecs}, and {@code consumers} for {@link #follow}. */
    public KafkaTransport(Vertx vertx, KafkaTransportConfig config, Map<String, Set<String>> consumers) {
        this(vertx, config, Clock.systemUTC(), EventCodecs::forTopic, consumers);
    }

    /**
     * Traces what this transport carries ({@link StageSpans}): a traced batch's parent span travels as the record
     * header {@code traceparent}. Call before subscribing.
     */
    public KafkaTransport withTracing(Tracing t) {
        this.tracing = t;
        return this;
    }

    @Override
    public String name() {
        return "kafka";
    }

    public KafkaTransportConfig config() {
        return config;
    }

    /** Undecodable records skipped (and committed past) by every subscription of this transport so far. */
    public long droppedRecords() {
        return dropped.sum();
    }

    @Override
    public <T> Future<Void> publish(String topic, Batch<T> batch) {
        if (closed) return Future.failedFuture(new IllegalStateException("kafka transport is closed"));
        EventCodec<T> codec;
        try {
            codec = codec(topic);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        if (batch.isEmpty()) return Future.succeededFuture();
        Object first = batch.records().get(0);
        if (!codec.type().isInstance(first)) {
            return Future.failedFuture(new IllegalArgumentException("topic " + topic + " carries "
                    + codec.type().getSimpleName() + ", not " + first.getClass().getSimpleName()));
        }
        Producer<String, byte[]> kafkaProducer;
        try {
            kafkaProducer = producer().unwrap();
        } catch (RuntimeException e) { // e.g. bootstrap servers that do not resolve
            return Future.failedFuture(e);
        }
        Context context = publishingContext();
        Instant now = clock.instant();
        Promise<Void> acked = Promise.promise();
        // encoding and send() may block (metadata, full buffer): keep them off the event loop, in order per context
        context.executeBlocking(() -> {
            send(kafkaProducer, topic, codec, batch, now, new BatchAck(batch.size(), context, acked, topic, batch.traceId(), progress));
            return null;
        }, true).onFailure(acked::tryFail);
        return acked.future();
    }

    private <T> void send(Producer<String, byte[]> p, String topic, EventCodec<T> codec, Batch<T> batch,
                          Instant occurredAt, BatchAck ack) {
        String producerId = config.clientId();
        RecordHeader trace = header(TRACE_HEADER, batch.traceId());
        RecordHeader tenant = header(TENANT_HEADER, batch.tenantId());
        RecordHeader parent = batch.traceparent() == null ? null : header(TRACEPARENT_HEADER, batch.traceparent());
        List<T> in = batch.records();
        int n = in.size();
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) keys[i] = codec.key(in.get(i));
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(n);
        for (int start = 0; start < n; ) {
            int end = start + 1;
            while (end < n && Objects.equals(keys[end], keys[start])) end++;
            String of = "/" + (end - start);
            for (int i = start; i < end; i++) {
                T r = in.get(i);
                EnvelopeMeta meta = codec.meta(r, batch.traceId(), batch.tenantId(), occurredAt, producerId);
                Header eventId = header(EVENT_ID_HEADER, meta.eventId());
                Header run = header(RUN_HEADER, (i - start + 1) + of);
                List<Header> headers = parent == null ? List.of(trace, tenant, eventId, run)
                        : List.of(trace, tenant, eventId, run, parent);
                records.add(new ProducerRecord<>(topic, null, keys[i], codec.encode(r, meta), headers));
            }
            start = end;
        }
        // everything encoded: only now send, so an unencodable record fails the batch before any record is written
        for (ProducerRecord<String, byte[]> r : records) {
            try {
                p.send(r, ack);
            } catch (RuntimeException e) {
                ack.onCompletion(null, e);
            }
        }
    }

    /**
     * The caller's context, whose ordered blocking tasks keep its batches in order; callers outside Vert.x share one
     * context, so their batches keep the order of their publish calls too.
     */
    private Context publishingContext() {
        Context c = Vertx.currentContext();
        if (c != null) return c;
        c = outsideContext;
        if (c == null) {
            synchronized (this) {
                if (outsideContext == null) outsideContext = vertx.getOrCreateContext();
                c = outsideContext;
            }
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    private <T> EventCodec<T> codec(String topic) {
        return (EventCodec<T>) codecs.apply(topic);
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public <T> Future<Subscription> subscribe(String topic, String group, BatchHandler<T> handler) {
        if (closed) return Future.failedFuture(new IllegalStateException("kafka transport is closed"));
        EventCodec<T> codec;
        try {
            codec = codec(topic);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        Context context = vertx.getOrCreateContext();
        Promise<Subscription> subscribed = Promise.promise();
        context.runOnContext(v -> {
            // created on the subscription's context: the consumer delivers its results there
            int number = members.incrementAndGet();
            String member = config.clientId() + "-" + group + "-" + number;
            KafkaConsumer<String, byte[]> consumer;
            try {
                consumer = KafkaConsumer.create(vertx, config.consumerConfig(group, member, number),
                        new StringDeserializer(), new ByteArrayDeserializer());
            } catch (RuntimeException e) { // e.g. bootstrap servers that do not resolve
                subscribed.fail(e);
                return;
            }
            Tracing t = tracing;
            BatchHandler<T> traced = b -> StageSpans.handle(t, group, topic, b, handler);
            KafkaSubscription<T> s = new KafkaSubscription<>(vertx, topic, group, codec, traced, config, consumer,
                    dropped, progress);
            subscriptions.add(s);
            s.start().onComplete(ar -> {
                if (ar.failed()) {
                    subscriptions.remove(s);
                    s.close();
                    subscribed.fail(ar.cause());
                } else {
                    subscribed.complete(new Tracked(s));
                }
            });
        });
        return subscribed.future();
    }

    /**
     * Follows a trace through the stages that consume its topics, by the reports every subscription writes on
     * {@code ingestion.progress.v1} before it commits a batch ({@link Progress}).
     */
    @Override
    public Future<Settlement> follow(String traceId) {
        if (closed) return Future.failedFuture(new IllegalStateException("kafka transport is closed"));
        return progress.follow(traceId);
    }

    /**
     * Asks the group coordinator for {@code other}'s committed offsets until, on every partition of {@code topic}
     * that this process's {@code group} subscriptions have received from, they reach the offset the subscription
     * started from; logs every {@link #CATCH_UP_LOG_MS} while it waits (the other group may be down).
     */
    @Override
    public Future<Void> caughtUp(String topic, String group, String other) {
        if (closed) return Future.failedFuture(new IllegalStateException("kafka transport is closed"));
        List<Future<Map<TopicPartition, Long>>> starts = subscriptions.stream()
                .filter(s -> s.topic().equals(topic) && s.group().equals(group))
                .map(KafkaSubscription::startOffsets).toList();
        return Future.all(starts).compose(all -> {
            Map<TopicPartition, Long> need = new HashMap<>();
            for (int i = 0; i < all.size(); i++) need.putAll(all.<Map<TopicPartition, Long>>resultAt(i));
            need.entrySet().removeIf(e -> caughtUpTo.getOrDefault(other + "@" + e.getKey(), -1L) >= e.getValue());
            if (need.isEmpty()) return Future.succeededFuture();
            Promise<Void> done = Promise.promise();
            waitFor(other, need, System.nanoTime(), done);
            return done.future();
        });
    }

    private void waitFor(String other, Map<TopicPartition, Long> need, long since, Promise<Void> done) {
        admin().listConsumerGroupOffsets(other).onComplete(ar -> {
            if (closed) {
                done.tryFail("kafka transport is closed");
                return;
            }
            Map<TopicPartition, Long> missing = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
            if (ar.succeeded()) {
                Map<TopicPartition, Long> committed = new HashMap<>();
                ar.result().forEach((tp, o) -> committed.put(new TopicPartition(tp.getTopic(), tp.getPartition()),
                        o.getOffset()));
                need.forEach((tp, start) -> {
                    long c = committed.getOrDefault(tp, 0L); // nothing committed: it has handled nothing before 0
                    caughtUpTo.merge(other + "@" + tp, c, Math::max);
                    if (c < start) missing.put(tp, start);
                });
            } else {
                missing.putAll(need);
            }
            if (missing.isEmpty()) {
                done.tryComplete();
                return;
            }
            long waited = (System.nanoTime() - since) / 1_000_000;
            if (waited / CATCH_UP_LOG_MS != (waited + CATCH_UP_POLL_MS) / CATCH_UP_LOG_MS) {
                LOG.warn("waiting {} s for group {} to commit up to {} (the offsets this process started from);"
                        + " nothing is handled meanwhile — is a member of {} running?", waited / 1000, other, missing,
                        other);
            }
            vertx.setTimer(CATCH_UP_POLL_MS, id -> waitFor(other, missing, since, done));
        });
    }

    /**
     * Describes the cluster; fails when no broker answers within {@code pingTimeout}, and while a subscription waits
     * for its partitions (a member that has not joined its group yet consumes nothing: it is not ready).
     */
    @Override
    public Future<Void> ping() {
        if (closed) return Future.failedFuture(new IllegalStateException("kafka transport is closed"));
        List<String> waiting = subscriptions.stream().filter(s -> !s.assigned()).map(KafkaSubscription::describe)
                .sorted().toList();
        return admin().describeCluster()
                .timeout(config.pingTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .compose(d -> d.getNodes().isEmpty()
                        ? Future.failedFuture("kafka cluster at " + config.bootstrapServers() + " has no brokers")
                        : waiting.isEmpty() ? Future.<Void>succeededFuture()
                        : Future.failedFuture("waiting for partitions of " + String.join(", ", waiting)));
    }

    /** Closes every subscription (committing what completed), then the producer and admin client. */
    @Override
    public Future<Void> close() {
        closed = true;
        List<Future<Void>> closing = new ArrayList<>();
        for (KafkaSubscription<?> s : subscriptions) closing.add(quietly(s.close(), "subscription " + s));
        subscriptions.clear();
        closing.add(quietly(progress.close(), "progress tail"));
        return Future.join(closing).<Void>mapEmpty().eventually(() -> {
            List<Future<Void>> clients = new ArrayList<>();
            if (producer != null) clients.add(quietly(producer.close(), "producer"));
            if (admin != null) clients.add(quietly(admin.close(), "admin client"));
            return Future.join(clients);
        }).mapEmpty();
    }

    /**
     * Closing is best effort: a client whose executor already stopped (a consumer closed by its verticle's undeploy
     * while a poll was being handed over) refuses the close task, but holds nothing any more.
     */
    private static Future<Void> quietly(Future<Void> close, String what) {
        return close.recover(e -> {
            LOG.info("closing the {} ended with {}; nothing is left open", what, e.toString());
            return Future.succeededFuture();
        });
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                p = producer;
                if (p == null) {
                    p = KafkaProducer.create(vertx, config.producerConfig(), new StringSerializer(),
                            new ByteArraySerializer());
                    producer = p;
                }
            }
        }
        return p;
    }

    private KafkaAdminClient admin() {
        KafkaAdminClient a = admin;
        if (a == null) {
            synchronized (this) {
                a = admin;
                if (a == null) {
                    a = KafkaAdminClient.create(vertx, config.adminConfig());
                    admin = a;
                }
            }
        }
        return a;
    }

    /** Removes itself from the transport's live set when closed by its owner. */
    private final class Tracked implements Subscription {
        private final KafkaSubscription<?> delegate;

        Tracked(KafkaSubscription<?> delegate) {
            this.delegate = delegate;
        }

        @Override
        public Future<Void> close() {
            subscriptions.remove(delegate);
            return delegate.close();
        }
    }

    /**
     * One callback for a whole batch: counts acknowledgements and collects their offsets, which it hands to
     * {@link Progress} before it completes, once, on the publisher's context.
     */
    private static final class BatchAck implements Callback {
        private final AtomicInteger remaining;
        private final AtomicReference<Exception> error = new AtomicReference<>();
        private final Context context;
        private final Promise<Void> promise;
        private final String topic;
        private final String trace;
        private final Progress progress;
    /** Per "group@topic-partition": an offset that group is known to have committed. */
    private final Map<String, Long> caughtUpTo = new ConcurrentHashMap<>();
        private final OffsetRanges offsets = new OffsetRanges();

        BatchAck(int records, Context context, Promise<Void> promise, String topic, String trace, Progress progress) {
            this.remaining = new AtomicInteger(records);
            this.context = context;
            this.promise = promise;
            this.topic = topic;
            this.trace = trace;
            this.progress = progress;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (e != null) error.compareAndSet(null, e);
            if (metadata != null && metadata.hasOffset()) {
                synchronized (offsets) {
                    offsets.add(new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset(),
                            metadata.offset());
                }
            }
            if (remaining.decrementAndGet() == 0) {
                synchronized (offsets) {
                    // before the publish completes: a follower must know every offset once its publish is done
                    progress.published(trace, offsets);
                }
                Exception failure = error.get();
                context.runOnContext(v -> {
                    if (failure == null) {
                        promise.tryComplete();
                    } else {
                        promise.tryFail(new IllegalStateException("publishing to " + topic + " failed: "
                                + failure.getMessage(), failure));
                    }
                });
            }
        }
    }
}
