package com.carbon254.ingestion.iso.csv;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Streams an {@link InputStream} line by line without decoding it: each line is a byte range of {@link #buffer()}
 * (valid until the next {@link #next()}), so a 30 MB CSV is parsed without building a String per line. Accepts LF
 * and CRLF; a trailing line without a newline is still returned. Not thread-safe (one per document).
 */
public final class ByteLines {
    /** A line longer than this is not CSV: stops a newline-free binary body from growing the buffer forever. */
    public static final int MAX_LINE_BYTES = 8 << 20;

    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;
    private int scanFrom;
    private boolean eof;
    private int start;
    private int end;
    private long lineNumber;

    public ByteLines(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[Math.max(bufferSize, 1024)];
    }

    /**
     * Advances to the next line.
     *
     * @return false at the end of the stream
     * @throws LineTooLongException when a line exceeds {@link #MAX_LINE_BYTES}
     * @throws IOException          whatever the underlying stream throws (e.g. a truncated zip member)
     */
    public boolean next() throws IOException {
        while (true) {
            int i = scanFrom;
            for (; i + 8 <= limit; i += 8) {
                long nl = Swar.matches(Swar.read(buf, i), Swar.NEWLINE);
                if (nl != 0) {
                    i += Swar.firstByte(nl);
                    setLine(pos, i);
                    pos = i + 1;
                    scanFrom = pos;
                    return true;
                }
            }
            for (; i < limit; i++) {
                if (buf[i] == '\n') {
                    setLine(pos, i);
                    pos = i + 1;
                    scanFrom = pos;
                    return true;
                }
            }
            scanFrom = limit;
            if (eof) {
                if (pos < limit) {
                    setLine(pos, limit);
                    pos = limit;
                    scanFrom = limit;
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    private void setLine(int s, int e) {
        if (e > s && buf[e - 1] == '\r') e--;
        start = s;
        end = e;
        lineNumber++;
    }

    private void fill() throws IOException {
        if (pos > 0) {
            int rest = limit - pos;
            System.arraycopy(buf, pos, buf, 0, rest);
            scanFrom -= pos;
            limit = rest;
            pos = 0;
        }
        if (limit == buf.length) {
            if (buf.length >= MAX_LINE_BYTES) throw new LineTooLongException(lineNumber + 1, buf.length);
            buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_LINE_BYTES));
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) eof = true;
        else limit += n;
    }

    /** The array holding the current line; valid until the next call to {@link #next()}. */
    public byte[] buffer() {
        return buf;
    }

    /** Offset of the current line in {@link #buffer()}. */
    public int start() {
        return start;
    }

    /** End (exclusive, before any CR/LF) of the current line in {@link #buffer()}. */
    public int end() {
        return end;
    }

    /** 1-based number of the current line. */
    public long lineNumber() {
        return lineNumber;
    }

    /** True when the current line holds only spaces/tabs (or nothing). */
    public boolean isBlank() {
        for (int i = start; i < end; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t') return false;
        }
        return true;
    }

    /** A line longer than {@link #MAX_LINE_BYTES}: the body is not a line-oriented text. */
    public static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(long line, int bytes) {
            super("line " + line + " is longer than " + bytes + " bytes");
        }
    }
}
