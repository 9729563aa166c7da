package com.carbon254.ingestion.connector.sim;

import com.carbon254.ingestion.connector.sim.PriceModel.Iso;
import com.carbon254.ingestion.connector.sim.PriceModel.Market;
import com.carbon254.ingestion.connector.sim.PriceModel.Node;
import com.carbon254.ingestion.connector.sim.PriceModel.Price;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Renders {@link PriceModel} prices in the ISOs' wire formats (DOMAIN.md "Formats"), byte for byte the way the
 * real servers shape them, so that the project's own connectors read them unchanged:
 * <ul>
 *   <li>MISO market report {@code <yyyyMMdd>_da_expost_lmp.csv} / {@code _da_exante_lmp.csv};</li>
 *   <li>MISO public API {@code GetRealTimeFiveMinExPost/Current} JSON;</li>
 *   <li>CAISO OASIS {@code SingleZip} for {@code PRC_LMP}/{@code DAM} and {@code PRC_INTVL_LMP}/{@code RTM}, and its
 *       {@code INVALID_REQUEST.xml.zip} error document.</li>
 * </ul>
 * Pure: no I/O, no clock (callers pass the "generated" instant), deterministic for a given model.
 */
public final class Formats {
    /** MISO labels every timestamp in EST, all year. */
    public static final ZoneOffset MISO_EST = ZoneOffset.ofHours(-5);
    public static final ZoneId CAISO_ZONE = ZoneId.of("America/Los_Angeles");

    public static final String MISO_EXPOST_TITLE = "Day Ahead Market ExPost LMPs";
    public static final String MISO_EXANTE_TITLE = "Day Ahead Market ExAnte LMPs";
    public static final String MISO_EST_NOTE = ",,,All Hours-Ending are Eastern Standard Time (EST)";
    public static final List<String> MISO_API_HEADERS = List.of("INTERVAL", "CPNODE", "LMP", "MLC", "MCC");

    public static final String CAISO_ERROR_MEMBER = "INVALID_REQUEST.xml";
    public static final int CAISO_NO_DATA = 1004;
    public static final String CAISO_NO_DATA_DESC = "No data returned for the specified selection";
    public static final int CAISO_INVALID_REQUEST = 1001;
    /** OASIS request bounds, {@code startdatetime=20240301T08:00-0000}. */
    public static final DateTimeFormatter CAISO_REQUEST_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mmxx", Locale.ROOT);

    private static final DateTimeFormatter MISO_DATE = DateTimeFormatter.ofPattern("MM/dd/uuuu", Locale.ROOT);
    private static final DateTimeFormatter MISO_API_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter CAISO_GMT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'-00:00'", Locale.ROOT);
    private static final DateTimeFormatter YMD = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT);
    private static final DateTimeFormatter GENERATED = DateTimeFormatter.ofPattern("uuuuMMdd_HH_mm_ss", Locale.ROOT);

    private static final String CAISO_HEADER = "INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,OPR_INTERVAL,"
            + "NODE_ID_XML,NODE_ID,NODE,MARKET_RUN_ID,LMP_TYPE,XML_DATA_ITEM,PNODE_RESMRID,GRP_TYPE,POS,%s,GROUP";

    /** OASIS LMP_TYPEs in the order OASIS writes them (alphabetical), with their XML_DATA_ITEM. */
    private enum LmpType {
        LMP("LMP_PRC", Price::lmp), MCC("LMP_CONG_PRC", Price::congestion), MCE("LMP_ENE_PRC", Price::energy),
        MCL("LMP_LOSS_PRC", Price::loss), MGHG("LMP_GHG_PRC", Price::ghg);

        final String item;
        final Function<Price, BigDecimal> value;

        LmpType(String item, Function<Price, BigDecimal> value) {
            this.item = item;
            this.value = value;
        }
    }

    /** The two OASIS price reports the simulator serves. */
    public enum CaisoReport {
        /** Day-ahead hourly LMP: {@code queryname=PRC_LMP&market_run_id=DAM}, price column {@code MW}. */
        PRC_LMP("DAM", "MW", Duration.ofHours(1), Market.DAY_AHEAD),
        /** Real-time 5-minute LMP: {@code queryname=PRC_INTVL_LMP&market_run_id=RTM}, price column {@code VALUE}. */
        PRC_INTVL_LMP("RTM", "VALUE", Duration.ofMinutes(5), Market.REAL_TIME);

        private final String marketRunId;
        private final String priceColumn;
        private final Duration interval;
        private final Market market;

        CaisoReport(String marketRunId, String priceColumn, Duration interval, Market market) {
            this.marketRunId = marketRunId;
            this.priceColumn = priceColumn;
            this.interval = interval;
            this.market = market;
        }

        public String marketRunId() {
            return marketRunId;
        }

        public String priceColumn() {
            return priceColumn;
        }

        public Duration interval() {
            return interval;
        }

        public static java.util.Optional<CaisoReport> of(String queryName) {
            for (CaisoReport r : values()) if (r.name().equalsIgnoreCase(queryName)) return java.util.Optional.of(r);
            return java.util.Optional.empty();
        }
    }

    /** CAISO's local labels of an interval: trade date, hour ending (25 = the repeated fall-back hour), 5-min slot. */
    public record CaisoLabel(LocalDate oprDt, int oprHr, int oprInterval) {
    }

    private Formats() {
    }

    // ---------------------------------------------------------------- MISO market report

    /**
     * The day-ahead LMP report of one operating day (EST): the 4 preamble lines, the header
     * {@code Node,Type,Value,HE 1..HE 24}, then LMP rows of every node (alphabetical), MCC rows, MLC rows; numbers as
     * MISO writes them ({@code 32}, {@code .6}, {@code -.37}); LF line ends.
     *
     * @param exAnte {@code da_exante_lmp} (true) or {@code da_expost_lmp} (false)
     */
    public static byte[] misoDayAheadReport(PriceModel model, LocalDate operatingDay, boolean exAnte) {
        Market market = exAnte ? Market.DAY_AHEAD_EXANTE : Market.DAY_AHEAD;
        List<Node> nodes = new ArrayList<>(PriceModel.nodes(Iso.MISO));
        nodes.sort(Comparator.comparing(Node::id));
        Instant dayStart = operatingDay.atStartOfDay().toInstant(MISO_EST);
        Map<String, Price[]> prices = new LinkedHashMap<>();
        for (Node n : nodes) {
            Price[] p = new Price[25];
            for (int he = 1; he <= 24; he++) {
                p[he] = model.price(Iso.MISO, market, n.id(), dayStart.plusSeconds((he - 1) * 3600L), Duration.ofHours(1));
            }
            prices.put(n.id(), p);
        }
        StringBuilder sb = new StringBuilder(nodes.size() * 3 * 200 + 400);
        sb.append(exAnte ? MISO_EXANTE_TITLE : MISO_EXPOST_TITLE).append('\n');
        sb.append(MISO_DATE.format(operatingDay)).append('\n');
        sb.append('\n');
        sb.append(MISO_EST_NOTE).append('\n');
        sb.append("Node,Type,Value");
        for (int he = 1; he <= 24; he++) sb.append(",HE ").append(he);
        sb.append('\n');
        String[] values = {"LMP", "MCC", "MLC"};
        for (String value : values) {
            for (Node n : nodes) {
                sb.append(n.id()).append(',').append(n.type()).append(',').append(value);
                Price[] p = prices.get(n.id());
                for (int he = 1; he <= 24; he++) {
                    BigDecimal v = switch (value) {
                        case "LMP" -> p[he].lmp();
                        case "MCC" -> p[he].congestion();
                        default -> p[he].loss();
                    };
                    sb.append(',').append(misoNumber(v));
                }
                sb.append('\n');
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** MISO's CSV number style: no trailing zeros, no leading zero ({@code 32}, {@code .6}, {@code -.37}, {@code 0}). */
    public static String misoNumber(BigDecimal v) {
        String s = plain(v);
        if (s.startsWith("0.")) return s.substring(1);
        if (s.startsWith("-0.")) return "-" + s.substring(2);
        return s;
    }

    // ---------------------------------------------------------------- MISO public API

    /**
     * {@code GET /api/MarketPricing/GetRealTimeFiveMinExPost/Current}: every node's real-time ex-post prices of the
     * 5-minute interval ending at {@code intervalEnd}, as
     * {@code {"headers":["INTERVAL","CPNODE","LMP","MLC","MCC"],"data":[["2026-07-27T08:15:00","ALTW.WELLS1",24.58,-1.94,-3.44],…]}}.
     * {@code INTERVAL} is the interval END in EST without an offset; prices are JSON numbers.
     */
    public static byte[] misoFiveMinExPostCurrent(PriceModel model, Instant intervalEnd) {
        Instant start = intervalEnd.minus(Duration.ofMinutes(5));
        String interval = MISO_API_TIME.format(LocalDateTime.ofInstant(intervalEnd, MISO_EST));
        StringBuilder sb = new StringBuilder(4096);
        sb.append("{\"headers\":[");
        for (int i = 0; i < MISO_API_HEADERS.size(); i++) {
            if (i > 0) sb.append(',');
            jsonString(sb, MISO_API_HEADERS.get(i));
        }
        sb.append("],\"data\":[");
        boolean first = true;
        for (Node n : PriceModel.nodes(Iso.MISO)) {
            Price p = model.price(Iso.MISO, Market.REAL_TIME, n.id(), start, Duration.ofMinutes(5));
            if (!first) sb.append(',');
            first = false;
            sb.append('[');
            jsonString(sb, interval);
            sb.append(',');
            jsonString(sb, n.id());
            sb.append(',').append(plain(p.lmp())).append(',').append(plain(p.loss())).append(',')
                    .append(plain(p.congestion())).append(']');
        }
        sb.append("]}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- CAISO OASIS

    /**
     * OASIS's local labels of the interval starting at {@code start}: {@code OPR_DT} is the Pacific trade date,
     * {@code OPR_HR} the hour ending in prevailing Pacific time, except that the second (standard-time) pass of the
     * repeated fall-back hour is {@code 25}; on spring-forward days hour 3 does not exist. {@code OPR_INTERVAL} is the
     * 5-minute slot of the hour (1..12) for sub-hourly intervals, 0 for hourly ones.
     */
    public static CaisoLabel caisoLabel(Instant start, Duration interval) {
        Instant hourStart = Instant.ofEpochSecond(Math.floorDiv(start.getEpochSecond(), 3600) * 3600);
        LocalDateTime local = LocalDateTime.ofInstant(hourStart, CAISO_ZONE);
        int hr = local.getHour() + 1;
        ZoneOffsetTransition t = CAISO_ZONE.getRules().getTransition(local);
        if (t != null && t.isOverlap() && t.getOffsetAfter().equals(CAISO_ZONE.getRules().getOffset(hourStart))) {
            hr = 25;
        }
        int slot = interval.compareTo(Duration.ofHours(1)) >= 0 ? 0
                : (int) ((start.getEpochSecond() - hourStart.getEpochSecond()) / interval.getSeconds()) + 1;
        return new CaisoLabel(local.toLocalDate(), hr, slot);
    }

    /** Interval starts of {@code report} within {@code [start, end)}, on the report's UTC grid. */
    public static List<Instant> caisoIntervals(CaisoReport report, Instant start, Instant end) {
        long step = report.interval().getSeconds();
        long first = Math.floorDiv(start.getEpochSecond() + step - 1, step) * step;
        List<Instant> out = new ArrayList<>();
        for (long s = first; s + step <= end.getEpochSecond(); s += step) out.add(Instant.ofEpochSecond(s));
        return out;
    }

    /**
     * Member name {@code <start>_<end>_<QUERY>_<MKT>_<generated>_v<n>.csv}: the Pacific trade dates of the window's
     * first and last instant, and the generation time in Pacific time ({@code 20240301_20240301_PRC_LMP_DAM_20240229_13_15_02_v12.csv}).
     */
    public static String caisoMemberName(CaisoReport report, Instant start, Instant end, Instant generated, int version) {
        LocalDate first = LocalDate.ofInstant(start, CAISO_ZONE);
        LocalDate last = LocalDate.ofInstant(end.isAfter(start) ? end.minusSeconds(1) : start, CAISO_ZONE);
        return YMD.format(first) + "_" + YMD.format(last) + "_" + report.name() + "_" + report.marketRunId() + "_"
                + GENERATED.format(LocalDateTime.ofInstant(generated, CAISO_ZONE)) + "_v" + version + ".csv";
    }

    /**
     * The OASIS long-format CSV of {@code report} for every node and every interval starting in
     * {@code [start, end)}: one row per node x interval x LMP_TYPE (LMP, MCC, MCE, MCL, MGHG). Rows are grouped as
     * OASIS groups them (trade date, node, LMP_TYPE; {@code GROUP} numbers the groups) with the intervals of a
     * group in a scrambled order, as in real files.
     */
    public static byte[] caisoCsv(PriceModel model, CaisoReport report, Instant start, Instant end, String grpType) {
        List<Instant> intervals = caisoIntervals(report, start, end);
        Map<LocalDate, List<Instant>> byDate = new LinkedHashMap<>();
        for (Instant s : intervals) {
            byDate.computeIfAbsent(caisoLabel(s, report.interval()).oprDt(), d -> new ArrayList<>()).add(s);
        }
        Random scramble = new Random(model.seed() ^ start.getEpochSecond() * 31 ^ report.ordinal());
        StringBuilder sb = new StringBuilder(256 + intervals.size() * 26 * 5 * 190);
        sb.append(String.format(Locale.ROOT, CAISO_HEADER, report.priceColumn())).append('\n');
        int group = 0;
        for (Map.Entry<LocalDate, List<Instant>> day : byDate.entrySet()) {
            for (Node n : PriceModel.nodes(Iso.CAISO)) {
                List<Instant> order = new ArrayList<>(day.getValue());
                java.util.Collections.shuffle(order, scramble);
                Map<Instant, Price> prices = new LinkedHashMap<>();
                for (Instant s : order) {
                    prices.put(s, model.price(Iso.CAISO, report.market, n.id(), s, report.interval()));
                }
                for (LmpType type : LmpType.values()) {
                    group++;
                    for (Instant s : order) {
                        CaisoLabel l = caisoLabel(s, report.interval());
                        sb.append(CAISO_GMT.format(LocalDateTime.ofInstant(s, ZoneOffset.UTC))).append(',')
                                .append(CAISO_GMT.format(LocalDateTime.ofInstant(s.plus(report.interval()), ZoneOffset.UTC)))
                                .append(',').append(l.oprDt()).append(',').append(l.oprHr()).append(',')
                                .append(l.oprInterval()).append(',')
                                .append(n.id()).append(',').append(n.id()).append(',').append(n.id()).append(',')
                                .append(report.marketRunId()).append(',').append(type.name()).append(',')
                                .append(type.item).append(',').append(n.id()).append(',').append(grpType)
                                .append(",0,").append(plain(type.value.apply(prices.get(s)))).append(',')
                                .append(group).append('\n');
                    }
                }
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The {@code SingleZip} response: a zip with the one CSV member of {@link #caisoCsv} named by
     * {@link #caisoMemberName}. The caller decides whether the window has data at all (else {@link #caisoErrorZip}).
     */
    public static byte[] caisoSingleZip(PriceModel model, CaisoReport report, Instant start, Instant end,
                                        String grpType, int version, Instant generated) {
        return zipMember(caisoMemberName(report, start, end, generated, version), caisoCsv(model, report, start, end, grpType),
                generated);
    }

    /** OASIS's error report {@code INVALID_REQUEST.xml} ({@code m:} namespace prefix, as OASIS writes it). */
    public static String caisoErrorXml(int code, String description, Instant generated) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<m:OASISReport xmlns:m=\"http://www.caiso.com/soa/OASISReport_v1.xsd\">\n"
                + "<m:MessageHeader>\n"
                + "<m:TimeDate>" + CAISO_GMT.format(LocalDateTime.ofInstant(generated, ZoneOffset.UTC)) + "</m:TimeDate>\n"
                + "<m:Source>OASIS</m:Source>\n"
                + "<m:Version>v20131201</m:Version>\n"
                + "</m:MessageHeader>\n"
                + "<m:MessagePayload>\n"
                + "<m:RTO>\n"
                + "<m:name>CAISO</m:name>\n"
                + "<m:ERROR>\n"
                + "<m:ERR_CODE>" + code + "</m:ERR_CODE>\n"
                + "<m:ERR_DESC>" + xmlEscape(description) + "</m:ERR_DESC>\n"
                + "</m:ERROR>\n"
                + "</m:RTO>\n"
                + "</m:MessagePayload>\n"
                + "</m:OASISReport>\n";
    }

    /** {@code INVALID_REQUEST.xml.zip}: what OASIS answers (HTTP 200) when a request has no data or is invalid. */
    public static byte[] caisoErrorZip(int code, String description, Instant generated) {
        return zipMember(CAISO_ERROR_MEMBER, caisoErrorXml(code, description, generated).getBytes(StandardCharsets.UTF_8),
                generated);
    }

    /** {@link #caisoErrorZip} with ERR_CODE 1004, "No data returned for the specified selection". */
    public static byte[] caisoNoDataZip(Instant generated) {
        return caisoErrorZip(CAISO_NO_DATA, CAISO_NO_DATA_DESC, generated);
    }

    // ---------------------------------------------------------------- helpers

    /** Plain decimal without trailing zeros ({@code 32.38}, {@code -0.5901}, {@code 0}). */
    static String plain(BigDecimal v) {
        if (v.signum() == 0) return "0";
        return v.stripTrailingZeros().toPlainString();
    }

    /** A zip holding {@code content} as its only member, stamped {@code modified} (Pacific time, as OASIS). */
    public static byte[] zipMember(String member, byte[] content, Instant modified) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(content.length / 8 + 512);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry e = new ZipEntry(member);
            e.setTimeLocal(LocalDateTime.ofInstant(modified, CAISO_ZONE)); // DOS time is local; not the JVM's zone
            zip.putNextEntry(e);
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen in memory
        }
        return bytes.toByteArray();
    }

    private static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    private static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
