package com.carbon254.ingestion.iso.nyiso;

import com.carbon254.ingestion.iso.nyiso.NyisoSimFormats.Kind;
import com.carbon254.ingestion.iso.nyiso.NyisoSimFormats.Report;
import com.carbon254.ingestion.iso.sim.IsoSimulator;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Endpoint;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Service;
import com.carbon254.ingestion.iso.sim.PriceModel.Node;
import com.carbon254.ingestion.iso.sim.PriceModel.NodeKind;
import com.carbon254.ingestion.iso.sim.PriceProfile;
import com.carbon254.ingestion.iso.sim.SimRequest;
import com.carbon254.ingestion.iso.sim.SimResponse;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NYISO in the simulator, at the MIS public site's paths below {@code /nyiso/public} ({@code NYISO_MIS_URL}):
 * <ul>
 *   <li>{@code GET /nyiso/public/csv/damlbmp/<yyyyMMdd>damlbmp_zone.csv} and {@code _gen.csv}: a day's day-ahead
 *       prices, which exist once the day-ahead market has posted them ({@link #DA_POSTED} Eastern the day before);</li>
 *   <li>{@code GET /nyiso/public/csv/realtime/<yyyyMMdd>realtime_zone.csv} and {@code _gen.csv}: the day's
 *       5-minute intervals that have ended in simulated time (the file grows through the day; it exists once the
 *       day's first interval has ended);</li>
 *   <li>{@code …/<yyyyMM>01damlbmp_zone_csv.zip} (and {@code _gen}, {@code realtime}): the month's archive, a zip of
 *       the daily files of that month that exist.</li>
 * </ul>
 * Anything else, or a file that does not exist yet, is 404 with an HTML page as NYISO's web server answers. NYISO does
 * not throttle the MIS files: no rate limit, no faults of its own. Prices: {@link #PRICES}; documents:
 * {@link NyisoSimFormats}.
 */
public final class NyisoSimulator {
    public static final String MIS_PATH = "/nyiso/public";
    static final String DAMLBMP = "/csv/damlbmp";
    static final String REALTIME = "/csv/realtime";
    /** When the day-ahead results for the next day are out (Eastern): the DAM posts by about 11:00. */
    public static final LocalTime DA_POSTED = LocalTime.of(11, 0);

    /**
     * 25 names: the 11 load zones and the 4 external proxies of the zonal files (with their real PTIDs), nine
     * representative generators and the reference bus of the generator files; load on Eastern time, cents, few
     * negative prices (some with overnight wind), New York City and Long Island above upstate.
     */
    public static final PriceProfile PRICES = new Prices();

    private static final Pattern DAILY = Pattern.compile("(\\d{8})(damlbmp|realtime)_(zone|gen)\\.csv");
    private static final Pattern ARCHIVE = Pattern.compile("(\\d{6})01(damlbmp|realtime)_(zone|gen)_csv\\.zip");

    /** What {@link Nyiso#simulator()} returns. */
    public static final IsoSimulator SIMULATOR = new IsoSimulator(PRICES, List.of(
            new Service("NYISO_MIS_URL", MIS_PATH, SimResponse.CSV, List.of(
                    Endpoint.filesUnder(DAMLBMP, r -> file(r, Report.DAMLBMP)),
                    Endpoint.filesUnder(REALTIME, r -> file(r, Report.REALTIME))))), List.of());

    private NyisoSimulator() {
    }

    /** A daily file or a monthly archive of {@code report}, as far as it exists in simulated time. */
    static SimResponse file(SimRequest request, Report report) {
        String path = request.path();
        String name = path.substring(path.lastIndexOf('/') + 1);
        Matcher daily = DAILY.matcher(name);
        Matcher archive = ARCHIVE.matcher(name);
        Instant now = request.clock().now();
        if (daily.matches() && daily.group(2).equals(report.dir())) {
            LocalDate day = date(daily.group(1));
            if (day == null || !exists(report, day, now)) return notFound(path);
            Kind kind = kind(daily.group(3));
            return SimResponse.ok(SimResponse.CSV, NyisoSimFormats.daily(request.prices(), report, kind, day,
                    upTo(report, request)));
        }
        if (archive.matches() && archive.group(2).equals(report.dir())) {
            LocalDate first = date(archive.group(1) + "01");
            if (first == null) return notFound(path);
            List<LocalDate> days = new ArrayList<>();
            for (LocalDate d = first; d.getMonth() == first.getMonth(); d = d.plusDays(1)) {
                if (exists(report, d, now)) days.add(d);
            }
            if (days.isEmpty()) return notFound(path);
            return SimResponse.ok(SimResponse.ZIP, NyisoSimFormats.archive(request.prices(), report,
                    kind(archive.group(3)), days, upTo(report, request)));
        }
        return notFound(path);
    }

    /** Day-ahead: posted at {@link #DA_POSTED} the day before; real-time: once the day's first interval ended. */
    static boolean exists(Report report, LocalDate day, Instant now) {
        Instant dayStart = day.atStartOfDay(Nyiso.EASTERN).toInstant();
        if (report == Report.DAMLBMP) {
            return !now.isBefore(day.minusDays(1).atTime(DA_POSTED).atZone(Nyiso.EASTERN).toInstant());
        }
        return !now.isBefore(dayStart.plus(report.interval()));
    }

    private static Instant upTo(Report report, SimRequest request) {
        return report == Report.DAMLBMP ? null : request.clock().latestEnded(Duration.ofMinutes(5));
    }

    private static Kind kind(String suffix) {
        return suffix.equals("zone") ? Kind.ZONE : Kind.GEN;
    }

    private static LocalDate date(String yyyyMMdd) {
        try {
            return LocalDate.of(Integer.parseInt(yyyyMMdd.substring(0, 4)), Integer.parseInt(yyyyMMdd.substring(4, 6)),
                    Integer.parseInt(yyyyMMdd.substring(6, 8)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** NYISO's web server's 404: an HTML page naming the path (no CSV, so nothing is mistaken for data). */
    static SimResponse notFound(String path) {
        String html = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n"
                + "<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL "
                + escape(path) + " was not found on this server.</p>\n</body></html>\n";
        return new SimResponse(404, "text/html; charset=iso-8859-1", html.getBytes(StandardCharsets.ISO_8859_1),
                Map.of());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The PTID NYISO gives {@code name} (the zones' and proxies' are NYISO's; the generators' representative). */
    static String ptid(String name) {
        String p = PTIDS.get(name);
        if (p == null) throw new IllegalArgumentException("no PTID for simulated NYISO name '" + name + "'");
        return p;
    }

    private static final Map<String, String> PTIDS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        String[][] zones = {{"WEST", "61752"}, {"GENESE", "61753"}, {"CENTRL", "61754"}, {"NORTH", "61755"},
                {"MHK VL", "61756"}, {"CAPITL", "61757"}, {"HUD VL", "61758"}, {"MILLWD", "61759"},
                {"DUNWOD", "61760"}, {"N.Y.C.", "61761"}, {"LONGIL", "61762"}, {"H Q", "61844"}, {"NPX", "61845"},
                {"O H", "61846"}, {"PJM", "61847"}, {"ARTHUR KILL_2", "23512"}, {"ASTORIA_CC_1", "23810"},
                {"BOWLINE___1", "23526"}, {"DANSKAMMER___4", "23589"}, {"NIAGARA", "23600"},
                {"NINE MILE PT 1", "23575"}, {"RAVENSWOOD_3", "23534"}, {"ROSETON___1", "23558"},
                {"ST LAWRENCE", "23601"}, {NyisoConnector.REFERENCE_BUS, "24008"}};
        for (String[] z : zones) m.put(z[0], z[1]);
        PTIDS = Map.copyOf(m);
    }

    private static final class Prices extends PriceProfile {
        private static final List<Node> NODES;
        /** Downstate: New York City, Long Island and the lower Hudson Valley price above upstate. */
        private static final Set<String> DOWNSTATE = Set.of("HUD VL", "MILLWD", "DUNWOD", "N.Y.C.", "LONGIL",
                "ARTHUR KILL_2", "ASTORIA_CC_1", "RAVENSWOOD_3");

        static {
            List<Node> n = new ArrayList<>();
            n.addAll(Node.all(NodeKind.LOAD_ZONE, NyisoConnector.TYPE_ZONE, "WEST", "GENESE", "CENTRL", "NORTH",
                    "MHK VL", "CAPITL", "HUD VL", "MILLWD", "DUNWOD", "N.Y.C.", "LONGIL"));
            n.addAll(Node.all(NodeKind.INTERFACE, NyisoConnector.TYPE_PROXY, "H Q", "NPX", "O H", "PJM"));
            n.addAll(Node.all(NodeKind.GENERATOR, NyisoConnector.TYPE_GENERATOR, "ARTHUR KILL_2", "ASTORIA_CC_1",
                    "BOWLINE___1", "DANSKAMMER___4", "NIAGARA", "NINE MILE PT 1", "RAVENSWOOD_3", "ROSETON___1",
                    "ST LAWRENCE"));
            n.add(new Node(NyisoConnector.REFERENCE_BUS, NyisoConnector.TYPE_REFERENCE, NodeKind.HUB));
            NODES = List.copyOf(n);
        }

        Prices() {
            super(Nyiso.CODE, 5, Nyiso.EASTERN, 2, NODES, 35);
        }

        /** A morning ramp, a broad afternoon and an evening peak around 1.25. */
        @Override
        public double shape(double localHour) {
            return 0.70 + 0.20 * bump(localHour, 8, 1.8) + 0.22 * bump(localHour, 14, 3.0)
                    + 0.45 * bump(localHour, 18.5, 2.0);
        }

        /** Negative prices are rare in New York; overnight wind upstate makes them a little likelier. */
        @Override
        public double negativeBias(double localHour) {
            return localHour < 5 ? 0.8 : 0.25;
        }

        @Override
        public double congestionShift(Node node) {
            return DOWNSTATE.contains(node.id()) ? 2.5 : node.kind() == NodeKind.LOAD_ZONE ? -1.0 : 0;
        }
    }
}
