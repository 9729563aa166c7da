package com.carbon254.ingestion.iso.pjm;

import com.carbon254.ingestion.iso.Timestamps;
import com.carbon254.ingestion.iso.pjm.PjmSimFormats.Feed;
import com.carbon254.ingestion.iso.pjm.PjmSimFormats.Query;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Endpoint;
import com.carbon254.ingestion.iso.sim.IsoSimulator.RateLimit;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Service;
import com.carbon254.ingestion.iso.sim.IsoSimulator;
import com.carbon254.ingestion.iso.sim.PriceModel.Node;
import com.carbon254.ingestion.iso.sim.PriceModel.NodeKind;
import com.carbon254.ingestion.iso.sim.PriceProfile;
import com.carbon254.ingestion.iso.sim.SimDocuments;
import com.carbon254.ingestion.iso.sim.SimRequest;
import com.carbon254.ingestion.iso.sim.SimResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * PJM in the simulator: Data Miner 2 at {@code /pjm/api/v1/<feed>} ({@code PJM_API_URL=…/pjm/api/v1}) for the
 * feeds {@code da_hrl_lmps}, {@code rt_fivemin_hrl_lmps} and {@code rt_unverified_fivemin_lmps}, answering like
 * {@code api.pjm.com}:
 * <ul>
 *   <li>without an {@value #KEY_HEADER} header: 401 with Azure API Management's JSON
 *       ({@code {"statusCode": 401, "message": "Access denied due to missing subscription key…"}}); any non-empty
 *       key is accepted;</li>
 *   <li>{@code startRow} (1-based) / {@code rowCount} (at most 50,000) paging, {@code fields}, the
 *       {@code datetime_beginning_ept} or {@code datetime_beginning_utc} filter {@code <from>to<to>} (both ends
 *       included, {@code yyyy-MM-ddTHH:mm} or the legacy {@code MM/dd/yyyy HH:mm}), {@code row_is_current},
 *       {@code type} and {@code pnode_id} (separated by {@code ;}); a request it cannot answer gets 400 with
 *       <code>{"errors":[{"field","message"}]}</code>;</li>
 *   <li>only what exists in simulated time: day-ahead prices up to tomorrow's operating day (Eastern), unverified
 *       5-minute prices of the intervals that have ended, verified ones only for hours that ended at least an hour
 *       ago ({@link #VERIFIED_DELAY}), so a request for the latest hour finds the verified feed empty — what the
 *       connector's {@code fallback_endpoint} is for;</li>
 *   <li>a request within {@link #RATE_LIMIT}'s spacing of the last one gets 429 with {@code Retry-After}: PJM
 *       limits a non-member account to 6 data connections a minute (PJM Data Miner FAQs), so 10 s by default.</li>
 * </ul>
 * Prices: {@link #PRICES}; documents: {@link PjmSimFormats}.
 */
public final class PjmSimulator {
    public static final String API_PATH = "/pjm/api/v1";
    public static final String KEY_HEADER = "Ocp-Apim-Subscription-Key";
    /** {@code pjm_min_spacing_ms} (default 10 s: 6 requests a minute, PJM's non-member limit). */
    public static final RateLimit RATE_LIMIT = new RateLimit("pjm_min_spacing_ms", 10_000, 10);
    /** Verified 5-minute prices exist for the hours that ended at least this long before the current hour began. */
    public static final Duration VERIFIED_DELAY = Duration.ofHours(1);
    /** PJM's largest {@code rowCount}. */
    public static final int MAX_ROWS = 50_000;
    /** PJM's longest date range of one (non-archive) request. */
    static final Duration MAX_RANGE = Duration.ofDays(366);

    /**
     * A pricing node as Data Miner describes it: {@code pnode_id}, {@code pnode_name}, {@code type}, {@code voltage},
     * {@code equipment}, {@code zone} (null where PJM leaves the field empty).
     */
    public record PNode(long id, String name, String type, String voltage, String equipment, String zone,
                        NodeKind kind) {
        Node node() {
            return new Node(name, type, kind);
        }
    }

    /**
     * 26 pnodes in Data Miner's order (by {@code pnode_id}): PJM-RTO and 14 transmission zones with the ids and names
     * of the recorded {@code da_hrl_lmps} sample, 8 trading hubs (ids as PJM publishes them), two generator buses and
     * a load bus with PJM's space-padded bus names.
     */
    public static final List<PNode> PNODES = pnodes();

    /** Load on Eastern time, five decimals, rare negative prices (overnight wind in the west). */
    public static final PriceProfile PRICES = new Prices();

    /** What {@link Pjm#simulator()} returns. */
    public static final IsoSimulator SIMULATOR = new IsoSimulator(PRICES, List.of(
            new Service("PJM_API_URL", API_PATH, SimResponse.JSON, List.of(
                    Endpoint.at("/" + Feed.DA.id(), r -> feed(r, Feed.DA)).limitedBy(RATE_LIMIT),
                    Endpoint.at("/" + Feed.RT.id(), r -> feed(r, Feed.RT)).limitedBy(RATE_LIMIT),
                    Endpoint.at("/" + Feed.RT_UNVERIFIED.id(), r -> feed(r, Feed.RT_UNVERIFIED))
                            .limitedBy(RATE_LIMIT)))),
            List.of());

    static final String MISSING_KEY_MESSAGE = "Access denied due to missing subscription key. Make sure to include"
            + " subscription key when making requests to an API.";

    private static final DateTimeFormatter LEGACY =
            DateTimeFormatter.ofPattern("MM/dd/uuuu HH:mm", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final Set<String> PAGING = Set.of("startrow", "rowcount", "fields", "order", "isactivemetadata",
            "download", "sort");

    private PjmSimulator() {
    }

    /** One feed's answer to a request. */
    static SimResponse feed(SimRequest r, Feed feed) {
        String key = r.header(KEY_HEADER);
        if (key == null || key.isBlank()) {
            return new SimResponse(401, SimResponse.JSON, ("{ \"statusCode\": 401, \"message\": \""
                    + MISSING_KEY_MESSAGE + "\" }").getBytes(StandardCharsets.UTF_8), Map.of());
        }
        int startRow = intParam(r, "startRow", 1);
        int rowCount = intParam(r, "rowCount", MAX_ROWS);
        if (startRow < 1) return badRequest("startRow", "startRow must be a whole number of at least 1");
        if (rowCount < 1 || rowCount > MAX_ROWS) {
            return badRequest("rowCount", "rowCount must be a whole number between 1 and " + MAX_ROWS);
        }
        List<String> fields = feed.fields();
        String asked = r.param("fields");
        if (asked != null && !asked.isBlank()) {
            fields = new ArrayList<>();
            for (String f : asked.split(",")) {
                String name = f.strip().toLowerCase(Locale.ROOT);
                if (!feed.fields().contains(name)) {
                    return badRequest("fields", "'" + f.strip() + "' is not a field of " + feed.id());
                }
                if (!fields.contains(name)) fields.add(name);
            }
            List<String> order = feed.fields();
            fields.sort(Comparator.comparingInt(order::indexOf));
        }

        Query.Builder q = Query.builder(feed, startRow, rowCount, fields);
        boolean ranged = false;
        for (Map.Entry<String, List<String>> p : r.params().entrySet()) {
            String name = p.getKey().toLowerCase(Locale.ROOT);
            String value = p.getValue().isEmpty() ? "" : p.getValue().get(0);
            if (PAGING.contains(name) || name.startsWith("sim_")) continue;
            switch (name) {
                case "datetime_beginning_ept", "datetime_beginning_utc" -> {
                    LocalDateTime[] range = range(value);
                    if (range == null) {
                        return badRequest(name, "'" + value + "' is not a date-time or a range <from>to<to>"
                                + " (yyyy-MM-ddTHH:mm or MM/dd/yyyy HH:mm)");
                    }
                    if (Duration.between(range[0], range[1]).compareTo(MAX_RANGE) > 0) {
                        return badRequest(name, "the date range must be less than 366 days");
                    }
                    q.range(name.endsWith("_utc"), range[0], range[1], value);
                    ranged = true;
                }
                case "row_is_current" -> {
                    if (feed == Feed.RT_UNVERIFIED) {
                        return badRequest(name, "row_is_current is not a filter of " + feed.id());
                    }
                    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                        return badRequest(name, "'" + value + "' is not TRUE or FALSE");
                    }
                    q.current(Boolean.parseBoolean(value.toLowerCase(Locale.ROOT)), value);
                }
                case "type" -> q.type(value);
                case "pnode_id" -> {
                    List<Long> ids = new ArrayList<>();
                    for (String s : value.split(";")) {
                        try {
                            ids.add(Long.parseLong(s.strip()));
                        } catch (NumberFormatException e) {
                            return badRequest(name, "'" + s + "' is not a pnode_id");
                        }
                    }
                    q.pnodes(ids, value);
                }
                default -> {
                    return badRequest(p.getKey(), "'" + p.getKey() + "' is not a filter of " + feed.id());
                }
            }
        }
        if (!ranged) {
            return badRequest("datetime_beginning_ept", "a datetime_beginning_ept or datetime_beginning_utc filter"
                    + " is required");
        }
        Instant now = r.clock().now();
        return SimResponse.ok(SimResponse.JSON, PjmSimFormats.page(r.prices(), q.build(), available(feed, now)));
    }

    /** The end of what exists of {@code feed} at simulated time {@code now}: interval starts before it are served. */
    static Instant available(Feed feed, Instant now) {
        return switch (feed) {
            case DA -> now.atZone(Pjm.EASTERN).toLocalDate().plusDays(2).atStartOfDay(Pjm.EASTERN).toInstant();
            case RT -> Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), 3600) * 3600)
                    .minus(VERIFIED_DELAY);
            // the intervals that have ended
            case RT_UNVERIFIED -> Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), 300) * 300);
        };
    }

    /** {@code <from>to<to>} or a single date-time (from = to); null when malformed or reversed. */
    static LocalDateTime[] range(String value) {
        String v = value.strip();
        int to = v.indexOf("to");
        LocalDateTime a = dateTime(to < 0 ? v : v.substring(0, to));
        LocalDateTime b = to < 0 ? a : dateTime(v.substring(to + 2));
        if (a == null || b == null || b.isBefore(a)) return null;
        return new LocalDateTime[]{a, b};
    }

    private static LocalDateTime dateTime(String s) {
        String t = s.strip();
        if (t.indexOf('/') > 0) {
            try {
                return LocalDateTime.parse(t, LEGACY);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (t.length() == 10) t = t + "T00:00";
        return Timestamps.localDateTime(t);
    }

    private static int intParam(SimRequest r, String name, int dflt) {
        String v = r.param(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static SimResponse badRequest(String field, String message) {
        String body = "{\"errors\":[{\"field\":" + SimDocuments.jsonString(field) + ",\"message\":"
                + SimDocuments.jsonString(message) + "}]}";
        return new SimResponse(400, SimResponse.JSON, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static List<PNode> pnodes() {
        List<PNode> n = new ArrayList<>();
        n.add(new PNode(1, "PJM-RTO", "ZONE", null, null, null, NodeKind.LOAD_ZONE));
        n.add(zone(51291, "AECO"));
        n.add(zone(51292, "BGE"));
        n.add(zone(51293, "DPL"));
        n.add(zone(51295, "JCPL"));
        n.add(zone(51297, "PECO"));
        n.add(zone(51298, "PEPCO"));
        n.add(zone(51299, "PPL"));
        n.add(zone(51301, "PSEG"));
        n.add(zone(8394954, "APS"));
        n.add(zone(8445784, "AEP"));
        n.add(zone(33092371, "COMED"));
        n.add(zone(34964545, "DOM"));
        n.add(zone(37737283, "DUQ"));
        n.add(zone(116013753, "ATSI"));
        n.add(hub(51217, "EASTERN HUB"));
        n.add(hub(51287, "WEST INT HUB"));
        n.add(hub(51288, "WESTERN HUB"));
        n.add(hub(4669664, "NEW JERSEY HUB"));
        n.add(hub(33092311, "CHICAGO GEN HUB"));
        n.add(hub(34497127, "AEP-DAYTON HUB"));
        n.add(hub(34497151, "OHIO HUB"));
        n.add(hub(35010337, "DOMINION HUB"));
        n.add(new PNode(48594, "ATHENIA 26 KV   AB GRP", "LOAD", "26 KV", "AB GRP", "PSEG", NodeKind.LOAD_ZONE));
        n.add(new PNode(2156113476L, "FINLEY  34.5 KV MADSNFSP", "GEN", "34.5 KV", "MADSNFSP", "ATSI",
                NodeKind.GENERATOR));
        n.add(new PNode(2156113488L, "BERGEN  13 KV   CC12", "GEN", "13 KV", "CC12", "PSEG", NodeKind.GENERATOR));
        n.sort(Comparator.comparingLong(PNode::id));
        return List.copyOf(n);
    }

    private static PNode zone(long id, String name) {
        return new PNode(id, name, "ZONE", null, null, name, NodeKind.LOAD_ZONE);
    }

    private static PNode hub(long id, String name) {
        return new PNode(id, name, "HUB", null, null, null, NodeKind.HUB);
    }

    private static final class Prices extends PriceProfile {
        /** The east of PJM (constrained imports into New Jersey, Baltimore-Washington, Dominion) prices above the west. */
        private static final Set<String> EAST = Set.of("BGE", "PEPCO", "PSEG", "JCPL", "DOM", "EASTERN HUB",
                "NEW JERSEY HUB", "DOMINION HUB", "ATHENIA 26 KV   AB GRP", "BERGEN  13 KV   CC12");

        Prices() {
            super(Pjm.CODE, 4, Pjm.EASTERN, 5, PNODES.stream().map(PNode::node).toList(), 35);
        }

        /** A morning peak and a larger late-afternoon one. */
        @Override
        public double shape(double localHour) {
            return 0.72 + 0.22 * bump(localHour, 8, 1.8) + 0.40 * bump(localHour, 17.5, 2.6);
        }

        /** Negative prices are rare, mostly overnight with wind in the west. */
        @Override
        public double negativeBias(double localHour) {
            return localHour < 5 ? 0.8 : 0.25;
        }

        @Override
        public double congestionShift(Node node) {
            return EAST.contains(node.id()) ? 1.5 : -0.5;
        }
    }
}
