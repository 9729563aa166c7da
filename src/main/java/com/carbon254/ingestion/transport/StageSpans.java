package com.carbon254.ingestion.transport;

import com.carbon254.ingestion.ops.Tracing;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Future;

/**
 * How a transport hands a received batch to its subscriber under tracing: a span named after the consuming group (the
 * stage) as the child of the span the batch's {@code traceparent} names, the batch handed on with that span as its
 * parent (so what the stage publishes with {@link Batch#with} is the span's child), the log MDC carrying
 * {@code trace_id}/{@code span_id} while the handler runs, and the span ended when the handler's future completes.
 * Per batch, never per record; without tracing or without a parent only the MDC's {@code trace_id} is set.
 */
public final class StageSpans {
    private StageSpans() {
    }

    @SuppressWarnings("try") // the log scope marks the handler's synchronous lines, nothing reads it
    public static <T> Future<Void> handle(Tracing tracing, String group, String topic, Batch<T> batch,
                                          BatchHandler<T> handler) {
        Span span = tracing.stage(group, topic, batch.traceparent(), batch.size(), batch.tenantId());
        Batch<T> delivered = span == null ? batch : batch.withTraceparent(Tracing.traceparent(span));
        Future<Void> done;
        try (Tracing.LogScope ignored = Tracing.log(batch.traceId(), span)) {
            done = handler.handle(delivered);
            if (done == null) done = Future.failedFuture(new NullPointerException("batch handler returned null"));
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        if (span != null) done.onComplete(ar -> Tracing.end(span, ar.cause()));
        return done;
    }
}
