package com.carbon254.ingestion.store;

import com.carbon254.ingestion.store.Column.Source;
import com.carbon254.ingestion.store.Column.Type;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * One table both engines keep, defined once ({@link Tables}): its name, its columns in order (the record's, then the
 * ones the store fills), its natural key, how a key written twice is resolved ({@link Versioning}), how a row is read
 * back into its record, and ClickHouse's monthly partitioning. Each engine derives its DDL, its insert column list,
 * its row encoder and its select list from it.
 *
 * @param <T> the record stored, one per row
 */
public final class Table<T> {
    /** How a key written again is resolved; each engine keeps the promise its own way. */
    public enum Versioning {
        /**
         * Written only when the key is absent (Bronze documents). DuckDB: primary key, {@code ON CONFLICT DO NOTHING};
         * ClickHouse: the store checks first, and an unversioned {@code ReplacingMergeTree} on the key collapses two
         * concurrent writes of the same bytes.
         */
        IF_ABSENT,
        /**
         * The latest write of a key wins, one row per key. DuckDB: primary key, {@code INSERT OR REPLACE} from a
         * staging table; ClickHouse: {@code ReplacingMergeTree(updated_at)} on the key, read with {@code FINAL}.
         */
        LATEST_WINS,
        /**
         * The latest write of a key wins, decided when read. DuckDB appends without a key (no index to maintain on the
         * largest tables) and its reads keep the newest row per key; ClickHouse as {@link #LATEST_WINS}.
         */
        APPEND_LATEST_ON_READ,
        /**
         * The first write of an event id stays, with its time (DLQ records, anomalies), keyed by (tenant, id). DuckDB:
         * primary key, {@code ON CONFLICT DO NOTHING}; ClickHouse: {@code ReplacingMergeTree(version)} where a later
         * write has a lower version.
         */
        FIRST_WINS
    }

    /** Reads one row into its record; the row's columns are read by their {@link Column}. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(Row r) throws Exception;
    }

    private final String name;
    private final Versioning versioning;
    private final List<Column<T>> columns;
    private final List<Column<T>> recordColumns;
    private final List<Column<T>> key;
    private final Column<T> clickHouseMonth;
    private final Table<T> copyOf;
    private final Decoder<T> decoder;

    private Table(String name, Versioning versioning, List<Column<T>> columns, List<Column<T>> key,
                  Column<T> clickHouseMonth, Table<T> copyOf, Decoder<T> decoder) {
        this.name = name;
        this.versioning = versioning;
        this.columns = List.copyOf(columns);
        this.recordColumns = this.columns.stream().filter(c -> c.source() == Source.RECORD).toList();
        this.key = List.copyOf(key);
        this.clickHouseMonth = clickHouseMonth;
        this.copyOf = copyOf;
        this.decoder = decoder;
        if (this.key.isEmpty() || !this.columns.containsAll(this.key)) {
            throw new IllegalArgumentException(name + ": the key must be columns of the table");
        }
        // the record's columns, then those the store fills, then record columns added after the table first shipped:
        // an existing table gets those at its end (ALTER TABLE … ADD COLUMN), so they must be nullable and last
        int firstFilled = 0;
        while (firstFilled < this.columns.size() && this.columns.get(firstFilled).source() == Source.RECORD) firstFilled++;
        int lastFilled = firstFilled - 1;
        for (int i = firstFilled; i < this.columns.size(); i++) {
            if (this.columns.get(i).source() != Source.RECORD) lastFilled = i;
        }
        boolean addedLaterOk = this.columns.subList(lastFilled + 1, this.columns.size()).stream()
                .allMatch(Column::nullable);
        if (!this.columns.subList(0, firstFilled).equals(recordColumns.subList(0, firstFilled))
                || this.columns.subList(firstFilled, lastFilled + 1).stream().anyMatch(c -> c.source() == Source.RECORD)
                || !addedLaterOk) {
            throw new IllegalArgumentException(name + ": the columns the store fills must follow the record's (record "
                    + "columns added later come last, nullable)");
        }
        List<Source> filled = this.columns.stream().map(Column::source).filter(s -> s != Source.RECORD).toList();
        List<Source> expected = switch (versioning) {
            case IF_ABSENT -> List.of();
            case LATEST_WINS -> List.of(Source.WRITE_VERSION);
            case APPEND_LATEST_ON_READ -> filled.contains(Source.ROW_VERSION)
                    ? List.of(Source.WRITE_VERSION, Source.ROW_VERSION) : List.of(Source.WRITE_VERSION);
            case FIRST_WINS -> List.of(Source.EVENT_ID, Source.FIRST_WINS_VERSION);
        };
        if (!filled.equals(expected)) {
            throw new IllegalArgumentException(name + ": a " + versioning + " table ends with the columns " + expected
                    + ", not " + filled);
        }
    }

    public static <T> Builder<T> builder(String name, Versioning versioning) {
        return new Builder<>(name, versioning);
    }

    /**
     * A table with this one's columns under another name, key and versioning (the tick revisions: the ticks' columns,
     * every revision kept). DuckDB creates it as a copy of this table.
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the key columns are only read, into an immutable list
    public final Table<T> copy(String copyName, Versioning copyVersioning, Column<T>... copyKey) {
        return new Table<>(copyName, copyVersioning, columns, List.of(copyKey), clickHouseMonth, this, decoder);
    }

    public String name() {
        return name;
    }

    public Versioning versioning() {
        return versioning;
    }

    /** Every column, in order: the record's, then the ones the store fills. */
    public List<Column<T>> columns() {
        return columns;
    }

    /** The columns read back into the record: a prefix of {@link #columns()}. */
    public List<Column<T>> recordColumns() {
        return recordColumns;
    }

    public List<Column<T>> key() {
        return key;
    }

    /** ClickHouse partitions by the month of this instant column; null when the table is not partitioned. */
    public Column<T> clickHouseMonth() {
        return clickHouseMonth;
    }

    /** The table whose columns this one copies, or null. */
    public Table<T> copyOf() {
        return copyOf;
    }

    /** The one column the store fills with an event id; only in a {@link Versioning#FIRST_WINS} table. */
    public Column<T> eventId() {
        return columns.stream().filter(c -> c.source() == Source.EVENT_ID).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " has no event id"));
    }

    /** A row read back: its {@link #recordColumns()}, selected in order. */
    public T decode(Row r) throws Exception {
        return decoder.decode(r);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Columns are added in table order; each method returns the column, to name it in keys and decoders. */
    public static final class Builder<T> {
        private final String name;
        private final Versioning versioning;
        private final List<Column<T>> columns = new ArrayList<>();
        private Column<T> clickHouseMonth;

        private Builder(String name, Versioning versioning) {
            this.name = Objects.requireNonNull(name, "name");
            this.versioning = Objects.requireNonNull(versioning, "versioning");
        }

        private Column<T> add(String column, Type type, boolean nullable, Source source, Object get) {
            Column<T> c = new Column<>(column, type, nullable, source, get);
            columns.add(c);
            return c;
        }

        public Column<T> string(String column, Function<T, String> get) {
            return add(column, Type.STRING, false, Source.RECORD, get);
        }

        public Column<T> nullableString(String column, Function<T, String> get) {
            return add(column, Type.STRING, true, Source.RECORD, get);
        }

        public Column<T> bytes(String column, Function<T, byte[]> get) {
            return add(column, Type.BYTES, false, Source.RECORD, get);
        }

        public Column<T> int32(String column, ToIntFunction<T> get) {
            return add(column, Type.INT32, false, Source.RECORD, get);
        }

        public Column<T> int64(String column, ToLongFunction<T> get) {
            return add(column, Type.INT64, false, Source.RECORD, get);
        }

        /** A double stored as it is, NaN included. */
        public Column<T> float64(String column, ToDoubleFunction<T> get) {
            return add(column, Type.FLOAT64, false, Source.RECORD, get);
        }

        /** A double whose NaN (absent) is stored as NULL, and read back as NaN. */
        public Column<T> nullableFloat64(String column, ToDoubleFunction<T> get) {
            return add(column, Type.FLOAT64, true, Source.RECORD, get);
        }

        public Column<T> bool(String column, Predicate<T> get) {
            return add(column, Type.BOOL, false, Source.RECORD, get);
        }

        public Column<T> instant(String column, Function<T, Instant> get) {
            return add(column, Type.INSTANT, false, Source.RECORD, get);
        }

        public Column<T> nullableInstant(String column, Function<T, Instant> get) {
            return add(column, Type.INSTANT, true, Source.RECORD, get);
        }

        public Column<T> date(String column, Function<T, LocalDate> get) {
            return add(column, Type.DATE, false, Source.RECORD, get);
        }

        public Column<T> nullableDate(String column, Function<T, LocalDate> get) {
            return add(column, Type.DATE, true, Source.RECORD, get);
        }

        /** {@code updated_at}, the write's version ({@link Source#WRITE_VERSION}). */
        public Column<T> updatedAt() {
            return add("updated_at", Type.VERSION, false, Source.WRITE_VERSION, null);
        }

        /** DuckDB's {@code version BIGINT} per row ({@link Source#ROW_VERSION}). */
        public Column<T> rowVersion() {
            return add("version", Type.INT64, false, Source.ROW_VERSION, null);
        }

        /** {@code id}, the record's deterministic event id ({@link Source#EVENT_ID}). */
        public Column<T> eventId(Function<T, String> id) {
            return add("id", Type.STRING, false, Source.EVENT_ID, id);
        }

        /** ClickHouse's {@code version} of a first-write-wins table ({@link Source#FIRST_WINS_VERSION}). */
        public Column<T> firstWinsVersion() {
            return add("version", Type.VERSION, false, Source.FIRST_WINS_VERSION, null);
        }

        /** ClickHouse partitions the table by the month of this instant column. */
        public Builder<T> clickHouseMonthOf(Column<T> instant) {
            if (instant.type() != Type.INSTANT || !columns.contains(instant)) {
                throw new IllegalArgumentException(name + ": partitions by an instant column of its own");
            }
            clickHouseMonth = instant;
            return this;
        }

        @SafeVarargs
        @SuppressWarnings("varargs") // the key columns are only read, into an immutable list
        public final Table<T> build(Decoder<T> decoder, Column<T>... key) {
            // the record's columns are numbered first, in order: their place in a read's select list
            int next = 0;
            for (Column<T> c : columns) if (c.source() == Source.RECORD) c.index(next++);
            for (Column<T> c : columns) if (c.source() != Source.RECORD) c.index(next++);
            return new Table<>(name, versioning, columns, List.of(key), clickHouseMonth, null, decoder);
        }
    }
}
