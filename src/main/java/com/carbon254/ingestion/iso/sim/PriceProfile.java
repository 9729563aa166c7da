package com.carbon254.ingestion.iso.sim;

import com.carbon254.ingestion.iso.sim.PriceModel.Node;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * What {@link PriceModel} needs to know about one ISO to make its prices look like the ISO's: the zone its load
 * follows, the decimals it publishes, its nodes, its price level and daily curve, when its negative prices come, and
 * the nodes that sit apart from their kind. Declared by the ISO's {@link IsoSimulator#prices()}.
 *
 * <p>Implementations are immutable and thread-safe; {@link PriceModel} keys its per-node cache by the profile's
 * identity, so an ISO declares one instance.
 */
public interface PriceProfile {
    /** The ISO's code, for messages. */
    String iso();

    /**
     * The ISO's own random stream within the seed: distinct per registered ISO. Changing it changes every price the
     * simulator serves for the ISO.
     */
    int stream();

    /** Local prevailing time of the ISO's load: the daily curve is evaluated in it (not its labelling zone). */
    ZoneId zone();

    /** Decimals the ISO publishes; every component is a multiple of 10^-this ({@code <=} {@link PriceModel#SCALE}). */
    int publishedDecimals();

    /** The ISO's nodes in the order its documents list them (hubs first), the same for every seed. */
    List<Node> nodes();

    /** The node with that id. */
    default Optional<Node> node(String id) {
        return nodes().stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** System energy price in USD/MWh before season, weekday, the day's level and the daily curve. */
    double baseLevel();

    /**
     * The deterministic daily curve (no noise, no level) at a local hour of day in {@code [0, 24)}: about 0.7
     * overnight, a morning ramp, an evening peak above 1.
     */
    double shape(double localHour);

    /** How much likelier than usual a negative-price event is at this local hour (wind at night, solar at noon). */
    double negativeBias(double localHour);

    /** Added to the mean congestion of {@code node}'s kind: the ISO's geography (none by default). */
    default double congestionShift(Node node) {
        return 0;
    }

    /** Whether {@code node}'s price carries a greenhouse-gas component (none by default). */
    default boolean carriesGhg(Node node) {
        return false;
    }

    /** A bell {@code width} hours wide around {@code center}, wrapping around midnight: to build a {@link #shape}. */
    static double bump(double hour, double center, double width) {
        double d = Math.abs(hour - center);
        d = Math.min(d, 24 - d); // the day wraps around midnight
        return Math.exp(-0.5 * (d / width) * (d / width));
    }
}
