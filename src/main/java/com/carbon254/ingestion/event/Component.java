package com.carbon254.ingestion.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Price components of a canonical tick, in USD/MWh. The lower-case name is the API and column name. */
public enum Component {
    LMP, ENERGY, CONGESTION, LOSS, GHG;

    private static final Component[] ALL = values();

    /** Name as used in the API, topics and tables ({@code lmp}, {@code energy}, ...). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int bit() {
        return 1 << ordinal();
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Component parse(String s) {
        for (Component c : ALL) {
            if (c.id().equalsIgnoreCase(s)) return c;
        }
        throw new IllegalArgumentException("unknown component '" + s + "' (expected lmp|energy|congestion|loss|ghg)");
    }

    public static List<String> names(int mask) {
        List<String> out = new ArrayList<>(2);
        for (Component c : ALL) {
            if ((mask & c.bit()) != 0) out.add(c.id());
        }
        return out;
    }


    public static Component[] all() {
        return ALL.clone();
    }
}
