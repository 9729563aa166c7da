package com.carbon254.ingestion.iso.ercot;

import com.carbon254.ingestion.iso.sim.PriceModel.Market;
import com.carbon254.ingestion.iso.sim.PriceModel.Node;
import com.carbon254.ingestion.iso.sim.PriceModel.NodeKind;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.iso.sim.SimDocuments;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Renders {@link PriceModel} prices as ERCOT publishes them (DOMAIN.md "ERCOT"), so that {@link ErcotConnector} reads
 * them unchanged: the public API's NP4-190-CD JSON page, the MIS document listing and its documents (a zip holding
 * one CSV) for NP4-190-CD, NP6-788-CD (one per SCED run, LMPs right-aligned in 12 characters) and NP6-905-CD (one per
 * 15 minutes, load zones and DC ties also energy-weighted). ERCOT publishes prices in cents and no components: the
 * model's LMP is the price. Pure: no I/O, no clock (callers pass "now"), deterministic for a given model.
 *
 * <p>When documents exist ({@link #damDocs}, {@link #scedDocs}, {@link #sppDocs}): the DAM for a delivery day is
 * posted at 13:30:17 Central the day before; SCED runs 10–24 s into each 5-minute interval, a second run 150–189 s in
 * for about one interval in twenty (a re-run whose prices differ by a few cents), each posted 2 s after its run;
 * 15-minute settlement point prices are posted 3 minutes after the interval ends.
 */
public final class ErcotSimFormats {
    /** Header of NP4-190-CD's CSV. */
    public static final String DAM_HEADER = "DeliveryDate,HourEnding,SettlementPoint,SettlementPointPrice,DSTFlag";
    /** Header of NP6-788-CD's CSV. */
    public static final String SCED_HEADER = "SCEDTimestamp,RepeatedHourFlag,SettlementPoint,LMP";
    /** Header of NP6-905-CD's CSV. */
    public static final String SPP_HEADER = "DeliveryDate,DeliveryHour,DeliveryInterval,SettlementPointName,"
            + "SettlementPointType,SettlementPointPrice,DSTFlag";
    /** How long the MIS lists documents: DAM postings, SCED runs, 15-minute prices. */
    static final Duration DAM_RETENTION = Duration.ofDays(8);
    static final Duration SCED_RETENTION = Duration.ofHours(6);
    static final Duration SPP_RETENTION = Duration.ofDays(1);
    static final String PUBLIC_API = "https://api.ercot.com/api/public-reports";

    private static final DateTimeFormatter MDY = DateTimeFormatter.ofPattern("MM/dd/uuuu", Locale.ROOT);
    private static final DateTimeFormatter MDY_TIME = DateTimeFormatter.ofPattern("MM/dd/uuuu HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter YMD = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT);
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT);
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HHmm", Locale.ROOT);
    private static final DateTimeFormatter HMS_MILLIS = DateTimeFormatter.ofPattern("HHmmssSSS", Locale.ROOT);
    /** {@code PublishDate} as the MIS writes it: Central wall time with {@code -05:00} whatever the season. */
    private static final DateTimeFormatter PUBLISHED = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'-05:00'",
            Locale.ROOT);
    private static final long DOC_KIND = 10_000_000_000L;

    private ErcotSimFormats() {
    }

    // ---------------------------------------------------------------- ERCOT's labels of an interval

    /** ERCOT's labels of an interval: delivery date, hour ending, 15-minute interval (1–4), DSTFlag. */
    record Label(LocalDate date, int hourEnding, int interval, boolean repeated) {
    }

    /** The labels of the interval starting at {@code start}: HE = local start hour + 1, Y in the repeated pass. */
    static Label label(Instant start) {
        LocalDateTime local = LocalDateTime.ofInstant(start, Ercot.CENTRAL);
        return new Label(local.toLocalDate(), local.getHour() + 1, local.getMinute() / 15 + 1, repeated(start));
    }

    /** Whether {@code t}'s Central wall time happens twice and {@code t} is the second (standard-time) pass. */
    static boolean repeated(Instant t) {
        ZoneRules rules = Ercot.CENTRAL.getRules();
        LocalDateTime local = LocalDateTime.ofInstant(t, Ercot.CENTRAL);
        return rules.getValidOffsets(local).size() > 1 && rules.getOffset(t).equals(rules.getTransition(local)
                .getOffsetAfter());
    }

    /** The starts of a delivery day's hours, in time order (23, 24 or 25). */
    static List<Instant> hours(LocalDate day) {
        Instant s = day.atStartOfDay(Ercot.CENTRAL).toInstant();
        Instant e = day.plusDays(1).atStartOfDay(Ercot.CENTRAL).toInstant();
        List<Instant> out = new ArrayList<>(25);
        for (Instant t = s; t.isBefore(e); t = t.plusSeconds(3600)) out.add(t);
        return out;
    }

    private static String he(int he) {
        return (he < 10 ? "0" : "") + he + ":00";
    }

    // ---------------------------------------------------------------- prices (cents)

    private static List<Node> sortedNodes() {
        List<Node> nodes = new ArrayList<>(ErcotSimulator.PRICES.nodes());
        nodes.sort(Comparator.comparing(Node::id));
        return nodes;
    }

    static BigDecimal damPrice(PriceModel model, String node, Instant hourStart) {
        return cents(model.price(ErcotSimulator.PRICES, Market.DAY_AHEAD, node, hourStart, Duration.ofHours(1)).lmp());
    }

    /** A SCED run's LMP: the model's 5-minute price of the interval holding it; a re-run moves it a few cents. */
    static BigDecimal scedPrice(PriceModel model, String node, Instant run) {
        Instant start = Instant.ofEpochSecond(Math.floorDiv(run.getEpochSecond(), 300) * 300);
        BigDecimal lmp = cents(model.price(ErcotSimulator.PRICES, Market.REAL_TIME, node, start,
                Duration.ofMinutes(5)).lmp());
        if (run.getEpochSecond() - start.getEpochSecond() < 150) return lmp;
        long h = mix(model.seed(), run.getEpochSecond(), node.hashCode());
        return lmp.add(BigDecimal.valueOf(Math.floorMod(h, 41) - 20, 2));
    }

    /** A 15-minute settlement point price: the mean of its three 5-minute prices, half up to cents. */
    static BigDecimal sppPrice(PriceModel model, String node, Instant start) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < 3; i++) {
            sum = sum.add(model.price(ErcotSimulator.PRICES, Market.REAL_TIME, node, start.plusSeconds(300L * i),
                    Duration.ofMinutes(5)).lmp());
        }
        return sum.divide(BigDecimal.valueOf(3), 2, RoundingMode.HALF_UP);
    }

    /** The energy-weighted price of a load zone or DC tie: its price moved by a few cents. */
    static BigDecimal energyWeighted(PriceModel model, String node, Instant start, BigDecimal price) {
        long h = mix(model.seed(), start.getEpochSecond(), node.hashCode() * 31L);
        return price.add(BigDecimal.valueOf(Math.floorMod(h, 21) - 10, 2));
    }

    private static BigDecimal cents(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_EVEN);
    }

    /** ERCOT's CSV number: cents, always two decimals ({@code 27.04}, {@code -38.25}). */
    static String csvNumber(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** The API's JSON number: a double as Java prints it ({@code 42.47}, {@code 34.2}, {@code 30.0}). */
    static String jsonNumber(BigDecimal v) {
        return Double.toString(v.doubleValue());
    }

    // ---------------------------------------------------------------- public API: NP4-190-CD

    /** One data row of the API's NP4-190-CD: delivery date, hour start, settlement point, price. */
    record DamRow(LocalDate day, Instant hourStart, String point, BigDecimal price) {
    }

    /**
     * The rows of {@code days} (newest first, as the API sorts {@code deliveryDate: DESC,hourEnding: ASC,
     * settlementPoint: ASC}; the repeated hour's two passes in time order), only {@code point} when not null.
     */
    static List<DamRow> damRows(PriceModel model, List<LocalDate> days, String point) {
        List<DamRow> rows = new ArrayList<>();
        List<LocalDate> desc = new ArrayList<>(days);
        desc.sort(Comparator.reverseOrder());
        List<Node> nodes = sortedNodes();
        for (LocalDate d : desc) {
            for (Instant h : hours(d)) {
                for (Node n : nodes) {
                    if (point != null && !point.equals(n.id())) continue;
                    rows.add(new DamRow(d, h, n.id(), damPrice(model, n.id(), h)));
                }
            }
        }
        return rows;
    }

    /**
     * {@code GET /np4-190-cd/dam_stlmnt_pnt_prices}: one page of {@code rows} in the API's envelope, as the recorded
     * sample writes it ({@code _meta}, {@code report}, {@code fields}, {@code data}, {@code _links}).
     *
     * @param parameters the query's filter parameters (name, value), echoed in {@code _meta.query}
     */
    static byte[] damApiPage(List<DamRow> rows, List<String[]> parameters, int page, int size) {
        int total = rows.size();
        int pages = total == 0 ? 0 : (total + size - 1) / size;
        StringBuilder sb = new StringBuilder(256 + Math.min(total, size) * 48);
        sb.append("{\"_meta\":{\"totalRecords\":").append(total).append(",\"pageSize\":").append(size)
                .append(",\"totalPages\":").append(pages).append(",\"currentPage\":").append(page)
                .append(",\"query\":{\"parameterCount\":").append(parameters.size()).append(",\"parameters\":{");
        for (int i = 0; i < parameters.size(); i++) {
            if (i > 0) sb.append(',');
            SimDocuments.jsonString(sb, parameters.get(i)[0]);
            sb.append(':');
            SimDocuments.jsonString(sb, parameters.get(i)[1]);
        }
        sb.append("},\"sortedBy\":\"deliveryDate: DESC,hourEnding: ASC,settlementPoint: ASC\"}},");
        sb.append("\"report\":{\"reportName\":\"dam_stlmnt_pnt_prices\",\"reportDisplayName\":\"DAM Settlement Point"
                + " Prices\",\"reportId\":\"12331\",\"reportEMIL\":\"NP4-190-CD\",\"downloadLimit\":2000000},");
        sb.append("\"fields\":[")
                .append(field("deliveryDate", "Delivery Date", 1, "DATE", true))
                .append(',').append(field("hourEnding", "Hour Ending", 2, "VARCHAR", false))
                .append(',').append(field("settlementPoint", "Settlement Point", 3, "VARCHAR", false))
                .append(',').append(field("settlementPointPrice", "Settlement Point Price", 4, "DOUBLE", true))
                .append(',').append(field("DSTFlag", "DST Flag", 5, "BOOLEAN", false)).append("],");
        sb.append("\"data\":[");
        int from = (int) Math.min((long) (page - 1) * size, total);
        int to = (int) Math.min((long) from + size, total);
        for (int i = from; i < to; i++) {
            DamRow r = rows.get(i);
            Label l = label(r.hourStart());
            if (i > from) sb.append(',');
            sb.append("[\"").append(r.day()).append("\",\"").append(he(l.hourEnding())).append("\",");
            SimDocuments.jsonString(sb, r.point());
            sb.append(',').append(jsonNumber(r.price())).append(',').append(l.repeated()).append(']');
        }
        sb.append("],\"_links\":{\"self\":{\"href\":\"").append(PUBLIC_API)
                .append("/np4-190-cd/dam_stlmnt_pnt_prices\"},\"parent\":{\"href\":\"").append(PUBLIC_API)
                .append("/np4-190-cd\"}}}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String field(String name, String label, int cardinality, String type, boolean range) {
        return "{\"name\":\"" + name + "\",\"label\":\"" + label + "\",\"cardinality\":" + cardinality
                + ",\"dataType\":\"" + type + "\",\"searchable\":true,\"sortable\":true,\"hasRange\":" + range + "}";
    }

    /** An API error body as Azure API Management writes it: <code>{"statusCode":401,"message":"…"}</code>. */
    static byte[] apiError(int status, String message) {
        StringBuilder sb = new StringBuilder(64 + message.length());
        sb.append("{ \"statusCode\": ").append(status).append(", \"message\": ");
        SimDocuments.jsonString(sb, message);
        sb.append(" }");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- MIS documents

    /**
     * One MIS document: its report, the instant its data is keyed by (the delivery day's start for the DAM, the SCED
     * run, the 15-minute interval's start), when it was posted, and whether it is the XML twin.
     */
    record MisDoc(ErcotReport report, Instant key, Instant posted, boolean xml) {
        /** The same report posted as XML (listed beside the CSV, as ERCOT does). */
        MisDoc twin() {
            return new MisDoc(report, key, posted, true);
        }
    }

    /** When the DAM of {@code day} is posted: 13:30:17 Central the day before. */
    static Instant damPosted(LocalDate day) {
        return day.minusDays(1).atTime(13, 30, 17).atZone(Ercot.CENTRAL).toInstant();
    }

    /** The DAM documents posted in {@code (now − retention, now]}, newest first. */
    static List<MisDoc> damDocs(Instant now) {
        List<MisDoc> out = new ArrayList<>();
        LocalDate last = LocalDate.ofInstant(now, Ercot.CENTRAL).plusDays(1);
        for (LocalDate d = last; ; d = d.minusDays(1)) {
            Instant posted = damPosted(d);
            if (posted.isAfter(now)) continue;
            if (!posted.isAfter(now.minus(DAM_RETENTION))) break;
            out.add(new MisDoc(ErcotReport.DAM_SPP, d.atStartOfDay(Ercot.CENTRAL).toInstant(), posted, false));
        }
        return out;
    }

    /** The SCED runs of the 5-minute interval starting at {@code start}: one, sometimes a re-run. */
    static List<Instant> scedRuns(long seed, Instant start) {
        long h = mix(seed, start.getEpochSecond(), 0x5CED);
        Instant first = start.plusSeconds(10 + Math.floorMod(h, 15));
        if (Math.floorMod(h >>> 20, 20) != 0) return List.of(first);
        return List.of(first, start.plusSeconds(150 + Math.floorMod(h >>> 40, 40)));
    }

    /** The SCED documents posted in {@code (now − retention, now]}, newest first. */
    static List<MisDoc> scedDocs(long seed, Instant now) {
        List<MisDoc> out = new ArrayList<>();
        long last = Math.floorDiv(now.getEpochSecond(), 300) * 300;
        Instant oldest = now.minus(SCED_RETENTION);
        for (long s = last; s > oldest.getEpochSecond() - 300; s -= 300) {
            List<Instant> runs = scedRuns(seed, Instant.ofEpochSecond(s));
            for (int i = runs.size() - 1; i >= 0; i--) {
                Instant posted = runs.get(i).plusSeconds(2);
                if (!posted.isAfter(now) && posted.isAfter(oldest)) {
                    out.add(new MisDoc(ErcotReport.SCED_LMP, runs.get(i), posted, false));
                }
            }
        }
        return out;
    }

    /** The 15-minute documents posted in {@code (now − retention, now]}, newest first. */
    static List<MisDoc> sppDocs(Instant now) {
        List<MisDoc> out = new ArrayList<>();
        Instant oldest = now.minus(SPP_RETENTION);
        for (long s = Math.floorDiv(now.getEpochSecond(), 900) * 900; ; s -= 900) {
            Instant posted = Instant.ofEpochSecond(s + 900 + 180);
            if (posted.isAfter(now)) continue;
            if (!posted.isAfter(oldest)) break;
            out.add(new MisDoc(ErcotReport.RT_SPP, Instant.ofEpochSecond(s), posted, false));
        }
        return out;
    }

    /** The documents of MIS report type {@code reportTypeId} listed at {@code now}, each with its XML twin. */
    static List<MisDoc> listed(long seed, String reportTypeId, Instant now) {
        ErcotReport r = ErcotReport.byReportTypeId(reportTypeId);
        if (r == null) return List.of();
        List<MisDoc> csv = switch (r) {
            case DAM_SPP -> damDocs(now);
            case SCED_LMP -> scedDocs(seed, now);
            case RT_SPP -> sppDocs(now);
        };
        List<MisDoc> out = new ArrayList<>(csv.size() * 2);
        for (MisDoc d : csv) {
            out.add(d);
            out.add(d.twin());
        }
        return out;
    }

    /** {@code <kind><epoch second of the key>}: kinds 1–3 the CSV documents of each report, 6–8 their XML twins. */
    static String docId(MisDoc d) {
        return Long.toString((d.report().ordinal() + 1 + (d.xml() ? 5 : 0)) * DOC_KIND + d.key().getEpochSecond());
    }

    /**
     * The document with that id if it is one the MIS has posted by {@code now}; null otherwise (a malformed id, a key
     * that is not one of the report's, a document not posted yet).
     */
    static MisDoc byDocId(long seed, String id, Instant now) {
        if (id == null || !id.matches("\\d{11}")) return null;
        long v = Long.parseLong(id);
        int kind = (int) (v / DOC_KIND);
        boolean xml = kind > 5;
        int ordinal = (xml ? kind - 5 : kind) - 1;
        if (ordinal < 0 || ordinal >= ErcotReport.values().length) return null;
        ErcotReport report = ErcotReport.values()[ordinal];
        Instant key = Instant.ofEpochSecond(v % DOC_KIND);
        Instant posted = switch (report) {
            case DAM_SPP -> {
                LocalDate day = LocalDate.ofInstant(key, Ercot.CENTRAL);
                yield day.atStartOfDay(Ercot.CENTRAL).toInstant().equals(key) ? damPosted(day) : null;
            }
            case SCED_LMP -> scedRuns(seed, Instant.ofEpochSecond(Math.floorDiv(v % DOC_KIND, 300) * 300))
                    .contains(key) ? key.plusSeconds(2) : null;
            case RT_SPP -> key.getEpochSecond() % 900 == 0 ? key.plusSeconds(900 + 180) : null;
        };
        if (posted == null || posted.isAfter(now)) return null;
        return new MisDoc(report, key, posted, xml);
    }

    /** {@code DAMSPNP4190_csv}, {@code LMPSROSNODENP6788_20260625_004018_csv}, {@code SPPHLZNP6905_20260625_0015_csv}. */
    static String friendlyName(MisDoc d) {
        return stem(d) + (d.xml() ? "_xml" : "_csv");
    }

    /** The report's name without the format: what the member of its zip is named after. */
    private static String stem(MisDoc d) {
        return switch (d.report()) {
            case DAM_SPP -> d.report().stem;
            case SCED_LMP -> {
                LocalDateTime l = LocalDateTime.ofInstant(d.key(), Ercot.CENTRAL);
                yield d.report().stem + "_" + YMD.format(l) + "_" + HMS.format(l) + (repeated(d.key()) ? "_xhr" : "");
            }
            case RT_SPP -> {
                // named by the interval's end as hour ending / interval: 0015 … 0100, 2400 written 0000 next day
                Label l = label(d.key());
                LocalDateTime end = l.date().atStartOfDay().plusHours(l.hourEnding() - 1)
                        .plusMinutes(15L * l.interval());
                yield d.report().stem + "_" + YMD.format(end) + "_" + HM.format(end) + (l.repeated() ? "_xhr" : "");
            }
        };
    }

    private static String prefix(MisDoc d) {
        return "cdr." + String.format(Locale.ROOT, "%08d", Integer.parseInt(d.report().reportTypeId))
                + ".0000000000000000.";
    }

    /** {@code cdr.00012331.0000000000000000.<posted yyyyMMdd>.<HHmmssSSS>.<friendly name>.zip}. */
    static String constructedName(MisDoc d) {
        LocalDateTime p = LocalDateTime.ofInstant(d.posted(), Ercot.CENTRAL);
        return prefix(d) + YMD.format(p) + "." + HMS_MILLIS.format(p) + "." + friendlyName(d) + ".zip";
    }

    /** The zip's member: {@code cdr.00012331.0000000000000000.<posted yyyyMMdd>.<HHmmss>.DAMSPNP4190.csv}. */
    static String memberName(MisDoc d) {
        LocalDateTime p = LocalDateTime.ofInstant(d.posted(), Ercot.CENTRAL);
        return prefix(d) + YMD.format(p) + "." + HMS.format(p) + "." + stem(d) + ".csv";
    }

    /** The CSV of a document (not of an XML twin). */
    static byte[] csv(PriceModel model, MisDoc d) {
        return switch (d.report()) {
            case DAM_SPP -> damCsv(model, LocalDate.ofInstant(d.key(), Ercot.CENTRAL));
            case SCED_LMP -> scedCsv(model, d.key());
            case RT_SPP -> sppCsv(model, d.key());
        };
    }

    /** What {@code mirDownload?doclookupId=} answers for a CSV document: a zip of its one CSV. */
    static byte[] download(PriceModel model, MisDoc d) {
        return SimDocuments.zip(memberName(d), csv(model, d), LocalDateTime.ofInstant(d.posted(), Ercot.CENTRAL));
    }

    /** NP4-190-CD for one delivery day: hours in time order, settlement points alphabetical within each. */
    static byte[] damCsv(PriceModel model, LocalDate day) {
        List<Node> nodes = sortedNodes();
        StringBuilder sb = new StringBuilder(64 + 25 * nodes.size() * 48);
        sb.append(DAM_HEADER).append('\n');
        String date = MDY.format(day);
        for (Instant h : hours(day)) {
            Label l = label(h);
            for (Node n : nodes) {
                sb.append(date).append(',').append(he(l.hourEnding())).append(',').append(n.id()).append(',')
                        .append(csvNumber(damPrice(model, n.id(), h))).append(',').append(l.repeated() ? 'Y' : 'N')
                        .append('\n');
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** NP6-788-CD for one SCED run: settlement points alphabetical, the LMP right-aligned in 12 characters. */
    static byte[] scedCsv(PriceModel model, Instant run) {
        List<Node> nodes = sortedNodes();
        StringBuilder sb = new StringBuilder(64 + nodes.size() * 48);
        sb.append(SCED_HEADER).append('\n');
        String stamp = MDY_TIME.format(LocalDateTime.ofInstant(run, Ercot.CENTRAL));
        char flag = repeated(run) ? 'Y' : 'N';
        for (Node n : nodes) {
            String lmp = csvNumber(scedPrice(model, n.id(), run));
            sb.append(stamp).append(',').append(flag).append(',').append(n.id()).append(',')
                    .append(" ".repeat(Math.max(0, 12 - lmp.length()))).append(lmp).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * NP6-905-CD for the 15-minute interval starting at {@code start}: settlement points alphabetical; load zones and
     * DC ties twice, plain ({@code LZ}, {@code LZ_DC}) and energy-weighted ({@code LZEW}, {@code LZ_DCEW}).
     */
    static byte[] sppCsv(PriceModel model, Instant start) {
        Label l = label(start);
        String prefix = MDY.format(l.date()) + "," + l.hourEnding() + "," + l.interval() + ",";
        String suffix = "," + (l.repeated() ? 'Y' : 'N') + "\n";
        StringBuilder sb = new StringBuilder(64 + 40 * 48);
        sb.append(SPP_HEADER).append('\n');
        for (Node n : sortedNodes()) {
            BigDecimal p = sppPrice(model, n.id(), start);
            sb.append(prefix).append(n.id()).append(',').append(n.type()).append(',').append(csvNumber(p))
                    .append(suffix);
            if (n.kind() == NodeKind.LOAD_ZONE || n.kind() == NodeKind.INTERFACE) {
                sb.append(prefix).append(n.id()).append(',').append(n.type()).append("EW,")
                        .append(csvNumber(energyWeighted(model, n.id(), start, p))).append(suffix);
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * {@code IceDocListJsonWS?reportTypeId=}: the listing of {@code docs} (newest first), laid out as the recorded
     * listing is. {@code ContentSize} of a CSV document is its zip's size; of an XML twin an estimate.
     */
    static byte[] listing(PriceModel model, List<MisDoc> docs) {
        StringBuilder sb = new StringBuilder(128 + docs.size() * 700);
        sb.append("{\n    \"ListDocsByRptTypeRes\": {\n        \"DocumentList\": [");
        MisDoc sized = null;
        int csvSize = 0;
        for (int i = 0; i < docs.size(); i++) {
            MisDoc d = docs.get(i);
            MisDoc csv = d.xml() ? new MisDoc(d.report(), d.key(), d.posted(), false) : d;
            if (!csv.equals(sized)) {
                csvSize = download(model, csv).length;
                sized = csv;
            }
            int size = d.xml() ? csvSize * 23 / 20 : csvSize;
            LocalDateTime posted = LocalDateTime.ofInstant(d.posted(), Ercot.CENTRAL);
            LocalDateTime expires = posted.toLocalDate().plusDays(7).atTime(23, 59, 59);
            sb.append(i == 0 ? "\n" : ",\n");
            sb.append("            {\n                \"Document\": {\n");
            entry(sb, "ExpiredDate", PUBLISHED.format(expires), false);
            entry(sb, "ILMStatus", "EXT", false);
            entry(sb, "SecurityStatus", "P", false);
            entry(sb, "ContentSize", Integer.toString(size), false);
            entry(sb, "Extension", "zip", false);
            entry(sb, "ReportTypeID", d.report().reportTypeId, false);
            entry(sb, "Prefix", "cdr", false);
            entry(sb, "FriendlyName", friendlyName(d), false);
            entry(sb, "ConstructedName", constructedName(d), false);
            entry(sb, "DocID", docId(d), false);
            entry(sb, "PublishDate", PUBLISHED.format(posted), false);
            entry(sb, "ReportName", d.report().title, false);
            entry(sb, "DUNS", "0000000000000000", false);
            entry(sb, "DocCount", "0", true);
            sb.append("                }\n            }");
        }
        sb.append(docs.isEmpty() ? "]\n" : "\n        ]\n").append("    }\n}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void entry(StringBuilder sb, String name, String value, boolean last) {
        sb.append("                    \"").append(name).append("\": ");
        SimDocuments.jsonString(sb, value);
        sb.append(last ? "\n" : ",\n");
    }

    /** SplitMix64 over (seed, a, b): the simulator's own deterministic choices (SCED run times, small offsets). */
    static long mix(long seed, long a, long b) {
        long h = seed * 0x9E3779B97F4A7C15L + a;
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h += b * 0x94D049BB133111EBL;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
