package com.carbon254.ingestion.project;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StoreProjectionTest {
    private final List<List<String>> writes = new ArrayList<>();
    private final List<Promise<Void>> inFlight = new ArrayList<>();
    private final StoreProjection<String> projection = new StoreProjection<>("t", rows -> {
        writes.add(List.copyOf(rows));
        Promise<Void> p = Promise.promise();
        inFlight.add(p);
        return p.future();
    });

    @Test
    void batchesArrivingDuringAWriteGoTogetherInTheNextInArrivalOrder() {
        Future<Void> a = projection.write(List.of("a1", "a2"));
        Future<Void> b = projection.write(List.of("b1"));
        Future<Void> c = projection.write(List.of("c1", "c2"));
        assertThat(writes).containsExactly(List.of("a1", "a2"));

        inFlight.get(0).complete();
        assertThat(a.succeeded()).isTrue();
        assertThat(b.isComplete()).as("written only by the second insert").isFalse();
        assertThat(writes).containsExactly(List.of("a1", "a2"), List.of("b1", "c1", "c2"));

        inFlight.get(1).complete();
        assertThat(b.succeeded() && c.succeeded()).isTrue();
        Future<Void> d = projection.write(List.of("d1"));
        assertThat(writes).as("idle again: written at once").hasSize(3).last().isEqualTo(List.of("d1"));
        inFlight.get(2).complete();
        assertThat(d.succeeded()).isTrue();
    }

    @Test
    void aFailedWriteFailsEveryBatchItCarriedAndTheNextStillRuns() {
        projection.write(List.of("a"));
        Future<Void> b = projection.write(List.of("b"));
        Future<Void> c = projection.write(List.of("c"));
        inFlight.get(0).complete();
        Future<Void> d = projection.write(List.of("d"));
        inFlight.get(1).fail("store down");
        assertThat(b.failed() && c.failed()).isTrue();
        assertThat(b.cause()).hasMessage("store down");
        assertThat(writes.get(2)).containsExactly("d");
        inFlight.get(2).complete();
        assertThat(d.succeeded()).isTrue();
    }
}
