package com.carbon254.ingestion.iso.nyiso;

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
import com.carbon254.ingestion.iso.csv.LongIntMap;
import com.carbon254.ingestion.iso.csv.SmallMaps;
import com.carbon254.ingestion.iso.csv.Zips;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * NYISO's LBMP files from the MIS public site ({@code mis.nyiso.com/public/csv/…}): the day-ahead {@code damlbmp}
 * (report P-2A zonal, P-2B generator) and real-time {@code realtime} (P-24A, P-24B) daily CSVs, and the monthly
 * archives {@code <yyyyMM>01<report>_csv.zip} (a zip of daily CSVs, each member a day).
 *
 * <p>A CSV is {@code Time Stamp,Name,PTID,LBMP ($/MWHr),Marginal Cost Losses ($/MWHr),Marginal Cost Congestion
 * ($/MWHr)}, one row per (name, interval), in time order; CRLF or LF, quoted or unquoted header and cells, a BOM or
 * blank lines before the header. Columns are read by name (any order; a {@code Time Zone} column {@code EST}/{@code
 * EDT} is used where present; older files spell the unit {@code ($/MWH}); a missing column is {@code header_drift}, a
 * NYISO report without LBMP columns (load, fuel mix, forecasts) or anything else is {@code unrecognized_document}.
 *
 * <p>Dataset from the content, not the name: real-time when any {@code Time Stamp} is off the hour (5-minute
 * interval ends), else day-ahead; zonal when any {@code Name} is one of the 11 load zones ({@link #ZONES}) or every
 * name is an external proxy ({@link #PROXIES}), else generator. Hence {@value #DATASET_DA_ZONE},
 * {@value #DATASET_DA_GEN} ({@value #MARKET_DA}), {@value #DATASET_RT_ZONE}, {@value #DATASET_RT_GEN}
 * ({@value #MARKET_RT}). The name is only used to refuse the integrated real-time report ({@code rtlbmp}), whose
 * hourly stamps would otherwise read as day-ahead, and to name the dataset of a file without rows.
 *
 * <p>One {@link RawRecord} per row, keeping NYISO's strings: values {@value #VALUE_LBMP},
 * {@value #VALUE_LOSSES}, {@value #VALUE_CONGESTION} (empty cells left out); attributes {@value #ATTR_TIME_STAMP}
 * (as written), {@link RawRecord#TYPE} ({@value #TYPE_ZONE}, {@value #TYPE_PROXY}, {@value #TYPE_GENERATOR},
 * {@value #TYPE_REFERENCE}), {@link RawRecord#LOCATION_ID} (the PTID), {@value #ATTR_TIME_ZONE} where the file has
 * the column, {@value #ATTR_FILE} (the zip member) for archives, and {@value #ATTR_OCCURRENCE} for a label that names
 * two instants (fall-back day, see {@link NyisoLabels}): which of the two the row order says, {@code 1} = the
 * earlier (EDT), {@code 2} = the later (EST). The order rule: within one name, a label with two readings means the
 * earliest that comes after the name's previous row. Position = the line within its CSV (member).
 *
 * <p>A second row of one name for the same instant is dropped when it repeats the first, else refused
 * {@code conflicting_duplicate} (the first is kept). Stateless and thread-safe.
 */
public final class NyisoConnector implements Connector {
    public static final String NAME = "nyiso";
    public static final String ISO = "NYISO";
    public static final String DATASET_DA_ZONE = "damlbmp_zone";
    public static final String DATASET_DA_GEN = "damlbmp_gen";
    public static final String DATASET_RT_ZONE = "realtime_zone";
    public static final String DATASET_RT_GEN = "realtime_gen";
    public static final String MARKET_DA = Markets.DA_HOURLY;
    public static final String MARKET_RT = Markets.RT_5MIN;

    public static final String ATTR_TIME_STAMP = "time_stamp";
    public static final String ATTR_TIME_ZONE = "time_zone";
    public static final String ATTR_OCCURRENCE = "occurrence";
    public static final String ATTR_FILE = "file";

    public static final String VALUE_LBMP = "LBMP";
    public static final String VALUE_LOSSES = "Marginal Cost Losses";
    public static final String VALUE_CONGESTION = "Marginal Cost Congestion";

    public static final String TYPE_ZONE = "zone";
    public static final String TYPE_PROXY = "proxy";
    public static final String TYPE_GENERATOR = "generator";
    public static final String TYPE_REFERENCE = "reference_bus";

    /** NYISO's 11 load zones A..K as its files name them. */
    public static final Set<String> ZONES = Set.of("WEST", "GENESE", "CENTRL", "NORTH", "MHK VL", "CAPITL", "HUD VL",
            "MILLWD", "DUNWOD", "N.Y.C.", "LONGIL");
    /** The external proxy buses of the zonal files: Hydro-Québec, ISO New England, Ontario (IESO), PJM. */
    public static final Set<String> PROXIES = Set.of("H Q", "NPX", "O H", "PJM");
    /** The reference bus the generator files carry. */
    public static final String REFERENCE_BUS = "NYISO_LBMP_REFERENCE";
    /** The header, as today's files write it. */
    public static final List<String> HEADER = List.of("Time Stamp", "Name", "PTID", "LBMP ($/MWHr)",
            "Marginal Cost Losses ($/MWHr)", "Marginal Cost Congestion ($/MWHr)");

    private static final ZoneRules EASTERN = Nyiso.EASTERN.getRules();
    private static final String[] VALUE_KEYS = {VALUE_LBMP, VALUE_LOSSES, VALUE_CONGESTION};
    private static final String[] OCCURRENCES = {"1", "2"};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String iso() {
        return ISO;
    }

    /** The END of the record's interval: its {@code Time Stamp} read by {@link NyisoLabels} with its occurrence. */
    @Override
    public Optional<Instant> intervalEnd(RawRecord r) {
        LocalDateTime label = NyisoLabels.parse(r.attr(ATTR_TIME_STAMP));
        long seconds = Markets.intervalSeconds(r.market());
        if (label == null || seconds <= 0) return Optional.empty();
        boolean start = MARKET_DA.equals(r.market());
        long[] readings = NyisoLabels.readings(label, EASTERN, start, seconds);
        int k = NyisoLabels.pick(readings, label, r.attr(ATTR_TIME_ZONE), r.attr(ATTR_OCCURRENCE));
        if (k < 0) return Optional.empty();
        return Optional.of(Instant.ofEpochSecond(readings[k] + (start ? seconds : 0)));
    }

    @Override
    public Extraction extract(RawDocument document) throws DocumentRejectedException {
        byte[] c = document.content();
        if (c == null || c.length == 0) throw new DocumentRejectedException("empty_document", "document is 0 bytes");
        Builder b = new Builder(document);
        if (c.length >= 4 && c[0] == 'P' && c[1] == 'K' && c[2] == 3 && c[3] == 4) {
            fromZip(c, b);
        } else {
            try {
                parseCsv(new ByteArrayInputStream(c), null, document.name(), b);
            } catch (ByteLines.LineTooLongException e) {
                throw new DocumentRejectedException("unrecognized_document", "not a CSV: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new DocumentRejectedException("unrecognized_document", "cannot read CSV: " + e.getMessage(), e);
            }
        }
        return b.extraction();
    }

    // ---------------------------------------------------------------- monthly archives

    private void fromZip(byte[] c, Builder b) throws DocumentRejectedException {
        List<String> members = Zips.readMembers(c, (name, in) -> {
            if (!name.toLowerCase(Locale.ROOT).endsWith(".csv")) return;
            String member = baseName(name);
            try {
                parseCsv(in, member, member, b);
            } catch (DocumentRejectedException rejected) {
                throw new DocumentRejectedException(rejected.reason(), "member " + member + ": "
                        + rejected.getMessage(), rejected);
            }
        });
        if (b.csvs == 0) {
            throw new DocumentRejectedException("unrecognized_document", members.isEmpty() ? "zip has no members"
                    : "zip holds no CSV (members: " + String.join(", ", members) + ")");
        }
    }

    // ---------------------------------------------------------------- one CSV

    /** Where the columns are; -1 for an absent optional one. */
    private record Columns(int timeStamp, int timeZone, int name, int ptid, int lbmp, int losses, int congestion,
                           int count) {
    }

    /**
     * Reads one daily CSV into {@code b}.
     *
     * @param member the zip member, null for a plain CSV document
     * @param hint   the member's or the document's name: only to refuse {@code rtlbmp}, and for a file without rows
     */
    private void parseCsv(InputStream in, String member, String hint, Builder b)
            throws IOException, DocumentRejectedException {
        ByteLines lines = new ByteLines(in, 1 << 16);
        CsvFields f = new CsvFields();
        do {
            if (!lines.next()) throw new DocumentRejectedException("empty_document", "document holds only whitespace");
        } while (lines.isBlank() || isBomOnly(lines));
        int hs = lines.start() + bomLength(lines.buffer(), lines.start(), lines.end());
        int ncols = f.split(lines.buffer(), hs, lines.end());
        List<String> header = new ArrayList<>(ncols);
        for (int i = 0; i < ncols; i++) header.add(f.string(i));
        Columns col = columns(header, new String(lines.buffer(), hs, Math.min(lines.end() - hs, 200),
                StandardCharsets.UTF_8));
        String lowerHint = hint == null ? "" : hint.toLowerCase(Locale.ROOT);
        if (lowerHint.contains("rtlbmp")) {
            throw new DocumentRejectedException("unrecognized_document", "'" + hint + "' is NYISO's integrated"
                    + " real-time LBMP (rtlbmp), not a dataset of this connector: its hourly stamps are the day-ahead"
                    + " files' shape (damlbmp, realtime are read)");
        }
        b.csvs++;

        while (lines.next()) {
            if (lines.isBlank()) continue;
            b.sourceRows++;
            long line = lines.lineNumber();
            int n = f.split(lines.buffer(), lines.start(), lines.end());
            if (n < col.count || !emptyFrom(f, col.count, n)) {
                b.rejections.add(Rejection.wrongCellCount(at(line, member), line, col.count, n));
                continue;
            }
            byte[] d = f.data();
            int ns = CsvFields.trimStart(d, f.start(col.name), f.end(col.name));
            int ne = CsvFields.trimEnd(d, ns, f.end(col.name));
            if (ns == ne) {
                b.rejections.add(new Rejection("malformed_row", at(line, member) + ": empty Name", line, null));
                continue;
            }
            int loc = b.names.id(d, ns, ne - ns);
            int ts = CsvFields.trimStart(d, f.start(col.timeStamp), f.end(col.timeStamp));
            int label = b.labels.id(d, ts, CsvFields.trimEnd(d, ts, f.end(col.timeStamp)) - ts);
            int tz = -1;
            if (col.timeZone >= 0) {
                int zs = CsvFields.trimStart(d, f.start(col.timeZone), f.end(col.timeZone));
                tz = b.zones.id(d, zs, CsvFields.trimEnd(d, zs, f.end(col.timeZone)) - zs);
            }
            int ps = CsvFields.trimStart(d, f.start(col.ptid), f.end(col.ptid));
            int ptid = b.ptids.id(d, ps, CsvFields.trimEnd(d, ps, f.end(col.ptid)) - ps);
            b.add(loc, label, tz, ptid, cell(f, col.lbmp), cell(f, col.losses), cell(f, col.congestion), line);
        }
        b.member(member, lowerHint);
    }

    /** The columns of {@code header}, or why the document is not an LBMP file. */
    static Columns columns(List<String> header, String firstLine) throws DocumentRejectedException {
        int timeStamp = -1;
        int timeZone = -1;
        int name = -1;
        int ptid = -1;
        int lbmp = -1;
        int losses = -1;
        int congestion = -1;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i);
            String base = base(h);
            String unit = h.substring(base.length()).strip();
            int prev = switch (base) {
                case "time stamp", "timestamp" -> timeStamp;
                case "time zone" -> timeZone;
                case "name" -> name;
                case "ptid" -> ptid;
                case "lbmp" -> lbmp;
                case "marginal cost losses" -> losses;
                case "marginal cost congestion" -> congestion;
                default -> -2;
            };
            if (prev == -2) continue; // a column this connector does not read
            if (prev >= 0) problems.add("duplicate column '" + h + "'");
            if (base.startsWith("lbmp") || base.startsWith("marginal")) {
                if (!unit.toUpperCase(Locale.ROOT).startsWith("($/MWH")) {
                    problems.add("column '" + h + "' is not in $/MWh");
                }
            }
            switch (base) {
                case "time stamp", "timestamp" -> timeStamp = i;
                case "time zone" -> timeZone = i;
                case "name" -> name = i;
                case "ptid" -> ptid = i;
                case "lbmp" -> lbmp = i;
                case "marginal cost losses" -> losses = i;
                default -> congestion = i;
            }
        }
        String found = abbreviate(String.join(",", header), 300);
        if (timeStamp < 0) {
            String t = firstLine.strip();
            String what = t.startsWith("<") ? "an HTML or XML page" : "not a NYISO MIS CSV";
            throw new DocumentRejectedException("unrecognized_document", what + ": no Time Stamp column; the first"
                    + " line is '" + abbreviate(t, 120) + "'");
        }
        if (lbmp < 0 && losses < 0 && congestion < 0) {
            throw new DocumentRejectedException("unrecognized_document", "a NYISO report without LBMP columns ("
                    + found + "): this connector reads the LBMP reports (damlbmp, realtime; zone and gen)");
        }
        List<String> missing = new ArrayList<>();
        if (name < 0) missing.add("Name");
        if (ptid < 0) missing.add("PTID");
        if (lbmp < 0) missing.add("LBMP ($/MWHr)");
        if (losses < 0) missing.add("Marginal Cost Losses ($/MWHr)");
        if (congestion < 0) missing.add("Marginal Cost Congestion ($/MWHr)");
        if (!missing.isEmpty()) {
            problems.add(0, "missing column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
        }
        if (!problems.isEmpty()) {
            throw new DocumentRejectedException("header_drift", String.join("; ", problems) + "; expected "
                    + String.join(",", HEADER) + " (by name, any order), found " + found);
        }
        return new Columns(timeStamp, timeZone, name, ptid, lbmp, losses, congestion, header.size());
    }

    /** A header cell's name without its unit, lower case: {@code LBMP ($/MWHr)} → {@code lbmp}. */
    private static String base(String h) {
        int p = h.indexOf('(');
        String b = (p >= 0 ? h.substring(0, p) : h).strip();
        return b.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    // ---------------------------------------------------------------- the document being assembled

    /** Every CSV of one document: rows are held until the CSV's dataset is known, then made records. */
    private static final class Builder {
        final RawDocument doc;
        final ByteSymbols names = new ByteSymbols(64);
        final ByteSymbols labels = new ByteSymbols(512);
        final ByteSymbols zones = new ByteSymbols(4);
        final ByteSymbols ptids = new ByteSymbols(64);
        final List<RawRecord> records = new ArrayList<>(4096);
        final List<Rejection> rejections = new ArrayList<>();
        final LongIntMap seen = new LongIntMap(1 << 12);
        long sourceRows;
        int csvs;
        String dataset;
        String market;
        String datasetFrom;
        /** Readings of each label (by symbol id), computed once per document for its market. */
        long[][] readings = new long[512][];
        LocalDateTime[] parsed = new LocalDateTime[512];
        String[] types = new String[64];

        // rows of the CSV in hand, column-wise
        int rows;
        int[] loc = new int[4096];
        int[] label = new int[4096];
        int[] tz = new int[4096];
        int[] ptid = new int[4096];
        long[] line = new long[4096];
        String[] values = new String[3 * 4096];

        Builder(RawDocument doc) {
            this.doc = doc;
        }

        void add(int l, int lb, int z, int p, String lbmp, String losses, String congestion, long ln) {
            if (rows == loc.length) {
                int n = rows * 2;
                loc = Arrays.copyOf(loc, n);
                label = Arrays.copyOf(label, n);
                tz = Arrays.copyOf(tz, n);
                ptid = Arrays.copyOf(ptid, n);
                line = Arrays.copyOf(line, n);
                values = Arrays.copyOf(values, 3 * n);
            }
            loc[rows] = l;
            label[rows] = lb;
            tz[rows] = z;
            ptid[rows] = p;
            line[rows] = ln;
            values[3 * rows] = lbmp;
            values[3 * rows + 1] = losses;
            values[3 * rows + 2] = congestion;
            rows++;
        }

        LocalDateTime parsed(int id) {
            if (id >= parsed.length) parsed = Arrays.copyOf(parsed, Math.max(id + 1, parsed.length * 2));
            LocalDateTime t = parsed[id];
            if (t == null) {
                t = NyisoLabels.parse(labels.string(id));
                parsed[id] = t == null ? LocalDateTime.MIN : t;
            }
            return t == LocalDateTime.MIN ? null : t;
        }

        long[] readings(int id) {
            if (id >= readings.length) readings = Arrays.copyOf(readings, Math.max(id + 1, readings.length * 2));
            long[] r = readings[id];
            if (r == null) {
                LocalDateTime t = parsed(id);
                boolean da = MARKET_DA.equals(market);
                r = t == null ? new long[0] : NyisoLabels.readings(t, EASTERN, da, da ? 3600 : 300);
                readings[id] = r;
            }
            return r;
        }

        /** The rows read from one CSV become records, once its dataset is known. */
        void member(String member, String hint) throws DocumentRejectedException {
            boolean rt = false;
            boolean zonal = false;
            boolean allProxies = true;
            for (int i = 0; i < rows; i++) {
                LocalDateTime t = parsed(label[i]);
                if (t != null && (t.getMinute() != 0 || t.getSecond() != 0)) rt = true;
                String n = names.string(loc[i]);
                if (ZONES.contains(n)) zonal = true;
                if (!PROXIES.contains(n)) allProxies = false;
            }
            if (rows == 0) { // a header without rows: the name is all there is to go by
                rt = hint.contains("realtime");
                zonal = !hint.contains("_gen");
            } else {
                zonal |= allProxies;
            }
            String ds = rt ? (zonal ? DATASET_RT_ZONE : DATASET_RT_GEN) : (zonal ? DATASET_DA_ZONE : DATASET_DA_GEN);
            String source = member == null ? "the document" : "member " + member;
            if (dataset == null) {
                dataset = ds;
                market = rt ? MARKET_RT : MARKET_DA;
                datasetFrom = source;
            } else if (!dataset.equals(ds)) {
                throw new DocumentRejectedException("unrecognized_document", source + " is a " + ds + " file but "
                        + datasetFrom + " is " + dataset + ": an archive holds one report");
            }
            records(member);
            rows = 0;
        }

        private void records(String member) {
            boolean zonalFile = dataset.endsWith("_zone");
            long[] prev = new long[names.size()];
            Arrays.fill(prev, Long.MIN_VALUE);
            String[] kv = new String[12];
            String[] vv = new String[6];
            for (int i = 0; i < rows; i++) {
                int l = loc[i];
                String name = names.string(l);
                long[] r = readings(label[i]);
                long instant = Long.MIN_VALUE;
                int occurrence = -1;
                String zone = tz[i] >= 0 ? zones.string(tz[i]) : null;
                if (zone != null) {
                    int k = r.length == 0 ? -1 : NyisoLabels.pick(r, parsed(label[i]), zone, null);
                    if (k >= 0) instant = r[k];
                } else if (r.length == 1) {
                    instant = r[0];
                } else if (r.length == 2) {
                    // the order rule: the first reading after this name's previous row (fall-back day)
                    occurrence = r[0] > prev[l] ? 0 : 1;
                    instant = r[occurrence];
                }
                if (instant != Long.MIN_VALUE) prev[l] = instant;

                String lbmp = values[3 * i];
                String losses = values[3 * i + 1];
                String congestion = values[3 * i + 2];
                long key = instant != Long.MIN_VALUE ? ((long) l << 35) + instant
                        : -(((long) l << 24) + label[i]) - 1;
                int earlier = seen.get(key);
                if (earlier >= 0) {
                    RawRecord e = records.get(earlier);
                    if (!Objects.equals(e.values().get(VALUE_LBMP), lbmp)
                            || !Objects.equals(e.values().get(VALUE_LOSSES), losses)
                            || !Objects.equals(e.values().get(VALUE_CONGESTION), congestion)) {
                        String where = e.attr(ATTR_FILE) == null ? "line " + e.position()
                                : "line " + e.position() + " of " + e.attr(ATTR_FILE);
                        rejections.add(new Rejection("conflicting_duplicate", at(line[i], member) + ": second row of "
                                + name + " for Time Stamp '" + labels.string(label[i]) + "'"
                                + (occurrence == 1 ? " (its second pass)" : "") + " differs from " + where
                                + " (the first is kept)", line[i], name));
                    }
                    continue;
                }
                int a = 0;
                kv[a++] = ATTR_TIME_STAMP;
                kv[a++] = labels.string(label[i]);
                kv[a++] = RawRecord.TYPE;
                kv[a++] = type(l, name, zonalFile);
                kv[a++] = RawRecord.LOCATION_ID;
                kv[a++] = ptids.string(ptid[i]);
                if (zone != null) {
                    kv[a++] = ATTR_TIME_ZONE;
                    kv[a++] = zone;
                }
                if (occurrence >= 0) {
                    kv[a++] = ATTR_OCCURRENCE;
                    kv[a++] = OCCURRENCES[occurrence];
                }
                if (member != null) {
                    kv[a++] = ATTR_FILE;
                    kv[a++] = member;
                }
                int v = 0;
                for (int k = 0; k < 3; k++) {
                    String s = values[3 * i + k];
                    if (s == null) continue;
                    vv[v++] = VALUE_KEYS[k];
                    vv[v++] = s;
                }
                seen.put(key, records.size());
                records.add(new RawRecord(doc.tenant(), ISO, dataset, market, doc.sha256(), line[i], name,
                        SmallMaps.of(kv, a / 2), SmallMaps.of(vv, v / 2)));
            }
        }

        private String type(int l, String name, boolean zonalFile) {
            if (l >= types.length) types = Arrays.copyOf(types, Math.max(l + 1, types.length * 2));
            String t = types[l];
            if (t == null) {
                if (PROXIES.contains(name)) t = TYPE_PROXY;
                else if (REFERENCE_BUS.equals(name)) t = TYPE_REFERENCE;
                else t = zonalFile ? TYPE_ZONE : TYPE_GENERATOR;
                types[l] = t;
            }
            return t;
        }

        Extraction extraction() {
            return new Extraction(dataset, market, Collections.unmodifiableList(records),
                    Collections.unmodifiableList(rejections), sourceRows);
        }
    }

    // ---------------------------------------------------------------- byte helpers

    private static String at(long line, String member) {
        return member == null ? "line " + line : "line " + line + " of " + member;
    }

    /** A value cell without surrounding spaces, or null when empty. */
    private static String cell(CsvFields f, int i) {
        byte[] d = f.data();
        int s = CsvFields.trimStart(d, f.start(i), f.end(i));
        int e = CsvFields.trimEnd(d, s, f.end(i));
        return s == e ? null : new String(d, s, e - s, StandardCharsets.US_ASCII);
    }

    private static boolean emptyFrom(CsvFields f, int from, int n) {
        for (int i = from; i < n; i++) if (f.length(i) != 0) return false;
        return true;
    }

    private static boolean isBomOnly(ByteLines lines) {
        int len = lines.end() - lines.start();
        return len == 3 && bomLength(lines.buffer(), lines.start(), lines.end()) == 3;
    }

    private static int bomLength(byte[] c, int from, int to) {
        return to - from >= 3 && c[from] == (byte) 0xEF && c[from + 1] == (byte) 0xBB && c[from + 2] == (byte) 0xBF
                ? 3 : 0;
    }

    private static String baseName(String name) {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return slash >= 0 ? name.substring(slash + 1) : name;
    }

    private static String abbreviate(String s, int max) {
        String t = s.replace('\r', ' ').replace('\n', ' ');
        return t.length() > max ? t.substring(0, max) + "…" : t;
    }
}
