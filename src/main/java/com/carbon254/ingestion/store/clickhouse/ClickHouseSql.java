package com.carbon254.ingestion.store.clickhouse;

import com.carbon254.ingestion.store.Column.Source;
import com.carbon254.ingestion.store.Column;
import com.carbon254.ingestion.store.Micros;
import com.carbon254.ingestion.store.Row;
import com.carbon254.ingestion.store.Table;
import com.carbon254.ingestion.store.Tables;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The table definitions ({@link Tables}) as ClickHouse SQL, kept to what ClickHouse 18.16 accepts so every newer
 * server runs it too: DDL, insert column lists, RowBinary rows, select lists and TabSeparated rows.
 * <ul>
 *   <li>instants are {@code Int64} microseconds since the epoch, UTC (18.16 has no DateTime64);</li>
 *   <li>every table is a {@code ReplacingMergeTree} ordered by its key and read with {@code FINAL}, so a replaced row
 *   never shows twice, even before the background merge. Its version is {@code updated_at}, which grows with every
 *   write of a store instance; in a first-write-wins table it is {@code version} = {@link #FIRST_WINS} minus the
 *   write's version, so the merge, keeping the highest, keeps the FIRST write of an id (with its time). Bronze
 *   documents have no version: the store checks before it inserts;</li>
 *   <li>18.16 has no query parameters: values in SQL are literals built by {@link #lit(String)}.</li>
 * </ul>
 */
final class ClickHouseSql {
    /** Version base of the first-write-wins tables (dlq, anomalies): a later write has a lower version. */
    static final long FIRST_WINS = Long.MAX_VALUE;

    private ClickHouseSql() {
    }

    private static String type(Column<?> c) {
        String type = switch (c.clickHouseType()) {
            case STRING, BYTES -> "String";
            case INT32, EPOCH_DAY -> "Int32";
            case INT64, INSTANT -> "Int64";
            case FLOAT64 -> "Float64";
            case BOOL -> "UInt8";
            case DATE -> "Date";
            case VERSION -> "UInt64";
        };
        return c.nullable() ? "Nullable(" + type + ")" : type;
    }

    /** Every table of {@link Tables#ALL} in database {@code db} (quoted). */
    static List<String> ddl(String db) {
        return Tables.ALL.stream().map(t -> create(db, t)).toList();
    }

    static String create(String db, Table<?> t) {
        String columns = t.columns().stream().filter(Column::inClickHouse)
                .map(c -> c.clickHouseName() + " " + type(c)).collect(Collectors.joining(", "));
        String version = t.columns().stream().filter(Column::inClickHouse)
                .filter(c -> c.source() == Source.WRITE_VERSION || c.source() == Source.FIRST_WINS_VERSION)
                .map(c -> "(" + c.clickHouseName() + ")").findFirst().orElse("");
        String partition = t.clickHouseMonth() == null ? "" : " PARTITION BY toYYYYMM(toDateTime(intDiv("
                + t.clickHouseMonth().clickHouseName() + ", 1000000)))";
        return "CREATE TABLE IF NOT EXISTS " + db + "." + t.name() + " (" + columns + ") ENGINE = ReplacingMergeTree"
                + version + partition + " ORDER BY (" + t.key().stream().map(ClickHouseSql::sortingKey)
                .collect(Collectors.joining(", ")) + ")";
    }

    /** Adds nullable column {@code c} to an existing table {@code t} that lacks it (created by an older version). */
    static String addColumn(String db, Table<?> t, Column<?> c) {
        if (!c.nullable()) throw new IllegalArgumentException(c + ": only a nullable column can be added to rows");
        return "ALTER TABLE " + db + "." + t.name() + " ADD COLUMN " + c.clickHouseName() + " " + type(c);
    }

    /** 18.16 refuses Nullable sorting keys: a nullable key column sorts as {@code ifNull(column, '')}. */
    private static String sortingKey(Column<?> c) {
        if (!c.nullable()) return c.clickHouseName();
        if (c.clickHouseType() != Column.Type.STRING) throw new IllegalArgumentException(c + ": a nullable key column");
        return "ifNull(" + c.clickHouseName() + ", '')";
    }

    static String insertColumns(Table<?> t) {
        return t.columns().stream().filter(Column::inClickHouse).map(Column::clickHouseName)
                .collect(Collectors.joining(", "));
    }

    /** A first guess at the RowBinary size of a row (the buffer grows past it). */
    static int bytesPerRow(Table<?> t) {
        return t.columns().stream().mapToInt(c -> c.type() == Column.Type.STRING ? 16 : 9).sum();
    }

    static String selectList(Table<?> t) {
        return t.recordColumns().stream().map(Column::clickHouseName).collect(Collectors.joining(", "));
    }

    /** One row of the table's columns in RowBinary: the record's, then those the store fills. */
    static <T> void write(RowBinaryWriter w, Table<T> t, T row, String id, long version) {
        for (Column<T> c : t.columns()) {
            switch (c.source()) {
                case RECORD -> writeValue(w, c, row);
                case WRITE_VERSION -> w.uint64(version);
                case FIRST_WINS_VERSION -> w.uint64(FIRST_WINS - version);
                case EVENT_ID -> w.string(c.clickHouseName(), id);
                case ROW_VERSION -> {
                    // a DuckDB column: the ReplacingMergeTree version replaces it
                }
            }
        }
    }

    private static <T> void writeValue(RowBinaryWriter w, Column<T> c, T row) {
        switch (c.clickHouseType()) {
            case STRING -> {
                if (c.nullable()) w.nullableString(c.string(row));
                else w.string(c.clickHouseName(), c.string(row));
            }
            case BYTES -> w.bytes(c.bytes(row));
            case INT32 -> w.int32(c.int32(row));
            case INT64 -> w.int64(c.int64(row));
            case FLOAT64 -> {
                if (c.nullable()) w.nullableFloat64(c.float64(row));
                else w.float64(c.float64(row));
            }
            case BOOL -> w.bool(c.bool(row));
            case INSTANT -> {
                if (c.nullable()) w.nullableMicros(c.instant(row));
                else w.micros(c.instant(row));
            }
            case DATE -> {
                if (c.nullable()) w.nullableDate(c.date(row));
                else w.date(c.date(row));
            }
            case EPOCH_DAY -> w.int32(Math.toIntExact(c.date(row).toEpochDay()));
            case VERSION -> throw new IllegalArgumentException(c + " is filled by the store");
        }
    }

    /** The current row of an answer to {@code SELECT selectList(t)}. */
    static Row row(TsvReader r) {
        return new Row() {
            @Override
            public String string(Column<?> c) {
                return r.string(c.index());
            }

            @Override
            public byte[] bytes(Column<?> c) {
                return r.bytes(c.index());
            }

            @Override
            public int int32(Column<?> c) {
                return r.int32(c.index());
            }

            @Override
            public long int64(Column<?> c) {
                return r.int64(c.index());
            }

            @Override
            public double float64(Column<?> c) {
                return r.float64(c.index());
            }

            @Override
            public boolean bool(Column<?> c) {
                return r.bool(c.index());
            }

            @Override
            public Instant instant(Column<?> c) {
                return r.isNull(c.index()) ? null : Micros.toInstant(r.int64(c.index()));
            }

            @Override
            public LocalDate date(Column<?> c) {
                return c.clickHouseType() == Column.Type.EPOCH_DAY ? LocalDate.ofEpochDay(r.int32(c.index()))
                        : r.date(c.index());
            }
        };
    }

    // --- SQL text ---

    /** A ClickHouse string literal: backslash and quote escaped (18.16 has no query parameters). */
    static String lit(String s) {
        if (s == null) return "NULL";
        StringBuilder b = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\0' -> b.append("\\0");
                default -> b.append(c);
            }
        }
        return b.append('\'').toString();
    }

    /** {@code (lit, lit, ...)}. */
    static String in(Iterable<String> values) {
        StringBuilder in = new StringBuilder("(");
        for (String v : values) in.append(in.length() > 1 ? ", " : "").append(lit(v));
        return in.append(')').toString();
    }

    /** {@code [from, to)} on a micros column; a null bound is open. */
    static String window(String column, Instant from, Instant to) {
        return (from == null ? "" : " AND " + column + " >= " + Micros.of(from))
                + (to == null ? "" : " AND " + column + " < " + Micros.of(to));
    }
}
