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
 * @param method  the HTTP method ({@code GET}; a token endpoint is {@code POST})
 * @param headers the request headers, names case-insensitive (an ISO's API key, HTTP Basic credentials, a bearer
 *                token: what a simulated ISO checks before it answers)
 * @param body    the request body (empty for a GET)
 */
public record SimRequest(String path, Map<String, List<String>> params, SimClock clock, PriceModel prices,
                         String method, Map<String, String> headers, byte[] body) {
    public SimRequest {
        Map<String, List<String>> p = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        params.forEach((k, v) -> p.put(k, List.copyOf(v)));
        params = Collections.unmodifiableMap(p);
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        headers = Collections.unmodifiableMap(h);
        method = method == null ? "GET" : method;
        body = body == null ? new byte[0] : body;
    }

    /** A GET without headers. */
    public SimRequest(String path, Map<String, List<String>> params, SimClock clock, PriceModel prices) {
        this(path, params, clock, prices, "GET", Map.of(), new byte[0]);
    }

    /** This request with one more header (tests). */
    public SimRequest withHeader(String name, String value) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        h.put(name, value);
        return new SimRequest(path, params, clock, prices, method, h, body);
    }

    /** The request header {@code name} (case-insensitive), or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The first value of query parameter {@code name}, or null. */
    public String param(String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
