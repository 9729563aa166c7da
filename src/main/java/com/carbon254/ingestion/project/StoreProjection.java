package com.carbon254.ingestion.project;

import io.vertx.core.Future;

import java.util.List;
import java.util.function.Function;

/** A topic written to one store port ({@code silver().writeTicks}, {@code gold().writeBars}, …). */
public final class StoreProjection<T> implements Projection<T> {
    private final String topic;
    private final Function<List<T>, Future<Void>> writer;

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
        return writer.apply(records);
    }
}
