package com.carbon254.ingestion.iso.isone;

import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.Timestamps;
import com.carbon254.ingestion.iso.Markets;
import com.carbon254.ingestion.iso.csv.ByteLines;
import com.carbon254.ingestion.iso.csv.ByteSymbols;
import com.carbon254.ingestion.iso.csv.CsvFields;
import com.carbon254.ingestion.iso.csv.SmallMaps;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * ISO New England's LMP documents, recognised from their content:
 * <ul>
 *   <li>Web services JSON (HTTP Basic): <code>{"HourlyLmps":{"HourlyLmp":[…]}}</code> ({@code hourlylmp/da/final})
 *       → {@value #DATASET_DA_WS}, {@value #MARKET_DA}, revision {@value #FINAL}; <code>{"FiveMinLmps":{"FiveMinLmp":
 *       […]}}</code> ({@code fiveminutelmp/current}, {@code fiveminutelmp/{prelim|final}/day/…}) →
 *       {@value #DATASET_RT_5MIN_WS}, {@value #MARKET_RT_5MIN}. Each item is one (location, interval):
 *       {@code BeginDate} (the interval START with its UTC offset), {@code Location} (<code>{"@LocId":"4000",
 *       "$":".H.INTERNAL_HUB","@LocType":"HUB"}</code>), {@code LmpTotal}, {@code EnergyComponent},
 *       {@code CongestionComponent}, {@code LossComponent}. The JSON is ISO-NE's mapping of its XML, so a list of one
 *       item comes as the item itself, and an empty answer as <code>{}</code> or {@code ""}: all are read.</li>
 *   <li>ISO Express CSV (anonymous) {@code WW_DALMP_ISO_<yyyyMMdd>.csv}, title "Day-Ahead Energy Market Hourly LMP
 *       Report" → {@value #DATASET_DA_CSV}, {@value #MARKET_DA}, revision {@value #FINAL}: every line starts with its
 *       record type, {@code "C"} comments (title, file name, report dates), two {@code "H"} lines (column names, then
 *       column types), {@code "D"} data, one {@code "T"} trailer; columns (by name) {@link #CSV_COLUMNS}; {@code Hour
 *       Ending} is Eastern prevailing time with {@code 02X} for the repeated hour of the fall-back day.</li>
 * </ul>
 * What the content cannot tell is read from the document's name (its URL or file name): a {@code HourlyLmps} of
 * {@code hourlylmp/rt/…} (real-time hourly, the same JSON shape) is refused rather than taken for day-ahead prices, and
 * a {@code FiveMinLmps} of {@code …/final/…} is revision {@value #FINAL}, any other {@value #PRELIM} (the current
 * feed's prices are preliminary).
 *
 * <p>Records keep ISO-NE's strings: values keyed by ISO-NE's component names ({@link #WS_LMP}… or {@link #CSV_LMP}…),
 * attributes {@value #ATTR_BEGIN_DATE} (JSON) or {@value #ATTR_DATE} + {@value #ATTR_HE} (CSV), {@value
 * #ATTR_REVISION}, the location type label in {@link RawRecord#TYPE} and the numeric {@code LocId} / {@code Location
 * ID} in {@link RawRecord#LOCATION_ID}. Location = the location name as published, spaces inside it kept
 * ({@code UN.CDEC    13.8AETN}). Position = the CSV line, or the JSON item's 1-based index.
 *
 * <p>Load and fuel-mix documents of the same services ({@code GenFuelMixes}, {@code HourlySystemLoads}, …) are refused
 * {@code unknown_format}; ISO Express's "No data exists for this period." is {@code empty_document}; a CSV without
 * its {@code "T"} trailer was cut short ({@code truncated_document}). Stateless and thread-safe.
 */
public final class IsoneConnector implements Connector {
    public static final String NAME = "isone";
    public static final String ISO = "ISONE";
    public static final String DATASET_DA_WS = "lmp_da_ws";
    public static final String DATASET_RT_5MIN_WS = "lmp_rt_5min_ws";
    public static final String DATASET_DA_CSV = "lmp_da_csv";
    public static final String MARKET_DA = Markets.DA_HOURLY;
    public static final String MARKET_RT_5MIN = Markets.RT_5MIN;
    public static final String FINAL = "final";
    public static final String PRELIM = "prelim";

    /** JSON records: {@code BeginDate} as published, the interval START with its offset. */
    public static final String ATTR_BEGIN_DATE = "begin_date";
    /** CSV records: {@code Date} as published ({@code MM/DD/YYYY}). */
    public static final String ATTR_DATE = "date";
    /** CSV records: {@code Hour Ending} as published ({@code 01}…{@code 24}, {@code 02X}). */
    public static final String ATTR_HE = "he";
    public static final String ATTR_REVISION = "revision";

    public static final String WS_LMP = "LmpTotal";
    public static final String WS_ENERGY = "EnergyComponent";
    public static final String WS_CONGESTION = "CongestionComponent";
    public static final String WS_LOSS = "LossComponent";
    public static final String CSV_LMP = "Locational Marginal Price";
    public static final String CSV_ENERGY = "Energy Component";
    public static final String CSV_CONGESTION = "Congestion Component";
    public static final String CSV_LOSS = "Marginal Loss Component";
    /** The columns of the ISO Express day-ahead report's first {@code "H"} line, after the record type. */
    public static final List<String> CSV_COLUMNS = List.of("Date", "Hour Ending", "Location ID", "Location Name",
            "Location Type", CSV_LMP, CSV_ENERGY, CSV_CONGESTION, CSV_LOSS);
    /** ISO Express's whole answer (HTTP 200) for a day it has no report of. */
    public static final String NO_DATA = "No data exists for this period.";

    static final String DA_ROOT = "HourlyLmps";
    static final String DA_ITEM = "HourlyLmp";
    static final String RT_ROOT = "FiveMinLmps";
    static final String RT_ITEM = "FiveMinLmp";
    private static final List<String> WS_VALUES = List.of(WS_LMP, WS_ENERGY, WS_CONGESTION, WS_LOSS);
    private static final String[] CSV_VALUE_NAMES = {CSV_LMP, CSV_ENERGY, CSV_CONGESTION, CSV_LOSS};
    /** What ISO-NE's other documents are, for the refusal. */
    private static final Map<String, String> OTHER_ROOTS = Map.of(
            "GenFuelMixes", "generation by fuel (genfuelmix)",
            "HourlySystemLoads", "hourly system load (hourlysysload)",
            "HourlyRtDemands", "real-time hourly demand (realtimehourlydemand)",
            "FiveMinSystemLoad", "five-minute system load (fiveminutesystemload)",
            "FiveMinSystemLoads", "five-minute system load (fiveminutesystemload)",
            "FifteenMinLmps", "fifteen-minute LMPs (fifteenminutelmp)",
            "ServiceInfo", "a feed's service info (…/info)");
    private static final JsonFactory JSON = JsonFactory.builder().build();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String iso() {
        return ISO;
    }

    /**
     * JSON records: {@code BeginDate} plus the market's interval; CSV records: the hour ending's start in Eastern
     * prevailing time ({@code 02X} = the repeated, standard-time hour) plus one hour. Read by hand, once per record.
     */
    @Override
    public Optional<Instant> intervalEnd(RawRecord r) {
        String begin = r.attr(ATTR_BEGIN_DATE);
        if (begin != null) {
            Instant b = Timestamps.offsetInstant(begin);
            long seconds = Markets.intervalSeconds(r.market());
            return b == null || seconds <= 0 ? Optional.empty() : Optional.of(b.plusSeconds(seconds));
        }
        LocalDate date = IsoneDialect.csvDate(r.attr(ATTR_DATE));
        String he = r.attr(ATTR_HE);
        if (date == null || he == null) return Optional.empty();
        Instant start = IsoneDialect.hourStart(date, IsoneDialect.heNumber(he), IsoneDialect.repeated(he),
                Isone.EASTERN);
        return Optional.ofNullable(start).map(s -> s.plusSeconds(3600));
    }

    @Override
    public Extraction extract(RawDocument document) throws DocumentRejectedException {
        byte[] c = document.content();
        if (c == null || c.length == 0) throw new DocumentRejectedException("empty_document", "document is 0 bytes");
        int bom = c.length >= 3 && c[0] == (byte) 0xEF && c[1] == (byte) 0xBB && c[2] == (byte) 0xBF ? 3 : 0;
        int first = bom;
        while (first < c.length && (c[first] == ' ' || c[first] == '\t' || c[first] == '\r' || c[first] == '\n')) {
            first++;
        }
        if (first == c.length) throw new DocumentRejectedException("empty_document", "document holds only whitespace");
        byte b = c[first];
        if (b == '{' || b == '[') return extractJson(document, c, first);
        String start = new String(c, first, Math.min(c.length - first, 256), StandardCharsets.UTF_8);
        if (start.strip().equals(NO_DATA) || (c.length - first < 256 && start.strip().startsWith(NO_DATA))) {
            throw new DocumentRejectedException("empty_document", "ISO Express answered '" + NO_DATA
                    + "': it has no report for that day (yet)");
        }
        if (b == '"' || b == 'C' || b == 'H') return extractCsv(document, c, bom);
        if (b == '<') {
            throw new DocumentRejectedException("unknown_format", "an HTML or XML page, not ISO-NE web-services JSON"
                    + " or an ISO Express CSV (the web services answer XML unless asked for JSON with Accept:"
                    + " application/json); starts with '" + preview(start) + "'");
        }
        throw new DocumentRejectedException("unknown_format", "neither ISO-NE web-services JSON nor an ISO Express CSV;"
                + " starts with '" + preview(start) + "'");
    }

    // ---------------------------------------------------------------- ISO Express CSV

    private Extraction extractCsv(RawDocument doc, byte[] c, int bom) throws DocumentRejectedException {
        try {
            return parseCsv(doc, new ByteLines(new ByteArrayInputStream(c, bom, c.length - bom), 1 << 17));
        } catch (ByteLines.LineTooLongException e) {
            throw new DocumentRejectedException("unknown_format", "not a line-oriented CSV: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
    }

    private Extraction parseCsv(RawDocument doc, ByteLines lines) throws IOException, DocumentRejectedException {
        CsvFields f = new CsvFields();
        String title = null;
        List<String> header = null;
        int cDate = -1;
        int cHe = -1;
        int cId = -1;
        int cName = -1;
        int cType = -1;
        int[] cValues = new int[CSV_VALUE_NAMES.length];
        int ncols = 0;
        boolean sawRecord = false;
        long trailerLine = -1;

        ByteSymbols names = new ByteSymbols(2048);
        ByteSymbols labels = new ByteSymbols(64);
        ByteSymbols intervals = new ByteSymbols(64);
        ByteSymbols tags = new ByteSymbols(2048);
        byte[] pair = new byte[8];
        Map<Long, Integer> seen = new HashMap<>(1 << 15);
        List<RawRecord> records = new ArrayList<>(1 << 15);
        List<Rejection> rejections = new ArrayList<>();
        String[] kv = new String[10];
        String[] vv = new String[2 * CSV_VALUE_NAMES.length];
        long sourceRows = 0;

        while (lines.next()) {
            if (lines.isBlank()) continue;
            long line = lines.lineNumber();
            int n = f.split(lines.buffer(), lines.start(), lines.end());
            int ts = CsvFields.trimStart(f.data(), f.start(0), f.end(0));
            char type = CsvFields.trimEnd(f.data(), ts, f.end(0)) - ts == 1 ? (char) f.data()[ts] : '?';
            if (!sawRecord) {
                if (type != 'C' && type != 'H') {
                    throw new DocumentRejectedException("unknown_format", "line " + line + " starts with '"
                            + preview(f.string(0)) + "', not an ISO Express record type (\"C\" comment, \"H\" header): not"
                            + " an ISO Express CSV");
                }
                sawRecord = true;
            }
            if (trailerLine > 0) {
                rejections.add(new Rejection("malformed_row", "line " + line + ": a " + f.string(0) + " line after the"
                        + " \"T\" trailer at line " + trailerLine + " (ignored)", line, null));
                continue;
            }
            switch (type) {
                case 'C' -> {
                    if (title == null && header == null && n > 1) title = f.string(1);
                }
                case 'H' -> {
                    if (header != null) continue; // the second "H" line names the column types
                    checkTitle(title, line);
                    header = new ArrayList<>(n);
                    for (int i = 1; i < n; i++) header.add(f.string(i));
                    List<String> missing = new ArrayList<>();
                    for (String col : CSV_COLUMNS) if (!header.contains(col)) missing.add(col);
                    if (!missing.isEmpty()) {
                        throw new DocumentRejectedException("header_drift", "line " + line + ": missing column"
                                + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing) + "; expected "
                                + String.join(",", CSV_COLUMNS) + " (by name, any order), found "
                                + abbreviate(String.join(",", header)));
                    }
                    ncols = n;
                    cDate = header.indexOf("Date") + 1;
                    cHe = header.indexOf("Hour Ending") + 1;
                    cId = header.indexOf("Location ID") + 1;
                    cName = header.indexOf("Location Name") + 1;
                    cType = header.indexOf("Location Type") + 1;
                    for (int k = 0; k < cValues.length; k++) cValues[k] = header.indexOf(CSV_VALUE_NAMES[k]) + 1;
                }
                case 'T' -> trailerLine = line;
                case 'D' -> {
                    if (header == null) {
                        checkTitle(title, line);
                        throw new DocumentRejectedException("header_drift", "line " + line + ": a \"D\" data line"
                                + " before any \"H\" header line; expected " + String.join(",", CSV_COLUMNS));
                    }
                    sourceRows++;
                    if (n != ncols) {
                        rejections.add(Rejection.wrongCellCount("line " + line, line, ncols, n));
                        continue;
                    }
                    byte[] d = f.data();
                    int ns = CsvFields.trimStart(d, f.start(cName), f.end(cName));
                    int ne = CsvFields.trimEnd(d, ns, f.end(cName));
                    if (ns == ne) {
                        rejections.add(new Rejection("malformed_row", "line " + line + ": empty Location Name", line,
                                null));
                        continue;
                    }
                    int nameId = names.id(d, ns, ne - ns);
                    String name = names.string(nameId);
                    int dateId = labelId(labels, d, f, cDate);
                    int heId = labelId(labels, d, f, cHe);
                    int intervalId = intervals.id(pair(pair, dateId, heId), 0, pair.length);
                    long key = ((long) nameId << 32) | (intervalId & 0xffffffffL);
                    int v = 0;
                    for (int k = 0; k < cValues.length; k++) {
                        int s = CsvFields.trimStart(d, f.start(cValues[k]), f.end(cValues[k]));
                        int e = CsvFields.trimEnd(d, s, f.end(cValues[k]));
                        if (s == e) continue; // an empty cell is an unpublished component
                        vv[v++] = CSV_VALUE_NAMES[k];
                        vv[v++] = new String(d, s, e - s, StandardCharsets.UTF_8);
                    }
                    Map<String, String> values = SmallMaps.of(vv, v / 2);
                    Integer prev = seen.putIfAbsent(key, records.size());
                    if (prev != null) {
                        RawRecord first = records.get(prev);
                        if (!first.values().equals(values)) {
                            rejections.add(new Rejection("conflicting_duplicate", "line " + line + ": second row"
                                    + " for " + name + ", " + labels.string(dateId) + " HE " + labels.string(heId)
                                    + " differs from line " + first.position() + " (the first is kept)", line, name));
                        }
                        continue;
                    }
                    int a = 0;
                    kv[a++] = ATTR_DATE;
                    kv[a++] = labels.string(dateId);
                    kv[a++] = ATTR_HE;
                    kv[a++] = labels.string(heId);
                    kv[a++] = ATTR_REVISION;
                    kv[a++] = FINAL;
                    String locType = tag(tags, d, f, cType);
                    if (locType != null) {
                        kv[a++] = RawRecord.TYPE;
                        kv[a++] = locType;
                    }
                    String locId = tag(tags, d, f, cId);
                    if (locId != null) {
                        kv[a++] = RawRecord.LOCATION_ID;
                        kv[a++] = locId;
                    }
                    records.add(new RawRecord(doc.tenant(), ISO, DATASET_DA_CSV, MARKET_DA, doc.sha256(), line, name,
                            SmallMaps.of(kv, a / 2), values));
                }
                default -> rejections.add(new Rejection("malformed_row", "line " + line + ": record type '"
                        + preview(f.string(0)) + "' is none of C, H, D, T", line, null));
            }
        }
        if (header == null) {
            checkTitle(title, lines.lineNumber());
            throw new DocumentRejectedException("header_drift", "no \"H\" header line; expected "
                    + String.join(",", CSV_COLUMNS));
        }
        if (trailerLine < 0) {
            throw new DocumentRejectedException("truncated_document", "no \"T\" trailer line after line "
                    + lines.lineNumber() + ": ISO Express ends every report with one, so the download was cut short");
        }
        return new Extraction(DATASET_DA_CSV, MARKET_DA, Collections.unmodifiableList(records),
                Collections.unmodifiableList(rejections), sourceRows);
    }

    /** Refuses a report whose title is not the day-ahead LMP report's (real-time LMPs have the same columns). */
    private static void checkTitle(String title, long line) throws DocumentRejectedException {
        if (title == null) {
            throw new DocumentRejectedException("unknown_format", "no report title (\"C\" line) before line " + line
                    + ": the day-ahead LMP report cannot be told from the real-time ones");
        }
        StringBuilder sb = new StringBuilder(title.length());
        for (int i = 0; i < title.length(); i++) {
            char ch = Character.toLowerCase(title.charAt(i));
            if (Character.isLetterOrDigit(ch)) sb.append(ch);
        }
        String t = sb.toString();
        if (!t.contains("dayahead") || !t.contains("lmp")) {
            throw new DocumentRejectedException("unknown_format", "report '" + abbreviate(title) + "' is not ISO"
                    + " Express's \"Day-Ahead Energy Market Hourly LMP Report\" (WW_DALMP_ISO), the CSV this connector"
                    + " reads");
        }
    }

    /** The trimmed cell interned as a label (date, hour ending). */
    private static int labelId(ByteSymbols labels, byte[] d, CsvFields f, int col) {
        int s = CsvFields.trimStart(d, f.start(col), f.end(col));
        int e = CsvFields.trimEnd(d, s, f.end(col));
        return labels.id(d, s, e - s);
    }

    /** The trimmed cell interned, or null when empty (location type, location id). */
    private static String tag(ByteSymbols tags, byte[] d, CsvFields f, int col) {
        int s = CsvFields.trimStart(d, f.start(col), f.end(col));
        int e = CsvFields.trimEnd(d, s, f.end(col));
        return s == e ? null : tags.string(tags.id(d, s, e - s));
    }

    /** The two label ids of an interval (date, hour ending) as 8 bytes, to intern the pair without allocating. */
    private static byte[] pair(byte[] out, int a, int b) {
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) (a >>> (8 * i));
            out[4 + i] = (byte) (b >>> (8 * i));
        }
        return out;
    }

    // ---------------------------------------------------------------- web services JSON

    /** One JSON item as read: its fields as JSON text, or why it cannot be used. */
    private record Item(long index, String begin, String locId, String locType, String location,
                        Map<String, String> values, String problem) {
    }

    private Extraction extractJson(RawDocument doc, byte[] c, int from) throws DocumentRejectedException {
        String root;
        List<Item> items;
        try (JsonParser p = JSON.createParser(c, from, c.length - from)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                throw new DocumentRejectedException("unknown_format", "a JSON list, not an ISO-NE web-services"
                        + " document (one object such as {\"HourlyLmps\": {\"HourlyLmp\": […]}})");
            }
            t = p.nextToken();
            if (t == JsonToken.END_OBJECT) throw new DocumentRejectedException("empty_document", "an empty JSON object");
            root = p.currentName();
            String item;
            if (DA_ROOT.equals(root)) {
                item = DA_ITEM;
            } else if (RT_ROOT.equals(root)) {
                item = RT_ITEM;
            } else {
                String what = OTHER_ROOTS.get(root);
                throw new DocumentRejectedException("unknown_format", what != null
                        ? "an ISO-NE " + root + " document: " + what + ", not prices; this connector reads "
                        + DA_ROOT + " and " + RT_ROOT
                        : "JSON object {\"" + abbreviate(root) + "\": …} is not an ISO-NE LMP document ("
                        + DA_ROOT + " or " + RT_ROOT + ")");
            }
            items = wrapper(p, p.nextToken(), root, item);
            t = p.nextToken();
            if (t == JsonToken.FIELD_NAME) {
                throw new DocumentRejectedException("unknown_format", "JSON object has \"" + p.currentName()
                        + "\" beside \"" + root + "\": not an ISO-NE web-services document");
            }
            if (t != JsonToken.END_OBJECT) throw new JsonEOFException(p, t, "document ends inside the object");
            if (p.nextToken() != null) {
                throw new DocumentRejectedException("unknown_format", "content after the JSON object at " + where(p));
            }
        } catch (JsonEOFException e) {
            throw new DocumentRejectedException("truncated_document", "JSON ends early: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new DocumentRejectedException("unknown_format", "not valid JSON: "
                    + abbreviate(e.getOriginalMessage()) + " at " + where(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        if (items.isEmpty()) {
            throw new DocumentRejectedException("empty_document", "ISO-NE answered an empty " + root
                    + ": nothing published for this request (yet)");
        }
        String hint = doc.name() == null ? "" : doc.name().toLowerCase(Locale.ROOT);
        String dataset;
        String market;
        String revision;
        if (DA_ROOT.equals(root)) {
            if (hint.contains("/rt/") || hint.contains("hourlylmp_rt") || hint.contains("hourlylmp-rt")) {
                throw new DocumentRejectedException("unknown_format", "HourlyLmps of " + abbreviate(doc.name())
                        + ": real-time hourly LMPs (hourlylmp/rt) have the same JSON as the day-ahead ones, and this"
                        + " connector reads only day-ahead (hourlylmp/da) and five-minute prices");
            }
            dataset = DATASET_DA_WS;
            market = MARKET_DA;
            revision = FINAL;
        } else {
            dataset = DATASET_RT_5MIN_WS;
            market = MARKET_RT_5MIN;
            revision = hint.contains("/final/") || hint.contains("_final") ? FINAL : PRELIM;
        }

        List<RawRecord> records = new ArrayList<>(items.size());
        List<Rejection> rejections = new ArrayList<>();
        Map<String, Item> seen = new HashMap<>(items.size() * 2);
        String[] kv = new String[8];
        for (Item it : items) {
            long at = it.index();
            if (it.problem() != null) {
                rejections.add(new Rejection("malformed_row", "item " + at + ": " + it.problem(), at, it.location()));
                continue;
            }
            Item prev = seen.putIfAbsent(it.location() + '\u0000' + it.begin(), it);
            if (prev != null) {
                if (!prev.values().equals(it.values()) || !Objects.equals(prev.locId(), it.locId())) {
                    rejections.add(new Rejection("conflicting_duplicate", "item " + at + ": second " + root
                            + " item for " + it.location() + ", BeginDate " + it.begin() + " differs from item "
                            + prev.index() + " (the first is kept)", at, it.location()));
                }
                continue;
            }
            int a = 0;
            kv[a++] = ATTR_BEGIN_DATE;
            kv[a++] = it.begin();
            kv[a++] = ATTR_REVISION;
            kv[a++] = revision;
            if (it.locType() != null) {
                kv[a++] = RawRecord.TYPE;
                kv[a++] = it.locType();
            }
            if (it.locId() != null) {
                kv[a++] = RawRecord.LOCATION_ID;
                kv[a++] = it.locId();
            }
            Map<String, String> attrs = SmallMaps.of(kv, a / 2);
            records.add(new RawRecord(doc.tenant(), ISO, dataset, market, doc.sha256(), at, it.location(), attrs,
                    it.values()));
        }
        return new Extraction(dataset, market, Collections.unmodifiableList(records),
                Collections.unmodifiableList(rejections), items.size());
    }

    /** The items of {@code {"<root>": <t>}}: a list, one item as an object, or nothing ({@code {}}, {@code ""}). */
    private static List<Item> wrapper(JsonParser p, JsonToken t, String root, String item)
            throws IOException, DocumentRejectedException {
        List<Item> out = new ArrayList<>();
        if (t == JsonToken.VALUE_NULL || t == JsonToken.VALUE_STRING) return out; // ISO-NE's empty answer
        if (t == JsonToken.START_ARRAY) { // tolerated: the list without its wrapper object
            items(p, out);
            return out;
        }
        if (t != JsonToken.START_OBJECT) {
            throw new DocumentRejectedException("unknown_format", "\"" + root + "\" is a " + t + ", not an object at "
                    + where(p));
        }
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (!item.equals(field)) {
                p.skipChildren();
                continue;
            }
            if (v == JsonToken.START_ARRAY) items(p, out);
            else if (v == JsonToken.START_OBJECT) out.add(item(p, out.size() + 1)); // a list of one
            else if (v != JsonToken.VALUE_NULL && !(v == JsonToken.VALUE_STRING && p.getText().isBlank())) {
                throw new DocumentRejectedException("unknown_format", "\"" + root + "\".\"" + item + "\" is a " + v
                        + ", not a list of items, at " + where(p));
            }
        }
        if (t != JsonToken.END_OBJECT) throw new JsonEOFException(p, t, "document ends inside \"" + root + "\"");
        return out;
    }

    private static void items(JsonParser p, List<Item> out) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) throw new JsonEOFException(p, null, "document ends inside the list of items");
            long index = out.size() + 1;
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                out.add(new Item(index, null, null, null, null, Map.of(), "expected an object, found " + t));
                continue;
            }
            out.add(item(p, index));
        }
    }

    /** One item; the parser is on its START_OBJECT and ends on its END_OBJECT. */
    private static Item item(JsonParser p, long index) throws IOException {
        String begin = null;
        String locId = null;
        String locType = null;
        String location = null;
        String problem = null;
        String[] vv = new String[2 * WS_VALUES.size()];
        int v = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken val = p.nextToken();
            switch (field) {
                case "BeginDate" -> {
                    if (val.isScalarValue() && val != JsonToken.VALUE_NULL) begin = p.getText().strip();
                    else if (val != JsonToken.VALUE_NULL) {
                        problem = "BeginDate is a " + val;
                        p.skipChildren();
                    }
                }
                case "Location" -> {
                    if (val == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String attr = p.currentName();
                            JsonToken a = p.nextToken();
                            if (!a.isScalarValue()) {
                                p.skipChildren();
                                continue;
                            }
                            String text = a == JsonToken.VALUE_NULL ? null : p.getText().strip();
                            switch (attr) {
                                case "$" -> location = text;
                                case "@LocId" -> locId = text;
                                case "@LocType" -> locType = text;
                                default -> {
                                    // other attributes are not used
                                }
                            }
                        }
                    } else if (val == JsonToken.VALUE_STRING) {
                        location = p.getText().strip();
                    } else if (val != JsonToken.VALUE_NULL) {
                        problem = "Location is a " + val;
                        p.skipChildren();
                    }
                }
                default -> {
                    int k = WS_VALUES.indexOf(field);
                    if (k < 0) {
                        p.skipChildren();
                    } else if (val.isScalarValue()) {
                        // numbers keep their own text (68.04 stays "68.04"); null and "" are unpublished components
                        String text = val == JsonToken.VALUE_NULL ? "" : p.getText().strip();
                        if (!text.isEmpty()) {
                            vv[v++] = field;
                            vv[v++] = text;
                        }
                    } else {
                        problem = field + " is a nested " + val;
                        p.skipChildren();
                    }
                }
            }
        }
        if (t != JsonToken.END_OBJECT) throw new JsonEOFException(p, t, "document ends inside an item");
        if (location != null && location.isEmpty()) location = null;
        if (problem == null && location == null) problem = "no Location name (\"$\")";
        if (problem == null && (begin == null || begin.isEmpty())) problem = "no BeginDate for " + location;
        return new Item(index, begin, emptyToNull(locId), emptyToNull(locType), location, SmallMaps.of(vv, v / 2),
                problem);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String where(JsonParser p) {
        return "line " + p.currentTokenLocation().getLineNr() + ", column " + p.currentTokenLocation().getColumnNr();
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "an unknown position"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static String preview(String text) {
        String s = text.strip();
        s = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
