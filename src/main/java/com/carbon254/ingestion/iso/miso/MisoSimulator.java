package com.carbon254.ingestion.iso.miso;

import com.carbon254.ingestion.iso.sim.IsoSimulator.Endpoint;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Service;
import com.carbon254.ingestion.iso.sim.IsoSimulator;
import com.carbon254.ingestion.iso.sim.PriceModel.Node;
import com.carbon254.ingestion.iso.sim.PriceModel.NodeKind;
import com.carbon254.ingestion.iso.sim.PriceProfile;
import com.carbon254.ingestion.iso.sim.SimRequest;
import com.carbon254.ingestion.iso.sim.SimResponse;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MISO in the simulator, at the real base URLs' paths below {@code /miso}:
 * <ul>
 *   <li>{@code GET /miso/marketreports/<yyyyMMdd>_da_expost_lmp.csv} and {@code _da_exante_lmp.csv}
 *       ({@code MISO_REPORTS_URL}): operating days up to tomorrow (simulated, EST) exist, later ones are 404;</li>
 *   <li>{@code GET /miso/api/MarketPricing/GetRealTimeFiveMinExPost/Current} ({@code MISO_API_URL}): the latest
 *       5-minute interval that has ended in simulated time.</li>
 * </ul>
 * No rate limit and no faults of its own. Prices: {@link #PRICES}; documents: {@link MisoSimFormats}.
 */
public final class MisoSimulator {
    public static final String REPORTS_PATH = "/miso/marketreports";
    public static final String API_PATH = "/miso/api";
    static final String CURRENT = "/MarketPricing/GetRealTimeFiveMinExPost/Current";

    /**
     * 28 nodes (hubs first) with the report's {@code Type} labels; load on Central time (the reports are labelled in
     * EST, which is a label, not behaviour); cents; negative prices with overnight wind.
     */
    public static final PriceProfile PRICES = new Prices();

    private static final Pattern REPORT = Pattern.compile("(\\d{8})_da_(expost|exante)_lmp\\.csv");
    private static final DateTimeFormatter YMD =
            DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    /** What {@link Miso#simulator()} returns. */
    public static final IsoSimulator SIMULATOR = new IsoSimulator(PRICES, List.of(
            new Service("MISO_REPORTS_URL", REPORTS_PATH, SimResponse.CSV,
                    List.of(Endpoint.filesUnder("", MisoSimulator::report))),
            new Service("MISO_API_URL", API_PATH, SimResponse.JSON,
                    List.of(Endpoint.at(CURRENT, MisoSimulator::current)))), List.of());

    private MisoSimulator() {
    }

    /** A day-ahead report; DA results exist up to tomorrow's operating day (MISO's day is EST). */
    static SimResponse report(SimRequest request) {
        Matcher m = REPORT.matcher(request.path().substring(REPORTS_PATH.length() + 1));
        LocalDate day = null;
        if (m.matches()) {
            try {
                day = LocalDate.parse(m.group(1), YMD);
            } catch (DateTimeParseException e) {
                day = null;
            }
        }
        if (day == null || day.isAfter(request.clock().today(Miso.EST).plusDays(1))) return SimResponse.errorPage(404);
        boolean exAnte = m.group(2).equals("exante");
        return SimResponse.ok(SimResponse.CSV, MisoSimFormats.dayAheadReport(request.prices(), day, exAnte));
    }

    /** The 5-minute ex-post prices of the latest interval that has ended. */
    static SimResponse current(SimRequest request) {
        Instant end = request.clock().latestEnded(Duration.ofMinutes(5));
        return SimResponse.ok(SimResponse.JSON, MisoSimFormats.fiveMinExPostCurrent(request.prices(), end));
    }

    private static final class Prices extends PriceProfile {
        private static final ZoneId CENTRAL = ZoneId.of("America/Chicago");
        private static final List<Node> NODES;

        static {
            List<Node> n = new ArrayList<>();
            n.addAll(Node.all(NodeKind.HUB, "Hub", "ARKANSAS.HUB", "ILLINOIS.HUB", "INDIANA.HUB", "LOUISIANA.HUB",
                    "MICHIGAN.HUB", "MINN.HUB", "MS.HUB", "TEXAS.HUB"));
            n.addAll(Node.all(NodeKind.GENERATOR, "Gennode", "ALTW.WELLS1", "AMIL.EDWARDS3", "CIN.GIBSON.1",
                    "CONS.CAMPBELL3", "DECO.MONROE1", "EES.L_CREEK1", "LAFA.HARGIS1", "MP.BOSWELL4", "NSP.KING1",
                    "OTP.HOOT_LK2", "WEC.PLEASPR1", "CLEC.RODEMACHER2"));
            n.addAll(Node.all(NodeKind.LOAD_ZONE, "Loadzone", "ALTW.ALTW", "AMIL.CILCO", "CONS.CONS", "DECO.DECO",
                    "NIPS.NIPS"));
            n.addAll(Node.all(NodeKind.INTERFACE, "Interface", "PJM", "SOCO", "TVA"));
            NODES = List.copyOf(n);
        }

        Prices() {
            super(Miso.CODE, 1, CENTRAL, 2, NODES, 30);
        }

        /** A morning shoulder, a broad afternoon and an evening peak around 1.2. */
        @Override
        public double shape(double localHour) {
            return 0.70 + 0.18 * bump(localHour, 9, 2.2) + 0.20 * bump(localHour, 14, 3.5)
                    + 0.40 * bump(localHour, 18.5, 2.0);
        }

        /** Negative prices come with overnight wind. */
        @Override
        public double negativeBias(double localHour) {
            return localHour < 6 ? 2.0 : 0.5;
        }
    }
}
