package com.carbon254.ingestion.iso.isone;

import com.carbon254.ingestion.iso.sim.IsoSimulator;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Endpoint;
import com.carbon254.ingestion.iso.sim.IsoSimulator.RateLimit;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Service;
import com.carbon254.ingestion.iso.sim.PriceModel.Node;
import com.carbon254.ingestion.iso.sim.PriceModel.NodeKind;
import com.carbon254.ingestion.iso.sim.PriceProfile;
import com.carbon254.ingestion.iso.sim.SimRequest;
import com.carbon254.ingestion.iso.sim.SimResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISO New England in the simulator, at the real base URLs' paths:
 * <ul>
 *   <li>Web services ({@code ISONE_API_URL=…/isone/api/v1.1}), HTTP Basic like the real ones: without an
 *       {@code Authorization: Basic …} header (any credentials are accepted) the answer is 401 with a
 *       {@code WWW-Authenticate: Basic} challenge and an HTML page, as ISO-NE answers.
 *       {@code GET /hourlylmp/da/final/day/<yyyyMMdd>[.json]}: operating days up to tomorrow (Eastern) have prices;
 *       later ones get ISO-NE's empty answer <code>{"HourlyLmps":{}}</code>. {@code GET /fiveminutelmp/current}: the
 *       hub, load zones and external nodes for the five-minute interval under way (ISO-NE posts an interval's
 *       preliminary price seconds after it begins: its sample's {@code CreationDate} 17:25:25 for
 *       {@code BeginDate} 17:25).</li>
 *   <li>ISO Express ({@code ISONE_EXPRESS_URL=…/isone/express}), anonymous:
 *       {@code GET /static-transform/csv/histRpts/da-lmp/WW_DALMP_ISO_<yyyyMMdd>.csv}, days up to tomorrow; a later
 *       day is HTTP 200 with ISO Express's {@value IsoneConnector#NO_DATA}.</li>
 * </ul>
 * ISO-NE documents no rate limit for its web services, but answers 429 to clients that hammer them (gridstatus retries
 * on it): {@link #API_RATE_LIMIT} is off by default and can be turned on with {@code isone_min_spacing_ms}. No faults
 * of its own. Prices: {@link #PRICES}; documents: {@link IsoneSimFormats}.
 */
public final class IsoneSimulator {
    public static final String API_PATH = "/isone/api/v1.1";
    public static final String EXPRESS_PATH = "/isone/express";
    static final String DA_DAY = "/hourlylmp/da/final/day";
    static final String RT_CURRENT = "/fiveminutelmp/current";
    static final String DA_CSV_DIR = "/static-transform/csv/histRpts/da-lmp";
    /** {@code isone_min_spacing_ms}: off (0) unless configured, ISO-NE publishes no limit. */
    public static final RateLimit API_RATE_LIMIT = new RateLimit("isone_min_spacing_ms", 0, 5);

    /**
     * 25 locations with ISO-NE's names, numeric ids and type labels: the internal hub, the eight load zones, the seven
     * external interface nodes of the current five-minute feed, eight generator units and a load node; load on Eastern
     * time; cents; Maine and the New Brunswick tie price below the hub, Boston and Connecticut above.
     */
    public static final PriceProfile PRICES = new Prices();

    private static final Pattern DAY = Pattern.compile("(\\d{8})(\\.json)?");
    private static final Pattern DA_CSV = Pattern.compile("WW_DALMP_ISO_(\\d{8})\\.csv");
    private static final DateTimeFormatter YMD =
            DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final String UNAUTHORIZED = "<!doctype html><html lang=\"en\"><head><title>HTTP Status 401 –"
            + " Unauthorized</title></head><body><h1>HTTP Status 401 – Unauthorized</h1><hr class=\"line\" />"
            + "<p><b>Type</b> Status Report</p><p><b>Description</b> The request has not been applied to the target"
            + " resource because it lacks valid authentication credentials for that resource.</p><hr class=\"line\" />"
            + "</body></html>";

    /** What {@link Isone#simulator()} returns. */
    public static final IsoSimulator SIMULATOR = new IsoSimulator(PRICES, List.of(
            new Service("ISONE_API_URL", API_PATH, SimResponse.JSON, List.of(
                    Endpoint.filesUnder(DA_DAY, IsoneSimulator::dayAhead).limitedBy(API_RATE_LIMIT),
                    Endpoint.at(RT_CURRENT, IsoneSimulator::current).limitedBy(API_RATE_LIMIT))),
            new Service("ISONE_EXPRESS_URL", EXPRESS_PATH, SimResponse.CSV, List.of(
                    Endpoint.filesUnder(DA_CSV_DIR, IsoneSimulator::dayAheadCsv)))), List.of());

    private IsoneSimulator() {
    }

    /** ISO-NE's numeric location id ({@code LocId}, {@code Location ID}) of a simulated node. */
    static String locationId(Node n) {
        String id = Prices.LOCATION_IDS.get(n.id());
        if (id == null) throw new IllegalArgumentException("no location id for ISO-NE node " + n.id());
        return id;
    }

    /** Whether {@code fiveminutelmp/current} lists the node: the hub, the load zones and the external nodes. */
    static boolean inCurrentFeed(Node n) {
        return n.kind() == NodeKind.HUB || n.type().equals("LOAD ZONE") || n.kind() == NodeKind.INTERFACE;
    }

    /** Whether the request carries HTTP Basic credentials (any non-empty ones). */
    static boolean authorized(SimRequest r) {
        String h = r.header("Authorization");
        return h != null && h.regionMatches(true, 0, "Basic ", 0, 6) && !h.substring(6).isBlank();
    }

    /** ISO-NE's refusal of a request without credentials. */
    static SimResponse unauthorized() {
        return new SimResponse(401, "text/html;charset=utf-8", UNAUTHORIZED.getBytes(StandardCharsets.UTF_8),
                Map.of("WWW-Authenticate", "Basic realm=\"ISO New England Web Services\""));
    }

    static SimResponse dayAhead(SimRequest request) {
        if (!authorized(request)) return unauthorized();
        LocalDate day = day(DAY, request.path().substring(request.path().lastIndexOf('/') + 1));
        if (day == null) return SimResponse.errorPage(404);
        if (day.isAfter(request.clock().today(Isone.EASTERN).plusDays(1))) {
            return SimResponse.ok(SimResponse.JSON, IsoneSimFormats.emptyJson(IsoneConnector.DA_ROOT));
        }
        return SimResponse.ok(SimResponse.JSON, IsoneSimFormats.dayAheadJson(request.prices(), day));
    }

    static SimResponse current(SimRequest request) {
        if (!authorized(request)) return unauthorized();
        Instant begin = request.clock().latestEnded(Duration.ofMinutes(5)); // the boundary the interval under way began at
        return SimResponse.ok(SimResponse.JSON, IsoneSimFormats.fiveMinuteCurrent(request.prices(), begin));
    }

    static SimResponse dayAheadCsv(SimRequest request) {
        LocalDate day = day(DA_CSV, request.path().substring(request.path().lastIndexOf('/') + 1));
        if (day == null) return SimResponse.errorPage(404);
        Instant now = request.clock().now();
        if (day.isAfter(request.clock().today(Isone.EASTERN).plusDays(1))) {
            return SimResponse.ok(SimResponse.CSV, IsoneConnector.NO_DATA.getBytes(StandardCharsets.US_ASCII));
        }
        // posted on the day before at about 13:07 Eastern
        Instant posted = day.minusDays(1).atTime(13, 7, 54).atZone(Isone.EASTERN).toInstant();
        Instant generated = posted.isBefore(now) ? posted : now;
        return SimResponse.ok(SimResponse.CSV, IsoneSimFormats.dayAheadCsv(request.prices(), day, generated))
                .withFileName(IsoneSimFormats.dayAheadCsvName(day));
    }

    private static LocalDate day(Pattern p, String name) {
        Matcher m = p.matcher(name);
        if (!m.matches()) return null;
        try {
            return LocalDate.parse(m.group(1), YMD);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final class Prices extends PriceProfile {
        private static final Map<String, String> LOCATION_IDS = new LinkedHashMap<>();
        private static final List<Node> NODES;
        /** Export-constrained north-east: Maine, the New Brunswick tie and the units behind them. */
        private static final Set<String> NORTH = Set.of(".Z.MAINE", ".I.SALBRYNB345 1", "UN.BEARSWMP13.8BSW1");
        /** Import-constrained load pockets: Boston and south-west Connecticut. */
        private static final Set<String> POCKETS = Set.of(".Z.NEMASSBOST", ".Z.CONNECTICUT", "LD.MYSTIC  115",
                "UN.COSCOB  13.8CC10");

        static {
            List<Node> n = new ArrayList<>();
            add(n, NodeKind.HUB, "HUB", "4000", ".H.INTERNAL_HUB");
            add(n, NodeKind.LOAD_ZONE, "LOAD ZONE", "4001", ".Z.MAINE", "4002", ".Z.NEWHAMPSHIRE", "4003",
                    ".Z.VERMONT", "4004", ".Z.CONNECTICUT", "4005", ".Z.RHODEISLAND", "4006", ".Z.SEMASS", "4007",
                    ".Z.WCMASS", "4008", ".Z.NEMASSBOST");
            add(n, NodeKind.INTERFACE, "EXT. NODE", "4010", ".I.SALBRYNB345 1", "4011", ".I.ROSETON 345 1", "4012",
                    ".I.HQ_P1_P2345 5", "4013", ".I.HQHIGATE120 2", "4014", ".I.SHOREHAM138 99", "4017",
                    ".I.NRTHPORT138 5", "4018", ".I.HQMRL_RD345 1");
            add(n, NodeKind.GENERATOR, "NETWORK NODE", "321", "UN.FRNKLNSQ13.810CC", "324", "UN.CDEC    13.8AETN",
                    "346", "UN.MIDDLESX34.5BOLT", "359", "UN.BEARSWMP13.8BSW1", "365", "UN.CANAL   18.0CAN1", "370",
                    "UN.COSCOB  13.8CC10", "375", "UN.TAUNTON 13.8CL9C", "382", "UN.MERIMACK13.8CT-1");
            add(n, NodeKind.LOAD_ZONE, "NETWORK NODE", "4086", "LD.MYSTIC  115");
            NODES = List.copyOf(n);
        }

        private static void add(List<Node> nodes, NodeKind kind, String type, String... idAndName) {
            for (int i = 0; i < idAndName.length; i += 2) {
                nodes.add(new Node(idAndName[i + 1], type, kind));
                LOCATION_IDS.put(idAndName[i + 1], idAndName[i]);
            }
        }

        Prices() {
            super(Isone.CODE, 6, Isone.EASTERN, 2, NODES, 45);
        }

        /** A morning ramp and an early-evening peak around 1.3 (gas-fired margin, heating and lighting load). */
        @Override
        public double shape(double localHour) {
            return 0.70 + 0.22 * bump(localHour, 8, 1.8) + 0.10 * bump(localHour, 13, 3) + 0.55 * bump(localHour, 18, 2.2);
        }

        /** Negative prices are rare: overnight, with hydro imports and nuclear at the margin. */
        @Override
        public double negativeBias(double localHour) {
            return localHour < 5 ? 1.2 : 0.3;
        }

        @Override
        public double congestionShift(Node node) {
            return NORTH.contains(node.id()) ? -1.5 : POCKETS.contains(node.id()) ? 1.0 : 0;
        }
    }
}
