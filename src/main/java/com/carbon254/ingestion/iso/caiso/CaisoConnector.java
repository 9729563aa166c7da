package com.carbon254.ingestion.iso.caiso;

import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.Timestamps;
import com.carbon254.ingestion.iso.csv.ByteLines;
import com.carbon254.ingestion.iso.csv.ByteSymbols;
import com.carbon254.ingestion.iso.csv.CsvFields;
import com.carbon254.ingestion.iso.csv.LongIntMap;
import com.carbon254.ingestion.iso.csv.SmallMaps;
import com.carbon254.ingestion.iso.csv.Zips;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CAISO OASIS price reports ({@code SingleZip ... resultformat=6}): a zip holding one long-format CSV, one row per
 * node x interval x {@code LMP_TYPE}, in no particular order. Regroups the rows into one {@link RawRecord} per
 * (NODE, INTERVALSTARTTIME_GMT) with the components keyed by LMP_TYPE.
 *
 * <p>Datasets, recognised from the content ({@code MARKET_RUN_ID} of the rows, then which price column exists; the
 * member name is only a hint): {@code PRC_LMP}/{@code DAM} → {@value #DATASET_DA} ({@value #MARKET_DA}, price
 * column {@code MW}); {@code PRC_INTVL_LMP}/{@code RTM} → {@value #DATASET_RT} ({@value #MARKET_RT}, price
 * column {@code VALUE}).
 *
 * <p>Columns are read by name (extra columns and any order are fine). The CSV is streamed from the zip and split as
 * bytes; repeated labels are interned, so the only String made per row is the price itself.
 *
 * <p>Stateless and thread-safe.
 */
public final class CaisoConnector implements Connector {
    public static final String NAME = "caiso";
    public static final String ISO = "CAISO";
    public static final String DATASET_DA = "lmp_da_hourly";
    public static final String DATASET_RT = "lmp_rt_5min";
    public static final String MARKET_DA = "DA_HOURLY";
    public static final String MARKET_RT = "RT_5MIN";

    /** Attribute keys of the raw records. */
    public static final String ATTR_OPR_DT = "opr_dt";
    public static final String ATTR_OPR_HR = "opr_hr";
    public static final String ATTR_OPR_INTERVAL = "opr_interval";
    public static final String ATTR_START = "interval_start_gmt";
    public static final String ATTR_END = "interval_end_gmt";
    /** Report version from the member name ({@code _v1.csv} → {@code v1}); absent when the name has none. */
    public static final String ATTR_VERSION = "version";
    /** Name of the column the values came from ({@code MW} or {@code VALUE}), for rejection details. */
    public static final String ATTR_PRICE_COLUMN = "price_column";
    /**
     * Prefix of an attribute naming the source line of one component ({@code line:MCC} → {@code 1234}). Added only
     * for values that do not look like plain decimals, so the normalizer can point at the exact row it rejects
     * without the connector paying for a line string per row.
     */
    public static final String ATTR_LINE_PREFIX = "line:";

    /** The LMP_TYPEs kept, in the order they are written into {@link RawRecord#values()}. */
    public static final List<String> LMP_TYPES = List.of("LMP", "MCE", "MCC", "MCL", "MGHG");

    static final List<String> REQUIRED = List.of("INTERVALSTARTTIME_GMT", "INTERVALENDTIME_GMT", "OPR_DT", "OPR_HR",
            "OPR_INTERVAL", "NODE", "MARKET_RUN_ID", "LMP_TYPE");

    private static final String[] TYPES = LMP_TYPES.toArray(new String[0]);
    private static final String[] LINE_KEYS = LMP_TYPES.stream().map(t -> ATTR_LINE_PREFIX + t).toArray(String[]::new);
    private static final Pattern VERSION = Pattern.compile("_v(\\d+)\\.csv$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ERR_CODE = Pattern.compile("<(?:[\\w.-]+:)?ERR_CODE>\\s*([^<]*?)\\s*</");
    private static final Pattern ERR_DESC = Pattern.compile("<(?:[\\w.-]+:)?ERR_DESC>\\s*([^<]*?)\\s*</");
    private static final byte[] HEADER_START = "INTERVALSTARTTIME_GMT".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_XML_BYTES = 4 << 20;

    /**
     * An extraction with what was dropped on the way.
     *
     * @param member                 zip member (or document name) the CSV came from
     * @param version                {@code v<n>} from the member name, or null
     * @param ignoredLmpTypeRows     rows skipped because their LMP_TYPE is not one of {@link #LMP_TYPES}, by type
     * @param identicalDuplicateRows rows that repeated an already seen (node, interval, LMP_TYPE) with the same value
     */
    public record Details(Extraction extraction, String member, String version, Map<String, Long> ignoredLmpTypeRows,
                          long identicalDuplicateRows) {
        public long ignoredRows() {
            long n = 0;
            for (long v : ignoredLmpTypeRows.values()) n += v;
            return n;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String iso() {
        return ISO;
    }

    /** {@code INTERVALENDTIME_GMT}, e.g. {@code 2020-01-02T06:00:00-00:00}. */
    @Override
    public java.util.Optional<java.time.Instant> intervalEnd(RawRecord r) {
        // called once per record (coverage, reprocess windows): the fixed OASIS shape is read without a formatter
        return java.util.Optional.ofNullable(Timestamps.offsetInstant(r.attr(ATTR_END)));
    }

    @Override
    public Extraction extract(RawDocument document) throws DocumentRejectedException {
        return extractDetailed(document).extraction();
    }

    /** As {@link #extract} but also says what was ignored (unknown LMP_TYPEs, identical duplicate rows). */
    public Details extractDetailed(RawDocument document) throws DocumentRejectedException {
        byte[] c = document.content();
        if (c == null || c.length == 0) throw new DocumentRejectedException("empty_document", "document is 0 bytes");
        if (c.length >= 2 && c[0] == 'P' && c[1] == 'K') return fromZip(document, c);
        int off = bomLength(c);
        if (startsWith(c, off, HEADER_START)) {
            String member = baseName(document.name());
            try {
                return parseCsv(new ByteArrayInputStream(c, off, c.length - off), member, document);
            } catch (ByteLines.LineTooLongException e) {
                throw new DocumentRejectedException("unrecognized_document", "CSV " + e.getMessage(), e);
            } catch (IOException e) {
                throw new DocumentRejectedException("unrecognized_document", "cannot read CSV: " + e.getMessage(), e);
            }
        }
        if (isBlank(c, off)) throw new DocumentRejectedException("empty_document", "document holds only whitespace");
        String text = new String(c, off, Math.min(c.length - off, MAX_XML_BYTES), StandardCharsets.UTF_8);
        isoError(text);
        throw new DocumentRejectedException("unrecognized_document",
                "neither an OASIS zip nor an OASIS price CSV; starts with '" + preview(text) + "'");
    }

    private Details fromZip(RawDocument document, byte[] c) throws DocumentRejectedException {
        Details[] csv = new Details[1];
        DocumentRejectedException[] isoError = new DocumentRejectedException[1];
        List<String> members = Zips.readMembers(c, (name, in) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".csv")) {
                if (csv[0] != null) {
                    throw new DocumentRejectedException("unrecognized_document",
                            "zip holds more than one CSV (" + csv[0].member() + ", " + name + "); OASIS sends one");
                }
                csv[0] = parseCsv(in, baseName(name), document);
            } else if (lower.endsWith(".xml")) {
                try {
                    isoError(new String(readCapped(in, MAX_XML_BYTES), StandardCharsets.UTF_8));
                } catch (DocumentRejectedException err) {
                    if (isoError[0] == null) isoError[0] = err;
                }
            }
        });
        if (csv[0] != null) return csv[0];
        if (isoError[0] != null) throw isoError[0];
        if (members.isEmpty()) throw new DocumentRejectedException("unrecognized_document", "zip has no members");
        throw new DocumentRejectedException("unrecognized_document", "zip holds no CSV (members: "
                + String.join(", ", members) + ")");
    }

    /** Throws {@code iso_error} when {@code text} is an OASIS error report ({@code <m:ERR_CODE>}). */
    private static void isoError(String text) throws DocumentRejectedException {
        Matcher code = ERR_CODE.matcher(text);
        if (!code.find()) return;
        Matcher desc = ERR_DESC.matcher(text);
        String d = desc.find() ? desc.group(1) : "(no ERR_DESC)";
        throw new DocumentRejectedException("iso_error", "CAISO ERR_CODE " + code.group(1) + ": " + d);
    }

    private Details parseCsv(InputStream in, String member, RawDocument doc)
            throws IOException, DocumentRejectedException {
        ByteLines lines = new ByteLines(in, 1 << 17);
        CsvFields f = new CsvFields();
        while (true) {
            if (!lines.next()) {
                throw new DocumentRejectedException("empty_document", "CSV " + member + " has no header line");
            }
            if (!lines.isBlank()) break;
        }
        int hs = lines.start() + bomLength(lines.buffer(), lines.start(), lines.end());
        int ncols = f.split(lines.buffer(), hs, lines.end());
        List<String> header = new ArrayList<>(ncols);
        Map<String, Integer> col = new LinkedHashMap<>();
        for (int i = 0; i < ncols; i++) {
            String name = f.string(i).toUpperCase(Locale.ROOT);
            header.add(name);
            col.putIfAbsent(name, i);
        }
        String upperMember = member == null ? "" : member.toUpperCase(Locale.ROOT);
        boolean namedAsPrice = upperMember.contains("_PRC_");
        if (!col.containsKey("LMP_TYPE") && !namedAsPrice) {
            throw new DocumentRejectedException("unrecognized_document", "CSV " + member
                    + " is not an OASIS LMP report (no LMP_TYPE column); columns: " + String.join(",", header));
        }
        List<String> missing = new ArrayList<>();
        for (String r : REQUIRED) if (!col.containsKey(r)) missing.add(r);
        if (!col.containsKey("MW") && !col.containsKey("VALUE")) missing.add("MW|VALUE");
        if (!missing.isEmpty()) {
            throw new DocumentRejectedException("header_drift", "missing column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " in " + member + "; expected " + String.join(",", REQUIRED)
                    + ",MW|VALUE; found " + String.join(",", header));
        }
        final int cStart = col.get("INTERVALSTARTTIME_GMT");
        final int cEnd = col.get("INTERVALENDTIME_GMT");
        final int cDt = col.get("OPR_DT");
        final int cHr = col.get("OPR_HR");
        final int cInt = col.get("OPR_INTERVAL");
        final int cNode = col.get("NODE");
        final int cMkt = col.get("MARKET_RUN_ID");
        final int cType = col.get("LMP_TYPE");
        int cPrice = -1;
        String marketRun = null;
        String priceColumn = null;

        ByteSymbols nodes = new ByteSymbols(4096);
        ByteSymbols times = new ByteSymbols(512);
        ByteSymbols labels = new ByteSymbols(512);
        ByteSymbols types = new ByteSymbols(16);
        int[] typeIndex = new int[16];
        LongIntMap groups = new LongIntMap(1 << 16);
        List<Group> accs = new ArrayList<>(1 << 14);
        List<Rejection> rejections = new ArrayList<>();
        Map<String, Long> ignored = new LinkedHashMap<>();
        long duplicates = 0;
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
            if (marketRun == null) {
                marketRun = f.string(cMkt);
                priceColumn = switch (marketRun) {
                    case "DAM" -> "MW";
                    case "RTM" -> "VALUE";
                    default -> throw new DocumentRejectedException("unrecognized_document", "MARKET_RUN_ID '"
                            + marketRun + "' at line " + line + " is not a dataset of this connector (DAM → "
                            + DATASET_DA + ", RTM → " + DATASET_RT + "); member " + member);
                };
                Integer pc = col.get(priceColumn);
                if (pc == null) {
                    throw new DocumentRejectedException("header_drift", "missing column " + priceColumn
                            + " (the price column of MARKET_RUN_ID " + marketRun + ") in " + member + "; found "
                            + String.join(",", header));
                }
                cPrice = pc;
            } else if (!f.equalsAscii(cMkt, marketRun)) {
                rejections.add(new Rejection("malformed_row", "line " + line + ": MARKET_RUN_ID '" + f.string(cMkt)
                        + "' differs from the document's '" + marketRun + "'", line, null));
                continue;
            }
            if (f.length(cNode) == 0) {
                rejections.add(new Rejection("malformed_row", "line " + line + ": empty NODE", line, null));
                continue;
            }
            int typeId = types.id(d, f.start(cType), f.length(cType));
            if (typeId >= typeIndex.length) typeIndex = Arrays.copyOf(typeIndex, typeIndex.length * 2);
            if (typeIndex[typeId] == 0) { // 0 = not looked up yet, -1 = not kept, k = LMP_TYPES index + 1
                int k = LMP_TYPES.indexOf(types.string(typeId));
                typeIndex[typeId] = k < 0 ? -1 : k + 1;
            }
            int t = typeIndex[typeId] - 1;
            if (t < 0) {
                ignored.merge(types.string(typeId), 1L, Long::sum);
                continue;
            }
            int nodeId = nodes.id(d, f.start(cNode), f.length(cNode));
            int startId = times.id(d, f.start(cStart), f.length(cStart));
            long key = ((long) nodeId << 32) | (startId & 0xffffffffL);
            int gi = groups.get(key);
            Group g;
            if (gi < 0) {
                g = new Group(nodes.string(nodeId), startId, times.id(d, f.start(cEnd), f.length(cEnd)),
                        labels.id(d, f.start(cDt), f.length(cDt)),
                        labels.id(d, f.start(cHr), f.length(cHr)),
                        labels.id(d, f.start(cInt), f.length(cInt)), line);
                groups.put(key, accs.size());
                accs.add(g);
            } else {
                g = accs.get(gi);
                if (!times.equals(g.end, d, f.start(cEnd), f.length(cEnd))) {
                    rejections.add(new Rejection("conflicting_duplicate", "line " + line + ": node " + g.node
                            + " interval starting " + times.string(startId) + " ends " + f.string(cEnd)
                            + " but ends " + times.string(g.end) + " at line " + g.firstLine
                            + " (the first is kept)", line, g.node));
                    continue;
                }
            }
            int ps = f.start(cPrice);
            int pl = f.length(cPrice);
            if (pl == 0) continue; // an empty price is an absent component; the normalizer decides what that means
            if (g.values[t] == null) {
                g.values[t] = new String(d, ps, pl, StandardCharsets.UTF_8);
                g.lines[t] = line;
                if (!plainDecimal(d, ps, pl)) g.suspicious |= 1 << t;
            } else {
                String v = new String(d, ps, pl, StandardCharsets.UTF_8);
                if (v.equals(g.values[t])) {
                    duplicates++;
                } else {
                    rejections.add(new Rejection("conflicting_duplicate", "line " + line + ": " + priceColumn + " '"
                            + v + "' for node " + g.node + ", LMP_TYPE " + TYPES[t] + ", interval starting "
                            + times.string(startId) + " differs from '" + g.values[t] + "' at line " + g.lines[t]
                            + " (the first is kept)", line, g.node));
                }
            }
        }

        if (marketRun == null) { // header only: no rows to read MARKET_RUN_ID from
            boolean mw = col.containsKey("MW");
            boolean value = col.containsKey("VALUE");
            if (upperMember.contains("_PRC_INTVL_LMP_") || (value && !mw)) marketRun = "RTM";
            else marketRun = "DAM";
        }
        boolean rt = marketRun.equals("RTM");
        String dataset = rt ? DATASET_RT : DATASET_DA;
        String market = rt ? MARKET_RT : MARKET_DA;
        String version = null;
        if (member != null) {
            Matcher m = VERSION.matcher(member);
            if (m.find()) version = "v" + m.group(1);
        }

        List<RawRecord> records = new ArrayList<>(accs.size());
        String[] kv = new String[2 * (7 + TYPES.length)];
        String[] vv = new String[2 * TYPES.length];
        // the attributes depend on the interval only, so every node of an interval shares one immutable map
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, String>[] shared = new Map[times.size()];
        Group[] sharedBy = new Group[times.size()];
        for (Group g : accs) {
            int v = 0;
            boolean suspicious = false;
            for (int t = 0; t < TYPES.length; t++) {
                if (g.values[t] == null) continue;
                vv[v++] = TYPES[t];
                vv[v++] = g.values[t];
                suspicious |= (g.suspicious & (1 << t)) != 0;
            }
            Map<String, String> values = SmallMaps.of(vv, v / 2);
            Group owner = sharedBy[g.start];
            if (!suspicious && owner != null && owner.end == g.end && owner.oprDt == g.oprDt
                    && owner.oprHr == g.oprHr && owner.oprInterval == g.oprInterval) {
                records.add(new RawRecord(doc.tenant(), ISO, dataset, market, doc.sha256(), g.firstLine, g.node,
                        shared[g.start], values));
                continue;
            }
            int a = 0;
            kv[a++] = ATTR_OPR_DT;
            kv[a++] = labels.string(g.oprDt);
            kv[a++] = ATTR_OPR_HR;
            kv[a++] = labels.string(g.oprHr);
            kv[a++] = ATTR_OPR_INTERVAL;
            kv[a++] = labels.string(g.oprInterval);
            kv[a++] = ATTR_START;
            kv[a++] = times.string(g.start);
            kv[a++] = ATTR_END;
            kv[a++] = times.string(g.end);
            kv[a++] = ATTR_PRICE_COLUMN;
            kv[a++] = priceColumn == null ? "MW" : priceColumn;
            if (version != null) {
                kv[a++] = ATTR_VERSION;
                kv[a++] = version;
            }
            for (int t = 0; t < TYPES.length; t++) {
                if ((g.suspicious & (1 << t)) != 0) {
                    kv[a++] = LINE_KEYS[t];
                    kv[a++] = Long.toString(g.lines[t]);
                }
            }
            Map<String, String> attributes = SmallMaps.of(kv, a / 2);
            if (!suspicious) {
                shared[g.start] = attributes;
                sharedBy[g.start] = g;
            }
            records.add(new RawRecord(doc.tenant(), ISO, dataset, market, doc.sha256(), g.firstLine, g.node,
                    attributes, values));
        }
        Extraction x = new Extraction(dataset, market, Collections.unmodifiableList(records),
                Collections.unmodifiableList(rejections), sourceRows);
        return new Details(x, member, version, Collections.unmodifiableMap(ignored), duplicates);
    }

    /** True for {@code [+-]digits[.digits][e[+-]digits]}-ish text; anything else gets its line recorded. */
    private static boolean plainDecimal(byte[] b, int off, int len) {
        for (int i = off, e = off + len; i < e; i++) {
            byte c = b[i];
            if ((c < '0' || c > '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') return false;
        }
        return true;
    }

    /** One (node, interval) being assembled. */
    private static final class Group {
        final String node;
        final int start;
        final int end;
        final int oprDt;
        final int oprHr;
        final int oprInterval;
        final long firstLine;
        final String[] values = new String[TYPES.length];
        final long[] lines = new long[TYPES.length];
        int suspicious;

        Group(String node, int start, int end, int oprDt, int oprHr, int oprInterval, long firstLine) {
            this.node = node;
            this.start = start;
            this.end = end;
            this.oprDt = oprDt;
            this.oprHr = oprHr;
            this.oprInterval = oprInterval;
            this.firstLine = firstLine;
        }
    }

    // ---- byte helpers ----

    private static byte[] readCapped(InputStream in, int max) throws IOException {
        byte[] b = in.readNBytes(max);
        Zips.drain(in);
        return b;
    }

    private static int bomLength(byte[] c) {
        return bomLength(c, 0, c.length);
    }

    private static int bomLength(byte[] c, int from, int to) {
        return to - from >= 3 && c[from] == (byte) 0xEF && c[from + 1] == (byte) 0xBB && c[from + 2] == (byte) 0xBF
                ? 3 : 0;
    }

    private static boolean startsWith(byte[] c, int off, byte[] prefix) {
        return c.length - off >= prefix.length && Arrays.equals(c, off, off + prefix.length, prefix, 0, prefix.length);
    }

    private static boolean isBlank(byte[] c, int off) {
        for (int i = off; i < c.length; i++) {
            byte b = c[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') return false;
        }
        return true;
    }

    /** File name without directories or URL query: the zip member / document name the version is read from. */
    private static String baseName(String name) {
        if (name == null) return null;
        int q = name.indexOf('?');
        String s = q >= 0 ? name.substring(0, q) : name;
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        return slash >= 0 ? s.substring(slash + 1) : s;
    }

    private static String preview(String text) {
        String s = text.strip();
        s = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
