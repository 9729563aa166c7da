package com.carbon254.ingestion.store.clickhouse;

import com.carbon254.ingestion.store.Micros;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Rows in ClickHouse's {@code RowBinary} format, the body of an {@code INSERT ... FORMAT RowBinary}. Chosen over TSV
 * because ClickHouse 18.16 parses text floats up to one ulp off (RowBinary sends the IEEE bits) and because binary
 * needs no escaping of the tabs, newlines and backslashes ISO files contain. Nullable columns take a 0/1 marker
 * byte before the value.
 */
final class RowBinaryWriter {
    private final Buffer buf;

    RowBinaryWriter(int initialBytes) {
        buf = Buffer.buffer(initialBytes);
    }

    Buffer buffer() {
        return buf;
    }

    RowBinaryWriter int64(long v) {
        buf.appendLongLE(v);
        return this;
    }

    /** UInt64 column; {@code v} must not be negative. */
    RowBinaryWriter uint64(long v) {
        if (v < 0) throw new IllegalArgumentException("negative UInt64 " + v);
        buf.appendLongLE(v);
        return this;
    }

    RowBinaryWriter int32(int v) {
        buf.appendIntLE(v);
        return this;
    }

    RowBinaryWriter bool(boolean v) {
        buf.appendByte((byte) (v ? 1 : 0));
        return this;
    }

    RowBinaryWriter float64(double v) {
        buf.appendDoubleLE(v);
        return this;
    }

    /** Nullable(Float64): NaN is written as NULL. */
    RowBinaryWriter nullableFloat64(double v) {
        if (Double.isNaN(v)) return isNull();
        return notNull().float64(v);
    }

    /** An instant as Int64 microseconds since the epoch (18.16 has no DateTime64). */
    RowBinaryWriter micros(Instant t) {
        return int64(Micros.of(t));
    }

    RowBinaryWriter nullableMicros(Instant t) {
        if (t == null) return isNull();
        return notNull().micros(t);
    }

    /** String (not Nullable): null is refused, so a missing key column fails the write instead of becoming "". */
    RowBinaryWriter string(String column, String s) {
        if (s == null) throw new IllegalArgumentException(column + " is required but was null");
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    RowBinaryWriter nullableString(String s) {
        if (s == null) return isNull();
        return notNull().bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A String column holding raw bytes. */
    RowBinaryWriter bytes(byte[] b) {
        varUInt(b.length);
        buf.appendBytes(b);
        return this;
    }

    /** Date: days since 1970-01-01 as UInt16, the range ClickHouse's Date holds. */
    RowBinaryWriter date(LocalDate d) {
        long days = d.toEpochDay();
        if (days < 0 || days > 0xFFFF) throw new IllegalArgumentException("date " + d + " outside ClickHouse's Date range");
        buf.appendUnsignedShortLE((int) days);
        return this;
    }

    RowBinaryWriter nullableDate(LocalDate d) {
        if (d == null) return isNull();
        return notNull().date(d);
    }

    private RowBinaryWriter isNull() {
        buf.appendByte((byte) 1);
        return this;
    }

    private RowBinaryWriter notNull() {
        buf.appendByte((byte) 0);
        return this;
    }

    /** LEB128, the length prefix of String. */
    private void varUInt(long v) {
        while ((v & ~0x7FL) != 0) {
            buf.appendByte((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buf.appendByte((byte) v);
    }
}
