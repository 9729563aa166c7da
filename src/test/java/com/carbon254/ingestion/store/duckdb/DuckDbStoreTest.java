package com.carbon254.ingestion.store.duckdb;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.pipeline.store.Stores;
import com.carbon254.ingestion.store.AuditStoreContract;
import com.carbon254.ingestion.store.BronzeStoreContract;
import com.carbon254.ingestion.store.GoldStoreContract;
import com.carbon254.ingestion.store.SilverStoreContract;
import com.carbon254.ingestion.store.StoreContract;
import com.carbon254.ingestion.store.StoreEngineContract;
import com.carbon254.ingestion.store.StoreQueriesContract;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every store contract on an in-memory DuckDB, plus what only a file shows. */
class DuckDbStoreTest {
    /** A new in-memory database per contract class. */
    static final StoreContract.TestEngine MEMORY = vertx -> DuckDbStores.open(vertx, Path.of(":memory:"));

    @Nested
    class Bronze extends BronzeStoreContract {
        @Override
        protected TestEngine testEngine() {
            return MEMORY;
        }
    }

    @Nested
    class Silver extends SilverStoreContract {
        @Override
        protected TestEngine testEngine() {
            return MEMORY;
        }
    }

    @Nested
    class Gold extends GoldStoreContract {
        @Override
        protected TestEngine testEngine() {
            return MEMORY;
        }
    }

    @Nested
    class Audit extends AuditStoreContract {
        @Override
        protected TestEngine testEngine() {
            return MEMORY;
        }
    }

    @Nested
    class Queries extends StoreQueriesContract {
        @Override
        protected TestEngine testEngine() {
            return MEMORY;
        }
    }

    @Nested
    class Engine extends StoreEngineContract {
        @TempDir
        Path dir;

        @Override
        protected TestEngine testEngine() {
            return MEMORY;
        }

        @Test
        void dataSurvivesReopeningTheFile() throws Exception {
            Path file = dir.resolve("nested/store.duckdb");
            Stores first = DuckDbStores.open(vertx, file);
            await(first.engine().init());
            await(first.silver().writeTicks(List.of(tick("NODE_A", T0, 12.5, "expost", "doc-1"))));
            await(first.gold().writeBars(List.of(bar(Component.LMP, "1h", T0, 12.5, 12))));
            await(first.bronze().putDocumentIfAbsent(new RawDocument(tenant, "caiso", "f.csv", null, "abc",
                    new byte[]{1, 2}, T0, "tr")));
            await(first.engine().close());

            Stores second = DuckDbStores.open(vertx, file);
            try {
                await(second.engine().init());
                assertThat(await(second.queries().queryTicks(window("NODE_A", T0, T0.plus(HOUR)))))
                        .containsExactly(tick("NODE_A", T0, 12.5, "expost", "doc-1"));
                assertThat(await(second.queries().queryBars(bars(Component.LMP, "1h", T0, T0.plus(HOUR))))).hasSize(1);
                assertThat(await(second.bronze().putDocumentIfAbsent(new RawDocument(tenant, "caiso", "g.csv", null,
                        "abc", new byte[]{1, 2}, T0, "tr")))).isFalse();
            } finally {
                await(second.engine().close());
            }
        }

        @Test
        void initRefusesAnomalyAndDlqTablesOfAnOlderVersionSayingWhatToDo() throws Exception {
            Path file = dir.resolve("old.duckdb");
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                 Statement st = c.createStatement()) {
                st.execute("CREATE TABLE anomalies (tenant VARCHAR NOT NULL, iso VARCHAR, dataset VARCHAR, "
                        + "location VARCHAR, interval_start TIMESTAMP, type VARCHAR NOT NULL, detail VARCHAR, "
                        + "document_id VARCHAR, \"at\" TIMESTAMP NOT NULL)");
            }
            Stores old = DuckDbStores.open(vertx, file);
            try {
                assertThat(old.engine().init().toCompletionStage().toCompletableFuture())
                        .failsWithin(Duration.ofSeconds(30))
                        .withThrowableThat().withMessageContaining("anomalies").withMessageContaining("older")
                        .withMessageContaining("DROP TABLE anomalies").withMessageNotContaining("dlq");
            } finally {
                await(old.engine().close());
            }
        }

        @Test
        void writesWaitInTheWriteAheadLogUntilTheStoreIsIdleThenAreCheckpointedIntoTheFile() throws Exception {
            Path file = dir.resolve("idle.duckdb");
            Path wal = dir.resolve("idle.duckdb.wal");
            Stores s = DuckDbStores.open(vertx, file, 300);
            try {
                await(s.engine().init());
                await(s.gold().writeBars(List.of(bar(Component.LMP, "1h", T0, 1, 12))));
                assertThat(Files.size(wal)).as("a commit below the raised threshold leaves the log to the idle check")
                        .isPositive();
                // the checkpoint may remove the log between exists() and size(): then the next poll sees it gone
                Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreException(NoSuchFileException.class)
                        .until(() -> !Files.exists(wal) || Files.size(wal) == 0);
                assertThat(await(s.queries().queryBars(bars(Component.LMP, "1h", T0, T0.plus(HOUR))))).hasSize(1);
            } finally {
                await(s.engine().close());
            }
        }

        @Test
        void latestTicksOfNoLocationAsksNothing() throws Exception {
            Stores notStarted = DuckDbStores.open(vertx, Path.of(":memory:"));
            try {
                // a query would fail: init() was not called
                assertThat(await(notStarted.silver().queryLatestTicks(tenant, "CAISO", "DAM", List.of(), T0,
                        T0.plus(HOUR)))).isEmpty();
            } finally {
                await(notStarted.engine().close());
            }
        }

        @Test
        void callsBeforeInitFailTheFutureWithAClearMessage() throws Exception {
            Stores notStarted = DuckDbStores.open(vertx, Path.of(":memory:"));
            try {
                assertThat(notStarted.engine().ping().toCompletionStage().toCompletableFuture())
                        .failsWithin(Duration.ofSeconds(10))
                        .withThrowableThat().withMessageContaining("init() not called");
            } finally {
                await(notStarted.engine().close());
            }
        }
    }
}
