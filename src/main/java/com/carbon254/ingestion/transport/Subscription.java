package com.carbon254.ingestion.transport;

import io.vertx.core.Future;

/** A live subscription; closing it stops delivery (Kafka: commits what completed, then leaves the group). */
public interface Subscription {
    Future<Void> close();
}
