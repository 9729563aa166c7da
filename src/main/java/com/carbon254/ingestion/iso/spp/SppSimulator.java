package com.carbon254.ingestion.iso.spp;

import com.carbon254.ingestion.iso.sim.IsoSimulator.Endpoint;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Service;
import com.carbon254.ingestion.iso.sim.IsoSimulator;
import com.carbon254.ingestion.iso.sim.PriceModel.Node;
import com.carbon254.ingestion.iso.sim.PriceModel.NodeKind;
import com.carbon254.ingestion.iso.sim.PriceProfile;
import com.carbon254.ingestion.iso.sim.SimRequest;
import com.carbon254.ingestion.iso.sim.SimResponse;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * SPP in the simulator, at the portal's paths below {@code /spp/portal} ({@code SPP_PORTAL_URL}); the {@code path}
 * query parameter selects the file, as on {@code portal.spp.org}:
 * <ul>
 *   <li>{@code GET /spp/portal/file-browser-api/download/da-lmp-by-settlement-location?path=/2024/11/By_Day/DA-LMP-SL-202411030100.csv}
 *       (and the older folder name {@code da-lmp-by-location}): the day-ahead file of an operating day up to
 *       tomorrow (simulated, Central); later days, and paths that name no such file, are 404;</li>
 *   <li>{@code GET /spp/portal/file-browser-api/download/rtbm-lmp-by-location?path=/2024/11/By_Interval/03/RTBM-LMP-SL-202411030105d.csv}:
 *       the real-time file of a 5-minute interval that has ended in simulated time (404 before); about one interval
 *       a day, chosen from the seed, is served as a 0-byte file, as SPP really serves intervals it has not
 *       priced.</li>
 * </ul>
 * The portal is not known to throttle: no rate limit, and no faults of its own. Prices: {@link #PRICES}; documents
 * and paths: {@link SppSimFormats}.
 */
public final class SppSimulator {
    public static final String PORTAL_PATH = "/spp/portal";
    public static final String DA_FILES = "/file-browser-api/download/da-lmp-by-settlement-location";
    /** The day-ahead folder's name before 2026 (gridstatus #825); served too. */
    public static final String DA_FILES_LEGACY = "/file-browser-api/download/da-lmp-by-location";
    public static final String RTBM_FILES = "/file-browser-api/download/rtbm-lmp-by-location";
    /** One real-time interval in this many is served as a 0-byte file (about one a day). */
    static final int EMPTY_ONE_IN = 288;

    /** A settlement location as the files list it: its name, its pnode, its balancing authority area. */
    public record Location(String name, String pnode, String baa, NodeKind kind) {
    }

    /**
     * 24 settlement locations with their real pnodes: the two trading hubs, ten load areas ({@code <X>_<X>}, pnode
     * {@code <X>_LA}), three eastern interfaces, a western one in the {@code SWPW} area, and eight resources.
     */
    public static final List<Location> LOCATIONS = List.of(
            new Location("SPPNORTH_HUB", "SPPNORTH_H", "SPP", NodeKind.HUB),
            new Location("SPPSOUTH_HUB", "SPPSOUTH_H", "SPP", NodeKind.HUB),
            new Location("EDE_EDE", "EDE_LA", "SPP", NodeKind.LOAD_ZONE),
            new Location("GRDA_GRDA", "GRDA_LA", "SPP", NodeKind.LOAD_ZONE),
            new Location("KCPL_KCPL", "KCPL_LA", "SPP", NodeKind.LOAD_ZONE),
            new Location("LES_LES", "LES_LA", "SPP", NodeKind.LOAD_ZONE),
            new Location("NPPD_NPPD", "NPPD_LA", "SPP", NodeKind.LOAD_ZONE),
            new Location("OKGE_OKGE", "OKGE_LA", "SPP", NodeKind.LOAD_ZONE),
            new Location("OPPD_OPPD", "OPPD_LA", "SPP", NodeKind.LOAD_ZONE),
            new Location("SPS_SPS", "SPS_LA", "SPP", NodeKind.LOAD_ZONE),
            new Location("WFEC_WFEC", "WFEC_LA", "SPP", NodeKind.LOAD_ZONE),
            new Location("WR_WR", "WR_LA", "SPP", NodeKind.LOAD_ZONE),
            new Location("AECI", "AECI", "SPP", NodeKind.INTERFACE),
            new Location("ERCOTN", "ERCOTN", "SPP", NodeKind.INTERFACE),
            new Location("MISO", "MISO", "SPP", NodeKind.INTERFACE),
            new Location("AVA", "AVA", "SWPW", NodeKind.INTERFACE),
            new Location("CSWNORTHEASTERN1", "CSWSNE_GASPLT1", "SPP", NodeKind.GENERATOR),
            new Location("CSWWELSH1", "CSWSWELSHUN1_RA", "SPP", NodeKind.GENERATOR),
            new Location("KCPLIATANUNIAT1", "KCPLIATANUNIAT1_RA", "SPP", NodeKind.GENERATOR),
            new Location("NPPD_GGS1", "NPPDG_GENT1UN1_RA", "SPP", NodeKind.GENERATOR),
            new Location("OKGEREDBUD1", "OKGEREDBUDUNOKGEREDBUD1_PLT", "SPP", NodeKind.GENERATOR),
            new Location("SECI_CIMARRON", "SECIBUCKNER7UNCIMRNCPV_WIND_RA", "SPP", NodeKind.GENERATOR),
            new Location("SPS.TOLK1", "SPSTOLKSUBUN1_RA", "SPP", NodeKind.GENERATOR),
            new Location("WR.JEC.1", "WRJEFFUN10_RA", "SPP", NodeKind.GENERATOR));

    /**
     * The {@link #LOCATIONS}' prices: load on Central time, four decimals, negative prices with overnight wind; the
     * wind-rich north and west price below the south.
     */
    public static final PriceProfile PRICES = new Prices();

    /** What {@link Spp#simulator()} returns. */
    public static final IsoSimulator SIMULATOR = new IsoSimulator(PRICES, List.of(
            new Service("SPP_PORTAL_URL", PORTAL_PATH, SimResponse.CSV, List.of(
                    Endpoint.at(DA_FILES, SppSimulator::dayAhead),
                    Endpoint.at(DA_FILES_LEGACY, SppSimulator::dayAhead),
                    Endpoint.at(RTBM_FILES, SppSimulator::rtbm)))), List.of());

    private SppSimulator() {
    }

    /** A day-ahead file; results exist up to tomorrow's operating day (Central). */
    static SimResponse dayAhead(SimRequest request) {
        String path = request.param("path");
        Optional<LocalDate> day = SppSimFormats.dayAheadOf(path);
        if (day.isEmpty() || day.get().isAfter(request.clock().today(Spp.CENTRAL).plusDays(1))) {
            return SimResponse.errorPage(404);
        }
        return SimResponse.ok(SimResponse.CSV, SppSimFormats.dayAhead(request.prices(), day.get()))
                .withFileName(SppSimFormats.dayAheadName(day.get()));
    }

    /** A real-time file of an interval that has ended; 0 bytes for the seed's unpriced intervals. */
    static SimResponse rtbm(SimRequest request) {
        Optional<Instant> end = SppSimFormats.rtbmOf(request.param("path"));
        if (end.isEmpty() || end.get().isAfter(request.clock().now())) return SimResponse.errorPage(404);
        byte[] body = unpriced(request.prices().seed(), end.get()) ? new byte[0]
                : SppSimFormats.rtbm(request.prices(), end.get());
        return SimResponse.ok(SimResponse.CSV, body).withFileName(SppSimFormats.rtbmName(end.get()));
    }

    /** Whether the seed leaves the interval ending at {@code end} unpriced (served as 0 bytes): deterministic. */
    public static boolean unpriced(long seed, Instant end) {
        long z = seed * 0x9E3779B97F4A7C15L + end.getEpochSecond() + PRICES.stream();
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return Math.floorMod(z, EMPTY_ONE_IN) == 0;
    }

    private static final class Prices extends PriceProfile {
        private static final Set<String> NORTH_WEST = Set.of("SPPNORTH_HUB", "NPPD_NPPD", "OPPD_OPPD", "LES_LES",
                "NPPD_GGS1", "SPS_SPS", "SPS.TOLK1", "SECI_CIMARRON", "AVA");

        Prices() {
            super(Spp.CODE, 7, Spp.CENTRAL, 4,
                    // SPP's files carry no type label: the kind's name stands in for one
                    LOCATIONS.stream().map(l -> new Node(l.name(), l.kind().name().toLowerCase(Locale.ROOT),
                            l.kind())).toList(), 27);
        }

        /** A flat night, a morning shoulder and an evening peak around 1.3 (summer-peaking load, little solar). */
        @Override
        public double shape(double localHour) {
            return 0.68 + 0.15 * bump(localHour, 8, 2.0) + 0.22 * bump(localHour, 14, 3.0)
                    + 0.45 * bump(localHour, 18.5, 2.2);
        }

        /** SPP's wind makes negative prices common overnight. */
        @Override
        public double negativeBias(double localHour) {
            return localHour < 7 || localHour >= 23 ? 3.0 : 0.6;
        }

        @Override
        public double congestionShift(Node node) {
            return NORTH_WEST.contains(node.id()) ? -1.2 : 0.8;
        }
    }
}
