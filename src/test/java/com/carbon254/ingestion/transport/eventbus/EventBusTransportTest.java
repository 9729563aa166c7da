package com.carbon254.ingestion.transport.eventbus;

import com.carbon254.ingestion.transport.Batch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class EventBusTransportTest {
    record Rec(String key, int v) {
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void everyGroupGetsTheSameBatchObjectAndPublishWaitsForAllAcks(Vertx vertx) throws Exception {
        EventBusTransport t = new EventBusTransport(vertx, 5000);
        List<Batch<Rec>> a = new CopyOnWriteArrayList<>();
        List<Batch<Rec>> b = new CopyOnWriteArrayList<>();
        Promise<Void> slow = Promise.promise();
        await(t.<Rec>subscribe("topic.v1", "a", batch -> {
            a.add(batch);
            return Future.succeededFuture();
        }));
        await(t.<Rec>subscribe("topic.v1", "b", batch -> {
            b.add(batch);
            return slow.future();
        }));
        Batch<Rec> sent = new Batch<>("trace", "tenant", List.of(new Rec("k", 1), new Rec("k", 2)));
        Future<Void> pub = t.publish("topic.v1", sent);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> a.size() == 1 && b.size() == 1);
        assertThat(pub.isComplete()).as("publish must wait for the slow group's ack").isFalse();
        assertThat(a.get(0)).isSameAs(sent);
        assertThat(b.get(0)).isSameAs(sent);
        slow.complete();
        await(pub);
    }

    @Test
    void handlerFailureFailsThePublisherWithItsReason(Vertx vertx) throws Exception {
        EventBusTransport t = new EventBusTransport(vertx, 5000);
        await(t.<Rec>subscribe("x.v1", "g", batch -> Future.failedFuture("store is down")));
        Future<Void> f = t.publish("x.v1", new Batch<>("t", "t", List.of(new Rec("k", 1))));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(f::isComplete);
        assertThat(f.failed()).isTrue();
        assertThat(f.cause().getMessage()).contains("store is down").contains("x.v1");
    }

    @Test
    void publishingWithoutSubscriberIsAnErrorNotASilentDrop(Vertx vertx) {
        Future<Void> f = new EventBusTransport(vertx, 5000).publish("nobody.v1", new Batch<>("t", "t", List.of()));
        assertThat(f.failed()).isTrue();
        assertThat(f.cause().getMessage()).contains("no subscriber for topic nobody.v1");
    }

    @Test
    void closedSubscriptionStopsDelivery(Vertx vertx) throws Exception {
        EventBusTransport t = new EventBusTransport(vertx, 5000);
        AtomicBoolean got = new AtomicBoolean();
        var sub = await(t.<Rec>subscribe("y.v1", "g", batch -> {
            got.set(true);
            return Future.succeededFuture();
        }));
        await(sub.close());
        assertThat(t.publish("y.v1", new Batch<>("t", "t", List.of())).failed()).isTrue();
        assertThat(got).isFalse();
    }
}
