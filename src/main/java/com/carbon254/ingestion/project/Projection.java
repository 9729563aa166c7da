package com.carbon254.ingestion.project;

import io.vertx.core.Future;

import java.util.List;

/**
 * Writes one topic's records somewhere — a store table, a cache, a counter. The projector subscribes to each topic
 * its projections name and acknowledges a batch once every projection of that topic wrote it, so "acknowledged" means
 * "queryable". A new sink is one class plus one line in {@link ProjectorVerticle#projections}.
 *
 * @param <T> the topic's record type
 */
public interface Projection<T> {
    /** The topic whose records this projection writes. */
    String topic();

    /** Writes a batch (never empty); fails when the sink did not take it, and the batch is then redelivered. */
    Future<Void> write(List<T> records);
}
