package com.carbon254.ingestion.iso.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Synthetic but plausible nodal prices for the simulator: a pure function of (seed, ISO profile, market, node,
 * interval). What is the ISO's own (its zone, nodes, daily curve, level, negative-price odds, node adjustments,
 * published decimals) comes from its {@link PriceProfile}; the model names no ISO.
 *
 * <p>Shape of the numbers: a system energy price per ISO (the same for every node of an interval, as an ISO's
 * system marginal energy component is) that follows the season, the weekday and the profile's daily curve in the
 * ISO's local prevailing time, plus a random level per day. Each node adds its own basis: a congestion component
 * around a mean that depends on the node's kind (and the profile's shift for the node) and grows with load, a loss
 * component proportional to energy, and for the nodes the profile names a greenhouse-gas component. A few percent of
 * intervals are system-wide events: negative energy prices (when the profile's bias says so) or scarcity spikes
 * (mostly at the evening peak). Real-time prices deviate from day-ahead per hour and per 5-minute interval, and
 * day-ahead ex-ante prices differ slightly from the ex-post ones.
 *
 * <p>Components are {@link BigDecimal}s with exactly {@value #SCALE} decimals whose identity holds exactly:
 * {@code lmp = energy + congestion + loss + ghg}. A profile that publishes fewer decimals (cents) gets LMP,
 * congestion and loss in whole units of its last decimal, energy {@code LMP − congestion − loss} (also whole) and no
 * GHG (zero).
 *
 * <p>Immutable and thread-safe; the same seed gives the same prices on every JVM.
 */
public final class PriceModel {
    /** Decimals of every component. */
    public static final int SCALE = 5;

    /** Which market run: day-ahead (ex-post), day-ahead ex-ante, or real-time. */
    public enum Market {
        DAY_AHEAD, DAY_AHEAD_EXANTE, REAL_TIME
    }

    /** What a node is, whatever the ISO calls it: decides the mean and volatility of its congestion and losses. */
    public enum NodeKind {
        HUB, LOAD_ZONE, INTERFACE, GENERATOR
    }

    /**
     * A pricing node.
     *
     * @param id   the ISO's name of the node
     * @param type the ISO's own label of its kind, as its documents write it
     * @param kind the kind the model prices it as
     */
    public record Node(String id, String type, NodeKind kind) {
        /** Nodes of one kind and label, in the given order. */
        public static List<Node> all(NodeKind kind, String type, String... ids) {
            List<Node> out = new ArrayList<>(ids.length);
            for (String id : ids) out.add(new Node(id, type, kind));
            return out;
        }
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

    private final long seed;
    /** Each profile's node bases for this seed, derived on first use (profiles are compared by identity). */
    private final Map<PriceProfile, Map<String, Basis>> basis = new ConcurrentHashMap<>();

    public PriceModel(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /**
     * Prices with the market inferred from the interval length: hourly or longer is day-ahead, shorter is
     * real-time.
     */
    public Price price(PriceProfile iso, String node, Instant intervalStart, Duration length) {
        return price(iso, length.compareTo(Duration.ofHours(1)) >= 0 ? Market.DAY_AHEAD : Market.REAL_TIME, node,
                intervalStart, length);
    }

    /**
     * Prices of {@code node} for the interval {@code [intervalStart, intervalStart + length)}.
     *
     * @throws IllegalArgumentException when {@code node} is not one of the profile's {@link PriceProfile#nodes()} or
     *                                  the length is not positive
     */
    public Price price(PriceProfile iso, Market market, String node, Instant intervalStart, Duration length) {
        Basis b = basis.computeIfAbsent(iso, this::bases).get(node);
        if (b == null) throw new IllegalArgumentException("unknown " + iso.iso() + " node '" + node + "'");
        if (length.isNegative() || length.isZero()) throw new IllegalArgumentException("length must be positive");
        long t = intervalStart.getEpochSecond();
        Instant mid = intervalStart.plus(length.dividedBy(2));
        LocalDateTime local = LocalDateTime.ofInstant(mid, iso.zone());
        double hour = local.getHour() + local.getMinute() / 60.0 + local.getSecond() / 3600.0;
        double shape = iso.shape(hour);
        boolean realTime = market == Market.REAL_TIME;
        // day-ahead settles hourly: its random parts are keyed by the hour, so DA and ex-ante share them
        long hourKey = Math.floorDiv(t, 3600) * 3600;
        int isoKey = iso.stream();

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
        double pNeg = (realTime ? 0.025 : 0.012) * iso.negativeBias(hour);
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
            // an ISO publishing cents publishes LMP, congestion and loss rounded; energy is system-wide, so it is
            // rounded once and the LMP is its sum with the node's components: all whole cents, and
            // LMP - congestion - loss is the same for all
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

    /** Level before the daily curve: base price x season x weekday x a random level per local day. */
    private double systemLevel(PriceProfile iso, LocalDateTime local) {
        double base = iso.baseLevel();
        double season = 1 + 0.18 * Math.cos(2 * Math.PI * (local.getDayOfYear() - 200) / 365.25);
        DayOfWeek dow = local.getDayOfWeek();
        double weekday = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? 0.86 : 1.0;
        double day = 1 + 0.12 * noise(iso.stream(), 1, local.toLocalDate().toEpochDay());
        return base * season * weekday * day;
    }

    private Map<String, Basis> bases(PriceProfile iso) {
        Map<String, Basis> m = new LinkedHashMap<>();
        for (Node n : iso.nodes()) m.put(n.id(), basisOf(iso, n));
        return Collections.unmodifiableMap(m);
    }

    private Basis basisOf(PriceProfile iso, Node n) {
        long k = n.id().hashCode();
        double u1 = uniform(90, 1, k);
        double u2 = uniform(90, 2, k);
        double u3 = uniform(90, 3, k);
        double congestion;
        double vol;
        double loss;
        double ghg = 0;
        switch (n.kind()) {
            case HUB -> {
                congestion = -1.5 + 3 * u1;
                vol = 0.4 + 0.6 * u2;
                loss = -0.02 + 0.04 * u3;
            }
            case LOAD_ZONE -> {
                congestion = 0.5 + 3.5 * u1;
                vol = 0.6 + 1.0 * u2;
                loss = 0.0 + 0.05 * u3;
            }
            case INTERFACE -> {
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
        congestion += iso.congestionShift(n);
        if (iso.carriesGhg(n)) ghg = 1 + 4 * u1;
        return new Basis(congestion, vol, loss, ghg);
    }

    /** A price as ISOs write it: plain decimal without trailing zeros ({@code 32.38}, {@code -0.5901}, {@code 0}). */
    public static String plain(BigDecimal v) {
        if (v.signum() == 0) return "0";
        return v.stripTrailingZeros().toPlainString();
    }

    // ---- deterministic randomness: SplitMix64 over (seed, ISO stream, tag, key) ----

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
