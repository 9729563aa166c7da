package com.carbon254.ingestion.store;

import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.RawDocument;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The store contract on an in-memory DuckDB, plus what only a file shows. */
class DuckDbStoreTest extends StoreContract {
    @TempDir
    Path dir;

    @Override
    Store openStore(Vertx vertx) {
        return new DuckDbStore(vertx, Path.of(":memory:"));
    }

    @Test
    void dataSurvivesReopeningTheFile() throws Exception {
        Path file = dir.resolve("nested/store.duckdb");
        DuckDbStore first = new DuckDbStore(vertx, file);
        await(first.init());
        await(first.writeTicks(List.of(tick("NODE_A", T0, 12.5, "expost", "doc-1"))));
        await(first.writeBars(List.of(bar(Component.LMP, "1h", T0, 12.5, 12))));
        await(first.putDocumentIfAbsent(new RawDocument(tenant, "caiso", "f.csv", null, "abc", new byte[]{1, 2},
                T0, "tr")));
        await(first.close());

        DuckDbStore second = new DuckDbStore(vertx, file);
        try {
            await(second.init());
            assertThat(await(second.queryTicks(window("NODE_A", T0, T0.plus(HOUR)))))
                    .containsExactly(tick("NODE_A", T0, 12.5, "expost", "doc-1"));
            assertThat(await(second.queryBars(bars(Component.LMP, "1h", T0, T0.plus(HOUR))))).hasSize(1);
            assertThat(await(second.putDocumentIfAbsent(new RawDocument(tenant, "caiso", "g.csv", null, "abc",
                    new byte[]{1, 2}, T0, "tr")))).isFalse();
        } finally {
            await(second.close());
        }
    }

    @Test
    void initRefusesAnomalyAndDlqTablesOfAnOlderVersionSayingWhatToDo() throws Exception {
        Path file = dir.resolve("old.duckdb");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file);
             java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE anomalies (tenant VARCHAR NOT NULL, iso VARCHAR, dataset VARCHAR, "
                    + "location VARCHAR, interval_start TIMESTAMP, type VARCHAR NOT NULL, detail VARCHAR, "
                    + "document_id VARCHAR, \"at\" TIMESTAMP NOT NULL)");
        }
        DuckDbStore old = new DuckDbStore(vertx, file);
        try {
            assertThat(old.init().toCompletionStage().toCompletableFuture())
                    .failsWithin(java.time.Duration.ofSeconds(30))
                    .withThrowableThat().withMessageContaining("anomalies").withMessageContaining("older")
                    .withMessageContaining("DROP TABLE anomalies").withMessageNotContaining("dlq");
        } finally {
            await(old.close());
        }
    }

    @Test
    void writesWaitInTheWriteAheadLogUntilTheStoreIsIdleThenAreCheckpointedIntoTheFile() throws Exception {
        Path file = dir.resolve("idle.duckdb");
        Path wal = dir.resolve("idle.duckdb.wal");
        DuckDbStore s = new DuckDbStore(vertx, file, 300);
        try {
            await(s.init());
            await(s.writeBars(List.of(bar(Component.LMP, "1h", T0, 1, 12))));
            assertThat(Files.size(wal)).as("a commit below the raised threshold leaves the log to the idle check")
                    .isPositive();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> !Files.exists(wal) || Files.size(wal) == 0);
            assertThat(await(s.queryBars(bars(Component.LMP, "1h", T0, T0.plus(HOUR))))).hasSize(1);
        } finally {
            await(s.close());
        }
    }

    @Test
    void latestTicksOfNoLocationAsksNothing() throws Exception {
        DuckDbStore notStarted = new DuckDbStore(vertx, Path.of(":memory:"));
        try {
            // a query would fail: init() was not called
            assertThat(await(notStarted.queryLatestTicks(tenant, "CAISO", "DAM", List.of(), T0, T0.plus(HOUR))))
                    .isEmpty();
        } finally {
            await(notStarted.close());
        }
    }

    @Test
    void callsBeforeInitFailTheFutureWithAClearMessage() throws Exception {
        DuckDbStore notStarted = new DuckDbStore(vertx, Path.of(":memory:"));
        try {
            assertThat(notStarted.ping().toCompletionStage().toCompletableFuture())
                    .failsWithin(java.time.Duration.ofSeconds(10))
                    .withThrowableThat().withMessageContaining("init() not called");
        } finally {
            await(notStarted.close());
        }
    }
}
