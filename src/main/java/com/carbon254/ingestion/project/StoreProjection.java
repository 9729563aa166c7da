package com.carbon254.ingestion.project;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A topic written to one store port ({@code silver().writeTicks}, {@code gold().writeBars}, …), one write at a time
 * with group commit: batches that arrive while a write is in flight are written together, in arrival order, by the
 * next one. Under load a store sees a few large inserts instead of one per batch (each ClickHouse insert is a part
 * to merge, each DuckDB write a transaction), with no wait added when idle. Rows of one key in several batches end as
 * they would written one by one: the store keeps the last occurrence of a key within a write. A failed write fails
 * every batch it carried (their subscriptions deliver them again).
 */
public final class StoreProjection<T> implements Projection<T> {
    private final String topic;
    private final Function<List<T>, Future<Void>> writer;
    private List<T> pending = new ArrayList<>();
    private List<Promise<Void>> waiting = new ArrayList<>();
    private boolean writing;

    public StoreProjection(String topic, Function<List<T>, Future<Void>> writer) {
        this.topic = topic;
        this.writer = writer;
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public Future<Void> write(List<T> records) {
        Promise<Void> done = Promise.promise();
        boolean start;
        synchronized (this) {
            pending.addAll(records);
            waiting.add(done);
            start = !writing;
            writing = true;
        }
        if (start) next();
        return done.future();
    }

    /** Writes everything pending as one, then whatever arrived meanwhile; stops when nothing is left. */
    private void next() {
        List<T> rows;
        List<Promise<Void>> carried;
        synchronized (this) {
            if (waiting.isEmpty()) {
                writing = false;
                return;
            }
            rows = pending;
            carried = waiting;
            pending = new ArrayList<>();
            waiting = new ArrayList<>();
        }
        Future<Void> written;
        try {
            written = writer.apply(rows);
        } catch (RuntimeException e) {
            written = Future.failedFuture(e);
        }
        written.onComplete(ar -> {
            for (Promise<Void> p : carried) {
                if (ar.succeeded()) p.tryComplete();
                else p.tryFail(ar.cause());
            }
            next();
        });
    }
}
