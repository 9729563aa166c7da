package com.carbon254.ingestion.transport;

import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.transport.eventbus.EventBusTransport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class BatchPublisherTest {
    static List<RawRecord> sorted(int... perLocation) {
        List<RawRecord> out = new ArrayList<>();
        for (int l = 0; l < perLocation.length; l++) {
            for (int i = 0; i < perLocation[l]; i++) {
                out.add(new RawRecord("t", "CAISO", "d", "DA_HOURLY", "doc", i, String.format("L%03d", l),
                        Map.of("opr_hr", String.valueOf(i)), Map.of("LMP", "1")));
            }
        }
        return out;
    }

    @Test
    void batchesNeverSplitALocationAndStayNearTheirSize() {
        List<RawRecord> r = sorted(24, 24, 24, 24, 24); // 120 records, batch size 50
        List<Integer> cuts = BatchPublisher.cuts(r, 50, RawRecord::location);
        assertThat(cuts).containsExactly(0, 72, 120);
        for (int i = 1; i < cuts.size() - 1; i++) {
            assertThat(r.get(cuts.get(i)).location()).isNotEqualTo(r.get(cuts.get(i) - 1).location());
        }
    }

    @Test
    void aLocationLargerThanTwiceTheSizeIsCutRatherThanMakingOneHugeBatch() {
        List<Integer> cuts = BatchPublisher.cuts(sorted(300), 50, RawRecord::location);
        assertThat(cuts).containsExactly(0, 100, 200, 300);
    }

    @Test
    void emptyDocumentHasNoBatch() {
        assertThat(BatchPublisher.cuts(List.<RawRecord>of(), 50, RawRecord::location)).containsExactly(0);
    }

    @Test
    void neverMoreThanMaxInFlightUnacknowledgedAndEveryLocationInOneBatchInOrder() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            EventBusTransport t = new EventBusTransport(vertx, 5000);
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger maxSeen = new AtomicInteger();
            List<List<RawRecord>> received = new CopyOnWriteArrayList<>();
            t.<RawRecord>subscribe("raw.v1", "g", b -> {
                maxSeen.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                received.add(b.records());
                Promise<Void> p = Promise.promise();
                vertx.setTimer(5, id -> {
                    inFlight.decrementAndGet();
                    p.complete();
                });
                return p.future();
            }).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            List<RawRecord> shuffled = new ArrayList<>(sorted(10, 10, 10, 10, 10, 10, 10, 10));
            java.util.Collections.reverse(shuffled);
            BatchPublisher.publish(t, "raw.v1", "tr", "t", shuffled, RawRecord::location, 10, 2)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(maxSeen.get()).isEqualTo(2);
            assertThat(received).hasSize(8).allSatisfy(b -> assertThat(b).extracting(RawRecord::location)
                    .containsOnly(b.get(0).location()));
            assertThat(received.stream().mapToInt(List::size).sum()).isEqualTo(80);

            Future<Void> failed = BatchPublisher.publish(t, "nobody.v1", "tr", "t", shuffled, RawRecord::location,
                    10, 2);
            assertThat(failed.toCompletionStage().toCompletableFuture()).failsWithin(5, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }
}
