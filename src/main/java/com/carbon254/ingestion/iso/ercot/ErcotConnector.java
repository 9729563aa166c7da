package com.carbon254.ingestion.iso.ercot;

import com.carbon254.ingestion.event.RawDocument;
import com.carbon254.ingestion.event.RawRecord;
import com.carbon254.ingestion.event.Rejection;
import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.DocumentRejectedException;
import com.carbon254.ingestion.iso.Extraction;
import com.carbon254.ingestion.iso.csv.ByteLines;
import com.carbon254.ingestion.iso.csv.ByteSymbols;
import com.carbon254.ingestion.iso.csv.CsvFields;
import com.carbon254.ingestion.iso.csv.LongIntMap;
import com.carbon254.ingestion.iso.csv.SmallMaps;
import com.carbon254.ingestion.iso.csv.Zips;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ERCOT's settlement point price reports (DOMAIN.md "ERCOT"), recognised from their columns (never the file name),
 * exactly as downloaded:
 * <ul>
 *   <li>MIS downloads ({@code mirDownload?doclookupId=}): a zip holding one CSV (a bare CSV is read too; BOM, CRLF,
 *       blank lines, quoted cells, header names and values padded with spaces are fine);</li>
 *   <li>public API answers ({@code api.ercot.com/api/public-reports/<emil>/<report>}):
 *       <code>{"_meta":…,"report":…,"fields":[{"name":…},…],"data":[[…],…]}</code>, columns in the order of
 *       {@code fields}.</li>
 * </ul>
 * Columns are matched by name ignoring case, spaces and underscores ({@code DeliveryDate}, {@code deliveryDate},
 * {@code Delivery Date}), extra columns ignored:
 * <table>
 *   <caption>datasets</caption>
 *   <tr><th>columns</th><th>report</th><th>dataset (MIS CSV / API JSON)</th><th>market</th></tr>
 *   <tr><td>DeliveryDate, HourEnding, SettlementPoint, SettlementPointPrice[, DSTFlag]</td><td>NP4-190-CD</td>
 *       <td>{@value #DATASET_DAM_MIS} / {@value #DATASET_DAM_API}</td><td>DA_HOURLY</td></tr>
 *   <tr><td>SCEDTimestamp, SettlementPoint, LMP[, RepeatedHourFlag]</td><td>NP6-788-CD</td>
 *       <td>{@value #DATASET_SCED}</td><td>RT_5MIN</td></tr>
 *   <tr><td>DeliveryDate, DeliveryHour, DeliveryInterval, SettlementPointName, SettlementPointPrice[,
 *       SettlementPointType, DSTFlag]</td><td>NP6-905-CD</td><td>{@value #DATASET_SPP_15MIN}</td><td>RT_15MIN</td></tr>
 * </table>
 * A table with a settlement point and a price column but not the rest of one of these is {@code header_drift};
 * anything else (another ERCOT report, another ISO's file, an MIS listing, an HTML page) is
 * {@code unrecognized_document}; an API error body (<code>{"statusCode":401,…}</code>) is {@code iso_error}.
 *
 * <p>One {@link RawRecord} per (settlement point, interval) — per SCED run for NP6-788 — with the ISO's own strings:
 * location = the settlement point as published; attributes = the time labels ({@value #ATTR_DELIVERY_DATE},
 * {@value #ATTR_HOUR_ENDING}, {@value #ATTR_DELIVERY_INTERVAL}, {@value #ATTR_DST_FLAG} / {@value #ATTR_SCED_TIMESTAMP},
 * {@value #ATTR_REPEATED_HOUR_FLAG}), the {@code SettlementPointType} in {@link RawRecord#TYPE}, and
 * {@value #ATTR_HOUR_NUMBERING} = {@value ErcotTime#ELAPSED} on the records of a day the document numbers 1–25;
 * values = the price under its column's name ({@value #VALUE_SPP} or {@value #VALUE_LMP}), padding stripped. NP6-905
 * publishes load zones and DC ties twice, plain ({@code LZ}, {@code LZ_DC}) and energy-weighted ({@code LZEW},
 * {@code LZ_DCEW}): the energy-weighted price is its own location {@code <name>_EW}. A repeated row with the same price
 * is dropped, with another price it is a {@code conflicting_duplicate} rejection (the first is kept); a row with the
 * wrong number of cells or no settlement point is a {@code malformed_row} rejection; the rest goes on.
 *
 * <p>MIS listings ({@code IceDocListJsonWS?reportTypeId=}) are read by {@link #listedDocuments} ({@link ErcotListing}).
 *
 * <p>Stateless and thread-safe.
 */
public final class ErcotConnector implements Connector {
    public static final String NAME = "ercot";
    public static final String ISO = "ERCOT";
    /** NP4-190-CD from the public API (JSON). */
    public static final String DATASET_DAM_API = "dam_spp";
    /** NP4-190-CD from the MIS (zip of one CSV): the anonymous alternative to {@value #DATASET_DAM_API}. */
    public static final String DATASET_DAM_MIS = "dam_spp_mis";
    /** NP6-788-CD, one document per SCED run (MIS CSV, or public API JSON). */
    public static final String DATASET_SCED = "rt_sced_lmp";
    /** NP6-905-CD, one document per 15 minutes (MIS CSV, or public API JSON). */
    public static final String DATASET_SPP_15MIN = "rt_spp_15min";

    public static final String ATTR_DELIVERY_DATE = "delivery_date";
    public static final String ATTR_HOUR_ENDING = "hour_ending";
    public static final String ATTR_DELIVERY_INTERVAL = "delivery_interval";
    public static final String ATTR_DST_FLAG = "dst_flag";
    public static final String ATTR_SCED_TIMESTAMP = "sced_timestamp";
    public static final String ATTR_REPEATED_HOUR_FLAG = "repeated_hour_flag";
    /** {@value ErcotTime#ELAPSED} on the records of a day the document numbers HE 1–25. */
    public static final String ATTR_HOUR_NUMBERING = "hour_numbering";
    /** {@value #SOURCE_API} on records read from a public API body (their position is a row of {@code data}). */
    public static final String ATTR_SOURCE = "source";
    public static final String SOURCE_API = "api";
    /** The value key of a settlement point price (NP4-190, NP6-905). */
    public static final String VALUE_SPP = "SettlementPointPrice";
    /** The value key of a SCED LMP (NP6-788). */
    public static final String VALUE_LMP = "LMP";
    /** Suffix of the location of an energy-weighted load zone / DC tie price (NP6-905 types LZEW, LZ_DCEW). */
    public static final String ENERGY_WEIGHTED_SUFFIX = "_EW";

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int MAX_PREVIEW = 120;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String iso() {
        return ISO;
    }

    /** The end of the record's interval by ERCOT's time rules in Central time ({@link ErcotTime}). */
    @Override
    public Optional<Instant> intervalEnd(RawRecord r) {
        ErcotTime.Slot s = ErcotTime.slot(r, Ercot.CENTRAL);
        return s.ok() ? Optional.of(s.end()) : Optional.empty();
    }

    /** The MIS documents of {@code listing} holding data of {@code [from, to)}: see {@link ErcotListing}. */
    @Override
    public List<String> listedDocuments(String dataset, byte[] listing, Instant from, Instant to)
            throws DocumentRejectedException {
        ErcotReport report = switch (dataset == null ? "" : dataset) {
            case DATASET_DAM_MIS -> ErcotReport.DAM_SPP;
            case DATASET_SCED -> ErcotReport.SCED_LMP;
            case DATASET_SPP_15MIN -> ErcotReport.RT_SPP;
            default -> throw new DocumentRejectedException("no_listing", "ERCOT dataset '" + dataset
                    + "' is not fetched through an MIS listing (" + DATASET_DAM_MIS + ", " + DATASET_SCED + " and "
                    + DATASET_SPP_15MIN + " are)");
        };
        return ErcotListing.select(report, listing, from, to, Ercot.CENTRAL);
    }

    @Override
    public Extraction extract(RawDocument document) throws DocumentRejectedException {
        byte[] c = document.content();
        if (c == null || c.length == 0) throw new DocumentRejectedException("empty_document", "document is 0 bytes");
        if (c.length >= 2 && c[0] == 'P' && c[1] == 'K') return fromZip(document, c);
        int first = firstNonBlank(c);
        if (first == c.length) throw new DocumentRejectedException("empty_document", "document holds only whitespace");
        if (c[first] == '{') return fromJson(document, c, first);
        if (c[first] == '<') {
            throw new DocumentRejectedException("unrecognized_document", "an HTML/XML page, not an ERCOT price report:"
                    + " starts with '" + preview(c, first) + "'");
        }
        int bom = bomLength(c, 0, c.length);
        try {
            return parseCsv(new ByteArrayInputStream(c, bom, c.length - bom), "CSV " + baseName(document.name()),
                    document);
        } catch (ByteLines.LineTooLongException e) {
            throw new DocumentRejectedException("unrecognized_document", "not a CSV: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
    }

    // ---------------------------------------------------------------- MIS zip and CSV

    private Extraction fromZip(RawDocument document, byte[] c) throws DocumentRejectedException {
        Extraction[] csv = new Extraction[1];
        String[] csvMember = new String[1];
        List<String> members = Zips.readMembers(c, (name, in) -> {
            if (!name.toLowerCase(Locale.ROOT).endsWith(".csv")) return;
            if (csv[0] != null) {
                throw new DocumentRejectedException("unrecognized_document", "zip holds more than one CSV ("
                        + csvMember[0] + ", " + name + "); an ERCOT MIS download holds one");
            }
            csv[0] = parseCsv(in, "CSV " + name, document);
            csvMember[0] = name;
        });
        if (csv[0] != null) return csv[0];
        if (members.isEmpty()) throw new DocumentRejectedException("unrecognized_document", "zip has no members");
        boolean xml = members.stream().anyMatch(m -> m.toLowerCase(Locale.ROOT).endsWith(".xml"));
        throw new DocumentRejectedException("unrecognized_document", "zip holds no CSV (members: "
                + String.join(", ", members) + ")" + (xml ? "; ERCOT posts each MIS report as a CSV and an XML"
                + " document: fetch the _csv one" : ""));
    }

    private Extraction parseCsv(InputStream in, String what, RawDocument doc)
            throws IOException, DocumentRejectedException {
        ByteLines lines = new ByteLines(in, 1 << 16);
        CsvFields f = new CsvFields();
        int hs;
        boolean first = true;
        do {
            if (!lines.next()) throw new DocumentRejectedException("empty_document", what + " has no header line");
            hs = lines.start() + (first ? bomLength(lines.buffer(), lines.start(), lines.end()) : 0);
            first = false;
        } while (CsvFields.trimStart(lines.buffer(), hs, lines.end()) == lines.end());
        int n = f.split(lines.buffer(), hs, lines.end());
        List<String> header = new ArrayList<>(n);
        for (int i = 0; i < n; i++) header.add(f.string(i).strip());
        Layout layout = Layout.of(header, what);
        Groups groups = new Groups(layout, doc, layout.dataset(false), false);
        CsvCells cells = new CsvCells(f);
        while (lines.next()) {
            if (lines.isBlank()) continue;
            f.split(lines.buffer(), lines.start(), lines.end());
            groups.row(lines.lineNumber(), cells);
        }
        return groups.extraction();
    }

    // ---------------------------------------------------------------- public API JSON

    private Extraction fromJson(RawDocument document, byte[] c, int off) throws DocumentRejectedException {
        List<String> fields = null;
        List<String[]> rows = null;
        List<String> rowProblems = null;
        String statusCode = null;
        String message = null;
        String emil = null;
        String reportName = null;
        boolean listing = false;
        boolean archives = false;
        String dataNotList = null;
        try (JsonParser p = JSON.createParser(c, off, c.length - off)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new DocumentRejectedException("unrecognized_document", "JSON that is not an object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "fields" -> fields = fieldNames(p, v);
                    case "data" -> {
                        if (v != JsonToken.START_ARRAY) { // a dashboard's "data" object: not a report table
                            dataNotList = v + " at " + where(p);
                            p.skipChildren();
                            continue;
                        }
                        rows = new ArrayList<>(1024);
                        rowProblems = new ArrayList<>();
                        readRows(p, rows, rowProblems);
                    }
                    case "report" -> {
                        if (v == JsonToken.START_OBJECT) {
                            Map<String, String> report = scalars(p);
                            emil = report.get("reportEMIL");
                            reportName = report.get("reportDisplayName");
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "product" -> { // an archive listing names its report here
                        if (v == JsonToken.START_OBJECT) emil = scalars(p).get("emilId");
                        else p.skipChildren();
                    }
                    case "statusCode", "message" -> {
                        if (!v.isScalarValue()) p.skipChildren();
                        else if (field.equals("statusCode")) statusCode = p.getText();
                        else message = p.getText();
                    }
                    case "ListDocsByRptTypeRes" -> {
                        listing = true;
                        p.skipChildren();
                    }
                    case "archives" -> {
                        archives = true;
                        p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) throw new JsonEOFException(p, t, "document ends inside the object");
        } catch (JsonEOFException e) {
            throw new DocumentRejectedException("truncated_document", "JSON ends early: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new DocumentRejectedException("unrecognized_document", "not valid JSON: "
                    + abbreviate(e.getOriginalMessage()) + " at " + where(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        if (listing) {
            throw new DocumentRejectedException("unrecognized_document", "an ERCOT MIS document listing"
                    + " (IceDocListJsonWS), not a report: its documents are fetched with mirDownload?doclookupId=");
        }
        if (fields == null && statusCode != null) {
            throw new DocumentRejectedException("iso_error", "ERCOT API answered statusCode " + statusCode
                    + (message != null ? ": " + message : ""));
        }
        if (archives) {
            throw new DocumentRejectedException("unrecognized_document", "an ERCOT public API archive listing"
                    + (emil != null ? " of " + emil : "") + ", not a report");
        }
        String what = "API body" + (emil != null ? " of " + emil + (reportName != null ? " (" + reportName + ")" : "")
                : "");
        if (fields == null) {
            if (rows != null) {
                throw new DocumentRejectedException("header_drift", what + " has \"data\" but no \"fields\" naming"
                        + " its columns");
            }
            throw new DocumentRejectedException("unrecognized_document", "JSON without \"fields\" and \"data\": not"
                    + " an ERCOT public API report (starts with '" + preview(c, off) + "')");
        }
        Layout layout = Layout.of(fields, what);
        if (rows == null) {
            throw new DocumentRejectedException("unrecognized_document", what + " has \"fields\" but no \"data\""
                    + " list" + (dataNotList != null ? " (found " + dataNotList + ")" : ""));
        }
        Groups groups = new Groups(layout, document, layout.dataset(true), true);
        JsonCells cells = new JsonCells();
        for (int i = 0; i < rows.size(); i++) {
            String problem = rowProblems.get(i);
            if (problem != null) {
                groups.malformed(i + 1, "row " + (i + 1) + ": " + problem);
                continue;
            }
            cells.set(rows.get(i));
            groups.row(i + 1, cells);
        }
        return groups.extraction();
    }

    private static List<String> fieldNames(JsonParser p, JsonToken t) throws IOException, DocumentRejectedException {
        if (t != JsonToken.START_ARRAY) {
            throw new DocumentRejectedException("header_drift", "\"fields\" is not a list (found " + t + " at "
                    + where(p) + ")");
        }
        List<String> out = new ArrayList<>(8);
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            String name = null;
            if (t == JsonToken.START_OBJECT) {
                name = scalars(p).get("name");
            } else if (t == JsonToken.VALUE_STRING) {
                name = p.getText();
            } else {
                p.skipChildren();
            }
            if (name == null) {
                throw new DocumentRejectedException("header_drift", "\"fields\"[" + out.size() + "] has no name"
                        + " (at " + where(p) + ")");
            }
            out.add(name.strip());
        }
        return out;
    }

    /** The scalar members of the object just opened (nested values skipped), as text. */
    static Map<String, String> scalars(JsonParser p) throws IOException {
        Map<String, String> out = new HashMap<>(16);
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) continue;
            if (v.isScalarValue()) out.put(name, p.getText());
            else p.skipChildren();
        }
        if (t != JsonToken.END_OBJECT) throw new JsonEOFException(p, t, "document ends inside an object");
        return out;
    }

    private static void readRows(JsonParser p, List<String[]> rows, List<String> problems) throws IOException {
        List<String> cells = new ArrayList<>(8);
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) throw new JsonEOFException(p, null, "document ends inside \"data\"");
            if (t != JsonToken.START_ARRAY) {
                rows.add(null);
                problems.add("expected a list of cells, found " + t);
                p.skipChildren();
                continue;
            }
            cells.clear();
            String problem = null;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) throw new JsonEOFException(p, null, "document ends inside a row");
                if (t == JsonToken.VALUE_NULL) {
                    cells.add(null);
                } else if (t.isScalarValue()) {
                    cells.add(p.getText()); // numbers keep their own text: 34.2 stays "34.2"
                } else {
                    if (problem == null) problem = "cell " + (cells.size() + 1) + " is a nested " + t;
                    cells.add(null);
                    p.skipChildren();
                }
            }
            rows.add(cells.toArray(new String[0]));
            problems.add(problem);
        }
    }

    // ---------------------------------------------------------------- columns

    /** What each column of a report is, found by name. */
    private enum Role {
        DATE, HOUR, INTERVAL, POINT, TYPE, SPP, LMP, FLAG, SCED;

        /** The role of a column name, ignoring case, spaces and underscores; null for a column not read. */
        static Role of(String name) {
            StringBuilder k = new StringBuilder(name.length());
            for (int i = 0; i < name.length(); i++) {
                char ch = name.charAt(i);
                if (ch != ' ' && ch != '_' && ch != '\t') k.append(Character.toLowerCase(ch));
            }
            return switch (k.toString()) {
                case "deliverydate" -> DATE;
                case "hourending", "deliveryhour" -> HOUR;
                case "deliveryinterval" -> INTERVAL;
                case "settlementpoint", "settlementpointname" -> POINT;
                case "settlementpointtype" -> TYPE;
                case "settlementpointprice" -> SPP;
                case "lmp" -> LMP;
                case "dstflag", "repeatedhourflag", "repeathourflag" -> FLAG;
                case "scedtimestamp" -> SCED;
                default -> null;
            };
        }
    }

    /** Where each role's column is in one document (-1 = absent), and which report that makes it. */
    private static final class Layout {
        final ErcotReport report;
        final int columns;
        final int[] at = new int[Role.values().length];
        final String priceKey;
        /** The time roles of the report, in the order their labels are joined into one key. */
        final Role[] timeRoles;

        private Layout(ErcotReport report, int columns, int[] at) {
            this.report = report;
            this.columns = columns;
            System.arraycopy(at, 0, this.at, 0, at.length);
            this.priceKey = report == ErcotReport.SCED_LMP ? VALUE_LMP : VALUE_SPP;
            List<Role> time = new ArrayList<>(4);
            for (Role r : report == ErcotReport.SCED_LMP ? new Role[]{Role.SCED, Role.FLAG}
                    : new Role[]{Role.DATE, Role.HOUR, Role.INTERVAL, Role.FLAG}) {
                if (at[r.ordinal()] >= 0) time.add(r);
            }
            this.timeRoles = time.toArray(new Role[0]);
        }

        int col(Role r) {
            return at[r.ordinal()];
        }

        String dataset(boolean api) {
            return switch (report) {
                case DAM_SPP -> api ? DATASET_DAM_API : DATASET_DAM_MIS;
                case SCED_LMP -> DATASET_SCED;
                case RT_SPP -> DATASET_SPP_15MIN;
            };
        }

        static Layout of(List<String> header, String what) throws DocumentRejectedException {
            int[] at = new int[Role.values().length];
            Arrays.fill(at, -1);
            List<String> doubled = new ArrayList<>();
            boolean deliveryHour = false;
            for (int i = 0; i < header.size(); i++) {
                Role r = Role.of(header.get(i));
                if (r == null) continue;
                if (at[r.ordinal()] >= 0) {
                    doubled.add(header.get(i));
                    continue;
                }
                at[r.ordinal()] = i;
                if (r == Role.HOUR && header.get(i).toLowerCase(Locale.ROOT).contains("delivery")) deliveryHour = true;
            }
            boolean point = at[Role.POINT.ordinal()] >= 0;
            boolean spp = at[Role.SPP.ordinal()] >= 0;
            boolean lmp = at[Role.LMP.ordinal()] >= 0;
            String columns = abbreviate(String.join(",", header), 400);
            if (!point || !spp && !lmp) {
                throw new DocumentRejectedException("unrecognized_document", what + " is not an ERCOT settlement"
                        + " point price report (NP4-190-CD DAM SPP, NP6-788-CD SCED LMP or NP6-905-CD RT SPP):"
                        + " columns " + columns);
            }
            ErcotReport report;
            List<Role> required;
            if (at[Role.SCED.ordinal()] >= 0 || lmp && !spp) {
                report = ErcotReport.SCED_LMP;
                required = List.of(Role.SCED, Role.POINT, Role.LMP);
            } else if (at[Role.INTERVAL.ordinal()] >= 0 || deliveryHour || at[Role.TYPE.ordinal()] >= 0) {
                report = ErcotReport.RT_SPP;
                required = List.of(Role.DATE, Role.HOUR, Role.INTERVAL, Role.POINT, Role.SPP);
            } else {
                report = ErcotReport.DAM_SPP;
                required = List.of(Role.DATE, Role.HOUR, Role.POINT, Role.SPP);
            }
            List<String> missing = new ArrayList<>();
            for (Role r : required) if (at[r.ordinal()] < 0) missing.add(expectedName(report, r));
            if (!missing.isEmpty() || !doubled.isEmpty()) {
                List<String> parts = new ArrayList<>(2);
                if (!missing.isEmpty()) {
                    parts.add("missing column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
                }
                if (!doubled.isEmpty()) {
                    parts.add("duplicate column" + (doubled.size() > 1 ? "s " : " ") + String.join(", ", doubled));
                }
                throw new DocumentRejectedException("header_drift", what + " looks like " + report.describe() + " but"
                        + " has " + String.join("; ", parts) + "; found " + columns);
            }
            return new Layout(report, header.size(), at);
        }

        private static String expectedName(ErcotReport report, Role r) {
            return switch (r) {
                case DATE -> "DeliveryDate";
                case HOUR -> report == ErcotReport.RT_SPP ? "DeliveryHour" : "HourEnding";
                case INTERVAL -> "DeliveryInterval";
                case POINT -> report == ErcotReport.RT_SPP ? "SettlementPointName" : "SettlementPoint";
                case TYPE -> "SettlementPointType";
                case SPP -> "SettlementPointPrice";
                case LMP -> "LMP";
                case FLAG -> report == ErcotReport.SCED_LMP ? "RepeatedHourFlag" : "DSTFlag";
                case SCED -> "SCEDTimestamp";
            };
        }
    }

    /** One row's cells as byte ranges: a CSV line in place, or a JSON row copied into a scratch array. */
    private interface Cells {
        int count();

        byte[] data();

        int start(int i);

        int end(int i);
    }

    private static final class CsvCells implements Cells {
        private final CsvFields f;

        CsvCells(CsvFields f) {
            this.f = f;
        }

        @Override
        public int count() {
            return f.count();
        }

        @Override
        public byte[] data() {
            return f.data();
        }

        @Override
        public int start(int i) {
            return f.start(i);
        }

        @Override
        public int end(int i) {
            return f.end(i);
        }
    }

    private static final class JsonCells implements Cells {
        private byte[] data = new byte[256];
        private int[] starts = new int[16];
        private int[] ends = new int[16];
        private int count;

        void set(String[] cells) {
            count = cells.length;
            if (starts.length < count) {
                starts = new int[count];
                ends = new int[count];
            }
            int w = 0;
            for (int i = 0; i < count; i++) {
                starts[i] = w;
                String s = cells[i];
                if (s != null) {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    if (w + b.length > data.length) data = Arrays.copyOf(data, Math.max(data.length * 2, w + b.length));
                    System.arraycopy(b, 0, data, w, b.length);
                    w += b.length;
                }
                ends[i] = w;
            }
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public byte[] data() {
            return data;
        }

        @Override
        public int start(int i) {
            return starts[i];
        }

        @Override
        public int end(int i) {
            return ends[i];
        }
    }

    // ---------------------------------------------------------------- grouping

    /**
     * Rows regrouped into one record per (settlement point, time labels). Labels are interned as bytes
     * ({@link ByteSymbols}), so the only String made per row is its price.
     */
    private static final class Groups {
        private static final byte SEP = 0x1f;
        private final Layout layout;
        private final RawDocument doc;
        private final String dataset;
        private final boolean api;
        private final ByteSymbols points = new ByteSymbols(2048);
        private final ByteSymbols types = new ByteSymbols(16);
        private final ByteSymbols tuples = new ByteSymbols(256);
        /** Per tuple id: its labels by time role (as in {@link Layout#timeRoles}). */
        private final List<String[]> tupleLabels = new ArrayList<>(256);
        private final LongIntMap index = new LongIntMap(1 << 12);
        private byte[] scratch = new byte[128];
        private int[] gPoint = new int[1024];
        private int[] gTuple = new int[1024];
        private int[] gType = new int[1024];
        private long[] gLine = new long[1024];
        private String[] gPrice = new String[1024];
        private int size;
        private final List<Rejection> rejections = new ArrayList<>();
        private long sourceRows;

        Groups(Layout layout, RawDocument doc, String dataset, boolean api) {
            this.layout = layout;
            this.doc = doc;
            this.dataset = dataset;
            this.api = api;
        }

        private String at(long position) {
            return (api ? "row " : "line ") + position;
        }

        void malformed(long position, String detail) {
            sourceRows++;
            rejections.add(new Rejection("malformed_row", detail, position, null));
        }

        void row(long position, Cells c) {
            sourceRows++;
            if (c.count() != layout.columns) {
                rejections.add(new Rejection("malformed_row", at(position) + ": expected " + layout.columns
                        + " cells, found " + c.count(), position, null));
                return;
            }
            byte[] d = c.data();
            int pc = layout.col(Role.POINT);
            int ps = CsvFields.trimStart(d, c.start(pc), c.end(pc));
            int pe = CsvFields.trimEnd(d, ps, c.end(pc));
            if (ps == pe) {
                rejections.add(new Rejection("malformed_row", at(position) + ": empty settlement point", position,
                        null));
                return;
            }
            int point = points.id(d, ps, pe - ps);
            int type = -1;
            boolean ew = false;
            int tc = layout.col(Role.TYPE);
            if (tc >= 0) {
                int ts = CsvFields.trimStart(d, c.start(tc), c.end(tc));
                int te = CsvFields.trimEnd(d, ts, c.end(tc));
                if (te > ts) {
                    type = types.id(d, ts, te - ts);
                    ew = te - ts >= 2 && d[te - 2] == 'E' && d[te - 1] == 'W';
                }
            }
            int len = 0;
            for (Role r : layout.timeRoles) {
                int col = layout.col(r);
                int s = CsvFields.trimStart(d, c.start(col), c.end(col));
                int e = CsvFields.trimEnd(d, s, c.end(col));
                if (len + (e - s) + 1 > scratch.length) scratch = Arrays.copyOf(scratch, (len + e - s + 1) * 2);
                System.arraycopy(d, s, scratch, len, e - s);
                len += e - s;
                scratch[len++] = SEP;
            }
            int known = tuples.size();
            int tuple = tuples.id(scratch, 0, len);
            if (tuple == known) tupleLabels.add(labels(d, c));
            long key = ((long) tuple << 32) | (point * 2L + (ew ? 1 : 0));
            int sc = layout.col(layout.report == ErcotReport.SCED_LMP ? Role.LMP : Role.SPP);
            int vs = CsvFields.trimStart(d, c.start(sc), c.end(sc));
            int ve = CsvFields.trimEnd(d, vs, c.end(sc));
            String price = ve > vs ? new String(d, vs, ve - vs, StandardCharsets.UTF_8) : null;
            int g = index.get(key);
            if (g >= 0) {
                if (!java.util.Objects.equals(price, gPrice[g])) {
                    String loc = location(point, ew);
                    rejections.add(new Rejection("conflicting_duplicate", at(position) + ": " + layout.priceKey + " '"
                            + price + "' for " + loc + " at " + String.join(" ", tupleLabels.get(tuple))
                            + " differs from '" + gPrice[g] + "' at " + at(gLine[g]) + " (the first is kept)",
                            position, loc));
                }
                return;
            }
            if (size == gPoint.length) grow();
            index.put(key, size);
            gPoint[size] = point * 2 + (ew ? 1 : 0);
            gTuple[size] = tuple;
            gType[size] = type;
            gLine[size] = position;
            gPrice[size] = price;
            size++;
        }

        private String[] labels(byte[] d, Cells c) {
            String[] out = new String[layout.timeRoles.length];
            for (int i = 0; i < out.length; i++) {
                int col = layout.col(layout.timeRoles[i]);
                int s = CsvFields.trimStart(d, c.start(col), c.end(col));
                int e = CsvFields.trimEnd(d, s, c.end(col));
                out[i] = new String(d, s, e - s, StandardCharsets.UTF_8);
            }
            return out;
        }

        private String location(int point, boolean ew) {
            return ew ? points.string(point) + ENERGY_WEIGHTED_SUFFIX : points.string(point);
        }

        private void grow() {
            int n = gPoint.length * 2;
            gPoint = Arrays.copyOf(gPoint, n);
            gTuple = Arrays.copyOf(gTuple, n);
            gType = Arrays.copyOf(gType, n);
            gLine = Arrays.copyOf(gLine, n);
            gPrice = Arrays.copyOf(gPrice, n);
        }

        Extraction extraction() {
            // a day numbered HE 1..25 counts its hours from midnight: mark every record of that day
            int dateAt = -1;
            int hourAt = -1;
            for (int i = 0; i < layout.timeRoles.length; i++) {
                if (layout.timeRoles[i] == Role.DATE) dateAt = i;
                if (layout.timeRoles[i] == Role.HOUR) hourAt = i;
            }
            Set<String> elapsedDays = new HashSet<>();
            if (dateAt >= 0 && hourAt >= 0) {
                for (String[] l : tupleLabels) if (ErcotTime.hourEnding(l[hourAt]) == 25) elapsedDays.add(l[dateAt]);
            }
            String[] locations = new String[points.size() * 2];
            Map<Long, Map<String, String>> attributes = new HashMap<>();
            String[] kv = new String[2 * 10];
            List<RawRecord> records = new ArrayList<>(size);
            for (int g = 0; g < size; g++) {
                int tuple = gTuple[g];
                int type = gType[g];
                long ak = ((long) tuple << 32) | (type + 1);
                Map<String, String> attrs = attributes.get(ak);
                if (attrs == null) {
                    String[] l = tupleLabels.get(tuple);
                    int a = 0;
                    for (int i = 0; i < l.length; i++) {
                        // an empty flag is no flag; another empty label stays, for the dialect to refuse
                        if (l[i].isEmpty() && layout.timeRoles[i] == Role.FLAG) continue;
                        kv[a++] = attrName(layout.timeRoles[i]);
                        kv[a++] = l[i];
                    }
                    if (dateAt >= 0 && elapsedDays.contains(l[dateAt])) {
                        kv[a++] = ATTR_HOUR_NUMBERING;
                        kv[a++] = ErcotTime.ELAPSED;
                    }
                    if (type >= 0) {
                        kv[a++] = RawRecord.TYPE;
                        kv[a++] = types.string(type);
                    }
                    if (api) {
                        kv[a++] = ATTR_SOURCE;
                        kv[a++] = SOURCE_API;
                    }
                    attrs = SmallMaps.of(kv, a / 2);
                    attributes.put(ak, attrs);
                }
                int pk = gPoint[g];
                String loc = locations[pk];
                if (loc == null) loc = locations[pk] = location(pk >> 1, (pk & 1) == 1);
                String price = gPrice[g];
                Map<String, String> values = price == null ? Map.of() : Map.of(layout.priceKey, price);
                records.add(new RawRecord(doc.tenant(), ISO, dataset, layout.report.market, doc.sha256(), gLine[g], loc,
                        attrs, values));
            }
            return new Extraction(dataset, layout.report.market, Collections.unmodifiableList(records),
                    Collections.unmodifiableList(rejections), sourceRows);
        }

        private String attrName(Role r) {
            return switch (r) {
                case DATE -> ATTR_DELIVERY_DATE;
                case HOUR -> ATTR_HOUR_ENDING;
                case INTERVAL -> ATTR_DELIVERY_INTERVAL;
                case FLAG -> layout.report == ErcotReport.SCED_LMP ? ATTR_REPEATED_HOUR_FLAG : ATTR_DST_FLAG;
                case SCED -> ATTR_SCED_TIMESTAMP;
                default -> throw new IllegalStateException("not a time role: " + r);
            };
        }
    }

    // ---------------------------------------------------------------- byte helpers

    private static int bomLength(byte[] c, int from, int to) {
        return to - from >= 3 && c[from] == (byte) 0xEF && c[from + 1] == (byte) 0xBB && c[from + 2] == (byte) 0xBF
                ? 3 : 0;
    }

    /** Index of the first byte that is not a BOM or whitespace ({@code c.length} when there is none). */
    private static int firstNonBlank(byte[] c) {
        int i = bomLength(c, 0, c.length);
        while (i < c.length && (c[i] == ' ' || c[i] == '\t' || c[i] == '\r' || c[i] == '\n')) i++;
        return i;
    }

    private static String preview(byte[] c, int off) {
        String s = new String(c, off, Math.min(c.length - off, MAX_PREVIEW), StandardCharsets.UTF_8).strip();
        return (c.length - off > MAX_PREVIEW ? s + "…" : s).replace('\n', ' ').replace('\r', ' ');
    }

    /** File name without directories or URL query. */
    private static String baseName(String name) {
        if (name == null) return "(unnamed)";
        int q = name.indexOf('?');
        String s = q >= 0 ? name.substring(0, q) : name;
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        return slash >= 0 && slash < s.length() - 1 ? s.substring(slash + 1) : s;
    }

    private static String where(JsonParser p) {
        return "line " + p.currentTokenLocation().getLineNr() + ", column " + p.currentTokenLocation().getColumnNr();
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "an unknown position"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static String abbreviate(String s) {
        return abbreviate(s, MAX_PREVIEW);
    }

    private static String abbreviate(String s, int max) {
        return s == null ? "" : s.length() > max ? s.substring(0, max) + "…" : s;
    }
}
