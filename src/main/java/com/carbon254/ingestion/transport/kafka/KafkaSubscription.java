package com.carbon254.ingestion.transport.kafka;

import com.carbon254.ingestion.event.Decoded;
import com.carbon254.ingestion.event.EnvelopeMeta;
import com.carbon254.ingestion.event.EventCodec;
import com.carbon254.ingestion.transport.Batch;
import com.carbon254.ingestion.transport.BatchHandler;
import com.carbon254.ingestion.transport.Subscription;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaReadStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * One consumer-group member on one topic, polling by hand so that nothing is committed before it is acknowledged.
 *
 * <p>Per partition, every delivered batch is a slot {@code [first, last]} in offset order; the committable offset is
 * {@code last + 1} of the longest prefix of slots whose handler futures succeeded, so a held-back batch holds back the
 * commit of everything after it (at-least-once). A failed batch drops itself and every later slot of its partition,
 * pauses the partition, and after {@code retryBackoff} seeks back to its first offset: those records are delivered
 * again (later batches too, even if they had completed: duplicates, never gaps).
 *
 * <p>Threading: all state lives on the context the subscription was created on; handler futures completed elsewhere
 * hop back to it. The Kafka consumer itself runs on vertx-kafka-client's consumer thread, which serialises poll,
 * pause, seek and commit in submission order.
 */
final class KafkaSubscription<T> implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSubscription.class);
    /**
     * Longest a partition holds a cut run back, waiting for its rest; then the part is handled alone (see
     * {@link #dispatchRuns}).
     */
    static final long HOLD_MAX_NANOS = 2_000_000_000L;
    /**
     * Longest a cut run's first part waits for its publisher to publish the run again whole (see
     * {@link #dispatchRuns}): longer than a role needs to restart.
     */
    static final long PARK_MAX_NANOS = 30_000_000_000L;
    /** A cut run is delivered as it is past this many records held (longer than any batch a producer sends). */
    static final int HOLD_MAX_RECORDS = 200_000;

    private final Vertx vertx;
    private final Context context;
    private final String topic;
    private final String group;
    private final EventCodec<T> codec;
    private final BatchHandler<T> handler;
    private final KafkaTransportConfig config;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaReadStream<String, byte[]> stream;
    private final LongAdder dropped;
    private final Progress progress;
    private final Map<TopicPartition, Partition> partitions = new HashMap<>();
    private Set<TopicPartition> pausedInKafka = new HashSet<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Promise<Void> closed = Promise.promise();
    private boolean stopped;
    private long inFlight;
    private boolean overLimit;
    /** When fetching last resumed after back-pressure (System.nanoTime). */
    private long resumedAt;
    private boolean committing;
    private boolean commitAgain;
    /** Whether the group has given this member its partitions (maybe none) at least once since it joined. */
    private volatile boolean assigned;

    /** Must be created on {@code context} (the consumer binds to the current context). */
    KafkaSubscription(Vertx vertx, String topic, String group, EventCodec<T> codec, BatchHandler<T> handler,
                      KafkaTransportConfig config, KafkaConsumer<String, byte[]> consumer, LongAdder dropped,
                      Progress progress) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.topic = topic;
        this.group = group;
        this.codec = codec;
        this.handler = handler;
        this.config = config;
        this.consumer = consumer;
        this.stream = consumer.asStream();
        this.dropped = dropped;
        this.progress = progress;
    }

    /** Joins the group and starts polling; completes once subscribed (partitions are assigned later). */
    Future<Subscription> start() {
        stream.partitionsAssignedHandler(this::onAssigned);
        stream.partitionsRevokedHandler(this::onRevoked);
        stream.exceptionHandler(e -> LOG.warn("kafka consumer error on {} group {}", topic, group, e));
        return stream.subscribe(Set.of(topic)).map(v -> {
            poll();
            return this;
        });
    }

    @Override
    public Future<Void> close() {
        if (closing.compareAndSet(false, true)) {
            context.runOnContext(v -> doClose());
        }
        return closed.future();
    }

    private void doClose() {
        stopped = true;
        Map<TopicPartition, OffsetAndMetadata> offsets = committable();
        Future<?> commit = offsets.isEmpty() ? Future.succeededFuture() : stream.commit(offsets)
                .onFailure(e -> LOG.warn("final commit on {} group {} failed; those records will be redelivered",
                        topic, group, e))
                .recover(e -> Future.succeededFuture());
        commit.compose(v -> consumer.close()).onComplete(closed);
    }

    private void poll() {
        if (stopped) return;
        stream.poll(config.pollTimeout()).onComplete(ar -> {
            if (stopped) return; // not delivered, so not committed: the group's next owner gets these records
            if (ar.succeeded()) {
                try {
                    deliver(ar.result());
                } catch (RuntimeException e) {
                    LOG.error("delivering a poll of {} group {} failed", topic, group, e);
                }
                poll();
            } else {
                LOG.warn("poll on {} group {} failed; retrying", topic, group, ar.cause());
                vertx.setTimer(config.retryBackoff().toMillis(), id -> poll());
            }
        });
    }

    private void deliver(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            Partition p = partitions.computeIfAbsent(tp, Partition::new);
            if (p.rewinding) continue; // fetched from the old position: discarded, the seek brings them again
            deliver(p, records.records(tp));
            if (stopped) return;
        }
        flushStale();
        updateBackPressure();
    }

    /**
     * Takes a poll's records of a partition after what it held back, and delivers up to the end of the last whole run
     * ({@link KafkaTransport#RUN_HEADER}): a run cut by the poll waits for its rest, so a location's records of one
     * batch reach the handler together. What is held back is neither delivered nor committed.
     */
    private void deliver(Partition p, List<ConsumerRecord<String, byte[]>> records) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(p.held.size() + records.size());
        all.addAll(p.held);
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.offset() < p.nextOffset) continue; // fetched before a seek back: it comes again in order
            if (p.startOffset < 0) p.startOffset = r.offset();
            p.nextOffset = r.offset() + 1;
            p.lastFetched = System.nanoTime();
            all.add(r);
        }
        int cut = all.size();
        while (cut > 0 && !endsRun(all.get(cut - 1))) cut--;
        if (cut == 0 && all.size() > HOLD_MAX_RECORDS) cut = all.size(); // a run longer than any batch: give up
        p.held = new ArrayList<>(all.subList(cut, all.size()));
        dispatchRuns(p, all.subList(0, cut));
    }

    /**
     * Delivers what a partition held back when nothing new came for {@link #HOLD_MAX_NANOS} while it was fetching:
     * the rest of its last run is not coming (its producer stopped half-way), and records must not wait for ever.
     * Time paused for back-pressure does not count: the rest is then simply not fetched yet.
     */
    private void flushStale() {
        long now = System.nanoTime();
        for (Partition p : new ArrayList<>(partitions.values())) releaseOverdue(p, now);
        if (overLimit) return;
        for (Partition p : new ArrayList<>(partitions.values())) {
            if (!p.held.isEmpty() && !p.rewinding
                    && now - Math.max(p.lastFetched, resumedAt) > HOLD_MAX_NANOS) {
                List<ConsumerRecord<String, byte[]>> held = p.held;
                p.held = List.of();
                dispatchRuns(p, held);
            }
        }
    }

    /** Whether a record ends its run (its header says {@code n/n}); a record without one is a run of its own. */
    static boolean endsRun(ConsumerRecord<String, byte[]> r) {
        long kn = run(r);
        return kn == NO_RUN || place(kn) == length(kn);
    }

    /** What {@link #run} answers for a record without a readable run header: a run of its own. */
    static final long NO_RUN = -1;

    /** A record's {@code k/n} run header packed as {@code k << 32 | n} (no allocation per record); else {@link #NO_RUN}. */
    static long run(ConsumerRecord<String, byte[]> r) {
        Header h = r.headers().lastHeader(KafkaTransport.RUN_HEADER);
        if (h == null || h.value() == null) return NO_RUN;
        byte[] v = h.value();
        long k = 0;
        long n = 0;
        int i = 0;
        for (; i < v.length && v[i] != '/'; i++) {
            if (v[i] < '0' || v[i] > '9' || k > Integer.MAX_VALUE / 10) return NO_RUN;
            k = k * 10 + (v[i] - '0');
        }
        if (i == 0 || i >= v.length - 1) return NO_RUN;
        for (i++; i < v.length; i++) {
            if (v[i] < '0' || v[i] > '9' || n > Integer.MAX_VALUE / 10) return NO_RUN;
            n = n * 10 + (v[i] - '0');
        }
        return k << 32 | n;
    }

    private static long place(long kn) {
        return kn >>> 32;
    }

    private static long length(long kn) {
        return kn & 0xFFFF_FFFFL;
    }

    /**
     * Dispatches records run by run. A run is cut when its publisher stopped half-way (killed mid-batch): what follows
     * its first part is then not its rest but the next publisher's records — after a restart, the same batch published
     * again from its start, so the run comes again whole, later. Handled alone, the part would make batch-level checks
     * see a location missing hours its neighbours have; handled with what follows, the same. So the first part of a cut
     * run is parked (its offsets not committed): when the run comes again whole (same key, trace and length, holding
     * the part's event ids) the part is done with it, reported handled and committed without being handled twice; if
     * no such run comes within {@link #PARK_MAX_NANOS}, the part is handled alone. Any other part of a run (its start
     * not seen) is handled as a batch of its own. Nothing is dropped.
     */
    private void dispatchRuns(Partition p, List<ConsumerRecord<String, byte[]>> records) {
        int n = records.size();
        int from = 0;
        int i = 0;
        while (i < n) {
            long first = run(records.get(i));
            long last = first;
            int j = i + 1;
            if (first != NO_RUN) {
                while (j < n) {
                    long next = run(records.get(j));
                    if (next == NO_RUN || length(next) != length(last) || place(next) != place(last) + 1
                            || !Objects.equals(records.get(j).key(), records.get(j - 1).key())) {
                        break;
                    }
                    last = next;
                    j++;
                }
            }
            boolean whole = first == NO_RUN || (place(first) == 1 && place(last) == length(last));
            if (whole) {
                if (first != NO_RUN && !p.parked.isEmpty()) supersede(p, records.subList(i, j), length(first));
            } else {
                if (from < i) dispatchAll(p, records.subList(from, i));
                if (p.rewinding || stopped) return;
                if (place(first) == 1) park(p, records.subList(i, j), length(first));
                else dispatchAll(p, records.subList(i, j));
                from = j;
            }
            i = j;
        }
        if (from < n) dispatchAll(p, records.subList(from, n));
    }

    private void park(Partition p, List<ConsumerRecord<String, byte[]>> part, long length) {
        ConsumerRecord<String, byte[]> head = part.get(0);
        Parked older = p.parked.remove(head.key());
        if (older != null) release(p, older);
        Slot slot = new Slot(head.offset(), part.get(part.size() - 1).offset(), part.size());
        p.slots.addLast(slot);
        inFlight += slot.count;
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : part) ids.add(header(r, KafkaTransport.EVENT_ID_HEADER));
        p.parked.put(head.key(), new Parked(List.copyOf(part), slot, header(head, KafkaTransport.TRACE_HEADER), length,
                ids, System.nanoTime()));
        LOG.info("{} group {}: run of key {} cut after {} of {} records at {}@{}; waiting up to {} s for it whole",
                topic, group, head.key(), part.size(), length, p.tp, head.offset(), PARK_MAX_NANOS / 1_000_000_000L);
    }

    /** A whole run: the parked first part of the same run is done with it. */
    private void supersede(Partition p, List<ConsumerRecord<String, byte[]>> run, long length) {
        String key = run.get(0).key();
        Parked parked = p.parked.get(key);
        if (parked == null || parked.slot.cancelled || parked.length != length
                || !Objects.equals(parked.trace, header(run.get(0), KafkaTransport.TRACE_HEADER))) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : run) ids.add(header(r, KafkaTransport.EVENT_ID_HEADER));
        if (!ids.containsAll(parked.eventIds)) return;
        p.parked.remove(key);
        LOG.info("{} group {}: run of key {} came again whole at {}@{}; its cut part at {} is done with it", topic,
                group, key, p.tp, run.get(0).offset(), parked.slot.first);
        doneWithout(p, parked);
    }

    /** Handles a parked part alone, in its own slot. */
    private void release(Partition p, Parked parked) {
        if (parked.slot.cancelled) return;
        LOG.warn("{} group {}: run of key {} at {}@{} did not come again whole; handling its {} records alone", topic,
                group, parked.records.get(0).key(), p.tp, parked.slot.first, parked.records.size());
        List<T> batch = new ArrayList<>(parked.records.size());
        String trace = null;
        String tenant = null;
        String traceparent = null;
        for (ConsumerRecord<String, byte[]> r : parked.records) {
            try {
                Decoded<T> d = codec.decode(r.value());
                if (batch.isEmpty()) {
                    trace = d.meta().traceId();
                    tenant = d.meta().tenantId();
                    traceparent = header(r, KafkaTransport.TRACEPARENT_HEADER);
                }
                batch.add(d.record());
            } catch (RuntimeException e) {
                undecodable(r, e);
            }
        }
        if (batch.isEmpty()) { // nothing readable: done with as the poison pills they are
            doneWithout(p, parked);
            return;
        }
        handle(p, parked.slot, trace, tenant, traceparent, batch);
    }

    /** A parked part done with without handling it: reported handled under its trace, then its slot completes. */
    private void doneWithout(Partition p, Parked parked) {
        Future<Void> reported = parked.trace == null ? Future.succeededFuture()
                : progress.handled(parked.trace, group, p.tp, parked.slot.first, parked.slot.last);
        reported.onComplete(ar -> onContext(() -> completed(p, parked.slot, ar)));
    }

    /** A value the topic's codec cannot read: counted and logged; the caller commits past it. */
    private void undecodable(ConsumerRecord<String, byte[]> r, RuntimeException e) {
        dropped.increment();
        LOG.error("dropping undecodable record {}@{} (key {}) for group {}: {}", r.topic() + "-" + r.partition(),
                r.offset(), r.key(), group, e.getMessage());
    }

    /** Handles parked parts that waited longer than {@link #PARK_MAX_NANOS}. */
    private void releaseOverdue(Partition p, long now) {
        if (p.parked.isEmpty() || p.rewinding) return;
        for (Iterator<Parked> it = p.parked.values().iterator(); it.hasNext(); ) {
            Parked parked = it.next();
            if (parked.slot.cancelled) {
                it.remove();
            } else if (now - parked.since > PARK_MAX_NANOS) {
                it.remove();
                release(p, parked);
            }
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Groups consecutive records sharing trace and tenant into batches, in offset order. */
    private void dispatchAll(Partition p, List<ConsumerRecord<String, byte[]>> records) {
        List<T> batch = null;
        String trace = null;
        String tenant = null;
        String traceparent = null;
        long first = -1;
        long last = -1;
        for (ConsumerRecord<String, byte[]> r : records) {
            if (p.rewinding || stopped) return;
            Decoded<T> d;
            try {
                d = codec.decode(r.value());
            } catch (RuntimeException e) {
                if (batch != null) {
                    dispatch(p, first, last, trace, tenant, traceparent, batch);
                    batch = null;
                }
                poisonPill(p, r, e);
                continue;
            }
            EnvelopeMeta m = d.meta();
            if (batch != null && !(Objects.equals(trace, m.traceId()) && Objects.equals(tenant, m.tenantId()))) {
                dispatch(p, first, last, trace, tenant, traceparent, batch);
                batch = null;
                if (p.rewinding || stopped) return;
            }
            if (batch == null) {
                batch = new ArrayList<>();
                trace = m.traceId();
                tenant = m.tenantId();
                // the first record's parent span: a batch joining several publishers' batches of one trace keeps one
                traceparent = header(r, KafkaTransport.TRACEPARENT_HEADER);
                first = r.offset();
            }
            batch.add(d.record());
            last = r.offset();
        }
        if (batch != null && !p.rewinding && !stopped) dispatch(p, first, last, trace, tenant, traceparent, batch);
    }

    private void dispatch(Partition p, long first, long last, String trace, String tenant, String traceparent,
                          List<T> records) {
        Slot slot = new Slot(first, last, records.size());
        p.slots.addLast(slot);
        inFlight += slot.count;
        handle(p, slot, trace, tenant, traceparent, records);
    }

    private void handle(Partition p, Slot slot, String trace, String tenant, String traceparent, List<T> records) {
        long first = slot.first;
        long last = slot.last;
        Future<Void> ack;
        try {
            ack = handler.handle(new Batch<>(trace, tenant, records, traceparent));
            if (ack == null) ack = Future.failedFuture(new NullPointerException("batch handler returned null"));
        } catch (RuntimeException e) {
            ack = Future.failedFuture(e);
        }
        // reported before it is committed: a crash in between redelivers the batch instead of losing its report
        ack.compose(v -> progress.handled(trace, group, p.tp, first, last))
                .onComplete(ar -> onContext(() -> completed(p, slot, ar)));
    }

    /**
     * A value the topic's codec cannot read would fail forever: it is logged with the reason, counted in the dropped
     * counter and committed past, so it cannot stop the partition.
     */
    private void poisonPill(Partition p, ConsumerRecord<String, byte[]> r, RuntimeException e) {
        undecodable(r, e);
        Slot slot = new Slot(r.offset(), r.offset(), 0);
        p.slots.addLast(slot);
        // handled as far as a follower of its trace is concerned: it will never be anything else
        Header trace = r.headers().lastHeader(KafkaTransport.TRACE_HEADER);
        Future<Void> reported = trace == null || trace.value() == null ? Future.succeededFuture()
                : progress.handled(new String(trace.value(), StandardCharsets.UTF_8), group, p.tp, r.offset(),
                r.offset()).recover(failure -> {
                    LOG.warn("{}", failure.getMessage());
                    return Future.succeededFuture();
                });
        reported.onComplete(ar -> onContext(() -> completed(p, slot, ar)));
    }

    private void completed(Partition p, Slot slot, AsyncResult<Void> ar) {
        if (stopped || slot.cancelled || partitions.get(p.tp) != p) return; // revoked or rewound meanwhile
        if (ar.succeeded()) {
            slot.done = true;
            advance(p);
        } else {
            LOG.warn("batch {}@{}-{} of group {} failed; redelivering from {} after {} ms", p.tp, slot.first,
                    slot.last, group, slot.first, config.retryBackoff().toMillis(), ar.cause());
            rewind(p, slot);
        }
        updateBackPressure();
    }

    private void advance(Partition p) {
        boolean moved = false;
        while (!p.slots.isEmpty() && p.slots.peekFirst().done) {
            Slot head = p.slots.pollFirst();
            inFlight -= head.count;
            p.committable = head.last + 1;
            moved = true;
        }
        if (moved) commit();
    }

    private void rewind(Partition p, Slot failed) {
        for (Iterator<Slot> it = p.slots.descendingIterator(); it.hasNext(); ) {
            Slot s = it.next();
            if (s.first < failed.first) break;
            s.cancelled = true;
            inFlight -= s.count;
            it.remove();
        }
        p.nextOffset = failed.first;
        p.held = List.of(); // after the failed batch: fetched again from there
        p.parked.values().removeIf(parked -> parked.slot.cancelled);
        if (p.rewinding) {
            p.rewindTo = Math.min(p.rewindTo, failed.first);
            return;
        }
        p.rewinding = true;
        p.rewindTo = failed.first;
        updatePause();
        vertx.setTimer(config.retryBackoff().toMillis(), id -> seekBack(p));
    }

    private void seekBack(Partition p) {
        if (stopped || partitions.get(p.tp) != p) return;
        long to = p.rewindTo;
        stream.seek(p.tp, to).onComplete(ar -> {
            if (stopped || partitions.get(p.tp) != p) return;
            if (ar.failed()) {
                LOG.warn("seek of {} to {} failed; retrying", p.tp, to, ar.cause());
                vertx.setTimer(config.retryBackoff().toMillis(), id -> seekBack(p));
            } else if (p.rewindTo != to) {
                seekBack(p); // an earlier batch failed while seeking
            } else {
                // polls that completed before this point were fetched from the old position and were discarded
                p.rewinding = false;
                p.nextOffset = to;
                updatePause();
            }
        });
    }

    private void updateBackPressure() {
        if (!overLimit && inFlight > config.maxInFlightRecords()) {
            overLimit = true;
            LOG.debug("{} group {}: {} records in flight, pausing", topic, group, inFlight);
            updatePause();
        } else if (overLimit && inFlight <= config.lowWaterMark()) {
            overLimit = false;
            resumedAt = System.nanoTime();
            LOG.debug("{} group {}: {} records in flight, resuming", topic, group, inFlight);
            updatePause();
        }
    }

    /** Paused in Kafka: every partition while over the limit, else those waiting to seek back after a failure. */
    private void updatePause() {
        if (stopped) return;
        Set<TopicPartition> want = new HashSet<>();
        for (Partition p : partitions.values()) {
            if (overLimit || p.rewinding) want.add(p.tp);
        }
        Set<TopicPartition> pause = new HashSet<>(want);
        pause.removeAll(pausedInKafka);
        Set<TopicPartition> resume = new HashSet<>(pausedInKafka);
        resume.removeAll(want);
        // a partition revoked in the meantime makes Kafka refuse; the assignment handlers reconcile it
        if (!pause.isEmpty()) stream.pause(pause).onFailure(e -> LOG.debug("pause {} failed", pause, e));
        if (!resume.isEmpty()) stream.resume(resume).onFailure(e -> LOG.debug("resume {} failed", resume, e));
        pausedInKafka = want;
    }

    private void commit() {
        if (committing) {
            commitAgain = true;
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = committable();
        if (offsets.isEmpty() || stopped) return;
        committing = true;
        stream.commit(offsets).onComplete(ar -> {
            committing = false;
            if (ar.succeeded()) {
                offsets.forEach((tp, o) -> {
                    Partition p = partitions.get(tp);
                    if (p != null) p.committed = Math.max(p.committed, o.offset());
                });
            } else if (!stopped) {
                LOG.warn("commit {} for group {} failed; retrying", offsets, group, ar.cause());
                vertx.setTimer(config.retryBackoff().toMillis(), id -> commit());
            }
            if (commitAgain) {
                commitAgain = false;
                commit();
            }
        });
    }

    private Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (Partition p : partitions.values()) {
            if (p.committable > p.committed) out.put(p.tp, new OffsetAndMetadata(p.committable));
        }
        return out;
    }

    /** Whether this member has had its partitions assigned since it joined (readiness waits for it). */
    boolean assigned() {
        return assigned;
    }

    String topic() {
        return topic;
    }

    String group() {
        return group;
    }

    /**
     * Per partition this member owns and has received from: the first offset it received. Read from any thread:
     * a copy taken on the subscription's context.
     */
    Future<Map<TopicPartition, Long>> startOffsets() {
        Promise<Map<TopicPartition, Long>> out = Promise.promise();
        onContext(() -> {
            Map<TopicPartition, Long> m = new HashMap<>();
            partitions.forEach((tp, p) -> {
                if (p.startOffset >= 0) m.put(tp, p.startOffset);
            });
            out.complete(m);
        });
        return out.future();
    }

    String describe() {
        return topic + " (group " + group + ")";
    }

    private void onAssigned(Set<TopicPartition> tps) {
        assigned = true;
        for (TopicPartition tp : tps) {
            partitions.computeIfAbsent(tp, Partition::new);
            pausedInKafka.remove(tp); // Kafka starts a newly assigned partition unpaused
        }
        LOG.debug("{} group {}: assigned {}", topic, group, tps);
        updatePause();
    }

    /**
     * Commits what completed on the revoked partitions and forgets them: their in-flight batches are no longer
     * committed by this member, so the new owner redelivers them (at-least-once). The commit is best effort: the
     * listener runs after Kafka's own callback returned, so it can race the rebalance; losing it only means more
     * redelivery.
     */
    private void onRevoked(Set<TopicPartition> tps) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : tps) {
            pausedInKafka.remove(tp);
            Partition p = partitions.remove(tp);
            if (p == null) continue;
            for (Slot s : p.slots) {
                s.cancelled = true;
                inFlight -= s.count;
            }
            p.slots.clear();
            if (p.committable > p.committed) offsets.put(tp, new OffsetAndMetadata(p.committable));
        }
        LOG.debug("{} group {}: revoked {}", topic, group, tps);
        if (!offsets.isEmpty() && !stopped) {
            stream.commit(offsets).onFailure(e -> LOG.info("commit on revocation of {} failed; the new owner"
                    + " redelivers from the previous commit", offsets.keySet(), e));
        }
        updateBackPressure();
    }

    private void onContext(Runnable r) {
        if (Vertx.currentContext() == context) {
            r.run();
        } else {
            context.runOnContext(v -> r.run());
        }
    }

    private static final class Partition {
        final TopicPartition tp;
        final ArrayDeque<Slot> slots = new ArrayDeque<>();
        /** Offset after the last record delivered; lower offsets in a poll were fetched before a seek back. */
        long nextOffset = -1;
        long committable = -1;
        long committed = -1;
        boolean rewinding;
        long rewindTo = -1;
        /** Per key: the first part of a cut run, waiting for the run to come again whole. */
        final Map<String, Parked> parked = new HashMap<>();
        /** Records after the last whole run of what was polled: delivered once their run is whole. */
        List<ConsumerRecord<String, byte[]>> held = List.of();
        /** The first offset this member received since it was given the partition (-1: none yet). */
        long startOffset = -1;
        /** When a record of this partition last arrived (System.nanoTime). */
        long lastFetched;

        Partition(TopicPartition tp) {
            this.tp = tp;
        }
    }

    /** A cut run's first part: its records, its slot (holding back commits), what identifies the run. */
    private record Parked(List<ConsumerRecord<String, byte[]>> records, Slot slot, String trace, long length,
                          Set<String> eventIds, long since) {
    }

    private static final class Slot {
        final long first;
        final long last;
        final int count;
        boolean done;
        boolean cancelled;

        Slot(long first, long last, int count) {
            this.first = first;
            this.last = last;
            this.count = count;
        }
    }
}
