package com.carbon254.ingestion.iso.isone;

import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.iso.sim.PriceModel.Market;
import com.carbon254.ingestion.iso.sim.PriceModel.Node;
import com.carbon254.ingestion.iso.sim.PriceModel.Price;

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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Renders {@link PriceModel} prices as ISO New England publishes them (DOMAIN.md "Formats"), so that
 * {@link IsoneConnector} reads them unchanged: the web services' compact JSON ({@code hourlylmp/da/final/day/<day>},
 * {@code fiveminutelmp/current}; items in the XML schema's field order, {@code BeginDate} with milliseconds and the
 * Eastern offset of the instant) and ISO Express's {@code WW_DALMP_ISO_<day>.csv} (record-type column, quoted strings,
 * numbers unquoted with at least one decimal, LF line ends). Rows are ordered by interval, then numeric location id,
 * as ISO-NE orders them. Pure: no I/O, no clock (callers pass the "generated" instant), deterministic for a model.
 */
public final class IsoneSimFormats {
    public static final String DA_TITLE = "Day-Ahead Energy Market Hourly LMP Report";
    /** The second {@code "H"} line: the column types. */
    static final String DA_TYPES = "\"H\",\"Date\",\"HE\",\"String\",\"String\",\"String\",\"Number\",\"Number\","
            + "\"Number\",\"Number\"";

    private static final DateTimeFormatter BEGIN = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx",
            Locale.ROOT);
    private static final DateTimeFormatter CSV_DATE = DateTimeFormatter.ofPattern("MM/dd/uuuu", Locale.ROOT);
    private static final DateTimeFormatter YMD = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT);
    private static final DateTimeFormatter GENERATED = DateTimeFormatter.ofPattern("MM/dd/uuuu HH:mm:ss zzz",
            Locale.ROOT);

    private IsoneSimFormats() {
    }

    /** The hour starts of an Eastern operating day in time order: 24, or 23 / 25 on DST days. */
    public static List<Instant> hours(LocalDate day) {
        Instant from = day.atStartOfDay(Isone.EASTERN).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(Isone.EASTERN).toInstant();
        List<Instant> out = new ArrayList<>(25);
        for (Instant t = from; t.isBefore(to); t = t.plusSeconds(3600)) out.add(t);
        return out;
    }

    /** {@code BeginDate} of an interval starting at {@code start}: {@code 2024-11-03T01:00:00.000-05:00}. */
    public static String beginDate(Instant start) {
        return BEGIN.format(start.atZone(Isone.EASTERN).toOffsetDateTime());
    }

    /**
     * ISO Express's {@code Hour Ending} of the hour starting at {@code start}: {@code 01}…{@code 24} by the local
     * start hour plus one, {@code 02X} for the second (standard-time) pass of the repeated hour.
     */
    public static String hourEnding(Instant start) {
        LocalDateTime local = LocalDateTime.ofInstant(start, Isone.EASTERN);
        ZoneOffsetTransition t = Isone.EASTERN.getRules().getTransition(local);
        ZoneOffset offset = Isone.EASTERN.getRules().getOffset(start);
        String he = String.format(Locale.ROOT, "%02d", local.getHour() + 1);
        return t != null && t.isOverlap() && offset.equals(t.getOffsetAfter()) ? he + "X" : he;
    }

    /** The simulated nodes in ISO-NE's order: by numeric location id. */
    static List<Node> byLocationId(List<Node> nodes) {
        List<Node> out = new ArrayList<>(nodes);
        out.sort(Comparator.comparingInt(n -> Integer.parseInt(IsoneSimulator.locationId(n))));
        return out;
    }

    /**
     * {@code GET /hourlylmp/da/final/day/<yyyyMMdd>}: every node's final day-ahead prices of the Eastern operating day
     * ({@code {"HourlyLmps":{"HourlyLmp":[…]}}}, 25 or 23 hours on DST days).
     */
    public static byte[] dayAheadJson(PriceModel model, LocalDate day) {
        List<Node> nodes = byLocationId(IsoneSimulator.PRICES.nodes());
        List<Instant> hours = hours(day);
        StringBuilder sb = new StringBuilder(64 + hours.size() * nodes.size() * 220);
        sb.append("{\"").append(IsoneConnector.DA_ROOT).append("\":{\"").append(IsoneConnector.DA_ITEM).append("\":[");
        boolean first = true;
        for (Instant h : hours) {
            String begin = beginDate(h);
            for (Node n : nodes) {
                if (!first) sb.append(',');
                first = false;
                item(sb, begin, n, model.price(IsoneSimulator.PRICES, Market.DAY_AHEAD, n.id(), h,
                        Duration.ofHours(1)));
            }
        }
        sb.append("]}}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code GET /fiveminutelmp/current}: the preliminary prices of the five-minute interval starting at
     * {@code begin} for the hub, the load zones and the external nodes ({@code {"FiveMinLmps":{"FiveMinLmp":[…]}}}).
     */
    public static byte[] fiveMinuteCurrent(PriceModel model, Instant begin) {
        List<Node> nodes = byLocationId(IsoneSimulator.PRICES.nodes());
        StringBuilder sb = new StringBuilder(4096);
        sb.append("{\"").append(IsoneConnector.RT_ROOT).append("\":{\"").append(IsoneConnector.RT_ITEM).append("\":[");
        String b = beginDate(begin);
        boolean first = true;
        for (Node n : nodes) {
            if (!IsoneSimulator.inCurrentFeed(n)) continue;
            if (!first) sb.append(',');
            first = false;
            item(sb, b, n, model.price(IsoneSimulator.PRICES, Market.REAL_TIME, n.id(), begin, Duration.ofMinutes(5)));
        }
        sb.append("]}}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** ISO-NE's answer when a request has nothing (yet): the root element without items, <code>{"HourlyLmps":{}}</code>. */
    public static byte[] emptyJson(String root) {
        return ("{\"" + root + "\":{}}").getBytes(StandardCharsets.UTF_8);
    }

    private static void item(StringBuilder sb, String begin, Node n, Price p) {
        sb.append("{\"BeginDate\":\"").append(begin).append("\",\"Location\":{\"@LocId\":\"")
                .append(IsoneSimulator.locationId(n)).append("\",\"$\":\"").append(n.id()).append("\",\"@LocType\":\"")
                .append(n.type()).append("\"},\"LmpTotal\":").append(PriceModel.plain(p.lmp()))
                .append(",\"EnergyComponent\":").append(PriceModel.plain(p.energy()))
                .append(",\"CongestionComponent\":").append(PriceModel.plain(p.congestion()))
                .append(",\"LossComponent\":").append(PriceModel.plain(p.loss())).append('}');
    }

    /** The ISO Express file name of a day's day-ahead report. */
    public static String dayAheadCsvName(LocalDate day) {
        return "WW_DALMP_ISO_" + YMD.format(day) + ".csv";
    }

    /**
     * ISO Express's day-ahead LMP report of an Eastern operating day: four {@code "C"} lines (title, file name, report
     * dates, generation time in Eastern time), the two {@code "H"} lines, one {@code "D"} line per hour and node
     * ({@code 02X} for the repeated hour, no {@code 03} on the spring-forward day) and the {@code "T"} trailer.
     */
    public static byte[] dayAheadCsv(PriceModel model, LocalDate day, Instant generated) {
        List<Node> nodes = byLocationId(IsoneSimulator.PRICES.nodes());
        List<Instant> hours = hours(day);
        String date = CSV_DATE.format(day);
        StringBuilder sb = new StringBuilder(600 + hours.size() * nodes.size() * 90);
        sb.append("\"C\",\"").append(DA_TITLE).append("\"\n");
        sb.append("\"C\",\"Filename: ").append(dayAheadCsvName(day)).append("\"\n");
        sb.append("\"C\",\"Report for: ").append(date).append(" - ").append(date).append("\"\n");
        sb.append("\"C\",\"Report generated: ").append(GENERATED.format(generated.atZone(Isone.EASTERN)))
                .append("\"\n");
        sb.append("\"H\"");
        for (String col : IsoneConnector.CSV_COLUMNS) sb.append(",\"").append(col).append('"');
        sb.append('\n').append(DA_TYPES).append('\n');
        int rows = 0;
        for (Instant h : hours) {
            String he = hourEnding(h);
            for (Node n : nodes) {
                Price p = model.price(IsoneSimulator.PRICES, Market.DAY_AHEAD, n.id(), h, Duration.ofHours(1));
                sb.append("\"D\",\"").append(date).append("\",\"").append(he).append("\",\"")
                        .append(IsoneSimulator.locationId(n)).append("\",\"").append(n.id()).append("\",\"")
                        .append(n.type()).append("\",").append(number(p.lmp())).append(',').append(number(p.energy()))
                        .append(',').append(number(p.congestion())).append(',').append(number(p.loss())).append('\n');
                rows++;
            }
        }
        sb.append("\"T\",\"").append(rows).append(" lines\"\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** ISO Express's number style: plain, at least one decimal ({@code 27.93}, {@code 0.0}, {@code -3.5}). */
    public static String number(BigDecimal v) {
        String s = PriceModel.plain(v);
        return s.indexOf('.') < 0 ? s + ".0" : s;
    }
}
