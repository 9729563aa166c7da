package com.carbon254.ingestion.iso.ercot;

import com.carbon254.ingestion.iso.Timestamps;
import com.carbon254.ingestion.iso.ercot.ErcotSimFormats.DamRow;
import com.carbon254.ingestion.iso.ercot.ErcotSimFormats.MisDoc;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Endpoint;
import com.carbon254.ingestion.iso.sim.IsoSimulator.RateLimit;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Service;
import com.carbon254.ingestion.iso.sim.IsoSimulator;
import com.carbon254.ingestion.iso.sim.PriceModel.Node;
import com.carbon254.ingestion.iso.sim.PriceModel.NodeKind;
import com.carbon254.ingestion.iso.sim.PriceProfile;
import com.carbon254.ingestion.iso.sim.SimRequest;
import com.carbon254.ingestion.iso.sim.SimResponse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ERCOT in the simulator, below {@code /ercot}:
 * <ul>
 *   <li>{@code ERCOT_API_URL=…/ercot/api} (the public API, {@code https://api.ercot.com/api/public-reports}):
 *       {@code GET /np4-190-cd/dam_stlmnt_pnt_prices?deliveryDateFrom=&deliveryDateTo=[&settlementPoint=][&page=]
 *       [&size=]}. Like the real one it answers 401 with a JSON body without an {@code Ocp-Apim-Subscription-Key}
 *       header or without {@code Authorization: Bearer <token>} (any non-empty values pass), and 429 with
 *       {@code Retry-After} to a request within {@link #API_RATE_LIMIT}'s spacing of the last one (30 a minute).
 *       Delivery days whose DAM has not been posted yet (13:30 Central the day before) have no rows.</li>
 *   <li>{@code ERCOT_TOKEN_URL=…/ercot/token} (ERCOT's Azure B2C token endpoint): {@code POST} with
 *       {@code username}, {@code password}, {@code grant_type=password} (query or form) → <code>{"access_token",
 *       "token_type":"Bearer","expires_in":"3600","refresh_token","id_token"}</code> for any non-empty username and
 *       password; 400 with B2C's error body otherwise.</li>
 *   <li>{@code ERCOT_MIS_URL=…/ercot/mis} (the MIS, {@code https://www.ercot.com}), anonymous:
 *       {@code GET /misapp/servlets/IceDocListJsonWS?reportTypeId=12331|12300|12301} lists the documents posted by
 *       now (CSV and XML twins, newest first); {@code GET /misdownload/servlets/mirDownload?doclookupId=<DocID>}
 *       answers a CSV document's zip, 404 for one not posted (or an XML twin, which is listed but not served).</li>
 * </ul>
 * Prices: {@link #PRICES}; documents and when they exist: {@link ErcotSimFormats}.
 */
public final class ErcotSimulator {
    public static final String API_PATH = "/ercot/api";
    public static final String TOKEN_PATH = "/ercot/token";
    public static final String MIS_PATH = "/ercot/mis";
    static final String DAM_SPP = "/np4-190-cd/dam_stlmnt_pnt_prices";
    static final String LISTING = "/misapp/servlets/IceDocListJsonWS";
    static final String DOWNLOAD = "/misdownload/servlets/mirDownload";
    /** {@code ercot_min_spacing_ms} (default 2 s: ERCOT's public API allows 30 requests a minute). */
    public static final RateLimit API_RATE_LIMIT = new RateLimit("ercot_min_spacing_ms", 2000, 2);
    /** The API's page size when the request names none ({@code _meta.pageSize} of the recorded sample). */
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_DAYS = 31;
    static final String MISSING_KEY = "Access denied due to missing subscription key. Make sure to include"
            + " subscription key when making requests to an API.";
    static final String MISSING_TOKEN = "Unauthorized. Access token is missing or invalid.";

    /**
     * 25 settlement points with NP6-905's type labels: the seven trading hubs, the eight load zones, the four DC ties
     * and six resource nodes; load on Central time, cents, negative prices with overnight West Texas wind, the West
     * and the Panhandle congested below Houston.
     */
    public static final PriceProfile PRICES = new Prices();

    /** What {@link Ercot#simulator()} returns. */
    public static final IsoSimulator SIMULATOR = new IsoSimulator(PRICES, List.of(
            new Service("ERCOT_API_URL", API_PATH, SimResponse.JSON,
                    List.of(Endpoint.at(DAM_SPP, ErcotSimulator::damSpp).limitedBy(API_RATE_LIMIT))),
            new Service("ERCOT_TOKEN_URL", TOKEN_PATH, SimResponse.JSON,
                    List.of(Endpoint.at("", ErcotSimulator::token))),
            new Service("ERCOT_MIS_URL", MIS_PATH, SimResponse.ZIP,
                    List.of(Endpoint.at(LISTING, ErcotSimulator::listing),
                            Endpoint.at(DOWNLOAD, ErcotSimulator::download)))), List.of());

    private ErcotSimulator() {
    }

    // ---------------------------------------------------------------- public API

    static SimResponse damSpp(SimRequest rc) {
        if (blank(rc.header("Ocp-Apim-Subscription-Key"))) return apiError(401, MISSING_KEY);
        String auth = rc.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7) || blank(auth.substring(7))) {
            return apiError(401, MISSING_TOKEN);
        }
        String fromText = rc.param("deliveryDateFrom");
        String toText = rc.param("deliveryDateTo");
        LocalDate from = fromText == null ? null : isoDate(fromText);
        LocalDate to = toText == null ? null : isoDate(toText);
        if (fromText != null && from == null || toText != null && to == null) {
            return apiError(400, "deliveryDateFrom and deliveryDateTo must be dates yyyy-MM-dd");
        }
        LocalDate today = rc.clock().today(Ercot.CENTRAL);
        if (from == null) from = to != null ? to : today;
        if (to == null) to = from.plusDays(MAX_DAYS - 1);
        if (to.isBefore(from)) return apiError(400, "deliveryDateTo is before deliveryDateFrom");
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            return apiError(400, "at most " + MAX_DAYS + " delivery days per request");
        }
        int page = positive(rc.param("page"), 1);
        int size = positive(rc.param("size"), DEFAULT_PAGE_SIZE);
        if (page < 0 || size < 0) return apiError(400, "page and size must be positive integers");
        String point = rc.param("settlementPoint");

        Instant now = rc.clock().now();
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (!ErcotSimFormats.damPosted(d).isAfter(now)) days.add(d);
        }
        List<DamRow> rows = ErcotSimFormats.damRows(rc.prices(), days, point);
        List<String[]> parameters = new ArrayList<>(3);
        if (fromText != null) parameters.add(new String[]{"deliveryDateFrom", fromText});
        if (toText != null) parameters.add(new String[]{"deliveryDateTo", toText});
        if (point != null) parameters.add(new String[]{"settlementPoint", point});
        return SimResponse.ok(SimResponse.JSON, ErcotSimFormats.damApiPage(rows, parameters, page, size));
    }

    private static SimResponse apiError(int status, String message) {
        return new SimResponse(status, SimResponse.JSON, ErcotSimFormats.apiError(status, message), Map.of());
    }

    // ---------------------------------------------------------------- B2C token

    static SimResponse token(SimRequest rc) {
        if (!rc.method().equalsIgnoreCase("POST")) return SimResponse.errorPage(405);
        Map<String, String> p = new HashMap<>(form(rc.body()));
        for (String k : List.of("username", "password", "grant_type")) {
            String v = rc.param(k);
            if (v != null) p.put(k, v);
        }
        for (String k : List.of("username", "password")) {
            if (blank(p.get(k))) {
                return b2cError("invalid_request", "AADB2C90083: The request is missing required parameter: " + k
                        + ".");
            }
        }
        if (!"password".equals(p.get("grant_type"))) {
            return b2cError("unsupported_grant_type", "AADB2C90086: The supplied grant_type ["
                    + p.get("grant_type") + "] is not supported.");
        }
        long now = rc.clock().now().getEpochSecond();
        String token = jwtLike(p.get("username"), now);
        String body = "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":\"3600\","
                + "\"refresh_token\":\"" + jwtLike("refresh:" + p.get("username"), now) + "\",\"id_token\":\""
                + token + "\"}";
        return SimResponse.ok(SimResponse.JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    private static SimResponse b2cError(String error, String description) {
        String body = "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}";
        return new SimResponse(400, SimResponse.JSON, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** An opaque token that looks like B2C's (three base64url parts); it names no password. */
    private static String jwtLike(String subject, long issued) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        String header = b.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b.encodeToString(("{\"iss\":\"ercot-simulator\",\"sub\":\"" + subject.replace("\"", "")
                + "\",\"iat\":" + issued + ",\"exp\":" + (issued + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".sim";
    }

    private static Map<String, String> form(byte[] body) {
        Map<String, String> out = new HashMap<>();
        if (body.length == 0) return out;
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    // ---------------------------------------------------------------- MIS

    static SimResponse listing(SimRequest rc) {
        List<MisDoc> docs = ErcotSimFormats.listed(rc.prices().seed(), String.valueOf(rc.param("reportTypeId")),
                rc.clock().now());
        return SimResponse.ok(SimResponse.JSON, ErcotSimFormats.listing(rc.prices(), docs));
    }

    static SimResponse download(SimRequest rc) {
        MisDoc d = ErcotSimFormats.byDocId(rc.prices().seed(), rc.param("doclookupId"), rc.clock().now());
        if (d == null || d.xml()) return SimResponse.errorPage(404);
        String name = ErcotSimFormats.constructedName(d);
        return SimResponse.ok(SimResponse.ZIP, ErcotSimFormats.download(rc.prices(), d))
                .withHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
    }

    // ---------------------------------------------------------------- helpers

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static LocalDate isoDate(String s) {
        return Timestamps.isoDate(s.strip());
    }

    /** The positive integer {@code s}, {@code absent} when null, -1 when malformed. */
    private static int positive(String s, int absent) {
        if (s == null) return absent;
        int v = Timestamps.smallInt(s);
        return v > 0 ? v : -1;
    }

    private static final class Prices extends PriceProfile {
        private static final List<Node> NODES;
        /** Export-constrained West Texas and the Panhandle price below their kind; Houston above. */
        private static final Set<String> WEST = Set.of("HB_WEST", "HB_PAN", "LZ_WEST", "AJAXWIND_RN",
                "APPALOSA_ALL", "7RNCHSLR_ALL");
        private static final Set<String> HOUSTON = Set.of("HB_HOUSTON", "LZ_HOUSTON", "ALVIN_RN");

        static {
            List<Node> n = new ArrayList<>();
            n.addAll(Node.all(NodeKind.HUB, "HU", "HB_HOUSTON", "HB_NORTH", "HB_PAN", "HB_SOUTH", "HB_WEST"));
            n.add(new Node("HB_BUSAVG", "SH", NodeKind.HUB));
            n.add(new Node("HB_HUBAVG", "AH", NodeKind.HUB));
            n.addAll(Node.all(NodeKind.LOAD_ZONE, "LZ", "LZ_AEN", "LZ_CPS", "LZ_HOUSTON", "LZ_LCRA", "LZ_NORTH",
                    "LZ_RAYBN", "LZ_SOUTH", "LZ_WEST"));
            n.addAll(Node.all(NodeKind.INTERFACE, "LZ_DC", "DC_E", "DC_L", "DC_N", "DC_R"));
            n.addAll(Node.all(NodeKind.GENERATOR, "RN", "7RNCHSLR_ALL", "AJAXWIND_RN", "ALVIN_RN", "AMISTAD_ALL",
                    "ANCHOR_ALL", "APPALOSA_ALL"));
            NODES = List.copyOf(n);
        }

        Prices() {
            super(Ercot.CODE, 3, Ercot.CENTRAL, 2, NODES, 28);
        }

        /** Cheap windy nights, a morning shoulder, a solar-flattened noon and a steep evening peak. */
        @Override
        public double shape(double localHour) {
            return 0.62 + 0.14 * bump(localHour, 8, 2.0) + 0.10 * bump(localHour, 13, 3.0)
                    + 0.70 * bump(localHour, 19.5, 1.6);
        }

        /** Negative prices come with overnight West Texas wind. */
        @Override
        public double negativeBias(double localHour) {
            return localHour < 6 || localHour >= 23 ? 2.5 : 0.5;
        }

        @Override
        public double congestionShift(Node node) {
            return WEST.contains(node.id()) ? -2.0 : HOUSTON.contains(node.id()) ? 1.0 : 0;
        }
    }
}
