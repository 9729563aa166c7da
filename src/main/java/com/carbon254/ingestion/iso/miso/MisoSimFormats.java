package com.carbon254.ingestion.iso.miso;

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
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@link PriceModel} prices as MISO publishes them (DOMAIN.md "Formats"), byte for byte the way the real
 * servers shape them, so that {@link MisoConnector} reads them unchanged: the market report
 * {@code <yyyyMMdd>_da_expost_lmp.csv} / {@code _da_exante_lmp.csv}, and the public API's
 * {@code GetRealTimeFiveMinExPost/Current} JSON. Pure: no I/O, no clock, deterministic for a given model.
 */
public final class MisoSimFormats {
    public static final String EXPOST_TITLE = "Day Ahead Market ExPost LMPs";
    public static final String EXANTE_TITLE = "Day Ahead Market ExAnte LMPs";
    public static final String EST_NOTE = ",,,All Hours-Ending are Eastern Standard Time (EST)";
    public static final List<String> API_HEADERS = List.of("INTERVAL", "CPNODE", "LMP", "MLC", "MCC");

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MM/dd/uuuu", Locale.ROOT);
    private static final DateTimeFormatter API_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);

    private MisoSimFormats() {
    }

    /**
     * The day-ahead LMP report of one operating day (EST): the 4 preamble lines, the header
     * {@code Node,Type,Value,HE 1..HE 24}, then LMP rows of every node (alphabetical), MCC rows, MLC rows; numbers as
     * MISO writes them ({@code 32}, {@code .6}, {@code -.37}); LF line ends.
     *
     * @param exAnte {@code da_exante_lmp} (true) or {@code da_expost_lmp} (false)
     */
    public static byte[] dayAheadReport(PriceModel model, LocalDate operatingDay, boolean exAnte) {
        Market market = exAnte ? Market.DAY_AHEAD_EXANTE : Market.DAY_AHEAD;
        List<Node> nodes = new ArrayList<>(MisoSimulator.PRICES.nodes());
        nodes.sort(Comparator.comparing(Node::id));
        Instant dayStart = operatingDay.atStartOfDay().toInstant(Miso.EST);
        Map<String, Price[]> prices = new LinkedHashMap<>();
        for (Node n : nodes) {
            Price[] p = new Price[25];
            for (int he = 1; he <= 24; he++) {
                p[he] = model.price(MisoSimulator.PRICES, market, n.id(), dayStart.plusSeconds((he - 1) * 3600L),
                        Duration.ofHours(1));
            }
            prices.put(n.id(), p);
        }
        StringBuilder sb = new StringBuilder(nodes.size() * 3 * 200 + 400);
        sb.append(exAnte ? EXANTE_TITLE : EXPOST_TITLE).append('\n');
        sb.append(DATE.format(operatingDay)).append('\n');
        sb.append('\n');
        sb.append(EST_NOTE).append('\n');
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
                    sb.append(',').append(number(v));
                }
                sb.append('\n');
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** MISO's CSV number style: no trailing zeros, no leading zero ({@code 32}, {@code .6}, {@code -.37}, {@code 0}). */
    public static String number(BigDecimal v) {
        String s = PriceModel.plain(v);
        if (s.startsWith("0.")) return s.substring(1);
        if (s.startsWith("-0.")) return "-" + s.substring(2);
        return s;
    }

    /**
     * {@code GET /api/MarketPricing/GetRealTimeFiveMinExPost/Current}: every node's real-time ex-post prices of the
     * 5-minute interval ending at {@code intervalEnd}, as
     * {@code {"headers":["INTERVAL","CPNODE","LMP","MLC","MCC"],"data":[["2026-07-27T08:15:00","ALTW.WELLS1",24.58,-1.94,-3.44],…]}}.
     * {@code INTERVAL} is the interval END in EST without an offset; prices are JSON numbers.
     */
    public static byte[] fiveMinExPostCurrent(PriceModel model, Instant intervalEnd) {
        Instant start = intervalEnd.minus(Duration.ofMinutes(5));
        String interval = API_TIME.format(LocalDateTime.ofInstant(intervalEnd, Miso.EST));
        StringBuilder sb = new StringBuilder(4096);
        sb.append("{\"headers\":[");
        for (int i = 0; i < API_HEADERS.size(); i++) {
            if (i > 0) sb.append(',');
            SimDocuments.jsonString(sb, API_HEADERS.get(i));
        }
        sb.append("],\"data\":[");
        boolean first = true;
        for (Node n : MisoSimulator.PRICES.nodes()) {
            Price p = model.price(MisoSimulator.PRICES, Market.REAL_TIME, n.id(), start, Duration.ofMinutes(5));
            if (!first) sb.append(',');
            first = false;
            sb.append('[');
            SimDocuments.jsonString(sb, interval);
            sb.append(',');
            SimDocuments.jsonString(sb, n.id());
            sb.append(',').append(PriceModel.plain(p.lmp())).append(',').append(PriceModel.plain(p.loss())).append(',')
                    .append(PriceModel.plain(p.congestion())).append(']');
        }
        sb.append("]}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
