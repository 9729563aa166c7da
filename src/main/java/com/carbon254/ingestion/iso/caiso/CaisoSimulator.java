package com.carbon254.ingestion.iso.caiso;

import com.carbon254.ingestion.iso.caiso.CaisoSimFormats.CaisoReport;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Endpoint;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Fault;
import com.carbon254.ingestion.iso.sim.IsoSimulator.RateLimit;
import com.carbon254.ingestion.iso.sim.IsoSimulator.Service;
import com.carbon254.ingestion.iso.sim.IsoSimulator;
import com.carbon254.ingestion.iso.sim.PriceModel.Node;
import com.carbon254.ingestion.iso.sim.PriceModel.NodeKind;
import com.carbon254.ingestion.iso.sim.PriceProfile;
import com.carbon254.ingestion.iso.sim.SimRequest;
import com.carbon254.ingestion.iso.sim.SimResponse;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * CAISO in the simulator: {@code GET /caiso/oasisapi/SingleZip?queryname=PRC_LMP|PRC_INTVL_LMP
 * &market_run_id=DAM|RTM&startdatetime=…&enddatetime=…&resultformat=6}
 * ({@code CAISO_OASIS_URL=…/caiso/oasisapi}): DAM trade dates up to tomorrow, RTM intervals that have ended; a
 * window with nothing yet gets the ERR_CODE 1004 error zip (HTTP 200), an invalid request the ERR_CODE 1001 one
 * naming the problem. Like OASIS, a request within {@link #OASIS_RATE_LIMIT}'s spacing of the last served one gets
 * 429 with {@code Retry-After: 5}. Its own fault {@value #ERROR_ZIP_FAULT} answers the 1004 error zip whatever was
 * asked. Prices: {@link #PRICES}; documents: {@link CaisoSimFormats}.
 */
public final class CaisoSimulator {
    public static final String OASIS_PATH = "/caiso/oasisapi";
    static final String SINGLE_ZIP = "/SingleZip";
    /** {@code caiso_min_spacing_ms} (default 5 s, as OASIS): the documented simulator config key. */
    public static final RateLimit OASIS_RATE_LIMIT = new RateLimit("caiso_min_spacing_ms", 5000, 5);
    /** The fault answering OASIS's "no data" error zip whatever was asked. */
    public static final String ERROR_ZIP_FAULT = "error_zip";
    static final Duration MAX_DAM_SPAN = Duration.ofDays(31);
    static final Duration MAX_RTM_SPAN = Duration.ofHours(1);
    static final String ERROR_ZIP_NAME = CaisoSimFormats.ERROR_MEMBER + ".zip";

    /**
     * 26 APnodes (trading hubs, DLAPs, 20 generators) with OASIS-style type labels; load on Pacific time, five
     * decimals, negative prices under midday solar; the south of Path 15 prices above the north and a few import-area
     * nodes carry GHG.
     */
    public static final PriceProfile PRICES = new Prices();


    /** What {@link Caiso#simulator()} returns. */
    public static final IsoSimulator SIMULATOR = new IsoSimulator(PRICES,
            List.of(new Service("CAISO_OASIS_URL", OASIS_PATH, SimResponse.ZIP,
                    List.of(Endpoint.at(SINGLE_ZIP, CaisoSimulator::singleZip).limitedBy(OASIS_RATE_LIMIT)))),
            List.of(new Fault(ERROR_ZIP_FAULT, request -> noData(request.clock().now()))));

    private CaisoSimulator() {
    }

    static SimResponse singleZip(SimRequest rc) {
        Instant generated = rc.clock().now();
        String query = rc.param("queryname");
        Optional<CaisoReport> report = CaisoReport.of(query);
        if (report.isEmpty()) {
            return invalid("queryname '" + query + "' is not simulated (PRC_LMP, PRC_INTVL_LMP)", generated);
        }
        CaisoReport r = report.get();
        String run = rc.param("market_run_id");
        if (!r.marketRunId().equalsIgnoreCase(run)) {
            return invalid("market_run_id '" + run + "' is not valid for " + r.name() + " (" + r.marketRunId()
                    + ")", generated);
        }
        String format = rc.param("resultformat");
        if (!"6".equals(format)) {
            return invalid("resultformat '" + format + "' is not simulated (6 = CSV)", generated);
        }
        Instant start = requestTime(rc.param("startdatetime"));
        Instant end = requestTime(rc.param("enddatetime"));
        if (start == null || end == null || !end.isAfter(start)) {
            return invalid("startdatetime/enddatetime must be yyyyMMdd'T'HH:mm-0000 with start before end", generated);
        }
        Duration max = r == CaisoReport.PRC_LMP ? MAX_DAM_SPAN : MAX_RTM_SPAN;
        if (Duration.between(start, end).compareTo(max) > 0) {
            return invalid("the requested time range exceeds the maximum of " + max.toHours() + " hours for "
                    + r.name(), generated);
        }
        String grpType = Optional.ofNullable(rc.param("grp_type")).orElse("ALL_APNODES");
        int version = parseVersion(rc.param("version"));

        // what exists in simulated time: DAM trade dates up to tomorrow, RTM intervals that have ended
        Instant available = r == CaisoReport.PRC_LMP
                ? rc.clock().today(Caiso.PACIFIC).plusDays(2).atStartOfDay(Caiso.PACIFIC).toInstant()
                : rc.clock().latestEnded(r.interval());
        Instant effectiveEnd = end.isAfter(available) ? available : end;
        if (!effectiveEnd.isAfter(start) || CaisoSimFormats.intervals(r, start, effectiveEnd).isEmpty()) {
            return noData(generated);
        }
        // the member is named after the request, as OASIS does, even when only part of the window has data yet
        String member = CaisoSimFormats.memberName(r, start, end, generated, version);
        byte[] csv = CaisoSimFormats.csv(rc.prices(), r, start, effectiveEnd, grpType);
        return SimResponse.ok(SimResponse.ZIP, CaisoSimFormats.zipMember(member, csv, generated))
                .withFileName(member.substring(0, member.length() - ".csv".length()) + ".zip");
    }

    private static SimResponse noData(Instant generated) {
        return SimResponse.ok(SimResponse.ZIP, CaisoSimFormats.noDataZip(generated)).withFileName(ERROR_ZIP_NAME);
    }

    private static SimResponse invalid(String why, Instant generated) {
        byte[] zip = CaisoSimFormats.errorZip(CaisoSimFormats.INVALID_REQUEST, why, generated);
        return SimResponse.ok(SimResponse.ZIP, zip).withFileName(ERROR_ZIP_NAME);
    }

    private static int parseVersion(String v) {
        if (v == null || !v.matches("\\d{1,4}")) return 1;
        return Integer.parseInt(v);
    }

    /** {@code 20240301T08:00-0000}, any {@code ±HHmm} offset; null when malformed. */
    static Instant requestTime(String s) {
        if (s == null) return null;
        try {
            return OffsetDateTime.parse(s.strip(), CaisoSimFormats.REQUEST_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final class Prices extends PriceProfile {
        private static final List<Node> NODES;
        /** South of Path 15 prices above the north on average. */
        private static final Set<String> SOUTH = Set.of("TH_SP15_GEN-APND", "DLAP_SCE-APND", "DLAP_SDGE-APND",
                "ALAMIT_2_GEN-APND", "BLYTHE_1_GEN-APND", "ELCAJN_6_GEN-APND", "OTAY_6_GEN-APND", "REDOND_7_GEN-APND",
                "SANTGO_2_GEN-APND", "SUNRIS_2_GEN-APND", "TOPAZ_2_GEN-APND", "KERNRV_1_GEN-APND");
        /** Import-area nodes carrying GHG. */
        private static final Set<String> GHG = Set.of("BLYTHE_1_GEN-APND", "SUNRIS_2_GEN-APND", "OTAY_6_GEN-APND");

        static {
            List<Node> n = new ArrayList<>();
            n.addAll(Node.all(NodeKind.HUB, "hub", "TH_NP15_GEN-APND", "TH_SP15_GEN-APND", "TH_ZP26_GEN-APND"));
            n.addAll(Node.all(NodeKind.LOAD_ZONE, "load_zone", "DLAP_PGAE-APND", "DLAP_SCE-APND", "DLAP_SDGE-APND"));
            n.addAll(Node.all(NodeKind.GENERATOR, "gen_node", "AFPR_1_TOT_GEN-APND", "ALAMIT_2_GEN-APND",
                    "BIGCRK_2_GEN-APND", "BLYTHE_1_GEN-APND", "CAPWD_1_GEN-APND", "COLUSA_2_GEN-APND",
                    "DIABLO_7_GEN-APND", "ELCAJN_6_GEN-APND", "GATES_2_GEN-APND", "HELMPG_7_GEN-APND",
                    "KERNRV_1_GEN-APND", "MOSSLD_2_GEN-APND", "OTAY_6_GEN-APND", "PITTSP_7_GEN-APND",
                    "REDOND_7_GEN-APND", "SANTGO_2_GEN-APND", "SUNRIS_2_GEN-APND", "TESLA_1_GEN-APND",
                    "TOPAZ_2_GEN-APND", "YUBACT_1_GEN-APND"));
            NODES = List.copyOf(n);
        }

        Prices() {
            super(Caiso.CODE, 2, Caiso.PACIFIC, 5, NODES, 40);
        }

        /** A morning ramp, a midday solar sag and an evening peak around 1.4. */
        @Override
        public double shape(double localHour) {
            return 0.72 + 0.25 * bump(localHour, 7.5, 1.5) - 0.18 * bump(localHour, 12.5, 2.2)
                    + 0.65 * bump(localHour, 19, 1.8);
        }

        /** Negative prices come with midday solar. */
        @Override
        public double negativeBias(double localHour) {
            return localHour >= 9 && localHour < 15 ? 2.5 : 0.4;
        }

        @Override
        public double congestionShift(Node node) {
            return SOUTH.contains(node.id()) ? 1.2 : -0.8;
        }

        @Override
        public boolean carriesGhg(Node node) {
            return GHG.contains(node.id());
        }
    }
}
