package com.carbon254.ingestion.store;

import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.pipeline.store.AuditStore;
import com.carbon254.ingestion.pipeline.store.BarQuery;
import com.carbon254.ingestion.pipeline.store.BronzeStore;
import com.carbon254.ingestion.pipeline.store.GoldStore;
import com.carbon254.ingestion.pipeline.store.SilverStore;
import com.carbon254.ingestion.pipeline.store.StoreEngine;
import com.carbon254.ingestion.pipeline.store.StoreQueries;
import com.carbon254.ingestion.pipeline.store.Stores;
import com.carbon254.ingestion.pipeline.store.TickQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What the store ports promise, split by port ({@link BronzeStoreContract}, {@link SilverStoreContract},
 * {@link GoldStoreContract}, {@link AuditStoreContract}, {@link StoreQueriesContract}, {@link StoreEngineContract}),
 * each run against every engine by a subclass naming the {@link TestEngine}. A test writes through the port of its
 * contract and reads back through that port or the read API ({@link StoreQueries}). One store per class; every test
 * works in its own tenant (and its own document ids), so tests never see each other's rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreContract {
    /** 2024-03-10 07:05:00.123456 UTC: non-zero microseconds, so truncation to millis would show. */
    protected static final Instant T0 = Instant.parse("2024-03-10T07:05:00.123456Z");
    protected static final Duration HOUR = Duration.ofHours(1);

    /** The engine a contract runs on: a new, not yet initialised store, and what to remove after it is closed. */
    public interface TestEngine {
        /** May skip the class with an assumption. */
        Stores open(Vertx vertx) throws Exception;

        default void cleanUp(Vertx vertx) throws Exception {
        }
    }

    protected Vertx vertx;
    protected Stores stores;
    protected String tenant;
    private TestEngine engineUnderTest;

    /** The engine this class runs on (asked once, before its tests). */
    protected abstract TestEngine testEngine();

    @BeforeAll
    void startStore() throws Exception {
        vertx = Vertx.vertx();
        engineUnderTest = testEngine();
        stores = engineUnderTest.open(vertx);
        await(stores.engine().init());
        await(stores.engine().init()); // idempotent: a restarted process runs it again
    }

    @AfterAll
    void stopStore() throws Exception {
        try {
            if (stores != null) await(stores.engine().close());
            if (engineUnderTest != null) engineUnderTest.cleanUp(vertx);
        } finally {
            if (vertx != null) await(vertx.close());
        }
    }

    @BeforeEach
    void freshTenant() {
        tenant = "t_" + UUID.randomUUID().toString().substring(0, 8);
    }

    // --- the ports ---

    protected StoreEngine engine() {
        return stores.engine();
    }

    protected BronzeStore bronze() {
        return stores.bronze();
    }

    protected SilverStore silver() {
        return stores.silver();
    }

    protected GoldStore gold() {
        return stores.gold();
    }

    protected AuditStore audit() {
        return stores.audit();
    }

    protected StoreQueries queries() {
        return stores.queries();
    }

    // --- helpers ---

    public static <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }

    protected static String sha() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    protected EnrichedTick tick(String location, Instant start, double lmp, String revision, String documentId) {
        return tick(tenant, "CAISO", "DAM", location, start, lmp, revision, documentId);
    }

    protected static EnrichedTick tick(String tenant, String iso, String market, String location, Instant start,
                                       double lmp, String revision, String documentId) {
        return new EnrichedTick(new Tick(tenant, iso, market, location, "node", start, start.plus(HOUR),
                LocalDate.of(2024, 3, 10), "HE " + start, lmp, lmp - 1, 0.5, 0.5, Double.NaN, 0, revision,
                documentId, 2), "node", "TH_NP15", "NP15", "power", "lmp");
    }

    protected TickQuery window(String location, Instant from, Instant to) {
        return new TickQuery(tenant, "CAISO", "DAM", location, from, to);
    }

    protected Bar bar(Component component, String resolution, Instant start, double close, int count) {
        Duration length = resolution.equals("1d") ? Duration.ofDays(1) : HOUR;
        return new Bar(tenant, "CAISO", "DAM", "NODE_A", component, resolution, start, start.plus(length),
                close - 1, close + 2, close - 3, close, close - 0.5, count, 12, count == 12);
    }

    protected BarQuery bars(Component component, String resolution, Instant from, Instant to) {
        return new BarQuery(tenant, "CAISO", "DAM", "NODE_A", component, resolution, from, to);
    }

    protected DlqRecord dlq(String documentId, long position, String reason, String detail) {
        return new DlqRecord(tenant, "trace", "normalizer", "ingestion.caiso.raw.v1", reason, detail, documentId,
                position, "NODE_A", T0);
    }
}
