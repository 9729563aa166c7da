package com.carbon254.ingestion.connector.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Synthetic but plausible nodal prices for the simulator: a pure function of (seed, ISO, market, node, interval).
 *
 * <p>Shape of the numbers: a system energy price per ISO (the same for every node of an interval, as MISO's MEC and
 * CAISO's MCE are) that follows the season, the weekday and a daily curve in the ISO's local prevailing time (low
 * overnight, a morning ramp, an evening peak; CAISO also sags at midday under solar), plus a random level per
 * day. Each node adds its own basis: a congestion component around a node-specific mean that grows with load, a
 * loss component proportional to energy, and for a few CAISO nodes a greenhouse-gas component. A few percent of
 * intervals are system-wide events: negative energy prices (overnight wind in MISO, midday solar in CAISO) or
 * scarcity spikes (mostly at the evening peak). Real-time prices deviate from day-ahead per hour and per 5-minute
 * interval, and MISO's ex-ante day-ahead prices differ slightly from the ex-post ones.
 *
 * <p>Components are {@link BigDecimal}s with exactly {@value #SCALE} decimals whose identity holds exactly:
 * {@code lmp = energy + congestion + loss + ghg}. CAISO publishes five decimals; MISO publishes cents, so its LMP,
 * MCC and MLC are whole cents and energy is {@code LMP − MCC − MLC} (also whole cents); MISO has no GHG (zero).
 *
 * <p>Immutable and thread-safe; the same seed gives the same prices on every JVM.
 */
public final class PriceModel {
    /** Decimals of every component. */
    public static final int SCALE = 5;

    /** The ISOs the simulator serves, with the zone their daily load curve follows. */
    public enum Iso {
        /** MISO's footprint lives on Central time (its reports are labelled in EST, which is a label, not behaviour). */
        MISO(ZoneId.of("America/Chicago"), 2),
        CAISO(ZoneId.of("America/Los_Angeles"), 5);

        private final ZoneId zone;
        private final int publishedDecimals;

        Iso(ZoneId zone, int publishedDecimals) {
            this.zone = zone;
            this.publishedDecimals = publishedDecimals;
        }

        /** Local prevailing time of the ISO's load (the daily shape is evaluated in it). */
        public ZoneId zone() {
            return zone;
        }

        /** Decimals the ISO publishes (MISO 2, CAISO 5); every component is a multiple of 10^-this. */
        public int publishedDecimals() {
            return publishedDecimals;
        }
    }

    /** Which market run: day-ahead (MISO ex-post, CAISO DAM), MISO's day-ahead ex-ante, or real-time. */
    public enum Market {
        DAY_AHEAD, DAY_AHEAD_EXANTE, REAL_TIME
    }

    /**
     * A pricing node.
     *
     * @param id   the ISO's name ({@code INDIANA.HUB}, {@code TH_NP15_GEN-APND})
     * @param type the ISO's type label: MISO's report {@code Type} column ({@code Hub}, {@code Gennode},
     *             {@code Loadzone}, {@code Interface}); for CAISO {@code hub}, {@code load_zone}, {@code gen_node}
     */
    public record Node(String id, String type) {
    }

    /**
     * Prices of one node for one interval in USD/MWh, each with {@value #SCALE} decimals;
     * {@code lmp = energy + congestion + loss + ghg} exactly (checked on construction).
     */
    public record Price(BigDecimal lmp, BigDecimal energy, BigDecimal congestion, BigDecimal loss, BigDecimal ghg) {
        public Price {
            if (lmp.compareTo(energy.add(congestion).add(loss).add(ghg)) != 0) {
                throw new IllegalArgumentException("lmp " + lmp + " != energy " + energy + " + congestion "
                        + congestion + " + loss " + loss + " + ghg " + ghg);
            }
        }
    }

    /** Per-node constants: mean congestion, its volatility, loss factor, GHG adder; derived once from the seed. */
    private record Basis(double congestion, double congestionVol, double lossFactor, double ghg) {
    }

    private static final Map<Iso, List<Node>> NODES;

    static {
        Map<Iso, List<Node>> m = new LinkedHashMap<>();
        List<Node> miso = new ArrayList<>();
        for (String hub : new String[]{"ARKANSAS.HUB", "ILLINOIS.HUB", "INDIANA.HUB", "LOUISIANA.HUB", "MICHIGAN.HUB",
                "MINN.HUB", "MS.HUB", "TEXAS.HUB"}) {
            miso.add(new Node(hub, "Hub"));
        }
        for (String gen : new String[]{"ALTW.WELLS1", "AMIL.EDWARDS3", "CIN.GIBSON.1", "CONS.CAMPBELL3",
                "DECO.MONROE1", "EES.L_CREEK1", "LAFA.HARGIS1", "MP.BOSWELL4", "NSP.KING1", "OTP.HOOT_LK2",
                "WEC.PLEASPR1", "CLEC.RODEMACHER2"}) {
            miso.add(new Node(gen, "Gennode"));
        }
        for (String lz : new String[]{"ALTW.ALTW", "AMIL.CILCO", "CONS.CONS", "DECO.DECO", "NIPS.NIPS"}) {
            miso.add(new Node(lz, "Loadzone"));
        }
        for (String in : new String[]{"PJM", "SOCO", "TVA"}) {
            miso.add(new Node(in, "Interface"));
        }
        m.put(Iso.MISO, List.copyOf(miso));

        List<Node> caiso = new ArrayList<>();
        for (String hub : new String[]{"TH_NP15_GEN-APND", "TH_SP15_GEN-APND", "TH_ZP26_GEN-APND"}) {
            caiso.add(new Node(hub, "hub"));
        }
        for (String dlap : new String[]{"DLAP_PGAE-APND", "DLAP_SCE-APND", "DLAP_SDGE-APND"}) {
            caiso.add(new Node(dlap, "load_zone"));
        }
        for (String gen : new String[]{"AFPR_1_TOT_GEN-APND", "ALAMIT_2_GEN-APND", "BIGCRK_2_GEN-APND",
                "BLYTHE_1_GEN-APND", "CAPWD_1_GEN-APND", "COLUSA_2_GEN-APND", "DIABLO_7_GEN-APND",
                "ELCAJN_6_GEN-APND", "GATES_2_GEN-APND", "HELMPG_7_GEN-APND", "KERNRV_1_GEN-APND",
                "MOSSLD_2_GEN-APND", "OTAY_6_GEN-APND", "PITTSP_7_GEN-APND", "REDOND_7_GEN-APND",
                "SANTGO_2_GEN-APND", "SUNRIS_2_GEN-APND", "TESLA_1_GEN-APND", "TOPAZ_2_GEN-APND",
                "YUBACT_1_GEN-APND"}) {
            caiso.add(new Node(gen, "gen_node"));
        }
        m.put(Iso.CAISO, List.copyOf(caiso));
        NODES = Collections.unmodifiableMap(m);
    }

    /** CAISO nodes south of Path 15 price above the north on average; a few import-area nodes carry GHG. */
    private static final List<String> CAISO_SOUTH = List.of("TH_SP15_GEN-APND", "DLAP_SCE-APND", "DLAP_SDGE-APND",
            "ALAMIT_2_GEN-APND", "BLYTHE_1_GEN-APND", "ELCAJN_6_GEN-APND", "OTAY_6_GEN-APND", "REDOND_7_GEN-APND",
            "SANTGO_2_GEN-APND", "SUNRIS_2_GEN-APND", "TOPAZ_2_GEN-APND", "KERNRV_1_GEN-APND");
    private static final List<String> CAISO_GHG = List.of("BLYTHE_1_GEN-APND", "SUNRIS_2_GEN-APND", "OTAY_6_GEN-APND");

    private final long seed;
    private final Map<Iso, Map<String, Basis>> basis;

    public PriceModel(long seed) {
        this.seed = seed;
        Map<Iso, Map<String, Basis>> b = new LinkedHashMap<>();
        for (Iso iso : Iso.values()) {
            Map<String, Basis> m = new LinkedHashMap<>();
            for (Node n : NODES.get(iso)) m.put(n.id(), basisOf(iso, n));
            b.put(iso, Collections.unmodifiableMap(m));
        }
        this.basis = Collections.unmodifiableMap(b);
    }

    public long seed() {
        return seed;
    }

    /** The fixed node list of an ISO (hubs first), the same for every seed. */
    public static List<Node> nodes(Iso iso) {
        return NODES.get(iso);
    }

    public static Optional<Node> node(Iso iso, String id) {
        return NODES.get(iso).stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /**
     * Prices with the market inferred from the interval length: hourly or longer is day-ahead, shorter is
     * real-time.
     */
    public Price price(Iso iso, String node, Instant intervalStart, Duration length) {
        return price(iso, length.compareTo(Duration.ofHours(1)) >= 0 ? Market.DAY_AHEAD : Market.REAL_TIME, node,
                intervalStart, length);
    }

    /**
     * Prices of {@code node} for the interval {@code [intervalStart, intervalStart + length)}.
     *
     * @throws IllegalArgumentException when {@code node} is not one of {@link #nodes(Iso)} or the length is not
     *                                  positive
     */
    public Price price(Iso iso, Market market, String node, Instant intervalStart, Duration length) {
        Basis b = basis.get(iso).get(node);
        if (b == null) throw new IllegalArgumentException("unknown " + iso + " node '" + node + "'");
        if (length.isNegative() || length.isZero()) throw new IllegalArgumentException("length must be positive");
        long t = intervalStart.getEpochSecond();
        Instant mid = intervalStart.plus(length.dividedBy(2));
        LocalDateTime local = LocalDateTime.ofInstant(mid, iso.zone());
        double hour = local.getHour() + local.getMinute() / 60.0 + local.getSecond() / 3600.0;
        double shape = shape(iso, hour);
        boolean realTime = market == Market.REAL_TIME;
        // day-ahead settles hourly: its random parts are keyed by the hour, so DA and ex-ante share them
        long hourKey = Math.floorDiv(t, 3600) * 3600;
        int isoKey = iso.ordinal() + 1;

        double energy = systemLevel(iso, local) * shape;
        energy *= 1 + 0.04 * noise(isoKey, 11, hourKey); // the DA hour's own wiggle
        if (market == Market.DAY_AHEAD_EXANTE) energy *= 1 + 0.015 * noise(isoKey, 12, hourKey);
        if (realTime) {
            energy *= 1 + 0.08 * noise(isoKey, 13, hourKey) + 0.05 * noise(isoKey, 14, t);
        }
        // system-wide events, keyed by market and interval: a few percent of intervals
        long eventKey = realTime ? t : hourKey;
        int eventTag = realTime ? 21 : 20;
        double u = uniform(isoKey, eventTag, eventKey);
        double u2 = uniform(isoKey, eventTag + 100, eventKey);
        double pNeg = (realTime ? 0.025 : 0.012) * negativeBias(iso, hour);
        double pSpike = (realTime ? 0.015 : 0.006) * (hour >= 16 && hour < 21 ? 2.0 : 1.0);
        boolean spike = false;
        if (u < pNeg) {
            energy = -(1 + 45 * u2 * u2);
        } else if (u > 1 - pSpike) {
            energy = energy * (3 + 12 * u2);
            spike = true;
        }

        long nodeKey = node.hashCode();
        double load = Math.max(0.2, shape);
        double congestion = b.congestion() * load
                + b.congestionVol() * noise(isoKey, 31 + (int) (nodeKey & 0xffff), realTime ? t : hourKey);
        if (market == Market.DAY_AHEAD_EXANTE) congestion += 0.3 * b.congestionVol() * noise(isoKey, 32, hourKey ^ nodeKey);
        if (spike) congestion *= 3;
        double loss = b.lossFactor() * energy * (1 + 0.1 * noise(isoKey, 41, (realTime ? t : hourKey) ^ nodeKey));
        double ghg = b.ghg() * Math.max(0, shape - 0.55);

        if (iso.publishedDecimals() < SCALE) {
            // MISO publishes LMP, MCC and MLC in cents; energy (MEC) is system-wide, so it is rounded once and the
            // LMP is its sum with the node's components: all whole cents, and LMP - MCC - MLC is the same for all
            int d = iso.publishedDecimals();
            BigDecimal mec = round(energy, d);
            BigDecimal mcc = round(congestion, d);
            BigDecimal mlc = round(loss, d);
            return new Price(mec.add(mcc).add(mlc), mec, mcc, mlc, BigDecimal.ZERO.setScale(SCALE));
        }
        BigDecimal mce = round(energy, SCALE);
        BigDecimal mcc = round(congestion, SCALE);
        BigDecimal mcl = round(loss, SCALE);
        BigDecimal mghg = round(ghg, SCALE);
        return new Price(mce.add(mcc).add(mcl).add(mghg), mce, mcc, mcl, mghg);
    }

    /**
     * The deterministic daily curve (no noise, no level) at a local hour of day in {@code [0, 24)}: about 0.7
     * overnight, a morning ramp, an evening peak around 1.2 (MISO) / 1.4 (CAISO, with a midday solar sag).
     */
    static double shape(Iso iso, double localHour) {
        if (iso == Iso.MISO) {
            return 0.70 + 0.18 * bump(localHour, 9, 2.2) + 0.20 * bump(localHour, 14, 3.5)
                    + 0.40 * bump(localHour, 18.5, 2.0);
        }
        return 0.72 + 0.25 * bump(localHour, 7.5, 1.5) - 0.18 * bump(localHour, 12.5, 2.2)
                + 0.65 * bump(localHour, 19, 1.8);
    }

    /** Level before the daily curve: base price x season x weekday x a random level per local day. */
    private double systemLevel(Iso iso, LocalDateTime local) {
        double base = iso == Iso.MISO ? 30 : 40;
        double season = 1 + 0.18 * Math.cos(2 * Math.PI * (local.getDayOfYear() - 200) / 365.25);
        DayOfWeek dow = local.getDayOfWeek();
        double weekday = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? 0.86 : 1.0;
        double day = 1 + 0.12 * noise(iso.ordinal() + 1, 1, local.toLocalDate().toEpochDay());
        return base * season * weekday * day;
    }

    /** Negative prices come with overnight wind in MISO and midday solar in CAISO. */
    private static double negativeBias(Iso iso, double hour) {
        if (iso == Iso.MISO) return hour < 6 ? 2.0 : 0.5;
        return hour >= 9 && hour < 15 ? 2.5 : 0.4;
    }

    private Basis basisOf(Iso iso, Node n) {
        long k = n.id().hashCode();
        double u1 = uniform(90, 1, k);
        double u2 = uniform(90, 2, k);
        double u3 = uniform(90, 3, k);
        double congestion;
        double vol;
        double loss;
        double ghg = 0;
        switch (n.type()) {
            case "Hub", "hub" -> {
                congestion = -1.5 + 3 * u1;
                vol = 0.4 + 0.6 * u2;
                loss = -0.02 + 0.04 * u3;
            }
            case "Loadzone", "load_zone" -> {
                congestion = 0.5 + 3.5 * u1;
                vol = 0.6 + 1.0 * u2;
                loss = 0.0 + 0.05 * u3;
            }
            case "Interface" -> {
                congestion = -3 + 6 * u1;
                vol = 1.0 + 1.5 * u2;
                loss = -0.03 + 0.06 * u3;
            }
            default -> { // generator nodes: often export-constrained, so congestion tends negative
                congestion = -8 + 10 * u1;
                vol = 1.0 + 2.5 * u2;
                loss = -0.06 + 0.10 * u3;
            }
        }
        if (iso == Iso.CAISO) {
            congestion += CAISO_SOUTH.contains(n.id()) ? 1.2 : -0.8;
            if (CAISO_GHG.contains(n.id())) ghg = 1 + 4 * u1;
        }
        return new Basis(congestion, vol, loss, ghg);
    }

    // ---- deterministic randomness: SplitMix64 over (seed, iso, tag, key) ----

    private static double bump(double hour, double center, double width) {
        double d = Math.abs(hour - center);
        d = Math.min(d, 24 - d); // the day wraps around midnight
        return Math.exp(-0.5 * (d / width) * (d / width));
    }

    private static BigDecimal round(double v, int decimals) {
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_EVEN).setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    private long hash(int iso, int tag, long key) {
        long h = mix(seed + 0x9E3779B97F4A7C15L);
        h = mix(h ^ iso);
        h = mix(h ^ tag);
        return mix(h ^ key);
    }

    /** Uniform in {@code [0, 1)}. */
    private double uniform(int iso, int tag, long key) {
        return (hash(iso, tag, key) >>> 11) * 0x1.0p-53;
    }

    /** Roughly bell-shaped in {@code [-1, 1]} (mean of three uniforms, rescaled). */
    private double noise(int iso, int tag, long key) {
        long h = hash(iso, tag, key);
        double a = (h & 0x1FFFFF) / (double) 0x200000;
        double b = ((h >>> 21) & 0x1FFFFF) / (double) 0x200000;
        double c = ((h >>> 42) & 0x1FFFFF) / (double) 0x200000;
        return (a + b + c - 1.5) / 1.5;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
