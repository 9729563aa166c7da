package com.carbon254.ingestion.connector;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * What the registry knows of a connector's runs. Immutable; {@link RegistryState} replaces it after each run.
 *
 * @param consecutiveFailures runs that failed since the last success
 */
public record ConnectorHealth(Instant lastRun, Instant lastSuccess, String lastError, int consecutiveFailures) {
    public static final ConnectorHealth NONE = new ConnectorHealth(null, null, null, 0);

    public ConnectorHealth succeeded(Instant at) {
        return new ConnectorHealth(at, at, lastError, 0);
    }

    public ConnectorHealth failed(Instant at, String error) {
        return new ConnectorHealth(at, lastSuccess, error, consecutiveFailures + 1);
    }

    public JsonObject toJson() {
        return new JsonObject().put("last_run", str(lastRun)).put("last_success", str(lastSuccess))
                .put("last_error", lastError).put("consecutive_failures", consecutiveFailures);
    }

    static ConnectorHealth fromJson(JsonObject j) {
        if (j == null) return NONE;
        return new ConnectorHealth(inst(j.getString("last_run")), inst(j.getString("last_success")),
                j.getString("last_error"), j.getInteger("consecutive_failures", 0));
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Instant inst(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
