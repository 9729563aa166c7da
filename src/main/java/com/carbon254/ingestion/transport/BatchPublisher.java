package com.carbon254.ingestion.transport;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Publishes one document's records (a connector's raw records, or a replay's ticks) in batches with a bounded number
 * unacknowledged, which is the back-pressure of every producer: on the event bus a batch is acknowledged once the
 * whole pipeline has finished with it, on Kafka once the broker has it.
 *
 * <p>Records are grouped by location first (stable: a location's records keep their order). ISO files are often
 * unsorted (CAISO's long format); grouping makes each batch touch few bars, so the aggregator recomputes and the
 * projector rewrites each bar about once per document instead of once per batch, and per-batch checks such as a
 * day's missing intervals see the location's whole document.
 */
public final class BatchPublisher {
    /**
     * Records per batch unless a deployment says otherwise. Each batch costs every stage a fixed overhead (a store
     * transaction for its ticks, one for its bars); measured with make bench on the CAISO day-ahead import (40,712
     * records), 1,000 → 5,000 cut POST → done by about a third and 5,000 → 20,000 by another ~0.4 s (medians of five
     * interleaved cold runs: 3.23 s → 2.80 s), while a day of one location still never splits.
     */
    public static final int DEFAULT_BATCH_SIZE = 20_000;

    private BatchPublisher() {
    }

    /** Completes when every batch was acknowledged; fails with the first failed batch. */
    public static <T> Future<Void> publish(Transport transport, String topic, String traceId, String tenant,
                                           List<T> records, Function<T, String> location, int batchSize,
                                           int maxInFlight) {
        return publish(transport, topic, traceId, null, tenant, records, location, batchSize, maxInFlight);
    }

    /** As above, every batch a child of the span {@code traceparent} names (null: untraced). */
    public static <T> Future<Void> publish(Transport transport, String topic, String traceId, String traceparent,
                                           String tenant, List<T> records, Function<T, String> location,
                                           int batchSize, int maxInFlight) {
        return forEachBatch(records, location, batchSize, maxInFlight,
                slice -> transport.publish(topic, new Batch<>(traceId, tenant, slice, traceparent)));
    }

    /**
     * Cuts {@code records} into batches as {@link #publish} does (grouped by location, a location never split) and
     * hands each to {@code send}, with at most {@code maxInFlight} unfinished; completes when every one finished,
     * fails with the first failure. What a reprocess uses to run a stage's step on the batches a live import would
     * have published.
     */
    public static <T> Future<Void> forEachBatch(List<T> records, Function<T, String> location, int batchSize,
                                                int maxInFlight, Function<List<T>, Future<Void>> send) {
        List<T> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparing(location));
        List<Integer> cuts = cuts(sorted, batchSize, location);
        int n = cuts.size() - 1;
        if (n == 0) return Future.succeededFuture();
        Promise<Void> done = Promise.promise();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= n) return;
            List<T> slice = sorted.subList(cuts.get(i), cuts.get(i + 1));
            Future<Void> sent;
            try {
                sent = send.apply(slice);
            } catch (RuntimeException e) {
                sent = Future.failedFuture(e);
            }
            sent.onComplete(ar -> {
                if (ar.failed()) {
                    done.tryFail(ar.cause());
                } else if (completed.incrementAndGet() == n) {
                    done.tryComplete();
                } else {
                    pump[0].run();
                }
            });
        };
        for (int k = 0; k < Math.min(Math.max(1, maxInFlight), n); k++) pump[0].run();
        return done.future();
    }

    /**
     * Batch boundaries over records sorted by location: about {@code size} records each, but a location's records are
     * never split across batches (unless one location alone exceeds twice the size). Returns indexes
     * 0 = c0 < c1 < … < ck = records.size().
     */
    public static <T> List<Integer> cuts(List<T> records, int size, Function<T, String> location) {
        List<Integer> out = new ArrayList<>();
        out.add(0);
        int start = 0;
        while (start < records.size()) {
            int end = Math.min(records.size(), start + size);
            int limit = Math.min(records.size(), start + 2 * size);
            while (end < limit && location.apply(records.get(end)).equals(location.apply(records.get(end - 1)))) end++;
            out.add(end);
            start = end;
        }
        return out;
    }
}
