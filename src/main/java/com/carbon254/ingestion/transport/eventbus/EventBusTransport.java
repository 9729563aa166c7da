package com.carbon254.ingestion.transport.eventbus;

import com.carbon254.ingestion.ops.Tracing;
import com.carbon254.ingestion.transport.Batch;
import com.carbon254.ingestion.transport.BatchHandler;
import com.carbon254.ingestion.transport.StageSpans;
import com.carbon254.ingestion.transport.Subscription;
import com.carbon254.ingestion.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.tracing.TracingPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process transport: a batch travels as one event-bus message through a local codec (the same immutable object,
 * no copy, no serialization). Each consumer group has its own address {@code <topic>#<group>}; a publish sends the
 * batch to every group and completes when each has replied, i.e. when each group's handler future completed. A
 * failed handler fails the publisher's future with the handler's message.
 *
 * <p>Unlike Kafka nothing is retained: publishing to a topic nobody subscribed to fails, so a deployment that forgot
 * a stage is loud instead of silently dropping data.
 *
 * <p>Tracing: a traced batch's parent span travels as the message header {@code traceparent}; the subscriber's stage
 * runs under its own child span ({@link StageSpans}). Vert.x's own per-message event-bus spans are turned off for
 * batches: the stage spans are the ones that say something.
 */
public final class EventBusTransport implements Transport {
    private static final String CODEC = "carbon-batch-local";
    private final Vertx vertx;
    private final long timeoutMs;
    private final Tracing tracing;
    private final Map<String, Set<String>> groups = new ConcurrentHashMap<>();

    public EventBusTransport(Vertx vertx, long timeoutMs) {
        this(vertx, timeoutMs, Tracing.OFF);
    }

    public EventBusTransport(Vertx vertx, long timeoutMs, Tracing tracing) {
        this.vertx = vertx;
        this.timeoutMs = timeoutMs;
        this.tracing = tracing;
        registerCodec(vertx);
    }

    private static void registerCodec(Vertx vertx) {
        try {
            vertx.eventBus().registerCodec(new LocalBatchCodec());
        } catch (IllegalStateException alreadyRegistered) {
            // another transport on the same Vert.x instance registered it: same codec, nothing to do
        }
    }

    static String address(String topic, String group) {
        return topic + "#" + group;
    }

    @Override
    public <T> Future<Void> publish(String topic, Batch<T> batch) {
        Set<String> subs = groups.get(topic);
        if (subs == null || subs.isEmpty()) {
            return Future.failedFuture("no subscriber for topic " + topic + " on the event bus "
                    + "(is the consuming stage in this process's descriptor?)");
        }
        DeliveryOptions opts = new DeliveryOptions().setCodecName(CODEC).setSendTimeout(timeoutMs)
                .setTracingPolicy(TracingPolicy.IGNORE);
        if (batch.traceparent() != null) opts.addHeader(Tracing.TRACEPARENT, batch.traceparent());
        List<Future<?>> acks = new ArrayList<>(subs.size());
        for (String g : subs) {
            acks.add(vertx.eventBus().request(address(topic, g), batch, opts)
                    .recover(e -> Future.failedFuture(unwrap(topic, g, e))));
        }
        return Future.all(acks).mapEmpty();
    }

    private static Throwable unwrap(String topic, String group, Throwable e) {
        if (e instanceof ReplyException re) {
            return new IllegalStateException(topic + " → " + group + ": " + re.getMessage(), e);
        }
        return e;
    }

    @Override
    public <T> Future<Subscription> subscribe(String topic, String group, BatchHandler<T> handler) {
        MessageConsumer<Batch<T>> consumer = vertx.eventBus().localConsumer(address(topic, group), msg -> {
            Batch<T> batch = msg.body().withTraceparent(msg.headers().get(Tracing.TRACEPARENT));
            Future<Void> done = StageSpans.handle(tracing, group, topic, batch, handler);
            done.onComplete(ar -> {
                if (ar.succeeded()) {
                    msg.reply(null);
                } else {
                    String m = ar.cause().getMessage();
                    msg.fail(500, m == null ? ar.cause().toString() : m);
                }
            });
        });
        return consumer.completion().map(v -> {
            groups.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(group);
            return (Subscription) () -> {
                Set<String> s = groups.get(topic);
                if (s != null) s.remove(group);
                return consumer.unregister();
            };
        });
    }

    @Override
    public String name() {
        return "eventbus";
    }

    @Override
    public Future<Void> ping() {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }

    /** Passes the batch object itself: batches and their records are immutable, so sharing is safe. */
    @SuppressWarnings("rawtypes")
    private static final class LocalBatchCodec implements MessageCodec<Batch, Batch> {
        @Override
        public void encodeToWire(Buffer buffer, Batch batch) {
            throw new UnsupportedOperationException("batches are local-only; use the kafka transport across processes");
        }

        @Override
        public Batch decodeFromWire(int pos, Buffer buffer) {
            throw new UnsupportedOperationException("batches are local-only");
        }

        @Override
        public Batch transform(Batch batch) {
            return batch;
        }

        @Override
        public String name() {
            return CODEC;
        }

        @Override
        public byte systemCodecID() {
            return -1;
        }
    }
}
