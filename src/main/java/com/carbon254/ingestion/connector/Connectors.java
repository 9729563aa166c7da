package com.carbon254.ingestion.connector;

import com.carbon254.ingestion.connector.caiso.CaisoConnector;
import com.carbon254.ingestion.connector.miso.MisoConnector;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The built-in connectors by name ({@code connectors/<name>/connector.yaml}). Connectors are stateless, so one
 * shared instance of each serves every caller and thread.
 */
public final class Connectors {
    private static final List<Connector> ALL = List.of(new MisoConnector(), new CaisoConnector());

    private Connectors() {
    }

    /** The connector named {@code name} (case-insensitive), if built in. */
    public static Optional<Connector> byName(String name) {
        if (name == null) return Optional.empty();
        String n = name.toLowerCase(Locale.ROOT);
        for (Connector c : ALL) {
            if (c.name().equals(n)) return Optional.of(c);
        }
        return Optional.empty();
    }

    /** Every built-in connector, in a stable order. */
    public static List<Connector> all() {
        return ALL;
    }

    /** The names of {@link #all()}, for error messages ("expected one of ..."). */
    public static List<String> names() {
        return ALL.stream().map(Connector::name).toList();
    }
}
