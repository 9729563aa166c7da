package com.carbon254.ingestion.iso;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/**
 * One ISO's normalization rules ({@code conf/normalization_rules.yaml}, {@link NormalizationRules}); each ISO package
 * declares its defaults ({@link Iso#defaultRules()}), which the shipped file repeats.
 *
 * @param iso            upper-case ISO code
 * @param zone           the zone the ISO's local labels are in (MISO: fixed {@code -05:00} all year)
 * @param label          how a local label relates to the interval it names
 * @param priceFloor     lowest plausible price, USD/MWh (below: {@code out_of_range})
 * @param priceCap       highest plausible price, USD/MWh (above: {@code out_of_range})
 * @param congestionSign {@code 1} or {@code -1}: the canonical convention is lmp = energy + congestion + loss; an ISO
 *                       that publishes congestion with the opposite sign (NYISO) gets {@code -1}, and its congestion
 *                       column is multiplied by it before anything is derived from it
 */
public record IsoRules(String iso, ZoneId zone, LabelConvention label, double priceFloor, double priceCap,
                       int congestionSign) {
    public IsoRules(String iso, ZoneId zone, LabelConvention label, double priceFloor, double priceCap) {
        this(iso, zone, label, priceFloor, priceCap, 1);
    }

    /** How an ISO's local label relates to the interval it names. */
    public enum LabelConvention {
        HOUR_ENDING, HOUR_BEGINNING, INTERVAL_ENDING, INTERVAL_BEGINNING;

        /** The YAML spelling ({@code hour_ending}). */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<LabelConvention> parse(String s) {
            for (LabelConvention l : values()) if (l.id().equals(s)) return Optional.of(l);
            return Optional.empty();
        }
    }

    /** {@code x} with this ISO's congestion sign applied; 0 stays 0 (never -0.0), NaN stays NaN. */
    public double signedCongestion(double x) {
        return congestionSign == 1 ? x : 0.0 - x;
    }

    /** The YAML entry of these rules, as the rules file spells it (start-up errors suggest it). */
    public String yaml() {
        return "{zone: \"" + zone.getId() + "\", label: " + label.id() + ", price_floor: " + num(priceFloor)
                + ", price_cap: " + num(priceCap) + (congestionSign == 1 ? "" : ", congestion_sign: " + congestionSign)
                + "}";
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
