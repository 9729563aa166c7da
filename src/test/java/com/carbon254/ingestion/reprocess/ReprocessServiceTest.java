package com.carbon254.ingestion.reprocess;

import com.carbon254.ingestion.app.App;
import com.carbon254.ingestion.app.AppConfig;
import com.carbon254.ingestion.app.Chain;
import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Stage;
import com.carbon254.ingestion.event.Topics;
import com.carbon254.ingestion.iso.Isos;
import com.carbon254.ingestion.ops.Metrics;
import com.carbon254.ingestion.pipeline.PolicyFiles;
import com.carbon254.ingestion.pipeline.store.DocumentCoverage;
import com.carbon254.ingestion.pipeline.store.Stores;
import com.carbon254.ingestion.store.duckdb.DuckDbStores;
import com.carbon254.ingestion.testing.IsoSamples;
import com.carbon254.ingestion.testing.ManualClock;
import com.carbon254.ingestion.transport.Subscription;
import com.carbon254.ingestion.transport.eventbus.EventBusTransport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reprocess job on its own, with a real event bus and DuckDB, and a consumer that holds each document's batch
 * until the test lets it go: progress, ETA, skipped documents, queueing, cancelling and failing are observed
 * deterministically instead of raced.
 */
class ReprocessServiceTest {
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    Vertx vertx;
    Stores stores;
    EventBusTransport transport;
    final ManualClock clock = new ManualClock(T0);
    /** Each delivered batch with the promise that acknowledges it. */
    final BlockingQueue<Map.Entry<List<RawRecord>, Promise<Void>>> held = new LinkedBlockingQueue<>();
    Subscription consumer;
    ReprocessService service;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        stores = DuckDbStores.open(vertx, Path.of(":memory:"));
        await(stores.engine().init());
        transport = new EventBusTransport(vertx, 60_000);
        consumer = await(transport.<RawRecord>subscribe(Topics.raw("MISO"), "normalizer", b -> {
            Promise<Void> p = Promise.promise();
            held.add(Map.entry(b.records(), p));
            return p.future();
        }));
        PolicyFiles files = new PolicyFiles();
        AppConfig cfg = AppConfig.forRole("all-in-one", Map.of(), Map.of(), new AppConfig.Overrides(0, null));
        service = new ReprocessService(vertx, transport, stores.bronze(), App.catalog(cfg), files,
                new Chain(files, cfg.policies(), Isos.all()), new Metrics(), clock, 4);
    }

    @AfterEach
    void stop() throws Exception {
        await(stores.engine().close());
        await(vertx.close());
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The MISO fixture re-dated to {@code day} (one document: two nodes × 24 hours). */
    void storeMisoDay(int day, Instant receivedAt) throws Exception {
        String text = Files.readString(IsoSamples.projectRoot()
                .resolve("src/test/resources/fixtures/miso/20240115_da_expost_lmp.csv"), StandardCharsets.UTF_8)
                .replace("01/15/2024", String.format("01/%02d/2024", day));
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        await(stores.bronze().putDocumentIfAbsent(new RawDocument("default", "miso", day + ".csv", "lmp_da_expost", sha, bytes,
                receivedAt, "tr")));
        Instant start = Instant.parse(String.format("2024-01-%02dT05:00:00Z", day));
        await(stores.bronze().putCoverage(new DocumentCoverage("default", sha, "miso", "MISO", "lmp_da_expost",
                start.plusSeconds(3600), start.plusSeconds(24 * 3600), receivedAt)));
    }

    ReprocessRequest request(String from, String to) {
        return ReprocessRequest.parse(new JsonObject().put("from", from).put("to", to), Set.of("MISO"), Stage.NORMALIZER,
                "default", iso -> ZoneId.of("-05:00"));
    }

    JsonObject job(String id) {
        return service.job(id).orElseThrow().toJson(clock.instant());
    }

    Map.Entry<List<RawRecord>, Promise<Void>> nextBatch() throws InterruptedException {
        Map.Entry<List<RawRecord>, Promise<Void>> b = held.poll(30, TimeUnit.SECONDS);
        assertThat(b).as("a batch reached the normalizer").isNotNull();
        return b;
    }

    @Test
    void progressAndEtaAdvanceDocumentByDocumentInArrivalOrderAndAMissingDocumentIsSkipped() throws Exception {
        storeMisoDay(16, T0.minusSeconds(100));
        storeMisoDay(15, T0.minusSeconds(200)); // stored second, arrived first
        storeMisoDay(17, T0.minusSeconds(50));
        await(stores.bronze().putCoverage(new DocumentCoverage("default", "f".repeat(64), "miso", "MISO", "lmp_da_expost",
                Instant.parse("2024-01-16T06:00:00Z"), Instant.parse("2024-01-17T05:00:00Z"), T0.minusSeconds(10))));

        String id = service.submit(request("2024-01-15", "2024-01-18"));
        Map.Entry<List<RawRecord>, Promise<Void>> first = nextBatch();
        assertThat(first.getKey()).hasSize(48).allSatisfy(r -> assertThat(r.attr("date")).isEqualTo("2024-01-15"));
        JsonObject running = job(id);
        assertThat(running.getString("status")).isEqualTo("running");
        assertThat(running.getInteger("documents_total")).isEqualTo(4);
        assertThat(running.getInteger("documents_done")).isZero();
        assertThat(running.getValue("eta_seconds")).as("no pace yet").isNull();

        String queued = service.submit(request("2024-01-15", "2024-01-16"));
        assertThat(job(queued).getString("status")).as("one job at a time").isEqualTo("queued");

        clock.set(T0.plusSeconds(4));
        first.getValue().complete();
        Map.Entry<List<RawRecord>, Promise<Void>> second = nextBatch();
        assertThat(second.getKey()).allSatisfy(r -> assertThat(r.attr("date")).isEqualTo("2024-01-16"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> job(id).getInteger("documents_done") == 1);
        JsonObject oneDone = job(id);
        assertThat(oneDone.getLong("records")).isEqualTo(48);
        assertThat(oneDone.getLong("eta_seconds")).as("4 s for 1 document, 3 left").isEqualTo(12);

        second.getValue().complete();
        Map.Entry<List<RawRecord>, Promise<Void>> third = nextBatch();
        assertThat(third.getKey()).allSatisfy(r -> assertThat(r.attr("date")).isEqualTo("2024-01-17"));
        third.getValue().complete();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> job(id).getString("status").equals("done"));
        JsonObject done = job(id);
        assertThat(done.getInteger("documents_done")).isEqualTo(4);
        assertThat(done.getInteger("documents_skipped")).isEqualTo(1);
        assertThat(done.getLong("records")).isEqualTo(144);
        assertThat(done.getJsonArray("skipped").getString(0)).isEqualTo("f".repeat(64)
                + " (miso lmp_da_expost): not in Bronze any more");

        // the queued job starts now: only the 15th lies in its window
        Map.Entry<List<RawRecord>, Promise<Void>> fourth = nextBatch();
        assertThat(fourth.getKey()).hasSize(48).allSatisfy(r -> assertThat(r.attr("date")).isEqualTo("2024-01-15"));
        fourth.getValue().complete();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> job(queued).getString("status").equals("done"));
        assertThat(job(queued).getInteger("documents_total")).isEqualTo(1);
    }

    @Test
    void onlyTheWindowsIntervalsAreReplayed() throws Exception {
        storeMisoDay(15, T0);
        // 12:00Z to 18:00Z = the intervals ending 13:00Z..18:00Z: HE 8..13 EST, two nodes
        String id = service.submit(request("2024-01-15T12:00:00Z", "2024-01-15T18:00:00Z"));
        Map.Entry<List<RawRecord>, Promise<Void>> b = nextBatch();
        assertThat(b.getKey()).hasSize(12).extracting(r -> r.attr("he")).containsOnly("8", "9", "10", "11", "12", "13");
        b.getValue().complete();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> job(id).getString("status").equals("done"));
        assertThat(job(id).getLong("records")).isEqualTo(12);
    }

    @Test
    void cancellingStopsAfterTheDocumentInHand() throws Exception {
        storeMisoDay(15, T0.minusSeconds(2));
        storeMisoDay(16, T0.minusSeconds(1));
        String id = service.submit(request("2024-01-15", "2024-01-17"));
        Map.Entry<List<RawRecord>, Promise<Void>> first = nextBatch();
        assertThat(service.cancel(id)).isTrue();
        first.getValue().complete();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> job(id).getString("status").equals("cancelled"));
        assertThat(job(id).getInteger("documents_done")).isEqualTo(1);
        assertThat(job(id).getInteger("documents_total")).isEqualTo(2);
        assertThat(held).as("the second document never went out").isEmpty();
        assertThat(service.cancel(id)).as("already ended").isFalse();
        assertThat(service.cancel("no-such-job")).isFalse();
    }

    @Test
    void aPublishNobodyTakesFailsTheJobWithTheTransportsReason() throws Exception {
        storeMisoDay(15, T0);
        await(consumer.close());
        String id = service.submit(request("2024-01-15", "2024-01-16"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> job(id).getString("status").equals("failed"));
        assertThat(job(id).getString("error")).contains(Topics.raw("MISO"));
        assertThat(job(id).getInteger("documents_done")).isZero();
    }
}
