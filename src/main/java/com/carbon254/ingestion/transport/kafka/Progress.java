package com.carbon254.ingestion.transport.kafka;

import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.transport.Settlement;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaReadStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * When is everything a trace started stored? On Kafka a publish completes when the broker has the records, long before
 * the stages downstream have handled them, so each consumer group reports what it handled on
 * {@link Topics#PROGRESS}: after a batch's handler succeeded (its outputs acknowledged) and before its offsets are
 * committed, one report names the batch's offsets and the offsets of everything this process published under the
 * trace since its last report. A publisher that {@linkplain #follow follows} a trace reads those reports and counts
 * it settled when, for every topic the trace reached, every group consuming that topic ({@code consumers}) has
 * handled every offset published there.
 *
 * <p>That cannot come early: a record's outputs are reported no later than the record itself, by the same producer to
 * the same partition (reports are keyed by trace), so a group cannot have handled everything published upstream
 * while an output of it is still unknown. Offsets, not counts, are compared, so a batch redelivered after a crash or a
 * rebalance is not counted twice.
 */
final class Progress {
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    /** Published offsets no handled batch has reported yet are reported on their own after this long. */
    private static final long FLUSH_MS = 1_000;
    private static final long WAIT_LOG_MS = 30_000;
    private static final Duration TAIL_POLL = Duration.ofMillis(100);
    private static final int TAIL_ATTEMPTS = 20;

    private final Vertx vertx;
    private final KafkaTransportConfig config;
    private final Map<String, Set<String>> consumers;
    private final Supplier<Producer<String, byte[]>> producer;
    /** Sends reports one at a time, in order: a report drains what it names. */
    private final Context reporting;
    /** Per trace: offsets this process published that no report of it named yet; guarded by {@code this}. */
    private final Map<String, Unreported> unreported = new HashMap<>();
    private final Map<String, Set<Follow>> follows = new ConcurrentHashMap<>();
    private Future<Void> tailReady;
    private KafkaReadStream<String, byte[]> tail;
    private long flushTimer = -1;
    private volatile boolean closed;

    /**
     * @param consumers topic → the consumer groups that handle it (the pipeline's flow); a topic without consumers
     *                  is not waited for
     */
    Progress(Vertx vertx, KafkaTransportConfig config, Map<String, Set<String>> consumers,
             Supplier<Producer<String, byte[]>> producer) {
        this.vertx = vertx;
        this.config = config;
        this.consumers = Map.copyOf(consumers);
        this.producer = producer;
        this.reporting = vertx.getOrCreateContext();
    }

    /** Offsets the broker acknowledged for records published under {@code trace} (any thread). */
    void published(String trace, OffsetRanges offsets) {
        if (trace == null || offsets.isEmpty()) return;
        Set<Follow> fs = follows.get(trace);
        if (fs != null) fs.forEach(f -> f.published(offsets));
        synchronized (this) {
            unreported.computeIfAbsent(trace, k -> new Unreported(System.nanoTime())).offsets.addAll(offsets);
            if (flushTimer < 0 && !closed) flushTimer = vertx.setPeriodic(FLUSH_MS, id -> flush());
        }
    }

    /**
     * Reports that {@code group} handled offsets {@code first..last} of {@code tp} under {@code trace}, together with
     * what this process published under it meanwhile. Completes when the broker has the report; a subscription
     * commits the batch only then, so a crash in between redelivers the batch rather than lose its report.
     */
    Future<Void> handled(String trace, String group, TopicPartition tp, long first, long last) {
        if (trace == null) return Future.succeededFuture();
        OffsetRanges handled = new OffsetRanges();
        handled.add(tp, first, last);
        return send(trace, group, handled);
    }

    private Future<Void> send(String trace, String group, OffsetRanges handled) {
        if (closed) return Future.failedFuture(new IllegalStateException("kafka transport is closed"));
        Promise<Void> sent = Promise.promise();
        reporting.executeBlocking(() -> {
            Unreported out;
            synchronized (this) {
                out = unreported.remove(trace);
            }
            JsonObject report = new JsonObject().put("trace", trace).put("group", group)
                    .put("handled", handled == null ? new JsonArray() : handled.toJson())
                    .put("published", out == null ? new JsonArray() : out.offsets.toJson());
            producer.get().send(new ProducerRecord<>(Topics.PROGRESS, trace,
                    report.encode().getBytes(StandardCharsets.UTF_8)), (md, e) -> {
                if (e == null) {
                    sent.tryComplete();
                } else {
                    sent.tryFail(new IllegalStateException("reporting progress of " + trace + " failed: "
                            + e.getMessage(), e));
                }
            });
            return null;
        }, true).onFailure(sent::tryFail);
        return sent.future();
    }

    /** Reports published offsets that waited {@link #FLUSH_MS} for a handled batch to carry them (a publisher's own). */
    private void flush() {
        long cutoff = System.nanoTime() - FLUSH_MS * 1_000_000;
        List<String> due;
        synchronized (this) {
            due = unreported.entrySet().stream().filter(e -> e.getValue().since < cutoff).map(Map.Entry::getKey)
                    .toList();
        }
        for (String trace : due) {
            send(trace, null, null).onFailure(e -> LOG.warn("{}", e.getMessage()));
        }
    }

    /** Starts following {@code trace}; completes once the reports are read from before anything is published. */
    Future<Settlement> follow(String trace) {
        Context context = Vertx.currentContext() != null ? Vertx.currentContext() : vertx.getOrCreateContext();
        Follow f = new Follow(trace, context);
        follows.compute(trace, (k, fs) -> {
            Set<Follow> out = fs == null ? ConcurrentHashMap.newKeySet() : fs;
            out.add(f);
            return out;
        });
        return tail().<Settlement>map(f).onFailure(e -> f.abandon());
    }

    /** Positions the tail of the progress topic at its end, once; a failure is retried by the next follow. */
    private synchronized Future<Void> tail() {
        if (tailReady != null) return tailReady;
        Promise<Void> ready = Promise.promise();
        tailReady = ready.future();
        Context c = vertx.getOrCreateContext();
        c.runOnContext(v -> {
            try {
                tail = KafkaConsumer.create(vertx, config.tailConfig("progress"), new StringDeserializer(),
                        new ByteArrayDeserializer()).asStream();
            } catch (RuntimeException e) {
                ready.fail(e);
                return;
            }
            position(TAIL_ATTEMPTS).onComplete(ready);
        });
        return tailReady.onFailure(e -> {
            synchronized (this) {
                tailReady = null;
            }
            LOG.warn("cannot follow {}: {}", Topics.PROGRESS, e.getMessage());
        });
    }

    /** The topic's partitions (created on first use where the broker allows), assigned and positioned at the end. */
    private Future<Void> position(int attempts) {
        return tail.partitionsFor(Topics.PROGRESS).compose(infos -> {
            if (infos == null || infos.isEmpty()) {
                if (attempts <= 1) {
                    return Future.failedFuture("topic " + Topics.PROGRESS + " does not exist and the broker does not"
                            + " create it: create it (a few partitions, the replication of the pipeline's topics)");
                }
                Promise<Void> again = Promise.promise();
                vertx.setTimer(250, id -> position(attempts - 1).onComplete(again));
                return again.future();
            }
            Set<TopicPartition> tps = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()))
                    .collect(Collectors.toSet());
            return tail.assign(tps).compose(v -> tail.seekToEnd(tps))
                    // seekToEnd is lazy: asking the position fixes it before anything is published
                    .compose(v -> Future.all(tps.stream().map(tail::position).toList()))
                    .<Void>mapEmpty()
                    .onSuccess(v -> pollTail());
        });
    }

    private void pollTail() {
        if (closed) return;
        tail.poll(TAIL_POLL).onComplete(ar -> {
            if (closed) return;
            if (ar.succeeded()) {
                for (ConsumerRecord<String, byte[]> r : ar.result()) read(r);
                pollTail();
            } else {
                LOG.warn("reading {} failed; retrying", Topics.PROGRESS, ar.cause());
                vertx.setTimer(config.retryBackoff().toMillis(), id -> pollTail());
            }
        });
    }

    private void read(ConsumerRecord<String, byte[]> r) {
        Set<Follow> fs = r.key() == null ? null : follows.get(r.key());
        if (fs == null || fs.isEmpty()) return;
        JsonObject report;
        OffsetRanges published;
        OffsetRanges handled;
        try {
            report = new JsonObject(new String(r.value(), StandardCharsets.UTF_8));
            published = OffsetRanges.fromJson(report.getJsonArray("published"));
            handled = OffsetRanges.fromJson(report.getJsonArray("handled"));
        } catch (RuntimeException e) {
            LOG.warn("unreadable progress report at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                    e.getMessage());
            return;
        }
        for (Follow f : fs) f.report(report.getString("group"), published, handled);
    }

    Future<Void> close() {
        closed = true;
        synchronized (this) {
            if (flushTimer >= 0) vertx.cancelTimer(flushTimer);
        }
        return tail == null ? Future.succeededFuture() : tail.close();
    }

    private static final class Unreported {
        final long since;
        final OffsetRanges offsets = new OffsetRanges();

        Unreported(long since) {
            this.since = since;
        }
    }

    /** One follower of a trace: what was published under it, what each group handled. */
    private final class Follow implements Settlement {
        private final String trace;
        private final Context context;
        private final Promise<Void> done = Promise.promise();
        private final OffsetRanges published = new OffsetRanges();
        private final Map<String, OffsetRanges> handled = new HashMap<>();
        private boolean armed;
        private volatile long waitLog = -1;

        Follow(String trace, Context context) {
            this.trace = trace;
            this.context = context;
        }

        synchronized void published(OffsetRanges offsets) {
            published.addAll(offsets);
        }

        synchronized void report(String group, OffsetRanges more, OffsetRanges handledNow) {
            published.addAll(more);
            if (group != null && !handledNow.isEmpty()) {
                handled.computeIfAbsent(group, g -> new OffsetRanges()).addAll(handledNow);
            }
            check();
        }

        @Override
        public Future<Void> settled() {
            synchronized (this) {
                armed = true;
                check();
            }
            if (!done.future().isComplete()) {
                // a stage that is down (or not deployed) keeps a job running: say which, now and then
                long timer = vertx.setPeriodic(WAIT_LOG_MS, id -> LOG.info("trace {} waits for {} (records not yet"
                        + " handled, per stage)", trace, pending()));
                waitLog = timer;
                done.future().onComplete(v -> vertx.cancelTimer(timer));
            }
            return done.future();
        }

        @Override
        public synchronized Map<String, Long> pending() {
            Map<String, Long> out = new TreeMap<>();
            for (String topic : published.topics()) {
                for (String group : consumers.getOrDefault(topic, Set.of())) {
                    long missing = published.missingFrom(topic, handled.get(group));
                    if (missing > 0) out.merge(group, missing, Long::sum);
                }
            }
            return out;
        }

        @Override
        public void abandon() {
            if (waitLog >= 0) vertx.cancelTimer(waitLog);
            follows.computeIfPresent(trace, (k, fs) -> {
                fs.remove(this);
                return fs.isEmpty() ? null : fs;
            });
        }

        private void check() {
            if (!armed || done.future().isComplete() || !pending().isEmpty()) return;
            abandon();
            context.runOnContext(v -> done.tryComplete());
        }
    }

    /** For tests and logs: the topics waited for and who consumes them. */
    @Override
    public String toString() {
        return "progress over " + new ArrayList<>(new TreeMap<>(consumers).keySet());
    }
}
