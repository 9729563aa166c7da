package com.carbon254.ingestion.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * One column of a {@link Table}: its name, logical {@link Type}, nullability, and where its value comes from — a
 * typed accessor of the record the table stores (no boxing on the write path), or the store itself
 * ({@link Source}). Each engine maps the logical type to its physical type; where an engine must differ beyond that
 * mapping, the column says so ({@link #clickHouseAs}), next to the reason in {@link Tables}.
 *
 * @param <T> the record the table stores
 */
public final class Column<T> {
    /** Logical types; each engine spells them its own way ({@code DuckDbSql}, {@code ClickHouseSql}). */
    public enum Type {
        STRING, BYTES, INT32, INT64,
        /** A double. When nullable, NaN (an absent tick component) is stored as NULL and read back as NaN. */
        FLOAT64,
        BOOL,
        /** An instant, kept as microseconds since the epoch, UTC ({@link Micros}). */
        INSTANT,
        DATE,
        /** A date as its day number (days since 1970-01-01, 32 bits): any date round-trips, ranges compare as ints. */
        EPOCH_DAY,
        /** A write's version: microseconds since the epoch, growing with every write of a store ({@link Source}). */
        VERSION
    }

    /** Where a column's value comes from. Columns the store fills follow the record's and are never read back. */
    public enum Source {
        /** The record, through the column's accessor. */
        RECORD,
        /** The write's version ({@code updated_at}): a later write of a key replaces an earlier one. */
        WRITE_VERSION,
        /**
         * DuckDB only: one increasing version per row of an append-only table whose batches are written without first
         * collapsing repeated keys, so the read can keep the newest row per key, within a batch too.
         */
        ROW_VERSION,
        /** The record's deterministic event id ({@code EventIds}), which the accessor computes. */
        EVENT_ID,
        /**
         * ClickHouse only: the version of a first-write-wins table, {@code FIRST_WINS - write version}: the merge keeps
         * the highest, so the first write of a key stays.
         */
        FIRST_WINS_VERSION
    }

    private final String name;
    private final Type type;
    private final boolean nullable;
    private final Source source;
    /** A Function, ToIntFunction, ToLongFunction, ToDoubleFunction or Predicate of T, as {@link #type} needs. */
    private final Object get;
    /** {@link #get} returning an object: the accessor itself, or boxing it. */
    private final Function<T, ?> boxed;
    private String clickHouseName;
    private Type clickHouseType;
    private int index = -1;

    Column(String name, Type type, boolean nullable, Source source, Object get) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.nullable = nullable;
        this.source = Objects.requireNonNull(source, "source");
        this.get = get;
        this.boxed = boxed();
        this.clickHouseName = name;
        this.clickHouseType = type;
    }

    /**
     * Stores this column in ClickHouse under another name and type, for a layout that predates this definition and
     * that existing databases keep. Only a DATE may become an EPOCH_DAY (the value is the same {@link LocalDate}).
     */
    public Column<T> clickHouseAs(String physicalName, Type physicalType) {
        if (index >= 0) throw new IllegalStateException(name + ": its table is built");
        if (type != Type.DATE || physicalType != Type.EPOCH_DAY) {
            throw new IllegalArgumentException(name + ": only a DATE may be kept as an EPOCH_DAY in ClickHouse");
        }
        this.clickHouseName = Objects.requireNonNull(physicalName, "physicalName");
        this.clickHouseType = physicalType;
        return this;
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public boolean nullable() {
        return nullable;
    }

    public Source source() {
        return source;
    }

    public String clickHouseName() {
        return clickHouseName;
    }

    public Type clickHouseType() {
        return clickHouseType;
    }

    public boolean inDuckDb() {
        return source != Source.FIRST_WINS_VERSION;
    }

    public boolean inClickHouse() {
        return source != Source.ROW_VERSION;
    }

    /**
     * The record's columns numbered first, in table order (0-based), then those the store fills: a record column's
     * position in a read's select list ({@link Table#recordColumns()}).
     */
    public int index() {
        return index;
    }

    void index(int i) {
        if (index >= 0) throw new IllegalStateException(name + " belongs to another table already");
        index = i;
    }

    // --- the record's value, typed ---

    @SuppressWarnings("unchecked")
    public String string(T row) {
        return ((Function<T, String>) get).apply(row);
    }

    @SuppressWarnings("unchecked")
    public byte[] bytes(T row) {
        return ((Function<T, byte[]>) get).apply(row);
    }

    @SuppressWarnings("unchecked")
    public int int32(T row) {
        return ((ToIntFunction<T>) get).applyAsInt(row);
    }

    @SuppressWarnings("unchecked")
    public long int64(T row) {
        return ((ToLongFunction<T>) get).applyAsLong(row);
    }

    @SuppressWarnings("unchecked")
    public double float64(T row) {
        return ((ToDoubleFunction<T>) get).applyAsDouble(row);
    }

    @SuppressWarnings("unchecked")
    public boolean bool(T row) {
        return ((Predicate<T>) get).test(row);
    }

    @SuppressWarnings("unchecked")
    public Instant instant(T row) {
        return ((Function<T, Instant>) get).apply(row);
    }

    @SuppressWarnings("unchecked")
    public LocalDate date(T row) {
        return ((Function<T, LocalDate>) get).apply(row);
    }

    /** The value as an object (boxed where primitive): for keys, not for the write path. */
    Object value(T row) {
        return boxed.apply(row);
    }

    @SuppressWarnings("unchecked")
    private Function<T, ?> boxed() {
        return switch (type) {
            case INT32 -> row -> int32(row);
            case INT64 -> row -> int64(row);
            case FLOAT64 -> row -> float64(row);
            case BOOL -> row -> bool(row);
            case VERSION -> row -> {
                throw new IllegalStateException(name + " is filled by the store");
            };
            default -> (Function<T, ?>) get;
        };
    }

    @Override
    public String toString() {
        return name + " " + type + (nullable ? " NULL" : "");
    }
}
