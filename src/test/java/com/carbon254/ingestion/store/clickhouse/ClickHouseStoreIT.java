package com.carbon254.ingestion.store.clickhouse;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.pipeline.store.Stores;
import com.carbon254.ingestion.store.AuditStoreContract;
import com.carbon254.ingestion.store.BronzeStoreContract;
import com.carbon254.ingestion.store.GoldStoreContract;
import com.carbon254.ingestion.store.SilverStoreContract;
import com.carbon254.ingestion.store.StoreContract;
import com.carbon254.ingestion.store.StoreEngineContract;
import com.carbon254.ingestion.store.StoreQueriesContract;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every store contract on a real ClickHouse (the Debian 18.16 server from {@code scripts/test-infra.sh}), plus what
 * only a server shows. The URL comes from {@code -Dclickhouse.url} or {@code CLICKHOUSE_URL}; each contract class
 * works in a fresh {@code it_<random>} database, dropped afterwards.
 */
@EnabledIf(value = "clickHouseConfigured", disabledReason = "no ClickHouse configured: run `scripts/test-infra.sh up`, "
        + "then mvn verify -Dclickhouse.url=$(. target/test-infra.env; echo $CLICKHOUSE_URL) (or `make test`)")
class ClickHouseStoreIT {
    static boolean clickHouseConfigured() {
        return clickHouseUrl() != null;
    }

    static String clickHouseUrl() {
        String url = System.getProperty("clickhouse.url");
        if (url == null || url.isBlank()) url = System.getenv("CLICKHOUSE_URL");
        return url == null || url.isBlank() ? null : url.strip();
    }

    /** A fresh database on the test server, dropped after the class. */
    static final class TestDatabase implements StoreContract.TestEngine {
        final ClickHouseStoreConfig cfg;

        TestDatabase() {
            ClickHouseStoreConfig base = ClickHouseStoreConfig.fromUrl(clickHouseUrl());
            cfg = new ClickHouseStoreConfig(base.url(), "it_" + UUID.randomUUID().toString().replace("-", "")
                    .substring(0, 12), base.user(), base.password());
        }

        @Override
        public Stores open(Vertx vertx) {
            return ClickHouseStores.open(vertx, cfg);
        }

        @Override
        public void cleanUp(Vertx vertx) throws Exception {
            ClickHouseEngine dropper = new ClickHouseEngine(vertx, cfg);
            try {
                StoreContract.await(dropper.dropDatabase());
            } finally {
                StoreContract.await(dropper.close());
            }
        }
    }

    @Nested
    class Bronze extends BronzeStoreContract {
        @Override
        protected TestEngine testEngine() {
            return new TestDatabase();
        }
    }

    @Nested
    class Silver extends SilverStoreContract {
        @Override
        protected TestEngine testEngine() {
            return new TestDatabase();
        }
    }

    @Nested
    class Gold extends GoldStoreContract {
        @Override
        protected TestEngine testEngine() {
            return new TestDatabase();
        }
    }

    @Nested
    class Audit extends AuditStoreContract {
        @Override
        protected TestEngine testEngine() {
            return new TestDatabase();
        }
    }

    @Nested
    class Queries extends StoreQueriesContract {
        @Override
        protected TestEngine testEngine() {
            return new TestDatabase();
        }
    }

    @Nested
    class Engine extends StoreEngineContract {
        private final TestDatabase db = new TestDatabase();
        private final ClickHouseStoreConfig cfg = db.cfg;

        @Override
        protected TestEngine testEngine() {
            return db;
        }

        @Test
        void clickHouseErrorsReachTheFailedFuture() {
            ClickHouseStoreConfig missing = new ClickHouseStoreConfig(cfg.url(), cfg.database() + "_never_created",
                    cfg.user(), cfg.password());
            Stores notInitialised = ClickHouseStores.open(vertx, missing);
            try {
                assertThat(notInitialised.gold().writeBars(List.of(bar(Component.LMP, "1h", T0, 1, 12)))
                        .toCompletionStage().toCompletableFuture())
                        .failsWithin(Duration.ofSeconds(30))
                        .withThrowableThat()
                        .havingCause()
                        .isInstanceOf(ClickHouseException.class)
                        .withMessageContaining("HTTP 404")
                        .withMessageContaining(missing.database()); // ClickHouse's text: "... doesn't exist"
            } finally {
                notInitialised.engine().close();
            }
        }

        @Test
        void initRefusesAppendOnlyTablesOfAnOlderVersionSayingWhatToDo() throws Exception {
            ClickHouseStoreConfig oldDb = new ClickHouseStoreConfig(cfg.url(), cfg.database() + "_old", cfg.user(),
                    cfg.password());
            ClickHouseEngine old = new ClickHouseEngine(vertx, oldDb);
            try {
                await(old.dropDatabase());
                sql("CREATE DATABASE " + oldDb.database());
                sql("CREATE TABLE " + oldDb.database() + ".dlq (tenant String, trace_id Nullable(String), "
                        + "stage Nullable(String), input_topic Nullable(String), reason String, detail Nullable(String), "
                        + "document_id Nullable(String), position Int64, location Nullable(String), at Int64) "
                        + "ENGINE = MergeTree PARTITION BY toYYYYMM(toDateTime(intDiv(at, 1000000))) ORDER BY (tenant, at)");
                assertThat(old.init().toCompletionStage().toCompletableFuture())
                        .failsWithin(Duration.ofSeconds(30))
                        .withThrowableThat().withMessageContaining(oldDb.database() + ".dlq (MergeTree)")
                        .withMessageContaining("older").withMessageNotContaining("anomalies");
            } finally {
                await(old.dropDatabase());
                await(old.close());
            }
        }

        /** A database made before ticks carried the ISO's location id: the column is added, old rows read null. */
        @Test
        void initAddsTheLocationIdColumnToTablesOfTheVersionBefore() throws Exception {
            ClickHouseStoreConfig oldDb = new ClickHouseStoreConfig(cfg.url(), cfg.database() + "_v2", cfg.user(),
                    cfg.password());
            ClickHouseEngine old = new ClickHouseEngine(vertx, oldDb);
            try {
                await(old.dropDatabase());
                sql("CREATE DATABASE " + oldDb.database());
                java.nio.file.Path v2 = java.nio.file.Path.of(ClickHouseStoreIT.class
                        .getResource("/store/clickhouse-tables-v2.sql").toURI());
                for (String ddl : java.nio.file.Files.readAllLines(v2)) {
                    sql(ddl.replace("`<database>`", oldDb.database()));
                }
                sql("INSERT INTO " + oldDb.database() + ".silver_ticks (tenant, iso, market, location, interval_start,"
                        + " derived, position, updated_at) VALUES ('t', 'PJM', 'DA_HOURLY', 'WESTERN HUB', "
                        + com.carbon254.ingestion.store.Micros.of(T0) + ", 0, 1, 1)");
                await(old.init());
                Stores s = ClickHouseStores.open(vertx, oldDb);
                try {
                    await(s.engine().init()); // again: nothing left to add
                    List<com.carbon254.ingestion.event.EnrichedTick> back = await(s.queries().queryTicks(
                            new com.carbon254.ingestion.pipeline.store.TickQuery("t", "PJM", "DA_HOURLY",
                                    "WESTERN HUB", T0, T0.plus(HOUR))));
                    assertThat(back).hasSize(1);
                    assertThat(back.get(0).tick().locationId()).isNull();
                } finally {
                    await(s.engine().close());
                }
            } finally {
                await(old.dropDatabase());
                await(old.close());
            }
        }

        /** Runs one statement on the test server, outside any store. */
        private void sql(String statement) throws Exception {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(cfg.url() + "/"))
                    .POST(HttpRequest.BodyPublishers.ofString(statement))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (cfg.user() + ":" + cfg.password()).getBytes(StandardCharsets.UTF_8)));
            HttpResponse<String> resp = HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        }

        @Test
        void latestTicksOfNoLocationAsksNothing() throws Exception {
            Stores nowhere = ClickHouseStores.open(vertx, new ClickHouseStoreConfig("http://127.0.0.1:1", "x", null,
                    null));
            try {
                assertThat(await(nowhere.silver().queryLatestTicks(tenant, "CAISO", "DAM", List.of(), T0,
                        T0.plus(HOUR)))).isEmpty();
            } finally {
                nowhere.engine().close();
            }
        }

        @Test
        void unreachableServerFailsWithStatusZero() {
            Stores nowhere = ClickHouseStores.open(vertx, new ClickHouseStoreConfig("http://127.0.0.1:1", "x", null,
                    null));
            try {
                assertThat(nowhere.engine().ping().toCompletionStage().toCompletableFuture())
                        .failsWithin(Duration.ofSeconds(30))
                        .withThrowableThat()
                        .havingCause()
                        .isInstanceOf(ClickHouseException.class)
                        .matches(e -> ((ClickHouseException) e).status() == 0, "status 0")
                        .withMessageContaining("did not answer");
            } finally {
                nowhere.engine().close();
            }
        }
    }
}
