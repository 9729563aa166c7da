package com.carbon254.ingestion.transport;

import io.vertx.core.Future;

/**
 * Moves batches of immutable records between stages. Chosen by the deployment descriptor ({@code eventbus} in-process,
 * {@code kafka} in a cluster); stages cannot tell which one they got.
 *
 * <p>Each consumer group receives every batch published to a topic (publish/subscribe between groups, one member of
 * a group per record). Threading: all methods may be called from an event loop and never block.
 */
public interface Transport {
    /**
     * Publishes a batch. Event bus: completes when every subscribed group acknowledged the batch (so the completion of
     * a connector's publish means the whole in-process pipeline finished with it). Kafka: completes when the broker
     * acknowledged every record. Fails when nothing could take the batch (no subscriber on the event bus).
     */
    <T> Future<Void> publish(String topic, Batch<T> batch);

    /** Subscribes {@code group} to {@code topic}; the handler's future is the acknowledgement (see {@link BatchHandler}). */
    <T> Future<Subscription> subscribe(String topic, String group, BatchHandler<T> handler);

    /**
     * Starts following a trace; call before publishing under it. Event bus: {@link Settlement#IMMEDIATE}, since a
     * publish completes there only once every stage finished with the batch. Kafka: completes once the transport
     * reads the progress stages report, from before anything under the trace is published.
     */
    default Future<Settlement> follow(String traceId) {
        return Future.succeededFuture(Settlement.IMMEDIATE);
    }

    /**
     * Completes once consumer group {@code other} has handled, on {@code topic}, everything that came before what
     * this process's {@code group} subscription started consuming from (per partition it owns). What a stage that
     * rebuilds its state from another group's output asks first: after a restart, the aggregator reloads days from
     * the ticks the projector stored, which must then include every tick the aggregator handled before it restarted.
     * Event bus: at once (one process: both groups start together, and a publish completes only once both handled it).
     */
    default Future<Void> caughtUp(String topic, String group, String other) {
        return Future.succeededFuture();
    }

    /** Transport name as in descriptors. */
    String name();

    /** Answers when the transport's backend is reachable (readiness). */
    Future<Void> ping();

    Future<Void> close();
}
