package com.carbon254.ingestion.transport;

import io.vertx.core.Future;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Following one trace downstream (from {@link Transport#follow}): whether everything published under it has been
 * handled by every stage that consumes it — for the projector, stored — so an import or reprocess can say
 * {@code done} only when its data is queryable.
 */
public interface Settlement {
    /** Already settled: on a transport whose publish completes only once the pipeline finished (the event bus). */
    Settlement IMMEDIATE = new Settlement() {
        @Override
        public Future<Void> settled() {
            return Future.succeededFuture();
        }

        @Override
        public Map<String, Long> pending() {
            return Map.of();
        }

        @Override
        public void abandon() {
        }
    };

    /**
     * Follows {@code traceId} around {@code publishing} (everything published under the trace): completes with its
     * result once all of it, and all it produced downstream, was handled; fails as it fails.
     */
    static <T> Future<T> around(Transport transport, String traceId, Supplier<Future<T>> publishing) {
        return transport.follow(traceId).compose(s -> {
            Future<T> work;
            try {
                work = publishing.get();
            } catch (RuntimeException e) {
                work = Future.failedFuture(e);
            }
            return work.compose(r -> s.settled().map(r), e -> {
                s.abandon();
                return Future.failedFuture(e);
            });
        });
    }

    /**
     * Call once everything under the trace has been published (its publish futures completed). Completes when every
     * record of the trace, and every record those produced, was handled by every stage consuming its topic; then the
     * trace is no longer followed.
     */
    Future<Void> settled();

    /** Records not yet handled, per consuming stage (empty once settled); what a waiting job can report. */
    Map<String, Long> pending();

    /** Stops following (the publisher gave up); {@link #settled()} never completes then. */
    void abandon();
}
