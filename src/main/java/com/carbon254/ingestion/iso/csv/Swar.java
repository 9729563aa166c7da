package com.carbon254.ingestion.iso.csv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight-bytes-at-a-time byte search ("SIMD within a register") for the CSV hot loops: one long read and a few
 * arithmetic operations tell which of 8 bytes equal a delimiter, instead of 8 compare-and-branch steps.
 */
final class Swar {
    /** Plain (unaligned) little-endian long reads from a byte[]: byte {@code i} is the lowest byte of the long. */
    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final long COMMA = broadcast(',');
    static final long QUOTE = broadcast('"');
    static final long NEWLINE = broadcast('\n');
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    private Swar() {
    }

    static long broadcast(char c) {
        return 0x0101010101010101L * (c & 0xff);
    }

    /**
     * 0x80 in every byte of {@code word} equal to the byte broadcast in {@code pattern}, 0 elsewhere. Exact for every
     * byte (no borrow between bytes, unlike the shorter {@code (x - 0x01..) & ~x & 0x80..} test, which also flags a
     * {@code '-'} right after a {@code ','}).
     */
    static long matches(long word, long pattern) {
        long x = word ^ pattern;
        long y = (x & LOW7) + LOW7;
        return ~(y | x | LOW7);
    }

    /** Offset (0..7) of the lowest matching byte of a non-zero {@link #matches} result. */
    static int firstByte(long matches) {
        return Long.numberOfTrailingZeros(matches) >>> 3;
    }

    static long read(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }
}
