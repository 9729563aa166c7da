package com.carbon254.ingestion.store.duckdb;

import com.carbon254.ingestion.store.Column;
import com.carbon254.ingestion.store.Micros;
import com.carbon254.ingestion.store.Row;
import com.carbon254.ingestion.store.Table;
import com.carbon254.ingestion.store.Tables.SilverTicks;
import com.carbon254.ingestion.store.Tables;
import org.duckdb.DuckDBAppender;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The table definitions ({@link Tables}) as DuckDB SQL: DDL, select lists, appender rows and statement parameters.
 * Instants are {@code TIMESTAMP} columns holding UTC (microsecond precision; finer digits are dropped), written as
 * epoch microseconds and selected as {@code epoch_us(...)}.
 */
final class DuckDbSql {
    /** Column names DuckDB's parser reserves: quoted wherever they appear. */
    private static final Set<String> RESERVED = Set.of("window", "at");

    private DuckDbSql() {
    }

    static String name(Column<?> c) {
        return RESERVED.contains(c.name()) ? "\"" + c.name() + "\"" : c.name();
    }

    /**
     * The column's declaration. DOUBLE and BLOB columns were created without NOT NULL (NaN is a value of a DOUBLE,
     * an empty BLOB a value of a BLOB); existing files keep that, so new ones are created the same way.
     */
    private static String declaration(Column<?> c) {
        boolean declaredNullable = c.nullable() || c.type() == Column.Type.FLOAT64 || c.type() == Column.Type.BYTES;
        return name(c) + " " + type(c) + (declaredNullable ? "" : " NOT NULL");
    }

    private static String type(Column<?> c) {
        return switch (c.type()) {
            case STRING -> "VARCHAR";
            case BYTES -> "BLOB";
            case INT32, EPOCH_DAY -> "INTEGER";
            case INT64 -> "BIGINT";
            case FLOAT64 -> "DOUBLE";
            case BOOL -> "BOOLEAN";
            case INSTANT, VERSION -> "TIMESTAMP";
            case DATE -> "DATE";
        };
    }

    /**
     * Tables DuckDB keeps as a view of another: the latest tick per key is the newest row per key of the revisions,
     * which every tick write appends to anyway. One write per tick instead of an append plus an upsert — the upsert's
     * index and the copy were half of an import's store time — and the same rows for every reader, with one source of
     * truth. The view keeps the name and the columns of the old table for anyone querying the file.
     */
    static final Map<Table<?>, Table<?>> VIEWS = Map.of(SilverTicks.TABLE, SilverTicks.REVISIONS);

    /** Tables written through a staging table: those with a key the write resolves. */
    static boolean staged(Table<?> t) {
        return !VIEWS.containsKey(t)
                && (t.versioning() == Table.Versioning.LATEST_WINS || t.versioning() == Table.Versioning.FIRST_WINS);
    }

    static String stage(Table<?> t) {
        return "stage_" + t.name();
    }

    /**
     * Every table, then a staging table per {@link #staged} table: same columns as its target, no key, private to the
     * connection (TEMP). A {@link #VIEWS} table is not among them: {@link #view} makes it, once the engine has turned
     * an old file's table into it ({@code DuckDbEngine#init}).
     */
    static List<String> ddl() {
        List<String> out = new ArrayList<>();
        for (Table<?> t : Tables.ALL) if (!VIEWS.containsKey(t)) out.add(create(t));
        for (Table<?> t : Tables.ALL) {
            if (staged(t)) {
                out.add("CREATE TEMP TABLE IF NOT EXISTS " + stage(t) + " AS SELECT * FROM " + t.name() + " LIMIT 0");
            }
        }
        return out;
    }

    /**
     * The window clause keeping the newest row per key of a table read through {@link #VIEWS}, or per key of an
     * append-only table: {@code QUALIFY row_number() OVER (PARTITION BY <key> ORDER BY updated_at DESC) = 1}.
     */
    static String newestPerKey(Table<?> t) {
        String key = t.key().stream().map(DuckDbSql::name).collect(Collectors.joining(", "));
        return " QUALIFY row_number() OVER (PARTITION BY " + key + " ORDER BY updated_at DESC) = 1";
    }

    /** The view {@code t} is in DuckDB ({@link #VIEWS}): its source's newest row per key of {@code t}. */
    static String view(Table<?> t) {
        Table<?> source = VIEWS.get(t);
        String columns = t.columns().stream().filter(Column::inDuckDb).map(DuckDbSql::name)
                .collect(Collectors.joining(", "));
        return "CREATE OR REPLACE VIEW " + t.name() + " AS SELECT " + columns + " FROM " + source.name()
                + newestPerKey(t);
    }

    /**
     * An append-only table has no primary key: its reads keep the newest row per key. One copying another table has
     * that table's columns, without their constraints.
     */
    static String create(Table<?> t) {
        boolean append = t.versioning() == Table.Versioning.APPEND_LATEST_ON_READ;
        if (t.copyOf() != null && !append) {
            throw new IllegalStateException(t + ": a copy has no key, so it must be append-only");
        }
        String columns = t.columns().stream().filter(Column::inDuckDb)
                .map(c -> t.copyOf() != null ? name(c) + " " + type(c) : declaration(c))
                .collect(Collectors.joining(", "));
        String key = append ? "" : t.key().stream().map(DuckDbSql::name)
                .collect(Collectors.joining(", ", ", PRIMARY KEY (", ")"));
        return "CREATE TABLE IF NOT EXISTS " + t.name() + " (" + columns + key + ")";
    }

    /** Adds nullable column {@code c} to an existing table {@code t} that lacks it (a file an older version wrote). */
    static String addColumn(Table<?> t, Column<?> c) {
        if (!c.nullable()) throw new IllegalArgumentException(c + ": only a nullable column can be added to rows");
        return "ALTER TABLE " + t.name() + " ADD COLUMN " + name(c) + " " + type(c);
    }

    /** The table's record columns, in order, instants as epoch microseconds: what {@link #row} reads. */
    static String selectList(Table<?> t) {
        return t.recordColumns().stream()
                .map(c -> c.type() == Column.Type.INSTANT ? "epoch_us(" + name(c) + ")" : name(c))
                .collect(Collectors.joining(", "));
    }

    // --- writing ---

    /** One row of the table's columns: the record's, then those the store fills. */
    static <T> void append(DuckDBAppender a, Table<T> t, T row, String id, long updatedAt, long rowVersion)
            throws SQLException {
        a.beginRow();
        for (Column<T> c : t.columns()) {
            switch (c.source()) {
                case RECORD -> appendValue(a, c, row);
                case WRITE_VERSION -> a.appendEpochMicros(updatedAt);
                case ROW_VERSION -> a.append(rowVersion);
                case EVENT_ID -> a.append(id);
                case FIRST_WINS_VERSION -> {
                    // a ClickHouse column: DuckDB's primary key keeps the first write
                }
            }
        }
        a.endRow();
    }

    private static <T> void appendValue(DuckDBAppender a, Column<T> c, T row) throws SQLException {
        switch (c.type()) {
            case STRING -> {
                String s = c.string(row);
                if (s == null && c.nullable()) a.appendNull();
                else a.append(s);
            }
            case INT32 -> a.append(c.int32(row));
            case INT64 -> a.append(c.int64(row));
            case FLOAT64 -> {
                // an absent component (NaN) of a nullable column is NULL; elsewhere NaN is stored as NaN
                double v = c.float64(row);
                if (c.nullable() && Double.isNaN(v)) a.appendNull();
                else a.append(v);
            }
            case BOOL -> a.append(c.bool(row));
            case INSTANT -> {
                Instant t = c.instant(row);
                if (t == null && c.nullable()) a.appendNull();
                else a.appendEpochMicros(Micros.of(t));
            }
            case DATE -> {
                LocalDate d = c.date(row);
                if (d == null && c.nullable()) a.appendNull();
                else a.append(d);
            }
            default -> throw new IllegalArgumentException(c + ": not written through an appender");
        }
    }

    /** {@code INSERT INTO t VALUES (?, ...)}: one parameter per column, instants through {@code make_timestamp}. */
    static String insert(Table<?> t) {
        return "INSERT INTO " + t.name() + " VALUES (" + t.columns().stream().filter(Column::inDuckDb)
                .map(c -> c.type() == Column.Type.INSTANT ? "make_timestamp(?)" : "?")
                .collect(Collectors.joining(", ")) + ")";
    }

    /** Binds a row of a table the store fills no column of ({@link Table.Versioning#IF_ABSENT}) to {@link #insert}. */
    static <T> void bind(PreparedStatement ps, Table<T> t, T row) throws SQLException {
        int i = 1;
        for (Column<T> c : t.columns()) {
            switch (c.type()) {
                case STRING -> ps.setString(i++, c.string(row));
                case BYTES -> ps.setBytes(i++, c.bytes(row));
                case INT64 -> ps.setLong(i++, c.int64(row));
                case INSTANT -> setMicros(ps, i++, c.instant(row));
                default -> throw new IllegalArgumentException(c + ": not bound as a statement parameter");
            }
        }
    }

    // --- reading ---

    /** Reads the current row of an answer to {@code SELECT selectList(t)}, each value straight from the result set. */
    static Row row(ResultSet rs) {
        return new Row() {
            @Override
            public String string(Column<?> c) throws SQLException {
                return rs.getString(c.index() + 1);
            }

            @Override
            public byte[] bytes(Column<?> c) throws SQLException {
                return rs.getBytes(c.index() + 1);
            }

            @Override
            public int int32(Column<?> c) throws SQLException {
                return rs.getInt(c.index() + 1);
            }

            @Override
            public long int64(Column<?> c) throws SQLException {
                return rs.getLong(c.index() + 1);
            }

            @Override
            public double float64(Column<?> c) throws SQLException {
                double v = rs.getDouble(c.index() + 1);
                return rs.wasNull() ? Double.NaN : v;
            }

            @Override
            public boolean bool(Column<?> c) throws SQLException {
                return rs.getBoolean(c.index() + 1);
            }

            @Override
            public Instant instant(Column<?> c) throws SQLException {
                return DuckDbSql.instant(rs, c.index() + 1);
            }

            @Override
            public LocalDate date(Column<?> c) throws SQLException {
                return rs.getObject(c.index() + 1, LocalDate.class);
            }
        };
    }

    // --- query text and parameters ---

    /** {@code [from, to)} on an instant column; a null bound is open. Bind with {@link #bindWindow}. */
    static String window(String column, Instant from, Instant to) {
        return (from == null ? "" : " AND " + column + " >= make_timestamp(?)")
                + (to == null ? "" : " AND " + column + " < make_timestamp(?)");
    }

    /** {@code (?, ?, ...)}, one per value. */
    static String marks(int n) {
        return "(" + String.join(", ", Collections.nCopies(n, "?")) + ")";
    }

    /** Binds the values from parameter 1 on; answers the next parameter's index. */
    static int bind(PreparedStatement ps, String... values) throws SQLException {
        for (int i = 0; i < values.length; i++) ps.setString(i + 1, values[i]);
        return values.length + 1;
    }

    static int bindWindow(PreparedStatement ps, int index, Instant from, Instant to) throws SQLException {
        if (from != null) ps.setLong(index++, Micros.of(from));
        if (to != null) ps.setLong(index++, Micros.of(to));
        return index;
    }

    static void setMicros(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) ps.setNull(index, Types.BIGINT);
        else ps.setLong(index, Micros.of(t));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        long micros = rs.getLong(column);
        return rs.wasNull() ? null : Micros.toInstant(micros);
    }
}
