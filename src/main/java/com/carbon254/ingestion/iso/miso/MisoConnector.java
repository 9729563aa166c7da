package com.carbon254.ingestion.iso.miso;

import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.Timestamps;
import com.carbon254.ingestion.iso.csv.SmallMaps;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MISO day-ahead market-report CSVs ({@code <YYYYMMDD>_da_expost_lmp.csv}, {@code _da_exante_lmp.csv}; the 2011
 * name was "Day Ahead Market LMPs"): a preamble (title, {@code MM/DD/YYYY}, blank, an EST note), the header
 * {@code Node,Type,Value,HE 1..HE 24}, then one row per node x Value (LMP, MCC, MLC) grouped by Value. Pivots to one
 * {@link RawRecord} per (node, hour ending): attributes {@code date} (ISO), {@code he} (1..24), {@code type},
 * {@code revision}; values keyed by the Value label, as the raw strings.
 *
 * <p>Dataset from the title: "ExAnte"/"Ex-Ante" → {@value #DATASET_EXANTE} (revision {@code exante}), another
 * day-ahead LMP title → {@value #DATASET_EXPOST} ({@code expost}); market {@value #MARKET}. The header must be
 * exactly the expected one: hour columns are positional, so any difference is {@code header_drift}.
 *
 * <p>MISO public-API real-time 5-minute ex-post LMPs ({@code /MarketPricing/GetRealTimeFiveMinExPost/Current} and
 * {@code /Rolling}): a document whose first non-blank character is <code>{</code> is read as the API's table
 * <code>{"headers":[...],"data":[[...],...]}</code> → dataset {@value #DATASET_RT_5MIN}, market
 * {@value #MARKET_RT_5MIN}. Columns are found by name in {@code headers} (any order, extra columns ignored), so only
 * a missing {@link #RT_5MIN_COLUMNS} column is {@code header_drift}. One {@link RawRecord} per row (node x interval):
 * attributes {@value #ATTR_INTERVAL_END_EST} ({@code INTERVAL} as given: the interval END in EST) and
 * {@code revision} = {@code expost}; values {@code LMP}, {@code MCC}, {@code MLC} (and {@code MEC} when the API
 * adds it) as the JSON's own text, whether the API wrote numbers or strings. Position = the 1-based row in
 * {@code data}.
 *
 * <p>Stateless and thread-safe.
 */
public final class MisoConnector implements Connector {
    public static final String NAME = "miso";
    public static final String ISO = "MISO";
    public static final String DATASET_EXPOST = "lmp_da_expost";
    public static final String DATASET_EXANTE = "lmp_da_exante";
    public static final String MARKET = "DA_HOURLY";
    public static final String DATASET_RT_5MIN = "lmp_rt_5min";
    public static final String MARKET_RT_5MIN = "RT_5MIN";
    /** Real-time records: MISO's {@code INTERVAL}, the interval END in EST, as the API wrote it. */
    public static final String ATTR_INTERVAL_END_EST = "interval_end_est";
    /** The columns a real-time 5-minute table must have (by name; DOMAIN.md). */
    public static final List<String> RT_5MIN_COLUMNS = List.of("INTERVAL", "CPNODE", "LMP", "MLC", "MCC");
    /** Price columns copied into a real-time record's values when present; MEC is optional. */
    private static final List<String> RT_5MIN_VALUES = List.of("LMP", "MCC", "MLC", "MEC");
    private static final JsonFactory JSON = JsonFactory.builder().build();

    public static final String ATTR_DATE = "date";
    public static final String ATTR_HE = "he";
    public static final String ATTR_TYPE = RawRecord.TYPE;
    public static final String ATTR_REVISION = "revision";
    /**
     * Prefix of an attribute naming the source line of one Value ({@code line:MCC} → {@code 2879}); added only when
     * a cell does not look like a plain decimal, so the normalizer's rejection can name the exact line.
     */
    public static final String ATTR_LINE_PREFIX = "line:";

    /** The header, cell by cell. */
    public static final List<String> HEADER;

    static {
        List<String> h = new ArrayList<>(27);
        h.add("Node");
        h.add("Type");
        h.add("Value");
        for (int i = 1; i <= 24; i++) h.add("HE " + i);
        HEADER = List.copyOf(h);
    }

    private static final String[] HE_LABELS = new String[25];

    static {
        for (int i = 1; i <= 24; i++) HE_LABELS[i] = Integer.toString(i).intern();
    }

    private static final DateTimeFormatter PREAMBLE_DATE =
            DateTimeFormatter.ofPattern("M/d/uuuu", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String iso() {
        return ISO;
    }

    /**
     * 5-minute records: {@code INTERVAL} is the END in fixed EST; day-ahead: the date's hour-ending in EST. Called once
     * per record (coverage, reprocess windows, streaming cursors), so read without formatters.
     */
    @Override
    public java.util.Optional<java.time.Instant> intervalEnd(RawRecord r) {
        String end = r.attr(ATTR_INTERVAL_END_EST);
        if (end != null) {
            java.time.LocalDateTime t = Timestamps.localDateTime(end);
            return t == null ? java.util.Optional.empty() : java.util.Optional.of(t.toInstant(Miso.EST));
        }
        java.time.LocalDate date = Timestamps.isoDate(r.attr(ATTR_DATE));
        int he = Timestamps.smallInt(r.attr(ATTR_HE));
        if (date == null || he < 0) return java.util.Optional.empty();
        return java.util.Optional.of(java.time.Instant.ofEpochSecond(date.toEpochDay() * 86_400L + 3600L * he
                - Miso.EST.getTotalSeconds()));
    }

    @Override
    public Extraction extract(RawDocument document) throws DocumentRejectedException {
        byte[] c = document.content();
        if (c == null || c.length == 0) throw new DocumentRejectedException("empty_document", "document is 0 bytes");
        int first = firstNonBlank(c);
        if (first < c.length && c[first] == '{') return extractRealTime(document, c, first);
        List<String> lines = lines(c);
        int i = 0;
        while (i < lines.size() && lines.get(i).isBlank()) i++;
        if (i == lines.size()) throw new DocumentRejectedException("empty_document", "document holds only whitespace");

        // preamble: title, date, then blank/note lines up to the header
        int titleLine = i;
        String title = stripTrailingCommas(lines.get(i++));
        String lower = title.toLowerCase(Locale.ROOT);
        String dataset;
        String revision;
        if (lower.startsWith("node,")) {
            throw new DocumentRejectedException("unrecognized_document",
                    "no preamble: line " + (titleLine + 1) + " is the header, so the market date is unknown");
        } else if (lower.contains("real-time") || lower.contains("real time") || lower.contains("realtime")) {
            throw new DocumentRejectedException("unrecognized_document",
                    "'" + abbreviate(title) + "' is a real-time report; this connector reads day-ahead LMP reports");
        } else if (lower.contains("exante") || lower.contains("ex-ante") || lower.contains("ex ante")) {
            dataset = DATASET_EXANTE;
            revision = "exante";
        } else if ((lower.contains("day ahead") || lower.contains("day-ahead") || lower.contains("dayahead"))
                && lower.contains("lmp")) {
            dataset = DATASET_EXPOST;
            revision = "expost";
        } else {
            throw new DocumentRejectedException("unrecognized_document", "line " + (titleLine + 1) + ": title '"
                    + abbreviate(title) + "' is not a MISO day-ahead LMP report");
        }
        if (i == lines.size()) {
            throw new DocumentRejectedException("unrecognized_document", "preamble ends after the title: no date");
        }
        String dateText = stripTrailingCommas(lines.get(i)).strip();
        LocalDate date;
        try {
            date = LocalDate.parse(dateText, PREAMBLE_DATE);
        } catch (DateTimeParseException e) {
            throw new DocumentRejectedException("unrecognized_document", "line " + (i + 1)
                    + ": expected the market date as MM/DD/YYYY, found '" + abbreviate(dateText) + "'", e);
        }
        i++;
        while (i < lines.size()) {
            String l = lines.get(i);
            if (l.isBlank()) {
                i++;
                continue;
            }
            if (!l.startsWith(",")) break; // the note line has an empty first cell; the header does not
            String note = l.toLowerCase(Locale.ROOT);
            if (!note.contains("eastern standard time") && !note.contains("(est)")) {
                // a note that no longer says EST would change every timestamp: treat it as drift, not a detail
                throw new DocumentRejectedException("header_drift", "line " + (i + 1) + ": time note '"
                        + abbreviate(stripTrailingCommas(l.replaceFirst("^,+", ""))) + "' no longer says hour-ending"
                        + " Eastern Standard Time (EST)");
            }
            i++;
        }
        if (i == lines.size()) {
            throw new DocumentRejectedException("header_drift", "no header line after the preamble; expected "
                    + headerText(HEADER));
        }
        List<String> header = split(lines.get(i));
        for (int k = 0; k < header.size(); k++) header.set(k, header.get(k).strip());
        String drift = headerDrift(header);
        if (drift != null) {
            throw new DocumentRejectedException("header_drift", "line " + (i + 1) + ": " + drift + "; expected "
                    + headerText(HEADER) + ", found " + abbreviate(String.join(",", header), 400));
        }
        i++;

        // body: group rows by node, in order of first appearance
        Map<String, Node> nodes = new LinkedHashMap<>();
        List<Rejection> rejections = new ArrayList<>();
        long sourceRows = 0;
        for (; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank()) continue;
            sourceRows++;
            long lineNo = i + 1;
            List<String> cells = split(l);
            if (cells.size() != HEADER.size()) {
                rejections.add(new Rejection("malformed_row", "line " + lineNo + ": expected " + HEADER.size()
                        + " cells, found " + cells.size(), lineNo, null));
                continue;
            }
            String node = cells.get(0).strip();
            String value = cells.get(2).strip();
            if (node.isEmpty()) {
                rejections.add(new Rejection("malformed_row", "line " + lineNo + ": empty Node", lineNo, null));
                continue;
            }
            if (value.isEmpty()) {
                rejections.add(new Rejection("malformed_row", "line " + lineNo + ": empty Value for node " + node,
                        lineNo, node));
                continue;
            }
            Node n = nodes.get(node);
            if (n == null) {
                n = new Node(cells.get(1).strip(), lineNo);
                nodes.put(node, n);
            }
            String[] hours = new String[25];
            for (int he = 1; he <= 24; he++) {
                String cell = cells.get(2 + he).strip();
                hours[he] = cell.isEmpty() ? null : cell;
            }
            Row prev = n.rows.get(value);
            if (prev == null) {
                n.rows.put(value, new Row(hours, lineNo));
            } else if (!Arrays.equals(prev.hours, hours)) {
                rejections.add(new Rejection("conflicting_duplicate", "line " + lineNo + ": second " + value
                        + " row for node " + node + " differs from line " + prev.line + " (the first is kept)",
                        lineNo, node));
            }
        }

        String isoDate = date.toString();
        List<RawRecord> records = new ArrayList<>(nodes.size() * 24);
        String[] kv = new String[2 * 16];
        String[] vv = new String[2 * 8];
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            Node n = e.getValue();
            for (int he = 1; he <= 24; he++) {
                int a = 0;
                kv[a++] = ATTR_DATE;
                kv[a++] = isoDate;
                kv[a++] = ATTR_HE;
                kv[a++] = HE_LABELS[he];
                kv[a++] = ATTR_TYPE;
                kv[a++] = n.type;
                kv[a++] = ATTR_REVISION;
                kv[a++] = revision;
                int v = 0;
                for (Map.Entry<String, Row> r : n.rows.entrySet()) {
                    String cell = r.getValue().hours[he];
                    if (cell == null) continue;
                    if (v == vv.length) vv = Arrays.copyOf(vv, vv.length * 2);
                    vv[v++] = r.getKey();
                    vv[v++] = cell;
                    if (!plainDecimal(cell)) {
                        if (a == kv.length) kv = Arrays.copyOf(kv, kv.length * 2);
                        kv[a++] = ATTR_LINE_PREFIX + r.getKey();
                        kv[a++] = Long.toString(r.getValue().line);
                    }
                }
                records.add(new RawRecord(document.tenant(), ISO, dataset, MARKET, document.sha256(), n.firstLine,
                        e.getKey(), SmallMaps.of(kv, a / 2), SmallMaps.of(vv, v / 2)));
            }
        }
        return new Extraction(dataset, MARKET, Collections.unmodifiableList(records),
                Collections.unmodifiableList(rejections), sourceRows);
    }

    // ---------------------------------------------------------------- real-time 5-minute JSON

    /** One {@code data} row: its cells as JSON text (null for JSON null), or why it cannot be used. */
    private record ApiRow(long index, String[] cells, String problem) {
    }

    private Extraction extractRealTime(RawDocument document, byte[] c, int from) throws DocumentRejectedException {
        List<String> headers = null;
        List<ApiRow> rows = null;
        try (JsonParser p = JSON.createParser(c, from, c.length - from)) {
            p.nextToken(); // START_OBJECT: the caller saw the '{'
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if ("headers".equals(field)) {
                    headers = apiHeaders(p, v);
                } else if ("data".equals(field)) {
                    rows = apiRows(p, v);
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) throw new JsonEOFException(p, t, "document ends inside the object");
            if (p.nextToken() != null) {
                throw new DocumentRejectedException("unrecognized_document", "content after the JSON object at "
                        + where(p));
            }
        } catch (JsonEOFException e) {
            throw new DocumentRejectedException("truncated_document", "JSON ends early: "
                    + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new DocumentRejectedException("unrecognized_document", "not valid JSON: "
                    + abbreviate(e.getOriginalMessage()) + " at " + where(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        if (headers == null && rows == null) {
            throw new DocumentRejectedException("unrecognized_document", "JSON object without \"headers\" and"
                    + " \"data\": not a MISO real-time 5-minute LMP table");
        }
        if (headers == null) {
            throw new DocumentRejectedException("header_drift", "no \"headers\" list; expected columns "
                    + String.join(", ", RT_5MIN_COLUMNS));
        }
        if (rows == null) {
            throw new DocumentRejectedException("unrecognized_document", "\"headers\" without a \"data\" array");
        }
        String drift = apiHeaderDrift(headers);
        if (drift != null) {
            throw new DocumentRejectedException("header_drift", drift + "; expected columns "
                    + String.join(", ", RT_5MIN_COLUMNS) + " (by name, any order), found "
                    + abbreviate(String.join(", ", headers), 400));
        }
        int interval = headers.indexOf("INTERVAL");
        int node = headers.indexOf("CPNODE");
        int[] valueAt = new int[RT_5MIN_VALUES.size()];
        for (int k = 0; k < valueAt.length; k++) valueAt[k] = headers.indexOf(RT_5MIN_VALUES.get(k));

        List<RawRecord> records = new ArrayList<>(rows.size());
        List<Rejection> rejections = new ArrayList<>();
        Map<String, ApiRow> seen = new HashMap<>(rows.size() * 2);
        for (ApiRow row : rows) {
            String[] cells = row.cells();
            long at = row.index();
            String loc = cells != null && cells.length == headers.size() ? cells[node] : null;
            if (row.problem() != null) {
                rejections.add(new Rejection("malformed_row", "row " + at + ": " + row.problem(), at, null));
                continue;
            }
            if (cells.length != headers.size()) {
                rejections.add(new Rejection("malformed_row", "row " + at + ": expected " + headers.size()
                        + " cells, found " + cells.length, at, null));
                continue;
            }
            if (loc == null || loc.isBlank()) {
                rejections.add(new Rejection("malformed_row", "row " + at + ": empty CPNODE", at, null));
                continue;
            }
            loc = loc.strip();
            String end = cells[interval];
            if (end == null || end.isBlank()) {
                rejections.add(new Rejection("malformed_row", "row " + at + ": empty INTERVAL for node " + loc, at,
                        loc));
                continue;
            }
            ApiRow prev = seen.putIfAbsent(loc + '\u0000' + end, row);
            if (prev != null) {
                if (!Arrays.equals(prev.cells(), cells)) {
                    rejections.add(new Rejection("conflicting_duplicate", "row " + at + ": second row for node "
                            + loc + ", INTERVAL " + end + " differs from row " + prev.index()
                            + " (the first is kept)", at, loc));
                }
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>(8);
            for (int k = 0; k < valueAt.length; k++) {
                if (valueAt[k] >= 0 && cells[valueAt[k]] != null) values.put(RT_5MIN_VALUES.get(k), cells[valueAt[k]]);
            }
            records.add(new RawRecord(document.tenant(), ISO, DATASET_RT_5MIN, MARKET_RT_5MIN, document.sha256(), at,
                    loc, Map.of(ATTR_INTERVAL_END_EST, end, ATTR_REVISION, "expost"), values));
        }
        return new Extraction(DATASET_RT_5MIN, MARKET_RT_5MIN, Collections.unmodifiableList(records),
                Collections.unmodifiableList(rejections), rows.size());
    }

    private static List<String> apiHeaders(JsonParser p, JsonToken t) throws IOException, DocumentRejectedException {
        if (t != JsonToken.START_ARRAY) {
            throw new DocumentRejectedException("header_drift", "\"headers\" is not a list (found " + t + " at "
                    + where(p) + ")");
        }
        List<String> out = new ArrayList<>(8);
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                throw new DocumentRejectedException("header_drift", "\"headers\"[" + out.size()
                        + "] is not a column name (found " + t + " at " + where(p) + ")");
            }
            out.add(p.getText().strip());
        }
        return out;
    }

    private static List<ApiRow> apiRows(JsonParser p, JsonToken t) throws IOException, DocumentRejectedException {
        if (t != JsonToken.START_ARRAY) {
            throw new DocumentRejectedException("unrecognized_document", "\"data\" is not a list (found " + t
                    + " at " + where(p) + ")");
        }
        List<ApiRow> out = new ArrayList<>(1024);
        List<String> cells = new ArrayList<>(8);
        long index = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            index++;
            if (t != JsonToken.START_ARRAY) {
                out.add(new ApiRow(index, null, "expected a list of cells, found " + t));
                p.skipChildren();
                continue;
            }
            cells.clear();
            String problem = null;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == JsonToken.VALUE_NULL) {
                    cells.add(null);
                } else if (t.isScalarValue()) {
                    cells.add(p.getText()); // numbers keep their own text: 24.610 stays "24.610"
                } else {
                    if (problem == null) problem = "cell " + (cells.size() + 1) + " is a nested " + t;
                    cells.add(null);
                    p.skipChildren();
                }
            }
            out.add(new ApiRow(index, cells.toArray(new String[0]), problem));
        }
        return out;
    }

    /** Says which required columns are missing (or doubled) in {@code headers}, or null when it is usable. */
    static String apiHeaderDrift(List<String> headers) {
        List<String> missing = new ArrayList<>();
        for (String h : RT_5MIN_COLUMNS) if (!headers.contains(h)) missing.add(h);
        List<String> doubled = new ArrayList<>();
        for (String h : headers) {
            boolean used = RT_5MIN_COLUMNS.contains(h) || RT_5MIN_VALUES.contains(h);
            if (used && headers.indexOf(h) != headers.lastIndexOf(h) && !doubled.contains(h)) doubled.add(h);
        }
        List<String> parts = new ArrayList<>(2);
        if (!missing.isEmpty()) {
            parts.add("missing column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
        }
        if (!doubled.isEmpty()) parts.add("duplicate column" + (doubled.size() > 1 ? "s " : " ")
                + String.join(", ", doubled));
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    private static String where(JsonParser p) {
        return "line " + p.currentTokenLocation().getLineNr() + ", column " + p.currentTokenLocation().getColumnNr();
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "an unknown position"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /** Index of the first byte that is not a BOM or JSON/CSV whitespace ({@code c.length} when there is none). */
    private static int firstNonBlank(byte[] c) {
        int i = c.length >= 3 && c[0] == (byte) 0xEF && c[1] == (byte) 0xBB && c[2] == (byte) 0xBF ? 3 : 0;
        while (i < c.length && (c[i] == ' ' || c[i] == '\t' || c[i] == '\r' || c[i] == '\n')) i++;
        return i;
    }

    private static final class Node {
        final String type;
        final long firstLine;
        final Map<String, Row> rows = new LinkedHashMap<>(4);

        Node(String type, long firstLine) {
            this.type = type;
            this.firstLine = firstLine;
        }
    }

    private record Row(String[] hours, long line) {
    }

    /** Says how {@code found} differs from {@link #HEADER}, or null when it is exactly it. */
    static String headerDrift(List<String> found) {
        if (found.equals(HEADER)) return null;
        Set<String> expected = new LinkedHashSet<>(HEADER);
        Set<String> actual = new LinkedHashSet<>(found);
        List<String> missing = new ArrayList<>();
        for (String h : HEADER) if (!actual.contains(h)) missing.add(h);
        List<String> extra = new ArrayList<>();
        for (String h : found) if (!expected.contains(h)) extra.add(h.isEmpty() ? "(empty)" : h);
        List<String> parts = new ArrayList<>(3);
        if (!missing.isEmpty() && missing.size() == extra.size() && found.size() == HEADER.size()) {
            List<String> renamed = new ArrayList<>();
            for (int k = 0; k < found.size(); k++) {
                if (!found.get(k).equals(HEADER.get(k)) && !expected.contains(found.get(k))) {
                    renamed.add("'" + HEADER.get(k) + "' → '" + found.get(k) + "'");
                }
            }
            parts.add("renamed column" + (renamed.size() > 1 ? "s " : " ") + String.join(", ", renamed));
        } else {
            if (!missing.isEmpty()) parts.add("missing column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing));
            if (!extra.isEmpty()) parts.add("unexpected column" + (extra.size() > 1 ? "s " : " ")
                    + String.join(", ", extra));
        }
        if (found.size() != actual.size()) parts.add("duplicate columns");
        if (parts.isEmpty()) parts.add("columns reordered");
        return String.join("; ", parts);
    }

    private static String headerText(List<String> h) {
        return "Node,Type,Value,HE 1..HE 24 (" + h.size() + " columns)";
    }

    /** Decodes UTF-8 (dropping a BOM) into lines; CRLF, LF and CR all end a line. */
    private static List<String> lines(byte[] c) {
        int off = c.length >= 3 && c[0] == (byte) 0xEF && c[1] == (byte) 0xBB && c[2] == (byte) 0xBF ? 3 : 0;
        List<String> out = new ArrayList<>(8192);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new ByteArrayInputStream(c, off, c.length - off), StandardCharsets.UTF_8), 1 << 16)) {
            String l;
            while ((l = r.readLine()) != null) out.add(l);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        return out;
    }

    /** Splits one CSV line; double quotes are honoured (RFC 4180) though MISO does not quote. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>(28);
        if (line.indexOf('"') < 0) {
            int from = 0;
            int comma;
            while ((comma = line.indexOf(',', from)) >= 0) {
                out.add(line.substring(from, comma));
                from = comma + 1;
            }
            out.add(line.substring(from));
            return out;
        }
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int k = 0; k < line.length(); k++) {
            char ch = line.charAt(k);
            if (quoted) {
                if (ch == '"') {
                    if (k + 1 < line.length() && line.charAt(k + 1) == '"') {
                        cell.append('"');
                        k++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        out.add(cell.toString());
        return out;
    }

    private static boolean plainDecimal(String s) {
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            if ((ch < '0' || ch > '9') && ch != '.' && ch != '-' && ch != '+' && ch != 'e' && ch != 'E') return false;
        }
        return true;
    }

    private static String stripTrailingCommas(String s) {
        int e = s.length();
        while (e > 0 && (s.charAt(e - 1) == ',' || Character.isWhitespace(s.charAt(e - 1)))) e--;
        return s.substring(0, e);
    }

    private static String abbreviate(String s) {
        return abbreviate(s, 120);
    }

    private static String abbreviate(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }
}
