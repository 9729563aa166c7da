package com.carbon254.ingestion.iso.sim;

import com.carbon254.ingestion.iso.sim.PriceModel.Node;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * What {@link PriceModel} needs to know about one ISO to make its prices look like the ISO's: the zone its load
 * follows, the decimals it publishes, its nodes, its price level and daily curve, when its negative prices come, and
 * the nodes that sit apart from their kind. Declared by the ISO's {@link IsoSimulator#prices()}: the constants go to
 * the constructor, the curves are the subclass's.
 *
 * <p>Implementations are immutable and thread-safe; {@link PriceModel} keys its per-node cache by the profile's
 * identity, so an ISO declares one instance.
 */
public abstract class PriceProfile {
    private final String iso;
    private final int stream;
    private final ZoneId zone;
    private final int publishedDecimals;
    private final List<Node> nodes;
    private final double baseLevel;

    /**
     * @param iso               the ISO's code, for messages
     * @param stream            the ISO's own random stream within the seed: distinct per registered ISO; changing it
     *                          changes every price the simulator serves for the ISO
     * @param zone              local prevailing time of the ISO's load: the daily curve is evaluated in it (not its
     *                          labelling zone)
     * @param publishedDecimals decimals the ISO publishes; every component is a multiple of 10^-this
     *                          ({@code <=} {@link PriceModel#SCALE})
     * @param nodes             the ISO's nodes in the order its documents list them (hubs first)
     * @param baseLevel         system energy price in USD/MWh before season, weekday, the day's level and the daily
     *                          curve
     */
    protected PriceProfile(String iso, int stream, ZoneId zone, int publishedDecimals, List<Node> nodes,
                           double baseLevel) {
        if (publishedDecimals < 0 || publishedDecimals > PriceModel.SCALE) {
            throw new IllegalArgumentException("published decimals must be 0.." + PriceModel.SCALE);
        }
        this.iso = iso;
        this.stream = stream;
        this.zone = zone;
        this.publishedDecimals = publishedDecimals;
        this.nodes = List.copyOf(nodes);
        this.baseLevel = baseLevel;
    }

    public final String iso() {
        return iso;
    }

    public final int stream() {
        return stream;
    }

    public final ZoneId zone() {
        return zone;
    }

    public final int publishedDecimals() {
        return publishedDecimals;
    }

    /** The ISO's nodes, the same for every seed. */
    public final List<Node> nodes() {
        return nodes;
    }

    /** The node with that id. */
    public final Optional<Node> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    public final double baseLevel() {
        return baseLevel;
    }

    /**
     * The deterministic daily curve (no noise, no level) at a local hour of day in {@code [0, 24)}: about 0.7
     * overnight, a morning ramp, an evening peak above 1.
     */
    public abstract double shape(double localHour);

    /** How much likelier than usual a negative-price event is at this local hour (wind at night, solar at noon). */
    public abstract double negativeBias(double localHour);

    /** Added to the mean congestion of {@code node}'s kind: the ISO's geography (none by default). */
    public double congestionShift(Node node) {
        return 0;
    }

    /** Whether {@code node}'s price carries a greenhouse-gas component (none by default). */
    public boolean carriesGhg(Node node) {
        return false;
    }

    /** A bell {@code width} hours wide around {@code center}, wrapping around midnight: to build a {@link #shape}. */
    protected static double bump(double hour, double center, double width) {
        double d = Math.abs(hour - center);
        d = Math.min(d, 24 - d); // the day wraps around midnight
        return Math.exp(-0.5 * (d / width) * (d / width));
    }
}
