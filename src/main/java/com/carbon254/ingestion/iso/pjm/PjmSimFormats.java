package com.carbon254.ingestion.iso.pjm;

import com.carbon254.ingestion.iso.pjm.PjmSimulator.PNode;
import com.carbon254.ingestion.iso.sim.PriceModel.Market;
import com.carbon254.ingestion.iso.sim.PriceModel.Price;
import com.carbon254.ingestion.iso.sim.PriceModel;
import com.carbon254.ingestion.iso.sim.SimDocuments;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Renders {@link PriceModel} prices as PJM Data Miner 2 serves them (DOMAIN.md "Formats"), the way
 * {@code api.pjm.com} shapes its answers, so that {@link PjmConnector} reads them unchanged: compact JSON
 * <code>{"links":[self, next (when more rows follow), metadata],"items":[…],"searchSpecification":{rowCount, order,
 * startRow, isActiveMetadata, fields, filters},"totalRows":N}</code>, items ordered by interval then
 * {@code pnode_id}, their fields in the feed's own order (the subset {@code fields} asked for), timestamps as naive
 * ISO strings ({@code datetime_beginning_utc} the interval start in UTC, {@code datetime_beginning_ept} the same in
 * Eastern prevailing time), prices as JSON numbers, {@code row_is_current} a JSON boolean.
 *
 * <p>Versions: every day-ahead row and most verified 5-minute rows are {@code version_nbr} 1 and current. In a few
 * hours ({@link #corrected}) PJM "corrected" the verified 5-minute prices: each interval then has a superseded
 * {@code version_nbr} 1 row ({@code row_is_current false}, energy and LMP 0.25 higher) followed by the current
 * {@code version_nbr} 2 row with the model's price. The unverified feed carries {@code total_lmp_rt} only.
 *
 * <p>Pure: no I/O, no clock; deterministic for a given model.
 */
public final class PjmSimFormats {
    /** Where the links of a document point: the real Data Miner, as the answers of {@code api.pjm.com} say. */
    public static final String LINK_BASE = "https://api.pjm.com/api/v1/";
    /** How much the superseded version of a corrected interval was off. */
    static final BigDecimal CORRECTION = new BigDecimal("0.25");

    /** The feeds served, with their fields in Data Miner's order. */
    public enum Feed {
        DA(PjmConnector.FEED_DA, Duration.ofHours(1), Market.DAY_AHEAD, lmpFields("da")),
        RT(PjmConnector.FEED_RT, Duration.ofMinutes(5), Market.REAL_TIME, lmpFields("rt")),
        RT_UNVERIFIED(PjmConnector.FEED_RT_UNVERIFIED, Duration.ofMinutes(5), Market.REAL_TIME,
                List.of("datetime_beginning_utc", "datetime_beginning_ept", "pnode_id", "pnode_name", "type",
                        "total_lmp_rt"));

        private final String id;
        private final Duration interval;
        private final Market market;
        private final List<String> fields;

        Feed(String id, Duration interval, Market market, List<String> fields) {
            this.id = id;
            this.interval = interval;
            this.market = market;
            this.fields = fields;
        }

        /** The feed's name in the URL ({@code da_hrl_lmps}). */
        public String id() {
            return id;
        }

        public Duration interval() {
            return interval;
        }

        /** Every field of the feed, in Data Miner's order. */
        public List<String> fields() {
            return fields;
        }

        private static List<String> lmpFields(String m) {
            return List.of("datetime_beginning_utc", "datetime_beginning_ept", "pnode_id", "pnode_name", "voltage",
                    "equipment", "type", "zone", "system_energy_price_" + m, "total_lmp_" + m, "congestion_price_" + m,
                    "marginal_loss_price_" + m, "row_is_current", "version_nbr");
        }
    }

    /**
     * One request as the simulator understood it.
     *
     * @param utc     whether the range filters {@code datetime_beginning_utc} (else {@code datetime_beginning_ept})
     * @param from    first interval start included, in the filter's clock
     * @param to      last interval start included, in the filter's clock
     * @param current the {@code row_is_current} filter, or null
     * @param type    the {@code type} filter ({@code *} a wildcard, case-insensitive), or null
     * @param pnodes  the {@code pnode_id} filter, or null
     * @param filters the filters as the request wrote them, for the links and the searchSpecification
     */
    public record Query(Feed feed, int startRow, int rowCount, List<String> fields, boolean utc, LocalDateTime from,
                        LocalDateTime to, Boolean current, String type, List<Long> pnodes,
                        Map<String, String> filters) {
        public Query {
            Objects.requireNonNull(feed, "feed");
            fields = List.copyOf(fields);
            pnodes = pnodes == null ? null : List.copyOf(pnodes);
            filters = Collections.unmodifiableMap(new LinkedHashMap<>(filters));
        }

        public static Builder builder(Feed feed, int startRow, int rowCount, List<String> fields) {
            return new Builder(feed, startRow, rowCount, fields);
        }

        /** A query for the intervals starting in {@code [start, end)} (a connector window), every field and row. */
        public static Query window(Feed feed, Instant start, Instant end, int startRow, int rowCount) {
            LocalDateTime from = LocalDateTime.ofInstant(start, ZoneOffset.UTC);
            LocalDateTime to = LocalDateTime.ofInstant(end.minusSeconds(60), ZoneOffset.UTC);
            return builder(feed, startRow, rowCount, feed.fields())
                    .range(true, from, to, from.toString() + "to" + to).build();
        }

        /** Collects what the request asks for. */
        public static final class Builder {
            private final Feed feed;
            private final int startRow;
            private final int rowCount;
            private final List<String> fields;
            private boolean utc;
            private LocalDateTime from;
            private LocalDateTime to;
            private Boolean current;
            private String type;
            private List<Long> pnodes;
            private final Map<String, String> filters = new LinkedHashMap<>();

            private Builder(Feed feed, int startRow, int rowCount, List<String> fields) {
                this.feed = feed;
                this.startRow = startRow;
                this.rowCount = rowCount;
                this.fields = fields;
            }

            public Builder range(boolean utc, LocalDateTime from, LocalDateTime to, String text) {
                this.utc = utc;
                this.from = from;
                this.to = to;
                filters.put(utc ? "datetime_beginning_utc" : "datetime_beginning_ept", text);
                return this;
            }

            public Builder current(boolean current, String text) {
                this.current = current;
                filters.put("row_is_current", text);
                return this;
            }

            public Builder type(String type) {
                this.type = type;
                filters.put("type", type);
                return this;
            }

            public Builder pnodes(List<Long> ids, String text) {
                this.pnodes = ids;
                filters.put("pnode_id", text);
                return this;
            }

            public Query build() {
                return new Query(feed, startRow, rowCount, fields, utc, from, to, current, type, pnodes, filters);
            }
        }
    }

    /** One item before rendering: a node's interval in one version. */
    private record Row(Instant start, PNode node, int version, boolean current) {
    }

    private PjmSimFormats() {
    }

    /**
     * The page of {@code q} over what exists: interval starts before {@code available}, matching every filter,
     * rows {@code startRow .. startRow + rowCount - 1} of them.
     */
    public static byte[] page(PriceModel model, Query q, Instant available) {
        List<PNode> nodes = new ArrayList<>();
        for (PNode n : PjmSimulator.PNODES) {
            if (q.pnodes() != null && !q.pnodes().contains(n.id())) continue;
            if (q.type() != null && !matches(q.type(), n.type())) continue;
            nodes.add(n);
        }
        List<Instant> starts = starts(q, available);
        // count first, price only the page: a year of 5-minute rows is never built
        long total = 0;
        for (Instant s : starts) total += (long) nodes.size() * versionsShown(model, q, s);
        long first = q.startRow() - 1L;
        long last = Math.min(total, first + q.rowCount());
        List<Row> page = new ArrayList<>((int) Math.max(0, last - first));
        long i = 0;
        for (Instant s : starts) {
            int versions = versionsShown(model, q, s);
            long rows = (long) nodes.size() * versions;
            if (i + rows <= first) {
                i += rows;
                continue;
            }
            if (i >= last) break;
            boolean corrected = q.feed() == Feed.RT && corrected(model, s);
            for (PNode n : nodes) {
                if (corrected) {
                    if (!Boolean.TRUE.equals(q.current())) {
                        if (i >= first && i < last) page.add(new Row(s, n, 1, false));
                        i++;
                    }
                    if (!Boolean.FALSE.equals(q.current())) {
                        if (i >= first && i < last) page.add(new Row(s, n, 2, true));
                        i++;
                    }
                } else if (!Boolean.FALSE.equals(q.current())) {
                    if (i >= first && i < last) page.add(new Row(s, n, 1, true));
                    i++;
                }
            }
        }
        return render(model, q, page, total);
    }

    /** Rows shown per node for the interval starting at {@code s}. */
    private static int versionsShown(PriceModel model, Query q, Instant s) {
        if (q.feed() == Feed.RT && corrected(model, s)) return q.current() == null ? 2 : 1;
        return Boolean.FALSE.equals(q.current()) ? 0 : 1;
    }

    /** Whether PJM "corrected" the verified 5-minute prices of the hour of {@code start}: about one hour in twelve. */
    public static boolean corrected(PriceModel model, Instant start) {
        long hour = Math.floorDiv(start.getEpochSecond(), 3600);
        long h = mix(model.seed() ^ 0x504A4D0000000000L ^ mix(hour));
        return Math.floorMod(h, 12) == 0;
    }

    /** The interval starts of the query's feed in its range, on the feed's UTC grid, before {@code available}. */
    static List<Instant> starts(Query q, Instant available) {
        long step = q.feed().interval().getSeconds();
        Instant lo;
        Instant hi;
        if (q.utc()) {
            lo = q.from().toInstant(ZoneOffset.UTC);
            hi = q.to().toInstant(ZoneOffset.UTC);
        } else { // a local range: every instant whose Eastern wall time is in it (both passes of a repeated hour)
            lo = q.from().atZone(Pjm.EASTERN).withEarlierOffsetAtOverlap().toInstant().minusSeconds(3600);
            hi = q.to().atZone(Pjm.EASTERN).withLaterOffsetAtOverlap().toInstant().plusSeconds(3600);
        }
        List<Instant> out = new ArrayList<>();
        for (long t = Math.floorDiv(lo.getEpochSecond() + step - 1, step) * step; t <= hi.getEpochSecond()
                && t < available.getEpochSecond(); t += step) {
            Instant s = Instant.ofEpochSecond(t);
            LocalDateTime clock = LocalDateTime.ofInstant(s, q.utc() ? ZoneOffset.UTC : Pjm.EASTERN);
            if (!clock.isBefore(q.from()) && !clock.isAfter(q.to())) out.add(s);
        }
        return out;
    }

    private static byte[] render(PriceModel model, Query q, List<Row> rows, long total) {
        StringBuilder sb = new StringBuilder(512 + rows.size() * 40 * (q.fields().size() + 1));
        sb.append("{\"links\":[{\"rel\":\"self\",\"href\":");
        sb.append(SimDocuments.jsonString(href(q, q.startRow())));
        sb.append('}');
        if (q.startRow() - 1L + q.rowCount() < total) {
            sb.append(",{\"rel\":\"next\",\"href\":").append(SimDocuments.jsonString(href(q, q.startRow() + q.rowCount())))
                    .append('}');
        }
        sb.append(",{\"rel\":\"metadata\",\"href\":").append(SimDocuments.jsonString(LINK_BASE + q.feed().id() + "/metadata"))
                .append("}],\"items\":[");
        Duration len = q.feed().interval();
        for (int k = 0; k < rows.size(); k++) {
            Row row = rows.get(k);
            Price p = model.price(PjmSimulator.PRICES, q.feed().market, row.node().name(), row.start(), len);
            if (!row.current() && row.version() == 1 && q.feed() == Feed.RT && corrected(model, row.start())) {
                p = new Price(p.lmp().add(CORRECTION), p.energy().add(CORRECTION), p.congestion(), p.loss(), p.ghg());
            }
            if (k > 0) sb.append(',');
            sb.append('{');
            boolean firstField = true;
            for (String f : q.fields()) {
                if (!firstField) sb.append(',');
                firstField = false;
                sb.append('"').append(f).append("\":");
                value(sb, f, row, p);
            }
            sb.append('}');
        }
        sb.append("],\"searchSpecification\":{\"rowCount\":").append(q.rowCount())
                .append(",\"order\":\"Asc\",\"startRow\":").append(q.startRow())
                .append(",\"isActiveMetadata\":true,\"fields\":[");
        for (int k = 0; k < q.fields().size(); k++) {
            if (k > 0) sb.append(',');
            sb.append(SimDocuments.jsonString(q.fields().get(k)));
        }
        sb.append("],\"filters\":[");
        boolean firstFilter = true;
        for (Map.Entry<String, String> e : q.filters().entrySet()) {
            if (!firstFilter) sb.append(',');
            firstFilter = false;
            sb.append('{').append(SimDocuments.jsonString(e.getKey())).append(':').append(SimDocuments.jsonString(e.getValue())).append('}');
        }
        sb.append("]},\"totalRows\":").append(total).append('}');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void value(StringBuilder sb, String field, Row row, Price p) {
        PNode n = row.node();
        switch (field) {
            case "datetime_beginning_utc" -> sb.append('"')
                    .append(timestamp(LocalDateTime.ofInstant(row.start(), ZoneOffset.UTC))).append('"');
            case "datetime_beginning_ept" -> sb.append('"')
                    .append(timestamp(LocalDateTime.ofInstant(row.start(), Pjm.EASTERN))).append('"');
            case "pnode_id" -> sb.append(n.id());
            case "pnode_name" -> sb.append(SimDocuments.jsonString(n.name()));
            case "voltage" -> nullable(sb, n.voltage());
            case "equipment" -> nullable(sb, n.equipment());
            case "type" -> sb.append(SimDocuments.jsonString(n.type()));
            case "zone" -> nullable(sb, n.zone());
            case "system_energy_price_da", "system_energy_price_rt" -> sb.append(PriceModel.plain(p.energy()));
            case "total_lmp_da", "total_lmp_rt" -> sb.append(PriceModel.plain(p.lmp()));
            case "congestion_price_da", "congestion_price_rt" -> sb.append(PriceModel.plain(p.congestion()));
            case "marginal_loss_price_da", "marginal_loss_price_rt" -> sb.append(PriceModel.plain(p.loss()));
            case "row_is_current" -> sb.append(row.current());
            case "version_nbr" -> sb.append(row.version());
            default -> sb.append("null");
        }
    }

    /** {@code 2024-11-03T01:00:00}: Data Miner's naive timestamps always carry the seconds. */
    static String timestamp(LocalDateTime t) {
        String s = t.toString();
        return s.length() == 16 ? s + ":00" : s;
    }

    private static void nullable(StringBuilder sb, String s) {
        sb.append(s == null ? "null" : SimDocuments.jsonString(s));
    }

    /** The self/next link: Data Miner's own spelling of the request (RowCount, Order, StartRow, …, then filters). */
    private static String href(Query q, long startRow) {
        StringBuilder sb = new StringBuilder(LINK_BASE).append(q.feed().id()).append("?RowCount=").append(q.rowCount())
                .append("&Order=Asc&StartRow=").append(startRow).append("&IsActiveMetadata=True&Fields=")
                .append(encode(String.join(",", q.fields())));
        for (Map.Entry<String, String> e : q.filters().entrySet()) {
            sb.append('&').append(e.getKey()).append('=').append(encode(e.getValue()));
        }
        return sb.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code type} filter: PJM's {@code *} wildcards, case-insensitive. */
    private static boolean matches(String pattern, String type) {
        String p = pattern.strip().toUpperCase(Locale.ROOT);
        String t = type.toUpperCase(Locale.ROOT);
        if (p.indexOf('*') < 0) return p.equals(t);
        String core = p.replace("*", "");
        if (p.startsWith("*") && p.endsWith("*")) return t.contains(core);
        if (p.startsWith("*")) return t.endsWith(core);
        if (p.endsWith("*")) return t.startsWith(core);
        return p.equals(t);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
