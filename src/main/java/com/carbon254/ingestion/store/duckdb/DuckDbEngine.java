package com.carbon254.ingestion.store.duckdb;

import com.carbon254.ingestion.pipeline.store.StoreEngine;
import com.carbon254.ingestion.store.Column;
import com.carbon254.ingestion.store.LastWins;
import com.carbon254.ingestion.store.Row;
import com.carbon254.ingestion.store.Table;
import com.carbon254.ingestion.store.Tables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * An embedded DuckDB file (the all-in-one default), or an in-memory database for {@code :memory:}: its connection,
 * tables and checkpoints, and the ways the role classes ({@link DuckDbStores}) write and read through it.
 *
 * <p>Threading: three lanes, each a JDBC connection to the same database used only from its own worker executor of one
 * thread, so a lane's calls run one after the other in submission order and the event loop never blocks. The two
 * largest tables each have a lane of their own for their appends — the silver tick revisions (lane 1) and the rolling
 * metrics (lane 2), a row per tick and a few rows per tick — and everything else, reads included, runs on lane 0: an
 * import's three big writes then run side by side on both cores instead of one after the other (DuckDB appends to
 * different tables from different connections without conflict). Writes of one table stay in order (one lane each); a
 * read waits until every write submitted before it, on any lane, has finished, so it sees all of them.
 *
 * <p>Writes: batches go through a {@link DuckDBAppender} into a temp staging table, then one set-based statement per
 * batch, all in one transaction — the batch is applied whole or not at all ({@link #upsert}, {@link #insertNew}).
 */
public final class DuckDbEngine implements StoreEngine {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbEngine.class);
    /**
     * DuckDB checkpoints (folds its write-ahead log into the file) inside the commit that crosses
     * {@code checkpoint_threshold} — 16 MB by default, which an import of one CAISO day crosses, adding ~0.2 s to that
     * import. The threshold is raised instead, and the store checkpoints itself once it has been idle for
     * {@link #IDLE_CHECKPOINT_MS}: the work is the same, done when nobody waits for it.
     */
    static final String CHECKPOINT_THRESHOLD = "256MB";
    static final long IDLE_CHECKPOINT_MS = 5_000;

    private final Path file;
    private final Vertx vertx;
    /** Lanes: 0 for reads and every table but the two below, {@link #lane} for which table writes where. */
    static final int LANES = 3;
    private final WorkerExecutor[] lanes = new WorkerExecutor[LANES];
    /**
     * The last task submitted to each append lane (1..), which a read waits for; guarded by itself. Lane 0 needs none:
     * a read runs there, after everything submitted to it before. Appends answer nothing, so no result is kept here.
     */
    private final Future<?>[] tails = new Future<?>[LANES];
    /** The connection of the lane the current thread runs. */
    private static final ThreadLocal<DuckDBConnection> CURRENT = new ThreadLocal<>();
    private final long idleCheckpointMs;
    private final AtomicLong lastTask = new AtomicLong();
    private final AtomicBoolean tasksSinceCheckpoint = new AtomicBoolean();
    private long checkpointTimer = -1;
    /** Each touched only by tasks on its lane (and by init, on lane 0, before any other lane runs). */
    private final DuckDBConnection[] conns = new DuckDBConnection[LANES];

    /**
     * @param file             the database file (parent directories are created), or {@code :memory:}
     * @param idleCheckpointMs how long writes must have paused before the store checkpoints
     */
    DuckDbEngine(Vertx vertx, Path file, long idleCheckpointMs) {
        this.idleCheckpointMs = idleCheckpointMs;
        this.file = Objects.requireNonNull(file, "file");
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        int instance = INSTANCES.incrementAndGet();
        for (int i = 0; i < LANES; i++) {
            lanes[i] = vertx.createSharedWorkerExecutor("duckdb-store-" + instance + "-lane" + i, 1, 10,
                    TimeUnit.MINUTES);
        }
    }

    /** The lane writing table {@code t}. */
    static int lane(Table<?> t) {
        if (t == Tables.SilverTicks.REVISIONS) return 1;
        if (t == Tables.GoldRolling.TABLE) return 2;
        return 0;
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public Future<Void> init() {
        return this.<Void>submit(0, false, () -> {
            DuckDBConnection conn = conns[0];
            if (conn == null) {
                boolean memory = file.toString().equals(":memory:");
                if (!memory && file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                conn = DriverManager.getConnection(memory ? "jdbc:duckdb:" : "jdbc:duckdb:" + file.toAbsolutePath())
                        .unwrap(DuckDBConnection.class);
                CURRENT.set(conn);
                for (int i = 1; i < LANES; i++) conns[i] = conn.duplicate();
                conns[0] = conn;
            }
            try (Statement st = conn.createStatement()) {
                addNewColumns(st);
                for (String ddl : DuckDbSql.ddl()) st.execute(ddl);
                st.execute("SET checkpoint_threshold = '" + CHECKPOINT_THRESHOLD + "'");
            }
            for (Map.Entry<Table<?>, Table<?>> v : DuckDbSql.VIEWS.entrySet()) view(v.getKey(), v.getValue());
            requireCurrentSchema();
            return null;
        }).onSuccess(v -> {
            if (checkpointTimer < 0) checkpointTimer = vertx.setPeriodic(idleCheckpointMs, id -> checkpointIfIdle());
        });
    }

    /**
     * Nullable columns declared after a file was written (the tick's {@code location_id}) are added to its existing
     * tables, before anything else touches them: older files keep working and their rows read NULL there.
     */
    private void addNewColumns(Statement st) throws SQLException {
        Map<String, java.util.Set<String>> existing = new java.util.HashMap<>();
        try (ResultSet rs = st.executeQuery("SELECT c.table_name, c.column_name FROM duckdb_columns() c JOIN "
                + "duckdb_tables() t ON t.database_name = c.database_name AND t.schema_name = c.schema_name AND "
                + "t.table_name = c.table_name WHERE c.database_name = current_database() AND c.schema_name = 'main'")) {
            while (rs.next()) existing.computeIfAbsent(rs.getString(1), k -> new java.util.HashSet<>()).add(rs.getString(2));
        }
        for (Table<?> t : Tables.ALL) {
            java.util.Set<String> have = existing.get(t.name());
            if (have == null) continue;
            for (Column<?> c : t.columns()) {
                if (c.inDuckDb() && c.nullable() && !have.contains(c.name())) {
                    st.execute(DuckDbSql.addColumn(t, c));
                    LOG.info("DuckDB file {}: added column {}.{} (new in this version)", file, t.name(), c.name());
                }
            }
        }
    }

    /**
     * Makes {@code t} the view of its newest rows in {@code source} ({@link DuckDbSql#VIEWS}). A file an older version
     * wrote keeps {@code t} as a table: its rows the source lacks (written before the source existed) are copied over
     * first, then the table gives way to the view, in one transaction; nothing is lost and later runs skip this.
     */
    private void view(Table<?> t, Table<?> source) throws SQLException {
        DuckDBConnection conn = conn();
        String kind;
        try (PreparedStatement ps = conn.prepareStatement("SELECT table_type FROM information_schema.tables "
                + "WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = ?")) {
            ps.setString(1, t.name());
            try (ResultSet rs = ps.executeQuery()) {
                kind = rs.next() ? rs.getString(1) : null;
            }
        }
        conn.setAutoCommit(false);
        try (Statement st = conn.createStatement()) {
            if ("BASE TABLE".equals(kind)) {
                String key = t.key().stream().map(DuckDbSql::name).map(k -> "s." + k + " = r." + k)
                        .collect(Collectors.joining(" AND "));
                int copied = st.executeUpdate("INSERT INTO " + source.name() + " SELECT s.* FROM " + t.name()
                        + " s WHERE NOT EXISTS (SELECT 1 FROM " + source.name() + " r WHERE " + key
                        + " AND r.updated_at >= s.updated_at)");
                st.execute("DROP TABLE " + t.name());
                LOG.info("DuckDB file {}: table {} is now a view of {} ({} rows copied over first)", file, t.name(),
                        source.name(), copied);
            }
            st.execute(DuckDbSql.view(t));
            conn.commit();
        } catch (SQLException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(true);
        }
    }

    /**
     * {@code CREATE TABLE IF NOT EXISTS} leaves tables of an older version as they are: those without the id that keeps
     * one row per DLQ record and anomaly would fail every write, so start-up refuses them with what to do (no
     * migration: the project is young).
     */
    private void requireCurrentSchema() throws SQLException {
        DuckDBConnection conn = conn();
        String keyedById = Tables.ALL.stream().filter(t -> t.versioning() == Table.Versioning.FIRST_WINS)
                .map(t -> "('" + t.name() + "')").collect(Collectors.joining(", "));
        List<String> old = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT t.name FROM "
                + "(VALUES " + keyedById + ") AS t(name) WHERE NOT EXISTS (SELECT 1 FROM duckdb_columns() c "
                + "WHERE c.database_name = current_database() AND c.schema_name = 'main' AND c.table_name = t.name "
                + "AND c.column_name = 'id') ORDER BY t.name")) {
            while (rs.next()) old.add(rs.getString(1));
        }
        if (!old.isEmpty()) {
            throw new IllegalStateException("DuckDB file " + file + ": table(s) " + String.join(", ", old)
                    + " were created by an older carbon-ingestion, without the id column that keeps one row per "
                    + "record; drop them (DROP TABLE " + String.join("; DROP TABLE ", old)
                    + ") or start from a new file");
        }
    }

    @Override
    public Future<Void> ping() {
        return submit(0, false, () -> {
            try (Statement st = conn().createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                rs.next();
                return null;
            }
        });
    }

    @Override
    public Future<Void> close() {
        if (checkpointTimer >= 0) vertx.cancelTimer(checkpointTimer);
        Future<Void> closed = submit(0, true, () -> {
            for (int i = LANES - 1; i >= 0; i--) {
                if (conns[i] != null) {
                    conns[i].close();
                    conns[i] = null;
                }
            }
            return null;
        });
        return closed.eventually(() -> {
            List<Future<Void>> all = new ArrayList<>();
            for (WorkerExecutor w : lanes) all.add(w.close());
            return Future.join(all).mapEmpty();
        });
    }

    // --- writes and reads of the role classes ---

    /** Binds a statement's parameters. */
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Which answer rows to decode. */
    interface RowFilter {
        boolean keep(Row r) throws Exception;
    }

    /**
     * Upserts rows (one per key: {@link LastWins#perKey} first) with {@code updatedAt}, through the table's staging
     * table; {@code alsoFromStage} statements run first, in the same transaction (they read
     * {@code temp.stage_<table>}).
     */
    <T> Future<Void> upsert(Table<T> t, List<T> rows, long updatedAt, String... alsoFromStage) {
        return inTransaction(lane(t), () -> {
            try (DuckDBAppender a = conn().createAppender("temp", "main", DuckDbSql.stage(t))) {
                for (T row : rows) DuckDbSql.append(a, t, row, null, updatedAt, 0);
            }
            List<String> statements = new ArrayList<>(List.of(alsoFromStage));
            statements.add("INSERT OR REPLACE INTO " + t.name() + " SELECT * FROM temp." + DuckDbSql.stage(t));
            fromStage(t, statements);
        });
    }

    /**
     * Inserts the records whose event id is not stored yet (the stored row, first written, stays, with its time); a
     * batch repeating a record keeps its first occurrence.
     */
    <T> Future<Void> insertNew(Table<T> t, List<T> records) {
        if (records.isEmpty()) return Future.succeededFuture();
        Map<String, T> rows = LastWins.firstById(t, records);
        return inTransaction(lane(t), () -> {
            try (DuckDBAppender a = conn().createAppender("temp", "main", DuckDbSql.stage(t))) {
                for (Map.Entry<String, T> row : rows.entrySet()) {
                    DuckDbSql.append(a, t, row.getValue(), row.getKey(), 0, 0);
                }
            }
            fromStage(t, List.of("INSERT INTO " + t.name() + " SELECT * FROM temp." + DuckDbSql.stage(t)
                    + " ON CONFLICT DO NOTHING"));
        });
    }

    /**
     * Appends rows to an append-only table, the row versions counting up from {@code firstRowVersion}, in one
     * transaction: a batch is stored whole or not at all.
     */
    <T> Future<Void> append(Table<T> t, List<T> rows, long updatedAt, long firstRowVersion) {
        return inTransaction(lane(t), () -> {
            try (DuckDBAppender a = conn().createAppender(DuckDBConnection.DEFAULT_SCHEMA, t.name())) {
                long version = firstRowVersion;
                for (T row : rows) DuckDbSql.append(a, t, row, null, updatedAt, version++);
            }
        });
    }

    /** Inserts the row unless its key is stored; true when it was inserted. */
    <T> Future<Boolean> insertIfAbsent(Table<T> t, T row) {
        if (t.versioning() != Table.Versioning.IF_ABSENT) throw new IllegalArgumentException(t + " is versioned");
        return submit(lane(t), false, () -> {
            try (PreparedStatement ps = conn().prepareStatement(DuckDbSql.insert(t) + " ON CONFLICT DO NOTHING")) {
                DuckDbSql.bind(ps, t, row);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * {@code SELECT <the table's record columns> FROM <table><rest>}, each answer row kept (when {@code keep}, which
     * may be null, accepts it) decoded into its record.
     */
    <T> Future<List<T>> select(Table<T> t, String rest, Binder bind, RowFilter keep) {
        String sql = "SELECT " + DuckDbSql.selectList(t) + " FROM " + t.name() + rest;
        return onWorker(() -> {
            try (PreparedStatement ps = conn().prepareStatement(sql)) {
                bind.bind(ps);
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    Row row = DuckDbSql.row(rs);
                    while (rs.next()) {
                        if (keep == null || keep.keep(row)) out.add(t.decode(row));
                    }
                }
                return out;
            }
        });
    }

    // --- plumbing, all on the lanes' threads ---

    private interface SqlWork {
        void run() throws Exception;
    }

    /** A read (or other work) on lane 0, once every write submitted before it, on every lane, has finished. */
    <T> Future<T> onWorker(Callable<T> work) {
        return submit(0, true, work);
    }

    /**
     * Runs {@code work} on {@code lane} with that lane's connection as {@link #conn()}; with {@code afterAll}, only
     * once every task already submitted to any lane has finished.
     */
    private <T> Future<T> submit(int lane, boolean afterAll, Callable<T> work) {
        lastTask.set(System.nanoTime());
        tasksSinceCheckpoint.set(true);
        Callable<T> onLane = () -> {
            // null before init() opened the database (init sets it itself) and after close(): conn() says so
            DuckDBConnection c = conns[lane];
            if (c != null) CURRENT.set(c);
            try {
                return work.call();
            } finally {
                CURRENT.remove();
            }
        };
        synchronized (tails) {
            Future<T> f;
            if (afterAll) {
                List<Future<?>> before = new ArrayList<>(LANES - 1);
                for (int i = 1; i < LANES; i++) {
                    if (tails[i] != null && !tails[i].isComplete()) before.add(tails[i]);
                }
                f = before.isEmpty() ? lanes[lane].executeBlocking(onLane, true)
                        : Future.join(before).transform(ar -> lanes[lane].executeBlocking(onLane, true));
            } else {
                f = lanes[lane].executeBlocking(onLane, true);
            }
            if (lane > 0) tails[lane] = f;
            return f;
        }
    }

    /** The connection of the lane running the caller; only on a lane's thread. */
    DuckDBConnection conn() {
        DuckDBConnection c = CURRENT.get();
        if (c == null) {
            throw new IllegalStateException("DuckDB store " + file + ": init() not called, or closed");
        }
        return c;
    }

    private Future<Void> inTransaction(int lane, SqlWork work) {
        return submit(lane, false, () -> {
            Connection c = conn();
            c.setAutoCommit(false);
            try {
                work.run();
                c.commit();
                return null;
            } catch (Exception e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    /** Runs statements reading the table's staging table, then empties it. */
    private void fromStage(Table<?> t, List<String> statements) throws SQLException {
        try (Statement st = conn().createStatement()) {
            for (String sql : statements) st.execute(sql);
            st.execute("DELETE FROM temp." + DuckDbSql.stage(t));
        }
    }

    /** Checkpoints when the store has been used since the last checkpoint but not for {@code idleCheckpointMs}. */
    private void checkpointIfIdle() {
        if (System.nanoTime() - lastTask.get() < TimeUnit.MILLISECONDS.toNanos(idleCheckpointMs)) return;
        if (!tasksSinceCheckpoint.compareAndSet(true, false)) return;
        submit(0, true, () -> {
            try (Statement st = conn().createStatement()) {
                st.execute("CHECKPOINT");
            }
            return null;
        }).onFailure(e -> {
            tasksSinceCheckpoint.set(true);
            LOG.warn("DuckDB checkpoint of {} failed (retried when idle again): {}", file, e.toString());
        });
    }
}
