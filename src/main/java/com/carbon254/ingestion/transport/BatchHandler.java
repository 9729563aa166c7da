package com.carbon254.ingestion.transport;

import io.vertx.core.Future;

/**
 * Handles one batch. The returned future is the acknowledgement: it must complete only after everything the batch
 * produced has itself been acknowledged downstream (or durably stored). A failed future means "not handled": the
 * Kafka transport does not commit past it and redelivers; the event-bus transport fails the publisher's future.
 */
@FunctionalInterface
public interface BatchHandler<T> {
    Future<Void> handle(Batch<T> batch);
}
