package com.carbon254.ingestion.pipeline;

import com.carbon254.ingestion.iso.Connector;
import com.carbon254.ingestion.iso.Iso;

import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What this deployment knows about: the ISOs (registered packages), the markets with an aggregation policy, the bar
 * resolutions, and each ISO's operating-day zone. Built once by the deployment — which refuses to start when a
 * registered ISO has no zone — so stages need not read each other's config.
 */
public record Catalog(List<Iso> isos, Set<String> markets, Set<String> resolutions, Map<String, ZoneId> zones) {
    public Catalog {
        isos = List.copyOf(isos);
        markets = Set.copyOf(markets);
        resolutions = Set.copyOf(resolutions);
        zones = Map.copyOf(zones);
    }

    /** The ISO codes, in registration order. */
    public Set<String> isoCodes() {
        Set<String> out = new LinkedHashSet<>();
        for (Iso i : isos) out.add(i.code());
        return out;
    }

    public Optional<Iso> iso(String code) {
        return isos.stream().filter(i -> i.code().equals(code)).findFirst();
    }

    /** The connector named {@code name} ({@code connectors/<name>/}). */
    public Optional<Connector> connector(String name) {
        return isos.stream().map(Iso::connector).filter(c -> c.name().equals(name)).findFirst();
    }

    public List<Connector> connectors() {
        return isos.stream().map(Iso::connector).toList();
    }

    /**
     * The operating-day zone of an ISO this deployment knows.
     *
     * @throws IllegalArgumentException for any other ISO: an operating day is never guessed
     */
    public ZoneId zone(String iso) {
        ZoneId z = zones.get(iso);
        if (z == null) throw new IllegalArgumentException("no operating-day zone for ISO '" + iso + "'");
        return z;
    }
}
