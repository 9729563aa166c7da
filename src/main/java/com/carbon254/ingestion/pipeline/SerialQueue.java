package com.carbon254.ingestion.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.function.Supplier;

/**
 * Runs asynchronous tasks one at a time, in the order they were submitted: a task starts when the one before it
 * ended, failed or not. What a shell uses when a batch's work has a store round trip inside and a later batch must
 * never be applied before an earlier one. Thread-safe.
 */
public final class SerialQueue {
    private Future<?> last = Future.succeededFuture();

    /** Queues {@code task}; the future completes with what the task's future completes with. */
    public synchronized <T> Future<T> submit(Supplier<Future<T>> task) {
        Promise<T> done = Promise.promise();
        Future<?> prev = last;
        last = done.future().otherwiseEmpty();
        prev.onComplete(ignored -> {
            try {
                task.get().onComplete(done);
            } catch (RuntimeException e) {
                done.fail(e);
            }
        });
        return done.future();
    }
}
