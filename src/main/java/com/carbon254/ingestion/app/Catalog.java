package com.carbon254.ingestion.app;

import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

/**
 * What this deployment knows about: the ISOs (one per built-in connector), the markets with an aggregation policy,
 * and each ISO's operating-day zone. Built once by the deployment so stages need not read each other's config.
 */
public record Catalog(Set<String> isos, Set<String> markets, Set<String> resolutions, Map<String, ZoneId> zones) {
    public ZoneId zone(String iso) {
        return zones.getOrDefault(iso, ZoneId.of("UTC"));
    }
}
