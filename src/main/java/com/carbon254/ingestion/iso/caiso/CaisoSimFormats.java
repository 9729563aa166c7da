package com.carbon254.ingestion.iso.caiso;

import com.carbon254.ingestion.iso.sim.PriceModel.Market;
import com.carbon254.ingestion.iso.sim.PriceModel.Node;
import com.carbon254.ingestion.iso.sim.PriceModel.Price;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.iso.sim.SimDocuments;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * Renders {@link PriceModel} prices as CAISO OASIS serves them (DOMAIN.md "Formats"), byte for byte the way the real
 * server shapes them, so that {@link CaisoConnector} reads them unchanged: {@code SingleZip} for
 * {@code PRC_LMP}/{@code DAM} and {@code PRC_INTVL_LMP}/{@code RTM}, and its {@code INVALID_REQUEST.xml.zip} error
 * document. Pure: no I/O, no clock (callers pass the "generated" instant), deterministic for a given model.
 */
public final class CaisoSimFormats {
    public static final String ERROR_MEMBER = "INVALID_REQUEST.xml";
    public static final int NO_DATA = 1004;
    public static final String NO_DATA_DESC = "No data returned for the specified selection";
    public static final int INVALID_REQUEST = 1001;
    /** OASIS request bounds, {@code startdatetime=20240301T08:00-0000}. */
    public static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mmxx", Locale.ROOT);

    private static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'-00:00'", Locale.ROOT);
    private static final DateTimeFormatter YMD = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT);
    private static final DateTimeFormatter GENERATED = DateTimeFormatter.ofPattern("uuuuMMdd_HH_mm_ss", Locale.ROOT);

    private static final String HEADER = "INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,OPR_INTERVAL,"
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

        public static Optional<CaisoReport> of(String queryName) {
            for (CaisoReport r : values()) if (r.name().equalsIgnoreCase(queryName)) return Optional.of(r);
            return Optional.empty();
        }
    }

    /** CAISO's local labels of an interval: trade date, hour ending (25 = the repeated fall-back hour), 5-min slot. */
    public record CaisoLabel(LocalDate oprDt, int oprHr, int oprInterval) {
    }

    private CaisoSimFormats() {
    }

    /**
     * OASIS's local labels of the interval starting at {@code start}: {@code OPR_DT} is the Pacific trade date,
     * {@code OPR_HR} the hour ending in prevailing Pacific time, except that the second (standard-time) pass of the
     * repeated fall-back hour is {@code 25}; on spring-forward days hour 3 does not exist. {@code OPR_INTERVAL} is the
     * 5-minute slot of the hour (1..12) for sub-hourly intervals, 0 for hourly ones.
     */
    public static CaisoLabel label(Instant start, Duration interval) {
        Instant hourStart = Instant.ofEpochSecond(Math.floorDiv(start.getEpochSecond(), 3600) * 3600);
        LocalDateTime local = LocalDateTime.ofInstant(hourStart, Caiso.PACIFIC);
        int hr = local.getHour() + 1;
        ZoneOffsetTransition t = Caiso.PACIFIC.getRules().getTransition(local);
        if (t != null && t.isOverlap() && t.getOffsetAfter().equals(Caiso.PACIFIC.getRules().getOffset(hourStart))) {
            hr = 25;
        }
        int slot = interval.compareTo(Duration.ofHours(1)) >= 0 ? 0
                : (int) ((start.getEpochSecond() - hourStart.getEpochSecond()) / interval.getSeconds()) + 1;
        return new CaisoLabel(local.toLocalDate(), hr, slot);
    }

    /** Interval starts of {@code report} within {@code [start, end)}, on the report's UTC grid. */
    public static List<Instant> intervals(CaisoReport report, Instant start, Instant end) {
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
    public static String memberName(CaisoReport report, Instant start, Instant end, Instant generated, int version) {
        LocalDate first = LocalDate.ofInstant(start, Caiso.PACIFIC);
        LocalDate last = LocalDate.ofInstant(end.isAfter(start) ? end.minusSeconds(1) : start, Caiso.PACIFIC);
        return YMD.format(first) + "_" + YMD.format(last) + "_" + report.name() + "_" + report.marketRunId() + "_"
                + GENERATED.format(LocalDateTime.ofInstant(generated, Caiso.PACIFIC)) + "_v" + version + ".csv";
    }

    /**
     * The OASIS long-format CSV of {@code report} for every node and every interval starting in
     * {@code [start, end)}: one row per node x interval x LMP_TYPE (LMP, MCC, MCE, MCL, MGHG). Rows are grouped as
     * OASIS groups them (trade date, node, LMP_TYPE; {@code GROUP} numbers the groups) with the intervals of a
     * group in a scrambled order, as in real files.
     */
    public static byte[] csv(PriceModel model, CaisoReport report, Instant start, Instant end, String grpType) {
        List<Instant> intervals = intervals(report, start, end);
        Map<LocalDate, List<Instant>> byDate = new LinkedHashMap<>();
        for (Instant s : intervals) {
            byDate.computeIfAbsent(label(s, report.interval()).oprDt(), d -> new ArrayList<>()).add(s);
        }
        Random scramble = new Random(model.seed() ^ start.getEpochSecond() * 31 ^ report.ordinal());
        StringBuilder sb = new StringBuilder(256 + intervals.size() * 26 * 5 * 190);
        sb.append(String.format(Locale.ROOT, HEADER, report.priceColumn())).append('\n');
        int group = 0;
        for (Map.Entry<LocalDate, List<Instant>> day : byDate.entrySet()) {
            for (Node n : CaisoSimulator.PRICES.nodes()) {
                List<Instant> order = new ArrayList<>(day.getValue());
                Collections.shuffle(order, scramble);
                Map<Instant, Price> prices = new LinkedHashMap<>();
                for (Instant s : order) {
                    prices.put(s, model.price(CaisoSimulator.PRICES, report.market, n.id(), s, report.interval()));
                }
                for (LmpType type : LmpType.values()) {
                    group++;
                    for (Instant s : order) {
                        CaisoLabel l = label(s, report.interval());
                        sb.append(GMT.format(LocalDateTime.ofInstant(s, ZoneOffset.UTC))).append(',')
                                .append(GMT.format(LocalDateTime.ofInstant(s.plus(report.interval()), ZoneOffset.UTC)))
                                .append(',').append(l.oprDt()).append(',').append(l.oprHr()).append(',')
                                .append(l.oprInterval()).append(',')
                                .append(n.id()).append(',').append(n.id()).append(',').append(n.id()).append(',')
                                .append(report.marketRunId()).append(',').append(type.name()).append(',')
                                .append(type.item).append(',').append(n.id()).append(',').append(grpType)
                                .append(",0,").append(PriceModel.plain(type.value.apply(prices.get(s)))).append(',')
                                .append(group).append('\n');
                    }
                }
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The {@code SingleZip} response: a zip with the one CSV member of {@link #csv} named by
     * {@link #memberName}. The caller decides whether the window has data at all (else {@link #errorZip}).
     */
    public static byte[] singleZip(PriceModel model, CaisoReport report, Instant start, Instant end,
                                        String grpType, int version, Instant generated) {
        return zipMember(memberName(report, start, end, generated, version), csv(model, report, start, end, grpType),
                generated);
    }

    /** OASIS's error report {@code INVALID_REQUEST.xml} ({@code m:} namespace prefix, as OASIS writes it). */
    public static String errorXml(int code, String description, Instant generated) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<m:OASISReport xmlns:m=\"http://www.caiso.com/soa/OASISReport_v1.xsd\">\n"
                + "<m:MessageHeader>\n"
                + "<m:TimeDate>" + GMT.format(LocalDateTime.ofInstant(generated, ZoneOffset.UTC)) + "</m:TimeDate>\n"
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
    public static byte[] errorZip(int code, String description, Instant generated) {
        return zipMember(ERROR_MEMBER, errorXml(code, description, generated).getBytes(StandardCharsets.UTF_8),
                generated);
    }

    /** {@link #errorZip} with ERR_CODE 1004, "No data returned for the specified selection". */
    public static byte[] noDataZip(Instant generated) {
        return errorZip(NO_DATA, NO_DATA_DESC, generated);
    }

    /** A zip holding {@code content} as its only member, stamped {@code modified} (Pacific time, as OASIS). */
    public static byte[] zipMember(String member, byte[] content, Instant modified) {
        return SimDocuments.zip(member, content, LocalDateTime.ofInstant(modified, Caiso.PACIFIC));
    }

    private static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
