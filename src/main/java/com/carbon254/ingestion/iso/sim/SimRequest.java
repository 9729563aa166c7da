package com.carbon254.ingestion.iso.sim;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request to a simulated ISO endpoint, with the simulated world it is answered from.
 *
 * @param path   the request path, decoded ({@code /base/<file>} for a {@link IsoSimulator.Endpoint#files} endpoint)
 * @param params the query parameters, each with its values in request order; names are case-insensitive (as the
 *               simulator's HTTP server reads them)
 * @param clock  the simulated time: what exists "now" and the generation time documents carry
 * @param prices the seeded price model
 */
public record SimRequest(String path, Map<String, List<String>> params, SimClock clock, PriceModel prices) {
    public SimRequest {
        Map<String, List<String>> p = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        params.forEach((k, v) -> p.put(k, List.copyOf(v)));
        params = Collections.unmodifiableMap(p);
    }

    /** The first value of query parameter {@code name}, or null. */
    public String param(String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
