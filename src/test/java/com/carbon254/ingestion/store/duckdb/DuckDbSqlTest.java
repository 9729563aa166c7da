package com.carbon254.ingestion.store.duckdb;

import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.pipeline.store.Stores;
import com.carbon254.ingestion.pipeline.store.TickQuery;
import com.carbon254.ingestion.store.Tables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DuckDbSqlTest {
    @TempDir
    Path dir;

    static List<String> pinned(String resource) throws Exception {
        return Files.readAllLines(Path.of(DuckDbSqlTest.class.getResource(resource).toURI()));
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /**
     * {@code CREATE TABLE IF NOT EXISTS} never alters the tables of an existing file: the DDL derived from
     * {@link Tables} must stay the DDL those files were created with ({@code store/duckdb-tables.sql}), or come with a
     * way for existing files to follow ({@link #aFileWithTheLatestTicksAsATableTurnsItIntoTheViewLosingNothing}).
     */
    @Test
    void tablesAreCreatedAsExistingFilesHoldThem() throws Exception {
        List<String> created = DuckDbSql.ddl().stream().filter(s -> !s.startsWith("CREATE TEMP")).toList();
        assertThat(created).containsExactlyElementsOf(pinned("/store/duckdb-tables.sql"));
        assertThat(DuckDbSql.view(Tables.SilverTicks.TABLE)).startsWith("CREATE OR REPLACE VIEW silver_ticks AS SELECT"
                + " tenant, iso, market, location, interval_start,").endsWith(" FROM silver_tick_revisions QUALIFY"
                + " row_number() OVER (PARTITION BY tenant, iso, market, location, interval_start ORDER BY updated_at"
                + " DESC) = 1");
    }

    /**
     * A file written before the latest ticks became a view of the revisions holds them as a table; opening it copies
     * the rows the revisions lack (a file older than the revisions) and replaces the table with the view.
     */
    @Test
    void aFileWithTheLatestTicksAsATableTurnsItIntoTheViewLosingNothing() throws Exception {
        Path file = dir.resolve("v1.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = c.createStatement()) {
            for (String ddl : pinned("/store/duckdb-tables-v1.sql")) st.execute(ddl);
            // one interval only the old latest table holds, one in both
            st.execute("INSERT INTO silver_ticks VALUES ('t', 'MISO', 'DA_HOURLY', 'X.HUB', TIMESTAMP '2024-01-15"
                    + " 05:00:00', TIMESTAMP '2024-01-15 06:00:00', DATE '2024-01-15', 'HE 1', 30, 29, 0.5, 0.5, NULL,"
                    + " 0, 'expost', 'doc-1', 7, 'hub', 'X.HUB', NULL, 'power', 'p', TIMESTAMP '2024-02-01 00:00:00')");
            st.execute("INSERT INTO silver_ticks VALUES ('t', 'MISO', 'DA_HOURLY', 'X.HUB', TIMESTAMP '2024-01-15"
                    + " 06:00:00', TIMESTAMP '2024-01-15 07:00:00', DATE '2024-01-15', 'HE 2', 31, 30, 0.5, 0.5, NULL,"
                    + " 0, 'expost', 'doc-1', 8, 'hub', 'X.HUB', NULL, 'power', 'p', TIMESTAMP '2024-02-01 00:00:00')");
            st.execute("INSERT INTO silver_tick_revisions SELECT * FROM silver_ticks WHERE local_label = 'HE 2'");
        }
        Vertx vertx = Vertx.vertx();
        try {
            Stores s = DuckDbStores.open(vertx, file);
            await(s.engine().init());
            List<EnrichedTick> latest = await(s.queries().queryTicks(new TickQuery("t", "MISO", "DA_HOURLY", "X.HUB",
                    Instant.parse("2024-01-15T00:00:00Z"), Instant.parse("2024-01-16T00:00:00Z"))));
            assertThat(latest).extracting(e -> e.tick().lmp()).containsExactly(30.0, 31.0);
            await(s.engine().init()); // again: nothing left to turn
            await(s.engine().close());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT table_type FROM information_schema.tables WHERE"
                     + " table_name = 'silver_ticks'), (SELECT count(*) FROM silver_tick_revisions),"
                     + " (SELECT count(*) FROM silver_ticks)")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("VIEW");
            assertThat(rs.getLong(2)).as("the row only the old table held was copied, once").isEqualTo(2);
            assertThat(rs.getLong(3)).isEqualTo(2);
        }
    }

    /** A file written before ticks carried the ISO's location id: the column is added, old rows read null. */
    @Test
    void aFileWithoutTheLocationIdColumnGetsItAndKeepsItsRows() throws Exception {
        Path file = dir.resolve("v2.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = c.createStatement()) {
            for (String ddl : pinned("/store/duckdb-tables-v2.sql")) st.execute(ddl);
            st.execute("INSERT INTO silver_tick_revisions VALUES ('t', 'MISO', 'DA_HOURLY', 'X.HUB', TIMESTAMP"
                    + " '2024-01-15 05:00:00', TIMESTAMP '2024-01-15 06:00:00', DATE '2024-01-15', 'HE 1', 30, 29, 0.5,"
                    + " 0.5, NULL, 0, 'expost', 'doc-1', 7, 'hub', 'X.HUB', NULL, 'power', 'p',"
                    + " TIMESTAMP '2024-02-01 00:00:00')");
            st.execute(DuckDbSql.view(Tables.SilverTicks.TABLE).replace("location_id", "NULL AS location_id")
                    .replace(", NULL AS location_id", "")); // the view as v2 made it, without the column
        }
        Vertx vertx = Vertx.vertx();
        try {
            Stores s = DuckDbStores.open(vertx, file);
            await(s.engine().init());
            Instant t0 = Instant.parse("2024-01-15T06:00:00Z");
            EnrichedTick withId = new EnrichedTick(new com.carbon254.ingestion.event.Tick("t", "MISO", "DA_HOURLY",
                    "X.HUB", "hub", t0, t0.plusSeconds(3600), java.time.LocalDate.of(2024, 1, 15), "HE 2", 31, 30,
                    0.5, 0.5, Double.NaN, 0, "expost", "doc-2", 8, "1234"), "hub", "X.HUB", null, "power", "p");
            await(s.silver().writeTicks(List.of(withId)));
            List<EnrichedTick> latest = await(s.queries().queryTicks(new TickQuery("t", "MISO", "DA_HOURLY", "X.HUB",
                    Instant.parse("2024-01-15T00:00:00Z"), Instant.parse("2024-01-16T00:00:00Z"))));
            assertThat(latest).extracting(e -> e.tick().lmp()).containsExactly(30.0, 31.0);
            assertThat(latest).extracting(e -> e.tick().locationId()).containsExactly(null, "1234");
            await(s.engine().close());
            Stores again = DuckDbStores.open(vertx, file);
            await(again.engine().init()); // nothing left to add
            await(again.engine().close());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
