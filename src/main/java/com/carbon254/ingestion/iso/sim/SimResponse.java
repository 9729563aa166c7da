package com.carbon254.ingestion.iso.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a simulated endpoint answers: status, content type, body and extra headers (in the order they are sent).
 * A response without a body ({@link #errorPage}) is answered with the simulator's own HTML page for its status, the
 * same page its status faults serve.
 *
 * @param body the bytes sent; not copied (responses are built once and sent once)
 */
public record SimResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String CSV = "text/csv";
    public static final String ZIP = "application/zip";
    public static final String JSON = "application/json; charset=utf-8";

    public SimResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** HTTP 200 with {@code body}. */
    public static SimResponse ok(String contentType, byte[] body) {
        return new SimResponse(200, contentType, body, Map.of());
    }

    /** {@code status} with the simulator's HTML page for it (a 404 for a document that does not exist yet). */
    public static SimResponse errorPage(int status) {
        return new SimResponse(status, null, null, Map.of());
    }

    /** Whether the simulator renders the body (its HTML page for {@link #status}). */
    public boolean isErrorPage() {
        return body == null;
    }

    /** This response with one more header. */
    public SimResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new SimResponse(status, contentType, body, h);
    }

    /** This response offered as a download named {@code fileName} ({@code Content-Disposition}). */
    public SimResponse withFileName(String fileName) {
        return withHeader("Content-Disposition", "inline; filename=" + fileName);
    }
}
