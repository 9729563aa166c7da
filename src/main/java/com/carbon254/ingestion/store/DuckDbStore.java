package com.carbon254.ingestion.store;

import com.carbon254.ingestion.event.Anomaly;
import com.carbon254.ingestion.event.Bar;
import com.carbon254.ingestion.event.Component;
import com.carbon254.ingestion.event.CurvePoint;
import com.carbon254.ingestion.event.DlqRecord;
import com.carbon254.ingestion.event.EnrichedTick;
import com.carbon254.ingestion.event.EventIds;
import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.event.RollingMetric;
import com.carbon254.ingestion.event.Tick;
import com.carbon254.ingestion.pipeline.store.AnomalyQuery;
import com.carbon254.ingestion.pipeline.store.BarQuery;
import com.carbon254.ingestion.pipeline.store.CurveQuery;
import com.carbon254.ingestion.pipeline.store.DlqQuery;
import com.carbon254.ingestion.pipeline.store.DocumentCounts;
import com.carbon254.ingestion.pipeline.store.DocumentCoverage;
import com.carbon254.ingestion.pipeline.store.RollingQuery;
import com.carbon254.ingestion.pipeline.store.TickQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every store port on an embedded DuckDB file (the all-in-one default), or in memory for {@code :memory:}.
 *
 * <p>Threading: one JDBC connection, used only from a worker executor of one thread, so calls run one after the
 * other in submission order (DuckDB has one writer) and the event loop never blocks.
 *
 * <p>Writes: batches go through a {@link DuckDBAppender} into a temp staging table, then one set-based
 * {@code INSERT OR REPLACE INTO ... SELECT} per batch, all in one transaction — the batch is applied whole or not at
 * all. Repeated keys inside a batch are collapsed first, last one winning ({@link LastWins}). DLQ records and
 * anomalies are keyed by (tenant, deterministic event id) and inserted only when new ({@code ON CONFLICT DO
 * NOTHING}): the first write stays, with its time. Instants are
 * {@code TIMESTAMP} columns holding UTC (microsecond precision; finer digits are dropped); absent tick components
 * (NaN) are NULL.
 *
 * <p>The silver table keeps one {@code location_type}: the enrichment's. Ticks read back carry it as both
 * {@link Tick#locationType()} and {@link EnrichedTick#locationType()}.
 */
public final class DuckDbStore implements Store {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Past this many locations a tick read filters them in Java instead of an SQL IN list. */
    static final int MANY_LOCATIONS = 32;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DuckDbStore.class);

    private static final String TICK_COLUMNS = "tenant, iso, market, location, epoch_us(interval_start), "
            + "epoch_us(interval_end), operating_day, local_label, lmp, energy, congestion, loss, ghg, derived, "
            + "revision, document_id, position, location_type, hub, zone, commodity, product";
    private static final String BAR_COLUMNS = "tenant, iso, market, location, component, resolution, "
            + "epoch_us(bar_start), epoch_us(bar_end), open, high, low, close, mean, count, expected, complete";

    private static final String ROLLING_COLUMNS = "tenant, iso, market, location, component, \"window\", "
            + "epoch_us(window_end), count, mean, stddev, min, max";

    private static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS bronze_documents (sha256 VARCHAR NOT NULL, tenant VARCHAR NOT NULL, "
                    + "connector VARCHAR, dataset VARCHAR, name VARCHAR, size BIGINT NOT NULL, received_at TIMESTAMP, "
                    + "trace_id VARCHAR, content BLOB, PRIMARY KEY (tenant, sha256))",
            // which intervals each Bronze document holds (reprocessing picks a window's documents with it)
            "CREATE TABLE IF NOT EXISTS bronze_coverage (tenant VARCHAR NOT NULL, document_id VARCHAR NOT NULL, "
                    + "connector VARCHAR, iso VARCHAR, dataset VARCHAR, first_interval_end TIMESTAMP, "
                    + "last_interval_end TIMESTAMP, received_at TIMESTAMP, updated_at TIMESTAMP NOT NULL, "
                    + "PRIMARY KEY (tenant, document_id))",
            "CREATE TABLE IF NOT EXISTS silver_ticks (tenant VARCHAR NOT NULL, iso VARCHAR NOT NULL, "
                    + "market VARCHAR NOT NULL, location VARCHAR NOT NULL, interval_start TIMESTAMP NOT NULL, "
                    + "interval_end TIMESTAMP, operating_day DATE, local_label VARCHAR, lmp DOUBLE, energy DOUBLE, "
                    + "congestion DOUBLE, loss DOUBLE, ghg DOUBLE, derived INTEGER NOT NULL, revision VARCHAR, "
                    + "document_id VARCHAR, position BIGINT NOT NULL, location_type VARCHAR, hub VARCHAR, "
                    + "zone VARCHAR, commodity VARCHAR, product VARCHAR, updated_at TIMESTAMP NOT NULL, "
                    + "PRIMARY KEY (tenant, iso, market, location, interval_start))",
            "CREATE TABLE IF NOT EXISTS gold_bars (tenant VARCHAR NOT NULL, iso VARCHAR NOT NULL, "
                    + "market VARCHAR NOT NULL, location VARCHAR NOT NULL, component VARCHAR NOT NULL, "
                    + "resolution VARCHAR NOT NULL, bar_start TIMESTAMP NOT NULL, bar_end TIMESTAMP NOT NULL, "
                    + "open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, mean DOUBLE, count INTEGER NOT NULL, "
                    + "expected INTEGER NOT NULL, complete BOOLEAN NOT NULL, updated_at TIMESTAMP NOT NULL, "
                    + "PRIMARY KEY (tenant, iso, market, location, component, resolution, bar_start))",
            "CREATE TABLE IF NOT EXISTS gold_rolling (tenant VARCHAR NOT NULL, iso VARCHAR NOT NULL, "
                    + "market VARCHAR NOT NULL, location VARCHAR NOT NULL, component VARCHAR NOT NULL, "
                    + "\"window\" VARCHAR NOT NULL, window_end TIMESTAMP NOT NULL, count INTEGER NOT NULL, "
                    + "mean DOUBLE, stddev DOUBLE, min DOUBLE, max DOUBLE, updated_at TIMESTAMP NOT NULL, "
                    + "version BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS gold_curves (tenant VARCHAR NOT NULL, iso VARCHAR NOT NULL, "
                    + "location VARCHAR NOT NULL, delivery_date DATE NOT NULL, block VARCHAR NOT NULL, price DOUBLE, "
                    + "hours INTEGER NOT NULL, complete BOOLEAN NOT NULL, updated_at TIMESTAMP NOT NULL, "
                    + "PRIMARY KEY (tenant, iso, location, delivery_date, block))",
            "CREATE TABLE IF NOT EXISTS dlq (tenant VARCHAR NOT NULL, trace_id VARCHAR, stage VARCHAR, "
                    + "input_topic VARCHAR, reason VARCHAR NOT NULL, detail VARCHAR, document_id VARCHAR, "
                    + "position BIGINT NOT NULL, location VARCHAR, \"at\" TIMESTAMP NOT NULL, id VARCHAR NOT NULL, "
                    + "PRIMARY KEY (tenant, id))",
            "CREATE TABLE IF NOT EXISTS anomalies (tenant VARCHAR NOT NULL, iso VARCHAR, dataset VARCHAR, "
                    + "location VARCHAR, interval_start TIMESTAMP, type VARCHAR NOT NULL, detail VARCHAR, "
                    + "document_id VARCHAR, \"at\" TIMESTAMP NOT NULL, id VARCHAR NOT NULL, PRIMARY KEY (tenant, id))",
            // staging tables: same columns as their target, no key, private to this connection
            "CREATE TEMP TABLE IF NOT EXISTS stage_ticks AS SELECT * FROM silver_ticks LIMIT 0",
            // every write of a tick, append-only, for revisions=all (silver_ticks holds the latest per key); read
            // back as one row per (tick key, revision, document), the newest
            "CREATE TABLE IF NOT EXISTS silver_tick_revisions AS SELECT * FROM silver_ticks LIMIT 0",
            "CREATE TEMP TABLE IF NOT EXISTS stage_bars AS SELECT * FROM gold_bars LIMIT 0",
            "CREATE TEMP TABLE IF NOT EXISTS stage_curves AS SELECT * FROM gold_curves LIMIT 0",
            "CREATE TEMP TABLE IF NOT EXISTS stage_dlq AS SELECT * FROM dlq LIMIT 0",
            "CREATE TEMP TABLE IF NOT EXISTS stage_anomalies AS SELECT * FROM anomalies LIMIT 0");

    private final Path file;
    private final WorkerExecutor worker;
    private final Vertx vertx;
    /**
     * DuckDB checkpoints (folds its write-ahead log into the file) inside the commit that crosses
     * {@code checkpoint_threshold} — 16 MB by default, which an import of one CAISO day crosses, adding ~0.2 s to that
     * import. The threshold is raised instead, and the store checkpoints itself once it has been idle for
     * {@link #IDLE_CHECKPOINT_MS}: the work is the same, done when nobody waits for it.
     */
    static final String CHECKPOINT_THRESHOLD = "256MB";
    static final long IDLE_CHECKPOINT_MS = 5_000;
    private final long idleCheckpointMs;
    private final java.util.concurrent.atomic.AtomicLong lastTask = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean tasksSinceCheckpoint =
            new java.util.concurrent.atomic.AtomicBoolean();
    private long checkpointTimer = -1;
    private final java.util.concurrent.atomic.AtomicLong tickWrites = new java.util.concurrent.atomic.AtomicLong();
    /** Touched only by tasks on {@link #worker}; its queue orders them. */
    private DuckDBConnection conn;

    /** @param file the database file (parent directories are created), or {@code :memory:} */
    public DuckDbStore(Vertx vertx, Path file) {
        this(vertx, file, IDLE_CHECKPOINT_MS);
    }

    /** @param idleCheckpointMs how long writes must have paused before the store checkpoints (tests shorten it) */
    DuckDbStore(Vertx vertx, Path file, long idleCheckpointMs) {
        this.idleCheckpointMs = idleCheckpointMs;
        this.file = Objects.requireNonNull(file, "file");
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.worker = vertx.createSharedWorkerExecutor(
                "duckdb-store-" + INSTANCES.incrementAndGet(), 1, 10, TimeUnit.MINUTES);
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public Future<Void> init() {
        return this.<Void>onWorker(() -> {
            if (conn == null) {
                boolean memory = file.toString().equals(":memory:");
                if (!memory && file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                conn = DriverManager.getConnection(memory ? "jdbc:duckdb:" : "jdbc:duckdb:" + file.toAbsolutePath())
                        .unwrap(DuckDBConnection.class);
            }
            try (Statement st = conn.createStatement()) {
                for (String ddl : DDL) st.execute(ddl);
                st.execute("SET checkpoint_threshold = '" + CHECKPOINT_THRESHOLD + "'");
            }
            requireCurrentSchema();
            return null;
        }).onSuccess(v -> {
            if (checkpointTimer < 0) checkpointTimer = vertx.setPeriodic(idleCheckpointMs, id -> checkpointIfIdle());
        });
    }

    /**
     * {@code CREATE TABLE IF NOT EXISTS} leaves tables of an older version as they are: those without the id that keeps
     * one row per DLQ record and anomaly would fail every write, so start-up refuses them with what to do (no
     * migration: the project is young).
     */
    private void requireCurrentSchema() throws SQLException {
        List<String> old = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT t.name FROM "
                + "(VALUES ('dlq'), ('anomalies')) AS t(name) WHERE NOT EXISTS (SELECT 1 FROM duckdb_columns() c "
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
    public Future<Boolean> putDocumentIfAbsent(RawDocument doc) {
        return onWorker(() -> {
            byte[] content = doc.content() == null ? new byte[0] : doc.content();
            try (PreparedStatement ps = conn().prepareStatement("INSERT INTO bronze_documents VALUES "
                    + "(?, ?, ?, ?, ?, ?, make_timestamp(?), ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, doc.sha256());
                ps.setString(2, doc.tenant());
                ps.setString(3, doc.connector());
                ps.setString(4, doc.dataset());
                ps.setString(5, doc.name());
                ps.setLong(6, content.length);
                setMicros(ps, 7, doc.receivedAt());
                ps.setString(8, doc.traceId());
                ps.setBytes(9, content);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Future<Optional<RawDocument>> getDocument(String tenant, String sha256) {
        return onWorker(() -> {
            try (PreparedStatement ps = conn().prepareStatement("SELECT tenant, connector, name, dataset, sha256, "
                    + "content, epoch_us(received_at), trace_id FROM bronze_documents WHERE tenant = ? AND sha256 = ?")) {
                ps.setString(1, tenant);
                ps.setString(2, sha256);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new RawDocument(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getBytes(6), instant(rs, 7), rs.getString(8)));
                }
            }
        });
    }

    @Override
    public Future<Void> putCoverage(DocumentCoverage c) {
        long now = Micros.of(Instant.now());
        return onWorker(() -> {
            try (PreparedStatement ps = conn().prepareStatement("INSERT OR REPLACE INTO bronze_coverage VALUES "
                    + "(?, ?, ?, ?, ?, make_timestamp(?), make_timestamp(?), make_timestamp(?), make_timestamp(?))")) {
                int i = bind(ps, c.tenant(), c.documentId(), c.connector(), c.iso(), c.dataset());
                setMicros(ps, i++, c.firstIntervalEnd());
                setMicros(ps, i++, c.lastIntervalEnd());
                setMicros(ps, i++, c.receivedAt());
                ps.setLong(i, now);
                ps.executeUpdate();
                return null;
            }
        });
    }

    @Override
    public Future<List<DocumentCoverage>> documentsCovering(String tenant, Instant from, Instant to,
                                                            java.util.Set<String> isos) {
        List<String> isoList = isos == null ? List.of() : isos.stream().sorted().toList();
        String marks = String.join(", ", Collections.nCopies(isoList.size(), "?"));
        String sql = "SELECT tenant, document_id, connector, iso, dataset, epoch_us(first_interval_end), "
                + "epoch_us(last_interval_end), epoch_us(received_at) FROM bronze_coverage WHERE tenant = ? "
                + "AND first_interval_end IS NOT NULL AND last_interval_end IS NOT NULL"
                + (from == null ? "" : " AND last_interval_end > make_timestamp(?)")
                + (to == null ? "" : " AND first_interval_end <= make_timestamp(?)")
                + (isoList.isEmpty() ? "" : " AND iso IN (" + marks + ")")
                + " ORDER BY received_at NULLS LAST, document_id";
        return onWorker(() -> {
            try (PreparedStatement ps = conn().prepareStatement(sql)) {
                int i = bind(ps, tenant);
                if (from != null) ps.setLong(i++, Micros.of(from));
                if (to != null) ps.setLong(i++, Micros.of(to));
                for (String iso : isoList) ps.setString(i++, iso);
                List<DocumentCoverage> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DocumentCoverage(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), instant(rs, 6), instant(rs, 7), instant(rs, 8)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Future<Void> writeTicks(List<EnrichedTick> ticks) {
        if (ticks.isEmpty()) return Future.succeededFuture();
        List<EnrichedTick> rows = LastWins.ticks(ticks);
        // strictly increasing across writes: it orders the revisions of an interval by arrival
        long now = tickWrites.updateAndGet(prev -> Math.max(prev + 1, Micros.of(Instant.now())));
        return onWorker(() -> inTransaction(() -> {
            try (DuckDBAppender a = conn().createAppender("temp", "main", "stage_ticks")) {
                for (EnrichedTick e : rows) {
                    Tick t = e.tick();
                    a.beginRow();
                    a.append(t.tenant()).append(t.iso()).append(t.market()).append(t.location());
                    a.appendEpochMicros(Micros.of(t.intervalStart()));
                    timestamp(a, t.intervalEnd());
                    date(a, t.operatingDay());
                    string(a, t.localLabel());
                    component(a, t.lmp());
                    component(a, t.energy());
                    component(a, t.congestion());
                    component(a, t.loss());
                    component(a, t.ghg());
                    a.append(t.derived());
                    string(a, t.revision());
                    string(a, t.documentId());
                    a.append(t.position());
                    string(a, e.locationType());
                    string(a, e.hub());
                    string(a, e.zone());
                    string(a, e.commodity());
                    string(a, e.product());
                    a.appendEpochMicros(now);
                    a.endRow();
                }
            }
            try (Statement st = conn().createStatement()) {
                // append-only: a replay or a redelivery adds a newer copy of its rows and queryTickRevisions keeps
                // the newest per (tick key, revision, document). Deleting the older copy here would scan the whole
                // table on every write (no index serves it), growing with history; reads are few and narrow.
                st.execute("INSERT INTO silver_tick_revisions SELECT * FROM temp.stage_ticks");
            }
            upsertFromStage("silver_ticks", "stage_ticks");
        }));
    }

    @Override
    public Future<Void> writeBars(List<Bar> bars) {
        if (bars.isEmpty()) return Future.succeededFuture();
        List<Bar> rows = LastWins.bars(bars);
        long now = Micros.of(Instant.now());
        return onWorker(() -> inTransaction(() -> {
            try (DuckDBAppender a = conn().createAppender("temp", "main", "stage_bars")) {
                for (Bar b : rows) {
                    a.beginRow();
                    a.append(b.tenant()).append(b.iso()).append(b.market()).append(b.location())
                            .append(b.component().id()).append(b.resolution());
                    a.appendEpochMicros(Micros.of(b.start())).appendEpochMicros(Micros.of(b.end()));
                    a.append(b.open()).append(b.high()).append(b.low()).append(b.close()).append(b.mean());
                    a.append(b.count()).append(b.expected()).append(b.complete());
                    a.appendEpochMicros(now);
                    a.endRow();
                }
            }
            upsertFromStage("gold_bars", "stage_bars");
        }));
    }

    @Override
    public Future<Void> writeRolling(List<RollingMetric> metrics) {
        if (metrics.isEmpty()) return Future.succeededFuture();
        List<RollingMetric> rows = metrics;
        long now = Micros.of(Instant.now());
        // one increasing version per row: a later row of the same key wins, within a batch too, with no dedupe pass
        long last = rollingVersion.updateAndGet(p -> Math.max(p, now) + rows.size());
        long first = last - rows.size() + 1;
        // append-only, newest version wins on read: a rolling row per tick and component is the largest gold table,
        // and keeping a primary-key index over it cost as much as the rest of an import (make bench)
        return onWorker(() -> {
            try (DuckDBAppender a = conn().createAppender(DuckDBConnection.DEFAULT_SCHEMA, "gold_rolling")) {
                long version = first;
                for (RollingMetric m : rows) {
                    a.beginRow();
                    a.append(m.tenant()).append(m.iso()).append(m.market()).append(m.location())
                            .append(m.component().id()).append(m.window());
                    a.appendEpochMicros(Micros.of(m.windowEnd()));
                    a.append(m.count()).append(m.mean()).append(m.stddev()).append(m.min()).append(m.max());
                    a.appendEpochMicros(now);
                    a.append(version++);
                    a.endRow();
                }
            }
            return null;
        });
    }

    private final java.util.concurrent.atomic.AtomicLong rollingVersion = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public Future<List<RollingMetric>> queryRolling(RollingQuery q) {
        return onWorker(() -> {
            String sql = "SELECT " + ROLLING_COLUMNS + " FROM gold_rolling WHERE tenant = ? AND iso = ? AND market = ? "
                    + "AND location = ? AND component = ? AND \"window\" = ?" + window("window_end", q.from(), q.to())
                    + " QUALIFY row_number() OVER (PARTITION BY window_end ORDER BY version DESC) = 1"
                    + " ORDER BY window_end";
            try (PreparedStatement ps = conn().prepareStatement(sql)) {
                int i = bind(ps, q.tenant(), q.iso(), q.market(), q.location(), q.component().id(), q.window());
                bindWindow(ps, i, q.from(), q.to());
                List<RollingMetric> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RollingMetric(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                Component.parse(rs.getString(5)), rs.getString(6), instant(rs, 7), rs.getInt(8),
                                rs.getDouble(9), rs.getDouble(10), rs.getDouble(11), rs.getDouble(12)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Future<Void> writeCurves(List<CurvePoint> points) {
        if (points.isEmpty()) return Future.succeededFuture();
        List<CurvePoint> rows = LastWins.curves(points);
        long now = Micros.of(Instant.now());
        return onWorker(() -> inTransaction(() -> {
            try (DuckDBAppender a = conn().createAppender("temp", "main", "stage_curves")) {
                for (CurvePoint p : rows) {
                    a.beginRow();
                    a.append(p.tenant()).append(p.iso()).append(p.location()).append(p.date()).append(p.block());
                    a.append(p.price()).append(p.hours()).append(p.complete());
                    a.appendEpochMicros(now);
                    a.endRow();
                }
            }
            upsertFromStage("gold_curves", "stage_curves");
        }));
    }

    @Override
    public Future<List<CurvePoint>> queryCurves(CurveQuery q) {
        return onWorker(() -> {
            String sql = "SELECT tenant, iso, location, delivery_date, block, price, hours, complete FROM gold_curves "
                    + "WHERE tenant = ? AND iso = ? AND location = ?"
                    + (q.from() == null ? "" : " AND delivery_date >= ?") + (q.to() == null ? "" : " AND delivery_date < ?")
                    + " ORDER BY delivery_date, block";
            try (PreparedStatement ps = conn().prepareStatement(sql)) {
                int i = bind(ps, q.tenant(), q.iso(), q.location());
                if (q.from() != null) ps.setObject(i++, q.from());
                if (q.to() != null) ps.setObject(i, q.to());
                List<CurvePoint> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new CurvePoint(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getObject(4, LocalDate.class), rs.getString(5), rs.getDouble(6), rs.getInt(7),
                                rs.getBoolean(8)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Keyed by (tenant, {@link EventIds#dlq}): a record written again (a replay, a redelivery) is not stored twice,
     * and the first write, with its time, stays.
     */
    @Override
    public Future<Void> writeDlq(List<DlqRecord> records) {
        return insertNewById(records, EventIds::dlq, "dlq", (a, d) -> {
            a.append(d.tenant());
            string(a, d.traceId());
            string(a, d.stage());
            string(a, d.inputTopic());
            a.append(d.reason());
            string(a, d.detail());
            string(a, d.documentId());
            a.append(d.position());
            string(a, d.location());
            a.appendEpochMicros(Micros.of(d.at()));
        });
    }

    /** Keyed by (tenant, {@link EventIds#anomaly}), the first write staying, as {@link #writeDlq}. */
    @Override
    public Future<Void> writeAnomalies(List<Anomaly> anomalies) {
        return insertNewById(anomalies, EventIds::anomaly, "anomalies", (a, x) -> {
            a.append(x.tenant());
            string(a, x.iso());
            string(a, x.dataset());
            string(a, x.location());
            timestamp(a, x.interval());
            a.append(x.type());
            string(a, x.detail());
            string(a, x.documentId());
            a.appendEpochMicros(Micros.of(x.at()));
        });
    }

    /** A row's columns before its trailing id column. */
    private interface Columns<T> {
        void append(DuckDBAppender a, T row) throws SQLException;
    }

    /**
     * Appends the records whose id is not stored yet to {@code table} (through {@code stage_<table>}), the id as the
     * last column; a batch repeating a record keeps its first occurrence.
     */
    private <T> Future<Void> insertNewById(List<T> records, java.util.function.Function<T, String> id, String table,
                                           Columns<T> columns) {
        if (records.isEmpty()) return Future.succeededFuture();
        Map<String, T> rows = LastWins.firstById(records, id);
        return onWorker(() -> inTransaction(() -> {
            try (DuckDBAppender a = conn().createAppender("temp", "main", "stage_" + table)) {
                for (Map.Entry<String, T> row : rows.entrySet()) {
                    a.beginRow();
                    columns.append(a, row.getValue());
                    a.append(row.getKey());
                    a.endRow();
                }
            }
            insertNewFromStage(table, "stage_" + table);
        }));
    }

    @Override
    public Future<List<DlqRecord>> queryDlq(DlqQuery q) {
        return onWorker(() -> {
            String sql = "SELECT tenant, trace_id, stage, input_topic, reason, detail, document_id, position, location, "
                    + "epoch_us(\"at\") FROM dlq WHERE tenant = ?" + (q.documentId() == null ? "" : " AND document_id = ?")
                    + (q.stage() == null ? "" : " AND stage = ?") + (q.reason() == null ? "" : " AND reason = ?")
                    + " ORDER BY \"at\" DESC, document_id, position LIMIT " + q.limit();
            try (PreparedStatement ps = conn().prepareStatement(sql)) {
                List<String> values = new ArrayList<>(List.of(q.tenant()));
                if (q.documentId() != null) values.add(q.documentId());
                if (q.stage() != null) values.add(q.stage());
                if (q.reason() != null) values.add(q.reason());
                bind(ps, values.toArray(String[]::new));
                List<DlqRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DlqRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9),
                                instant(rs, 10)));
                    }
                }
                return out;
            }
        });
    }

    private static final String ANOMALY_COLUMNS = "tenant, iso, dataset, location, epoch_us(interval_start), type, "
            + "detail, document_id, epoch_us(\"at\")";

    private static Anomaly anomaly(ResultSet rs) throws SQLException {
        return new Anomaly(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5),
                rs.getString(6), rs.getString(7), rs.getString(8), instant(rs, 9));
    }

    @Override
    public Future<List<Anomaly>> queryAnomalies(String tenant) {
        return onWorker(() -> {
            try (PreparedStatement ps = conn().prepareStatement("SELECT " + ANOMALY_COLUMNS + " FROM anomalies "
                    + "WHERE tenant = ? ORDER BY \"at\"")) {
                ps.setString(1, tenant);
                return anomalies(ps);
            }
        });
    }

    @Override
    public Future<List<Anomaly>> queryAnomalies(AnomalyQuery q) {
        return onWorker(() -> {
            String time = "coalesce(interval_start, \"at\")";
            String sql = "SELECT " + ANOMALY_COLUMNS + " FROM anomalies WHERE tenant = ?" + (q.iso() == null ? "" : " AND iso = ?")
                    + (q.type() == null ? "" : " AND type = ?") + window(time, q.from(), q.to())
                    + " ORDER BY " + time + " DESC, \"at\" DESC, location LIMIT " + q.limit();
            try (PreparedStatement ps = conn().prepareStatement(sql)) {
                List<String> values = new ArrayList<>(List.of(q.tenant()));
                if (q.iso() != null) values.add(q.iso());
                if (q.type() != null) values.add(q.type());
                int i = bind(ps, values.toArray(String[]::new));
                bindWindow(ps, i, q.from(), q.to());
                return anomalies(ps);
            }
        });
    }

    private static List<Anomaly> anomalies(PreparedStatement ps) throws SQLException {
        List<Anomaly> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(anomaly(rs));
        }
        return out;
    }

    @Override
    public Future<List<EnrichedTick>> queryTicks(TickQuery q) {
        return ticks("silver_ticks", "", "interval_start", q);
    }

    @Override
    public Future<List<EnrichedTick>> queryLatestTicks(String tenant, String iso, String market,
                                                       Collection<String> locations, Instant from, Instant to) {
        if (locations.isEmpty()) return Future.succeededFuture(List.of());
        // copied here: the caller may change its collection while the query waits for the worker
        return ticks("silver_ticks", "", "location, interval_start", tenant, iso, market, new ArrayList<>(locations),
                from, to);
    }

    @Override
    public Future<List<EnrichedTick>> queryTickRevisions(TickQuery q) {
        // one row per (interval, revision, document): the newest write of it (null revision/document = '', as in
        // EventIds and ClickHouse's sorting key)
        return ticks("silver_tick_revisions", " QUALIFY row_number() OVER (PARTITION BY interval_start, "
                + "coalesce(revision, ''), coalesce(document_id, '') ORDER BY updated_at DESC) = 1",
                "interval_start, updated_at", q);
    }

    private Future<List<EnrichedTick>> ticks(String table, String qualify, String orderBy, TickQuery q) {
        return ticks(table, qualify, orderBy, q.tenant(), q.iso(), q.market(), Collections.singletonList(q.location()),
                q.from(), q.to());
    }

    /**
     * Ticks of some locations of one series whose interval start lies in {@code [from, to)}; every location is a bound
     * parameter (one {@code ?} each), never SQL text.
     */
    private Future<List<EnrichedTick>> ticks(String table, String qualify, String orderBy, String tenant, String iso,
                                             String market, List<String> locations, Instant from, Instant to) {
        return onWorker(() -> {
            // a long IN list costs DuckDB more to plan than scanning the window's rows does (a batch names most of a
            // market's nodes): past a few locations, the window is read and the locations kept here
            Set<String> keep = locations.size() > MANY_LOCATIONS ? new HashSet<>(locations) : null;
            String location = keep != null ? "" : locations.size() == 1 ? " AND location = ?"
                    : " AND location IN (" + String.join(", ", Collections.nCopies(locations.size(), "?")) + ")";
            String sql = "SELECT " + TICK_COLUMNS + " FROM " + table + " WHERE tenant = ? AND iso = ? AND market = ?"
                    + location + window("interval_start", from, to) + qualify + " ORDER BY " + orderBy;
            try (PreparedStatement ps = conn().prepareStatement(sql)) {
                int i = bind(ps, tenant, iso, market);
                if (keep == null) for (String l : locations) ps.setString(i++, l);
                bindWindow(ps, i, from, to);
                List<EnrichedTick> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (keep != null && !keep.contains(rs.getString(4))) continue;
                        String locationType = rs.getString(18);
                        Tick t = new Tick(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                locationType, instant(rs, 5), instant(rs, 6), rs.getObject(7, LocalDate.class),
                                rs.getString(8), component(rs, 9), component(rs, 10), component(rs, 11),
                                component(rs, 12), component(rs, 13), rs.getInt(14), rs.getString(15),
                                rs.getString(16), rs.getLong(17));
                        out.add(new EnrichedTick(t, locationType, rs.getString(19), rs.getString(20),
                                rs.getString(21), rs.getString(22)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Future<List<Bar>> queryBars(BarQuery q) {
        return onWorker(() -> {
            String sql = "SELECT " + BAR_COLUMNS + " FROM gold_bars WHERE tenant = ? AND iso = ? AND market = ? "
                    + "AND location = ? AND component = ? AND resolution = ?" + window("bar_start", q.from(), q.to())
                    + " ORDER BY bar_start";
            try (PreparedStatement ps = conn().prepareStatement(sql)) {
                int i = bind(ps, q.tenant(), q.iso(), q.market(), q.location(), q.component().id(), q.resolution());
                bindWindow(ps, i, q.from(), q.to());
                List<Bar> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Bar(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                Component.parse(rs.getString(5)), rs.getString(6), instant(rs, 7), instant(rs, 8),
                                rs.getDouble(9), rs.getDouble(10), rs.getDouble(11), rs.getDouble(12),
                                rs.getDouble(13), rs.getInt(14), rs.getInt(15), rs.getBoolean(16)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Future<Optional<Instant>> newestInterval(String tenant, String iso, String market) {
        return onWorker(() -> {
            try (PreparedStatement ps = conn().prepareStatement("SELECT epoch_us(max(interval_end)) FROM silver_ticks "
                    + "WHERE tenant = ? AND iso = ? AND market = ?")) {
                bind(ps, new String[]{tenant, iso, market});
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long us = rs.getLong(1);
                    return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Micros.toInstant(us));
                }
            }
        });
    }

    @Override
    public Future<DocumentCounts> countsForDocuments(String tenant, List<String> documentIds) {
        if (documentIds.isEmpty()) return Future.succeededFuture(new DocumentCounts(0, 0, List.of()));
        String in = "(" + String.join(", ", Collections.nCopies(documentIds.size(), "?")) + ")";
        String[] params = new String[documentIds.size() + 1];
        params[0] = tenant;
        for (int i = 0; i < documentIds.size(); i++) params[i + 1] = documentIds.get(i);
        return onWorker(() -> {
            long ticks;
            try (PreparedStatement ps = conn().prepareStatement(
                    "SELECT count(*) FROM silver_ticks WHERE tenant = ? AND document_id IN " + in)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    ticks = rs.getLong(1);
                }
            }
            List<DocumentCounts.ReasonCount> reasons = new ArrayList<>();
            long rejected = 0;
            try (PreparedStatement ps = conn().prepareStatement("SELECT reason, count(*) AS n, min(detail) FROM dlq "
                    + "WHERE tenant = ? AND document_id IN " + in + " GROUP BY reason ORDER BY n DESC, reason")) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        reasons.add(new DocumentCounts.ReasonCount(rs.getString(1), rs.getLong(2), rs.getString(3)));
                        rejected += rs.getLong(2);
                    }
                }
            }
            return new DocumentCounts(ticks, rejected, reasons);
        });
    }

    @Override
    public Future<Void> ping() {
        return onWorker(() -> {
            try (Statement st = conn().createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                rs.next();
                return null;
            }
        });
    }

    @Override
    public Future<Void> close() {
        if (checkpointTimer >= 0) vertx.cancelTimer(checkpointTimer);
        Future<Void> closed = onWorker(() -> {
            if (conn != null) {
                conn.close();
                conn = null;
            }
            return null;
        });
        return closed.eventually(worker::close);
    }

    // --- plumbing, all on the worker thread ---

    private interface SqlWork {
        void run() throws Exception;
    }

    private <T> Future<T> onWorker(Callable<T> work) {
        lastTask.set(System.nanoTime());
        tasksSinceCheckpoint.set(true);
        return worker.executeBlocking(work, true);
    }

    /** Checkpoints when the store has been used since the last checkpoint but not for {@code idleCheckpointMs}. */
    private void checkpointIfIdle() {
        if (System.nanoTime() - lastTask.get() < TimeUnit.MILLISECONDS.toNanos(idleCheckpointMs)) return;
        if (!tasksSinceCheckpoint.compareAndSet(true, false)) return;
        worker.executeBlocking(() -> {
            if (conn != null) {
                try (Statement st = conn.createStatement()) {
                    st.execute("CHECKPOINT");
                }
            }
            return null;
        }, true).onFailure(e -> {
            tasksSinceCheckpoint.set(true);
            LOG.warn("DuckDB checkpoint of {} failed (retried when idle again): {}", file, e.toString());
        });
    }

    private DuckDBConnection conn() {
        if (conn == null) throw new IllegalStateException("DuckDbStore(" + file + "): init() not called, or closed");
        return conn;
    }

    private Void inTransaction(SqlWork work) throws Exception {
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
    }

    private void upsertFromStage(String table, String stage) throws SQLException {
        try (Statement st = conn().createStatement()) {
            st.execute("INSERT OR REPLACE INTO " + table + " SELECT * FROM temp." + stage);
            st.execute("DELETE FROM temp." + stage);
        }
    }

    /** Inserts the staged rows whose key is not stored yet (the stored row, first written, stays). */
    private void insertNewFromStage(String table, String stage) throws SQLException {
        try (Statement st = conn().createStatement()) {
            st.execute("INSERT INTO " + table + " SELECT * FROM temp." + stage + " ON CONFLICT DO NOTHING");
            st.execute("DELETE FROM temp." + stage);
        }
    }

    private static String window(String column, Instant from, Instant to) {
        return (from == null ? "" : " AND " + column + " >= make_timestamp(?)")
                + (to == null ? "" : " AND " + column + " < make_timestamp(?)");
    }

    private static int bind(PreparedStatement ps, String... values) throws SQLException {
        for (int i = 0; i < values.length; i++) ps.setString(i + 1, values[i]);
        return values.length + 1;
    }

    private static void bindWindow(PreparedStatement ps, int index, Instant from, Instant to) throws SQLException {
        if (from != null) ps.setLong(index++, Micros.of(from));
        if (to != null) ps.setLong(index, Micros.of(to));
    }

    private static void setMicros(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) ps.setNull(index, java.sql.Types.BIGINT);
        else ps.setLong(index, Micros.of(t));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long micros = rs.getLong(column);
        return rs.wasNull() ? null : Micros.toInstant(micros);
    }

    private static double component(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    private static void string(DuckDBAppender a, String s) throws SQLException {
        if (s == null) a.appendNull();
        else a.append(s);
    }

    private static void timestamp(DuckDBAppender a, Instant t) throws SQLException {
        if (t == null) a.appendNull();
        else a.appendEpochMicros(Micros.of(t));
    }

    private static void date(DuckDBAppender a, LocalDate d) throws SQLException {
        if (d == null) a.appendNull();
        else a.append(d);
    }

    /** Absent components (NaN) are stored as NULL. */
    private static void component(DuckDBAppender a, double v) throws SQLException {
        if (Double.isNaN(v)) a.appendNull();
        else a.append(v);
    }
}
