package com.carbon254.ingestion.iso.spp;

import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.Markets;
import com.carbon254.ingestion.iso.csv.ByteLines;
import com.carbon254.ingestion.iso.csv.ByteSymbols;
import com.carbon254.ingestion.iso.csv.CsvFields;
import com.carbon254.ingestion.iso.csv.SmallMaps;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SPP Integrated Marketplace portal CSVs of LMPs by settlement location (DOMAIN.md "Formats"): the day-ahead file
 * {@code DA-LMP-SL-<yyyyMMdd>0100.csv} (one operating day, hourly) and the real-time file
 * {@code RTBM-LMP-SL-<yyyyMMddHHmm>.csv} (one 5-minute interval, named by its local interval end). Both have the
 * header {@code Interval,GMTIntervalEnd,[BAA,]Settlement Location,Pnode,LMP,MLC,MCC,MEC}; the {@code BAA} column
 * appeared in 2026, so every column is found by name (any order, extra columns ignored, names trimmed and compared
 * without case). One row is already one (settlement location, interval): each becomes one {@link RawRecord} with
 * location = {@code Settlement Location} as published, attributes {@value #ATTR_INTERVAL} (the local interval-ending
 * label, which repeats on the fall-back day), {@value #ATTR_GMT_END} (the UTC interval END, which does not),
 * {@value #ATTR_PNODE} and, when the column exists, {@value #ATTR_BAA}; values {@code LMP}, {@code MLC}, {@code MCC},
 * {@code MEC} as written (an empty cell is an absent component).
 *
 * <p>The dataset is read from the content, not the name: a file whose intervals end off the hour is
 * {@value #DATASET_RT} ({@value #MARKET_RT}); one with several intervals, all ending on the hour, is
 * {@value #DATASET_DA} ({@value #MARKET_DA}). Only a file holding a single on-the-hour interval (an RTBM file at
 * {@code :00}, or a one-hour slice of a day-ahead file) cannot tell by itself: there the document name decides
 * ({@code DA-LMP} → day-ahead), else it is real-time.
 *
 * <p>A 0-byte document is refused as {@code empty_document}: SPP really serves 0-byte RTBM files for intervals it
 * has not priced; that is a missing interval, not a table without rows. Rows with the wrong number of cells or no
 * settlement location are {@code malformed_row}, a second row for the same (location, GMTIntervalEnd) is an
 * {@code identical} duplicate (dropped) or a {@code conflicting_duplicate} (rejected, the first kept); the rest of
 * the document goes on.
 *
 * <p>Stateless and thread-safe.
 */
public final class SppConnector implements Connector {
    public static final String NAME = "spp";
    public static final String ISO = "SPP";
    public static final String DATASET_DA = "da_lmp_sl";
    public static final String DATASET_RT = "rtbm_lmp_sl";
    public static final String MARKET_DA = Markets.DA_HOURLY;
    public static final String MARKET_RT = Markets.RT_5MIN;

    /** SPP's {@code Interval}: the local (Central prevailing) interval END, a label only. */
    public static final String ATTR_INTERVAL = "interval";
    /** SPP's {@code GMTIntervalEnd}: the interval END in UTC, {@code MM/dd/yyyy HH:mm:ss}. */
    public static final String ATTR_GMT_END = "gmt_interval_end";
    /** SPP's {@code Pnode}: the pricing node the settlement location is priced at. */
    public static final String ATTR_PNODE = "pnode";
    /** SPP's {@code BAA} (2026 on): the balancing authority area, {@code SPP} or {@code SWPW}. */
    public static final String ATTR_BAA = "baa";

    /** The columns every file has, by name. */
    public static final List<String> COLUMNS = List.of("Interval", "GMTIntervalEnd", "Settlement Location", "Pnode",
            "LMP", "MLC", "MCC", "MEC");
    /** The price columns, in the order they are written into {@link RawRecord#values()}. */
    public static final List<String> VALUES = List.of("LMP", "MLC", "MCC", "MEC");

    private static final String[] VALUE_KEYS = VALUES.toArray(new String[0]);
    private static final int MAX_PREVIEW = 80;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String iso() {
        return ISO;
    }

    /** {@code GMTIntervalEnd} as an instant. */
    @Override
    public Optional<Instant> intervalEnd(RawRecord r) {
        long s = seconds(r.attr(ATTR_GMT_END));
        return s == NOT_A_TIME ? Optional.empty() : Optional.of(Instant.ofEpochSecond(s));
    }

    @Override
    public Extraction extract(RawDocument document) throws DocumentRejectedException {
        byte[] c = document.content();
        if (c == null || c.length == 0) {
            throw new DocumentRejectedException("empty_document", "document is 0 bytes: SPP serves a 0-byte file for"
                    + " an interval it has not priced; that is a missing interval, not a table without rows");
        }
        try {
            return parse(document, c);
        } catch (ByteLines.LineTooLongException e) {
            throw new DocumentRejectedException("unrecognized_document", "not an SPP CSV: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
    }

    private Extraction parse(RawDocument doc, byte[] c) throws IOException, DocumentRejectedException {
        int bom = c.length >= 3 && c[0] == (byte) 0xEF && c[1] == (byte) 0xBB && c[2] == (byte) 0xBF ? 3 : 0;
        ByteLines lines = new ByteLines(new ByteArrayInputStream(c, bom, c.length - bom), 1 << 17);
        CsvFields f = new CsvFields();
        do {
            if (!lines.next()) {
                throw new DocumentRejectedException("empty_document", "document holds only whitespace");
            }
        } while (lines.isBlank());
        long headerLine = lines.lineNumber();
        int ncols = f.split(lines.buffer(), lines.start(), lines.end());
        List<String> header = new ArrayList<>(ncols);
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < ncols; i++) {
            String name = f.string(i);
            header.add(name);
            col.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
        }
        List<String> missing = new ArrayList<>();
        for (String name : COLUMNS) if (!col.containsKey(name.toLowerCase(Locale.ROOT))) missing.add(name);
        if (!missing.isEmpty()) {
            // another SPP report (a by-bus or daily file) or a drifted header, rather than some other CSV
            boolean spp = col.containsKey("gmtintervalend") || col.containsKey("settlement location")
                    || (col.containsKey("interval") && col.containsKey("mlc") && col.containsKey("mec"));
            if (!spp) {
                throw new DocumentRejectedException("unrecognized_document", "not an SPP LMP-by-settlement-location"
                        + " CSV: line " + headerLine + " starts with '" + preview(lines) + "'");
            }
            throw new DocumentRejectedException("header_drift", "line " + headerLine + ": missing column"
                    + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing) + "; expected "
                    + String.join(",", COLUMNS) + " (BAA optional), found " + String.join(",", header));
        }
        final int cInterval = col.get("interval");
        final int cGmt = col.get("gmtintervalend");
        final int cLoc = col.get("settlement location");
        final int cPnode = col.get("pnode");
        final int cBaa = col.getOrDefault("baa", -1);
        final int[] cValue = new int[VALUE_KEYS.length];
        for (int v = 0; v < VALUE_KEYS.length; v++) cValue[v] = col.get(VALUE_KEYS[v].toLowerCase(Locale.ROOT));

        ByteSymbols locations = new ByteSymbols(2048);
        ByteSymbols times = new ByteSymbols(64);
        ByteSymbols labels = new ByteSymbols(2048);
        int[] lastGroupOf = new int[2048]; // per location: index + 1 of its latest row (0 = none); Row.previous chains
        List<Row> rows = new ArrayList<>(2048);
        List<Rejection> rejections = new ArrayList<>();
        long sourceRows = 0;

        while (lines.next()) {
            if (lines.isBlank()) continue;
            sourceRows++;
            long line = lines.lineNumber();
            int n = f.split(lines.buffer(), lines.start(), lines.end());
            if (n != ncols) {
                rejections.add(Rejection.wrongCellCount("line " + line, line, ncols, n));
                continue;
            }
            byte[] d = f.data();
            int ls = CsvFields.trimStart(d, f.start(cLoc), f.end(cLoc));
            int le = CsvFields.trimEnd(d, ls, f.end(cLoc));
            if (ls == le) {
                rejections.add(new Rejection("malformed_row", "line " + line + ": empty Settlement Location", line,
                        null));
                continue;
            }
            int loc = locations.id(d, ls, le - ls);
            int gmt = symbol(times, d, f.start(cGmt), f.end(cGmt));
            if (loc >= lastGroupOf.length) lastGroupOf = Arrays.copyOf(lastGroupOf, lastGroupOf.length * 2);
            String[] values = new String[VALUE_KEYS.length];
            for (int v = 0; v < VALUE_KEYS.length; v++) {
                int s = CsvFields.trimStart(d, f.start(cValue[v]), f.end(cValue[v]));
                int e = CsvFields.trimEnd(d, s, f.end(cValue[v]));
                if (e > s) values[v] = new String(d, s, e - s, StandardCharsets.ISO_8859_1);
            }
            Row seen = null;
            for (int g = lastGroupOf[loc] - 1; g >= 0; g = rows.get(g).previous) {
                if (rows.get(g).gmt == gmt) {
                    seen = rows.get(g);
                    break;
                }
            }
            if (seen != null) {
                if (!Arrays.equals(seen.values, values)) { // an identical repeat carries nothing new: dropped
                    rejections.add(new Rejection("conflicting_duplicate", "line " + line + ": settlement location "
                            + locations.string(loc) + " at GMTIntervalEnd " + times.string(gmt) + " has prices "
                            + Arrays.toString(values) + " but " + Arrays.toString(seen.values) + " at line "
                            + seen.line + " (the first is kept)", line, locations.string(loc)));
                }
                continue;
            }
            int interval = symbol(labels, d, f.start(cInterval), f.end(cInterval));
            int pnode = symbol(labels, d, f.start(cPnode), f.end(cPnode));
            int baa = cBaa < 0 ? -1 : symbol(labels, d, f.start(cBaa), f.end(cBaa));
            rows.add(new Row(loc, gmt, interval, pnode, baa, values, line, lastGroupOf[loc] - 1));
            lastGroupOf[loc] = rows.size();
        }

        boolean realTime = realTime(times, doc.name());
        String dataset = realTime ? DATASET_RT : DATASET_DA;
        String market = realTime ? MARKET_RT : MARKET_DA;
        List<RawRecord> records = new ArrayList<>(rows.size());
        String[] kv = new String[8];
        String[] vv = new String[2 * VALUE_KEYS.length];
        for (Row r : rows) {
            int a = 0;
            kv[a++] = ATTR_INTERVAL;
            kv[a++] = labels.string(r.interval);
            kv[a++] = ATTR_GMT_END;
            kv[a++] = times.string(r.gmt);
            kv[a++] = ATTR_PNODE;
            kv[a++] = labels.string(r.pnode);
            if (r.baa >= 0) {
                kv[a++] = ATTR_BAA;
                kv[a++] = labels.string(r.baa);
            }
            int v = 0;
            for (int k = 0; k < VALUE_KEYS.length; k++) {
                if (r.values[k] == null) continue;
                vv[v++] = VALUE_KEYS[k];
                vv[v++] = r.values[k];
            }
            records.add(new RawRecord(doc.tenant(), ISO, dataset, market, doc.sha256(), r.line,
                    locations.string(r.location), SmallMaps.of(kv, a / 2), SmallMaps.of(vv, v / 2)));
        }
        return new Extraction(dataset, market, Collections.unmodifiableList(records),
                Collections.unmodifiableList(rejections), sourceRows);
    }

    /**
     * Real-time when an interval ends off the hour; day-ahead when several intervals all end on the hour; a single
     * on-the-hour interval (or none) goes by the document name ({@code DA-LMP} → day-ahead), else real-time.
     */
    private static boolean realTime(ByteSymbols times, String name) {
        int hourly = 0;
        for (int t = 0; t < times.size(); t++) {
            long s = seconds(times.string(t));
            if (s == NOT_A_TIME) continue;
            if (Math.floorMod(s, 3600) != 0) return true;
            hourly++;
        }
        if (hourly > 1) return false;
        String n = name == null ? "" : name.toUpperCase(Locale.ROOT);
        return !n.contains("DA-LMP");
    }

    /** One row: a (location, interval) with its labels and prices, chained to the location's previous row. */
    private record Row(int location, int gmt, int interval, int pnode, int baa, String[] values, long line,
                       int previous) {
    }

    // ---------------------------------------------------------------- SPP's timestamps

    /** What {@link #seconds} answers for text that is not an SPP timestamp. */
    static final long NOT_A_TIME = Long.MIN_VALUE;

    /**
     * An SPP timestamp {@code MM/dd/yyyy HH:mm:ss} (single-digit month, day and hour and a missing {@code :ss} are
     * accepted) as seconds since the epoch, reading the wall time as if it were UTC; {@link #NOT_A_TIME} when the
     * text is not one (or not a real date and time). Read by hand: called for every record.
     */
    static long seconds(String s) {
        if (s == null) return NOT_A_TIME;
        int n = s.length();
        int i = 0;
        while (i < n && s.charAt(i) == ' ') i++;
        while (n > i && s.charAt(n - 1) == ' ') n--;
        int[] at = {i};
        int month = number(s, at, n, 1, 2);
        if (month < 0 || !skip(s, at, n, '/')) return NOT_A_TIME;
        int day = number(s, at, n, 1, 2);
        if (day < 0 || !skip(s, at, n, '/')) return NOT_A_TIME;
        int year = number(s, at, n, 4, 4);
        if (year < 0 || !skip(s, at, n, ' ')) return NOT_A_TIME;
        int hour = number(s, at, n, 1, 2);
        if (hour < 0 || !skip(s, at, n, ':')) return NOT_A_TIME;
        int minute = number(s, at, n, 2, 2);
        int second = 0;
        if (at[0] < n) {
            if (!skip(s, at, n, ':')) return NOT_A_TIME;
            second = number(s, at, n, 2, 2);
        }
        if (minute < 0 || second < 0 || at[0] != n || hour > 23 || minute > 59 || second > 59) return NOT_A_TIME;
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return NOT_A_TIME;
        }
        return epochDay * 86_400L + hour * 3600L + minute * 60L + second;
    }

    private static int number(String s, int[] at, int n, int minDigits, int maxDigits) {
        int v = 0;
        int k = 0;
        int i = at[0];
        while (i < n && k < maxDigits) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') break;
            v = v * 10 + (ch - '0');
            i++;
            k++;
        }
        at[0] = i;
        return k < minDigits ? -1 : v;
    }

    private static boolean skip(String s, int[] at, int n, char expected) {
        if (at[0] >= n || s.charAt(at[0]) != expected) return false;
        at[0]++;
        return true;
    }

    // ---------------------------------------------------------------- bytes

    /** The id of the cell {@code d[s, e)} without surrounding spaces. */
    private static int symbol(ByteSymbols symbols, byte[] d, int s, int e) {
        int from = CsvFields.trimStart(d, s, e);
        return symbols.id(d, from, CsvFields.trimEnd(d, from, e) - from);
    }

    private static String preview(ByteLines lines) {
        int len = Math.min(lines.end() - lines.start(), MAX_PREVIEW);
        String s = new String(lines.buffer(), lines.start(), len, StandardCharsets.UTF_8).strip();
        return len < lines.end() - lines.start() ? s + "…" : s;
    }
}
